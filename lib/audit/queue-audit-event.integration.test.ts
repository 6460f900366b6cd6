// Queued audit rows on real databases: written within the flush delay, read back by the Prisma
// client exactly as if it had written them (dates that compare as its own, JSON detail), an actor
// deleted while the row waited, and more rows than one batch holds.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTestUser } from "@/test/support/factories";
import { testedProviders } from "@/test/support/providers";
import { useAppDatabase } from "@/test/support/use-app-database";
import { getDb } from "../db";
import { FLUSH_AFTER_MS, MAX_ROWS, queueAuditEvent } from "./queue-audit-event";

/** The media.viewed rows for `targetId` once `count` are there (or after 2 s). */
async function rowsFor(targetId: string, count = 1) {
  const read = () => getDb().auditEvent.findMany({ where: { action: "media.viewed", targetId }, orderBy: { createdAt: "asc" } });
  let rows = await read();
  for (let attempt = 0; attempt < 40 && rows.length < count; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    rows = await read();
  }
  return rows;
}

describe.each(testedProviders)("queued audit rows on %s", (provider) => {
  useAppDatabase(provider, { prefix: "caredesk_audit_queue" });

  it("are written within the flush delay, as the Prisma client would have written them", async () => {
    const user = await createTestUser(getDb());
    const targetId = randomUUID();
    const queuedAt = new Date();
    queueAuditEvent({
      actor: { id: user.id, email: user.email },
      action: "media.viewed",
      targetType: "media",
      targetId,
      detail: { status: 206, bytes: 10, outcome: "complete", range: "bytes=0-9", source: "archive" },
      ipAddress: "203.0.113.7",
    });
    const startedAt = performance.now();
    const [row] = await rowsFor(targetId);
    expect(performance.now() - startedAt).toBeLessThan(FLUSH_AFTER_MS + 1_000);
    expect(row).toMatchObject({
      actorId: user.id,
      actorEmail: user.email,
      targetType: "media",
      detail: { status: 206, bytes: 10, outcome: "complete", range: "bytes=0-9", source: "archive" },
      ipAddress: "203.0.113.7",
    });
    expect(row!.id).toMatch(/^c[0-9a-z]{24}$/);
    // Stamped when queued, and compared as the client's own dates are (as text, on SQLite).
    expect(Math.abs(row!.createdAt.getTime() - queuedAt.getTime())).toBeLessThan(50);
    const exact = await getDb().auditEvent.findMany({ where: { targetId, createdAt: { gte: row!.createdAt, lte: row!.createdAt } } });
    expect(exact.map((found) => found.id)).toEqual([row!.id]);
    // The person's audit trail finds it through the relation.
    expect(await getDb().auditEvent.count({ where: { targetId, actor: { email: user.email } } })).toBe(1);
  });

  it("keep the email of an actor deleted while the row waited, without the link (as ON DELETE SET NULL would)", async () => {
    const user = await createTestUser(getDb());
    const kept = await createTestUser(getDb());
    const [gone, stays] = [randomUUID(), randomUUID()];
    queueAuditEvent({ actor: { id: user.id, email: user.email }, action: "media.viewed", targetType: "media", targetId: gone });
    queueAuditEvent({ actor: { id: kept.id, email: kept.email }, action: "media.viewed", targetType: "media", targetId: stays });
    await getDb().user.delete({ where: { id: user.id } });
    const [row] = await rowsFor(gone);
    expect(row).toMatchObject({ actorId: null, actorEmail: user.email, detail: null, ipAddress: null });
    // The rest of the batch is written as it was.
    expect((await rowsFor(stays))[0]).toMatchObject({ actorId: kept.id });
  });

  it("are all written when more arrive at once than one batch holds", async () => {
    const user = await createTestUser(getDb());
    const targetId = randomUUID();
    const count = MAX_ROWS * 2 + 7;
    for (let index = 0; index < count; index++) {
      queueAuditEvent({ actor: { id: user.id, email: user.email }, action: "media.viewed", targetType: "media", targetId, detail: { index } });
    }
    const rows = await rowsFor(targetId, count);
    expect(rows).toHaveLength(count);
    expect(new Set(rows.map((row) => (row.detail as { index: number }).index)).size).toBe(count);
  });
});
