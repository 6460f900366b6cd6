// Claiming is what keeps two instances from copying the same file: many claims at the same moment,
// on separate connections, must never hand out one row twice, and must skip what is not due.
import { describe, expect, it } from "vitest";
import { getDb } from "../db";
import { createOutboundMessage } from "@/test/support/factories";
import { testedProviders } from "@/test/support/providers";
import { useAppDatabase } from "@/test/support/use-app-database";
import { claimDueMedia } from "./claim-due-media";

const LEASE_MS = 60_000;

describe.each(testedProviders)("claiming due media on %s", (provider) => {
  useAppDatabase(provider, { prefix: "caredesk_claim" });

  async function createMedia(count: number, fields: Record<string, unknown> = {}): Promise<string[]> {
    const message = await createOutboundMessage(getDb());
    const ids: string[] = [];
    for (let position = 0; position < count; position++) {
      const item = await getDb().mediaItem.create({
        data: { messageId: message.id, position, kind: "image", vonageUrl: "https://api.nexmo.com/v3/media/x", createdAt: new Date(Date.now() - 60_000 + position), ...fields },
      });
      ids.push(item.id);
    }
    return ids;
  }

  it("never hands one item to two claims made at once", async () => {
    const ids = await createMedia(40);
    for (let round = 0; round < 3; round++) {
      const claims = (await Promise.all(Array.from({ length: 8 }, () => claimDueMedia({ limit: 2, leaseMs: LEASE_MS })))).flat();
      const claimedIds = claims.map((claim) => claim.mediaItemId);
      expect(new Set(claimedIds).size).toBe(claimedIds.length);
      expect(claims.every((claim) => claim.attempt === 1)).toBe(true);
    }
    const rows = await getDb().mediaItem.findMany({ where: { id: { in: ids } }, select: { archiveAttempts: true, archiveLeaseUntil: true } });
    expect(rows.every((row) => row.archiveAttempts <= 1)).toBe(true);
    // Every claim counted once, and each claimed row holds a lease.
    expect(rows.filter((row) => row.archiveAttempts === 1).every((row) => row.archiveLeaseUntil !== null)).toBe(true);
    // Claim what is left so the next test starts with nothing due.
    while ((await claimDueMedia({ limit: 50, leaseMs: LEASE_MS })).length > 0);
  });

  it("takes only due items, oldest first: not those waiting for a retry, leased, or in a final state", async () => {
    const future = new Date(Date.now() + 60_000);
    await createMedia(1, { archiveState: "failed", archiveNextAttemptAt: future });
    await createMedia(1, { archiveState: "pending", archiveLeaseUntil: future });
    for (const archiveState of ["archived", "gone", "too_large", "deleted", "not_archived"]) await createMedia(1, { archiveState });
    const [dueRetry] = await createMedia(1, { archiveState: "failed", archiveNextAttemptAt: new Date(Date.now() - 1_000), archiveAttempts: 2 });
    const [expiredLease] = await createMedia(1, {
      archiveState: "pending",
      archiveLeaseUntil: new Date(Date.now() - 1_000),
      archiveAttempts: 1,
      createdAt: new Date(Date.now() - 120_000),
    });
    expect(await claimDueMedia({ limit: 1, leaseMs: LEASE_MS })).toEqual([{ mediaItemId: expiredLease, attempt: 2 }]);
    expect(await claimDueMedia({ limit: 10, leaseMs: LEASE_MS })).toEqual([{ mediaItemId: dueRetry, attempt: 3 }]);
    expect(await claimDueMedia({ limit: 10, leaseMs: LEASE_MS })).toEqual([]);
  });
});
