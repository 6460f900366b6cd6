// Which inbox a new conversation belongs to, as an SQL expression inside webhook ingest's own
// statement (no round trip of its own): the inbox that lists the number or channel id the customer
// wrote to; else the inbox of the application the webhook's token names (`application_id`, which
// Vonage includes only sometimes); else the environment's inbox, while it lists no numbers of its
// own (installs from before inboxes keep working unchanged); else Unrouted.
import "server-only";
import { Prisma } from "../generated/sqlite/client";
import { ENVIRONMENT_INBOX_ID, UNROUTED_INBOX_ID } from "./inbox-ids";

export function inboxForAddressSql(businessAddress: string, applicationId: string | undefined): Prisma.Sql {
  return Prisma.sql`COALESCE(
    (SELECT "inboxId" FROM "InboxAddress" WHERE "address" = ${businessAddress}),
    (SELECT "id" FROM "Inbox" WHERE "applicationId" = ${applicationId ?? null}),
    CASE WHEN EXISTS (SELECT 1 FROM "InboxAddress" WHERE "inboxId" = ${ENVIRONMENT_INBOX_ID}) THEN ${UNROUTED_INBOX_ID} ELSE ${ENVIRONMENT_INBOX_ID} END
  )`;
}
