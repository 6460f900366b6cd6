// Admins changing people's access at the same moment, on real databases: the change that loses the
// race is told to try again (never "Something went wrong"), and CareDesk keeps an enabled admin.
// The errors here are the ones the database and Prisma's adapters really raise, so a change in
// their shape that isWriteConflict misses fails this test.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createTestUser } from "@/test/support/factories";
import { postgresServerUrl, testedProviders } from "@/test/support/providers";
import { useAppDatabase } from "@/test/support/use-app-database";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { WRITE_CONFLICT_MESSAGE } from "../db/is-write-conflict";
import { AppError } from "../errors";
import { formStateFromError } from "../http/form-state";
import { updateUserAccess } from "./update-user-access";

const LAST_ADMIN_MESSAGE = "CareDesk needs at least one enabled admin: make someone else an admin first.";
const ROUNDS = 10;

function signedIn(user: { id: string; email: string }): CurrentUser {
  return { ...user, name: null, role: "admin", mustChangePassword: false, session: { id: "session", version: 0, endsAt: new Date(Date.now() + 3_600_000) } };
}

/** What the admin is shown for a refused change: the service's message, and the form's. */
function refusalOf(error: unknown) {
  return { code: error instanceof AppError ? error.code : "not an AppError", message: (error as Error).message, form: formStateFromError(error).error };
}

/** Resolves once a PostgreSQL session of `databaseName` waits for a lock another one holds. */
async function waitForLockWait(databaseName: string): Promise<void> {
  const monitor = new pg.Client({ connectionString: postgresServerUrl });
  await monitor.connect();
  try {
    for (let attempt = 0; attempt < 200; attempt++) {
      const { rows } = await monitor.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`,
        [databaseName],
      );
      if (rows[0]!.waiting > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error("the change never waited for the other transaction's lock");
  } finally {
    await monitor.end();
  }
}

describe.each(testedProviders)("concurrent admin changes on %s", (provider) => {
  // updateUserAccess uses CareDesk's own client (getDb), pointed at this block's database.
  const scratch = useAppDatabase(provider, { prefix: "caredesk_race" });

  it(`the last two admins disabling each other at once, ${ROUNDS} times: one wins, the other is refused in words, an admin remains`, async () => {
    const db = getDb();
    const first = await createTestUser(db, { role: "admin" });
    const second = await createTestUser(db, { role: "admin" });
    const refusals: ReturnType<typeof refusalOf>[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await db.user.updateMany({ where: { id: { in: [first.id, second.id] } }, data: { isDisabled: false } });
      const outcomes = await Promise.allSettled([
        updateUserAccess(signedIn(first), second.id, { kind: "disable" }),
        updateUserAccess(signedIn(second), first.id, { kind: "disable" }),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
      refusals.push(...outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [refusalOf(outcome.reason)] : [])));
      expect(await db.user.count({ where: { role: "admin", isDisabled: false } })).toBe(1);
    }

    const expected = (message: string) => ({ code: "conflict", message, form: message });
    for (const refusal of refusals) expect([expected(WRITE_CONFLICT_MESSAGE), expected(LAST_ADMIN_MESSAGE)]).toContainEqual(refusal);
    if (provider === "postgresql") {
      // Both transactions read both admins before either commits: Serializable lets one commit
      // and fails the other (at a statement or at commit), as it does every round in practice.
      expect(refusals).toContainEqual(expected(WRITE_CONFLICT_MESSAGE));
    } else {
      // SQLite serves one server through one connection, and the adapter runs its transactions one
      // after another: the second always sees the first's change, so no write conflict can occur.
      expect(refusals).toEqual(Array.from({ length: ROUNDS }, () => expected(LAST_ADMIN_MESSAGE)));
    }
  });

  // A deterministic conflict: another admin's change to the same person holds the row until it
  // commits, and a Serializable transaction may not then overwrite what it did not see.
  it.runIf(provider === "postgresql")("a change meeting another admin's change to that person says try again, stores nothing, then succeeds", async () => {
    const db = getDb();
    const admin = await createTestUser(db, { role: "admin" });
    const agent = await createTestUser(db);
    const otherAdmin = new pg.Client({ connectionString: scratch().url });
    await otherAdmin.connect();
    try {
      await otherAdmin.query("BEGIN ISOLATION LEVEL SERIALIZABLE");
      await otherAdmin.query(`UPDATE "User" SET "sessionVersion" = "sessionVersion" + 1 WHERE "id" = $1`, [agent.id]);
      const disabling = updateUserAccess(signedIn(admin), agent.id, { kind: "disable" }).then(
        () => null,
        (error: unknown) => error,
      );
      await waitForLockWait(new URL(scratch().url).pathname.slice(1));
      await otherAdmin.query("COMMIT");
      expect(refusalOf(await disabling)).toEqual({ code: "conflict", message: WRITE_CONFLICT_MESSAGE, form: WRITE_CONFLICT_MESSAGE });
    } finally {
      await otherAdmin.end();
    }

    expect(await db.user.findUniqueOrThrow({ where: { id: agent.id } })).toMatchObject({ isDisabled: false, sessionVersion: 1 });
    expect(await db.auditEvent.count({ where: { action: "user.disabled", targetId: agent.id } })).toBe(0);
    await updateUserAccess(signedIn(admin), agent.id, { kind: "disable" });
    expect(await db.user.findUniqueOrThrow({ where: { id: agent.id } })).toMatchObject({ isDisabled: true, sessionVersion: 2 });
    expect(await db.auditEvent.count({ where: { action: "user.disabled", targetId: agent.id } })).toBe(1);
  });
});
