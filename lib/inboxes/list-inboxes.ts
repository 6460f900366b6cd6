import "server-only";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";

/** Every inbox with its numbers, teams and how many conversations it holds, for the admin page. */
export async function listInboxes(actor: CurrentUser) {
  assertAdmin(actor);
  const inboxes = await getDb().inbox.findMany({
    orderBy: [{ kind: "asc" }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      kind: true,
      applicationId: true,
      apiKey: true,
      sealedSignatureSecret: true,
      sealedPrivateKey: true,
      addresses: { select: { address: true }, orderBy: { address: "asc" } },
      teams: { select: { team: { select: { name: true } } } },
      _count: { select: { conversations: true } },
    },
  });
  // Whether the secrets are set, never what they are.
  return inboxes.map(({ addresses, teams, _count, sealedSignatureSecret, sealedPrivateKey, ...inbox }) => ({
    ...inbox,
    hasSignatureSecret: sealedSignatureSecret !== null,
    hasPrivateKey: sealedPrivateKey !== null,
    addresses: addresses.map((row) => row.address),
    teams: teams.map((row) => row.team.name),
    conversations: _count.conversations,
  }));
}

export type InboxRow = Awaited<ReturnType<typeof listInboxes>>[number];
