// Erasing a customer for good (a data-subject request): every message, media file (archive and
// previews), status event, webhook-log entry, live event and search entry of the contact. The audit
// keeps one row: who erased which contact id, on which channel, and how much; no address, name or
// text. The search indexes forget with the rows: SQLite's FTS5 tables are kept by triggers on
// Message and Contact (with secure-delete, so the words leave the file too), PostgreSQL's are
// expression indexes over the rows themselves (prisma/*/migrations/*_inbox_search).
import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { AppError } from "../errors";
import { Prisma } from "../generated/sqlite/client";
import { publishLiveEvent } from "../live/publish-live-event";
import { getLogger } from "../logger";
import { getMediaStorage, type MediaStorage } from "../media-archive/storage";

export type ErasureCounts = { conversations: number; messages: number; files: number };

const REMOVALS_AT_ONCE = 8;
/** Shorter addresses could match unrelated webhook bodies; real ones (numbers, PSIDs) are longer. */
const MIN_ADDRESS_FOR_BODY_MATCH = 6;

/** What a person types to confirm: the address, spaces, dashes and a leading + aside. */
const normalizedAddress = (value: string) => value.replace(/[\s\-()]/g, "").replace(/^\+/, "");

async function removeAll(storage: MediaStorage, keys: string[]): Promise<void> {
  for (let index = 0; index < keys.length; index += REMOVALS_AT_ONCE) {
    await Promise.all(keys.slice(index, index + REMOVALS_AT_ONCE).map((key) => storage.remove(key)));
  }
}

const filesOf = (contactId: string) => ({ mediaItem: { message: { conversation: { contactId } } } });

/** The contact's messages, as SQL both providers read (no list of ids: a contact may have many). */
const messageUuidsOf = (contactId: string) =>
  Prisma.sql`SELECT m."messageUuid" FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId" WHERE c."contactId" = ${contactId}`;

/**
 * Storage objects go first: if storage fails, nothing is erased yet and the admin tries again; the
 * other order would leave files no row points at, never found again. A file archived meanwhile
 * is removed after the commit (its row went with the contact).
 */
export async function eraseContact(
  admin: CurrentUser,
  contactId: string,
  options: { confirmAddress?: string; storage?: MediaStorage } = {},
): Promise<ErasureCounts> {
  assertAdmin(admin);
  const storage = options.storage ?? getMediaStorage();
  const db = getDb();
  const contact = await db.contact.findUnique({ where: { id: contactId }, select: { id: true, channel: true, address: true } });
  if (!contact) throw new AppError("not_found", "This customer does not exist (any more).");
  if (options.confirmAddress !== undefined && normalizedAddress(options.confirmAddress) !== normalizedAddress(contact.address)) {
    throw new AppError("unprocessable", "Type the customer's number (or address) exactly to confirm.", { details: { field: "confirmAddress" } });
  }

  const removedKeys = new Set((await db.storedFile.findMany({ where: filesOf(contactId), select: { storageKey: true } })).map((file) => file.storageKey));
  try {
    await removeAll(storage, [...removedKeys]);
  } catch (error) {
    throw new AppError("unavailable", "Media storage did not remove every file of this customer; nothing else was erased. Try again.", { cause: error });
  }

  const { counts, lateKeys, conversationIds } = await db.$transaction(async (tx) => {
    const conversations = await tx.conversation.findMany({ where: { contactId }, select: { id: true } });
    const messages = await tx.message.count({ where: { conversation: { contactId } } });
    const files = await tx.storedFile.findMany({ where: filesOf(contactId), select: { storageKey: true } });
    await tx.$executeRaw`DELETE FROM "WebhookEvent" WHERE "messageUuid" IN (${messageUuidsOf(contactId)})`;
    if (contact.address.length >= MIN_ADDRESS_FOR_BODY_MATCH) {
      // Refused or unreadable requests keep their body; those naming this customer lose it.
      await tx.webhookEvent.updateMany({ where: { body: { contains: contact.address } }, data: { body: null } });
    }
    // Status events have no foreign key: by message, and by address for messages never stored.
    await tx.$executeRaw`DELETE FROM "StatusEvent" WHERE "messageUuid" IN (${messageUuidsOf(contactId)})
      OR ("channel" = ${contact.channel} AND ("toAddress" = ${contact.address} OR "fromAddress" = ${contact.address}))`;
    await tx.liveEvent.deleteMany({ where: { conversationId: { in: conversations.map((conversation) => conversation.id) } } });
    // Conversations, messages, media items and stored-file rows go by cascade.
    await tx.contact.delete({ where: { id: contactId } });
    const counts = { conversations: conversations.length, messages, files: files.length };
    await recordAuditEvent(
      { actor: { id: admin.id, email: admin.email }, action: "contact.erased", targetType: "contact", targetId: contactId, detail: { channel: contact.channel, ...counts } },
      tx,
    );
    return { counts, conversationIds: conversations.map((conversation) => conversation.id), lateKeys: files.map((file) => file.storageKey).filter((key) => !removedKeys.has(key)) };
  }, { timeout: 60_000 });

  try {
    await removeAll(storage, lateKeys);
  } catch (error) {
    getLogger().error({ contactId, files: lateKeys.length, err: error instanceof Error ? error.message : String(error) }, "erasure: files archived during the erasure were not removed");
  }
  // Open tabs drop its rows and threads, and what they held of them.
  for (const conversationId of conversationIds) await publishLiveEvent({ kind: "erased", conversationId, messageId: null });
  getLogger().info({ contactId, ...counts }, "customer erased");
  return counts;
}
