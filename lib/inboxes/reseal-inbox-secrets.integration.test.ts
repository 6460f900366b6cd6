// Rotating the master key on real databases, for the inboxes' own Vonage applications: secrets
// sealed under key A open with key B alone once re-sealed; an inbox without secrets or already
// under B is left as it is; a second run does nothing; a missing key is refused before anything
// changes.
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createInboxWithSecrets, newPrivateKeyPem } from "@/test/support/inbox-with-secrets";
import { testedProviders } from "@/test/support/providers";
import { restoreMasterKeys, rotationKeys, useMasterKeys } from "@/test/support/rotation-keys";
import { useAppDatabase } from "@/test/support/use-app-database";
import { getDb } from "../db";
import { inboxApplications } from "./inbox-applications";
import { resealInboxSecrets } from "./reseal-inbox-secrets";

const inboxRows = () => getDb().inbox.findMany({ orderBy: { id: "asc" } });

describe.each(testedProviders)("re-sealing inbox secrets on %s", (provider) => {
  useAppDatabase(provider, { prefix: "caredesk_reseal" });
  afterAll(restoreMasterKeys);

  it("moves every inbox's secrets to the current key, where they open with it alone, and is a no-op the second time", async () => {
    const db = getDb();
    useMasterKeys(rotationKeys.a);
    const both = await createInboxWithSecrets(db, { signatureSecret: randomBytes(16).toString("hex"), privateKeyPem: newPrivateKeyPem() });
    const secretOnly = await createInboxWithSecrets(db, { signatureSecret: randomBytes(16).toString("hex") });
    const none = await createInboxWithSecrets(db);
    useMasterKeys(rotationKeys.b, [rotationKeys.a]);
    const alreadyNew = await createInboxWithSecrets(db, { signatureSecret: randomBytes(16).toString("hex") });
    const untouched = await db.inbox.findMany({ where: { id: { in: [none.id, alreadyNew.id] } }, orderBy: { id: "asc" } });

    expect(await resealInboxSecrets()).toEqual({ resealed: 2, byOldKeyId: { "key-a": 2 } });
    expect(await db.inbox.findMany({ where: { id: { in: [none.id, alreadyNew.id] } }, orderBy: { id: "asc" } })).toEqual(untouched);

    // Key A is gone from the configuration: every application opens with key B alone.
    useMasterKeys(rotationKeys.b);
    const applications = new Map((await inboxApplications()).map((application) => [application.inboxId, application]));
    expect(applications.get(both.id)?.signatureSecret).toBe(both.secrets.signatureSecret);
    expect(applications.get(both.id)?.privateKey?.export({ type: "pkcs8", format: "pem" })).toBe(both.secrets.privateKeyPem);
    expect(applications.get(secretOnly.id)).toMatchObject({ signatureSecret: secretOnly.secrets.signatureSecret, privateKey: null });
    expect(applications.get(alreadyNew.id)?.signatureSecret).toBe(alreadyNew.secrets.signatureSecret);
    expect(await db.inbox.count({ where: { secretsKeyId: "key-a" } })).toBe(0);

    const before = await inboxRows();
    expect(await resealInboxSecrets()).toEqual({ resealed: 0, byOldKeyId: {} });
    expect(await inboxRows()).toEqual(before);
  });

  it("refuses when MEDIA_ENCRYPTION_KEY is unset or an inbox's old key is missing, changing nothing", async () => {
    const before = await inboxRows();
    expect(before.some((inbox) => inbox.secretsKeyId === "key-b")).toBe(true);
    useMasterKeys(undefined);
    await expect(resealInboxSecrets()).rejects.toThrow(/MEDIA_ENCRYPTION_KEY is not set/);
    useMasterKeys(rotationKeys.c);
    await expect(resealInboxSecrets()).rejects.toThrow(/Inbox secrets are sealed by master key "key-b", not in MEDIA_ENCRYPTION_OLD_KEYS/);
    expect(await inboxRows()).toEqual(before);
  });
});
