// Adding an inbox, or changing its name, the numbers (or channel ids) it serves and its Vonage
// application. One transaction with one audit row (never a secret in it). A number belongs to one
// inbox: new conversations to it start there (lib/inboxes/route-inbound-sql.ts); conversations
// already started stay where they are. The signature secret and private key are sealed
// (inbox-secrets.ts) and never shown again; left blank, the stored ones are kept.
import "server-only";
import { createPrivateKey } from "node:crypto";
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { isUniqueViolation } from "../db/is-unique-violation";
import { AppError } from "../errors";
import { forgetInboxApplications } from "./inbox-applications";
import { openInboxSecret, sealInboxSecret } from "./inbox-secrets";

const inboxSchema = z.object({
  name: z.string().trim().min(1, "Give the inbox a name.").max(80, "Keep the name under 80 characters."),
  /** One per line (or comma-separated), as Vonage writes `to`: digits without + for numbers. */
  addresses: z
    .string()
    .max(20_000)
    .transform((text) => [...new Set(text.split(/[\s,]+/).map((part) => part.trim().replace(/^\+/, "")).filter(Boolean))])
    .pipe(z.array(z.string().regex(/^[A-Za-z0-9._:-]{3,50}$/, "Each number or channel id is 3–50 letters, digits, dots, dashes or colons (numbers as digits, without +).")).max(500)),
  applicationId: z
    .string()
    .trim()
    .transform((value) => value || null)
    .pipe(z.string().regex(/^[0-9a-f-]{36}$/i, "The application id is the UUID in the Vonage dashboard (36 characters).").nullable()),
  apiKey: z
    .string()
    .trim()
    .transform((value) => value || null)
    .pipe(z.string().regex(/^[A-Za-z0-9]{4,32}$/, "The API key is the account's key from the Vonage dashboard (letters and digits).").nullable()),
  signatureSecret: z.string().trim().max(200),
  privateKey: z
    .string()
    .trim()
    .max(10_000)
    .refine((pem) => !pem || isRsaPrivateKey(pem), "The private key is not an RSA private key in PEM format (the private.key file Vonage gave you)."),
});

export type InboxInput = { id?: string; name: string; addresses: string; applicationId?: string; apiKey?: string; signatureSecret?: string; privateKey?: string };

function isRsaPrivateKey(pem: string): boolean {
  try {
    return createPrivateKey(pem.replace(/\\n/g, "\n")).asymmetricKeyType === "rsa";
  } catch {
    return false;
  }
}

type Sealed = { sealedSignatureSecret: string | null; sealedPrivateKey: string | null; secretsKeyId: string | null };

/** Both secrets sealed with the current master key: the new ones given, else the stored ones re-sealed. */
function sealSecrets(inboxId: string, given: { signatureSecret: string; privateKey: string }, stored: Sealed | null): Sealed {
  const storedValue = (field: "signatureSecret" | "privateKey", sealed: string | null | undefined) =>
    sealed && stored?.secretsKeyId ? openInboxSecret(inboxId, field, sealed, stored.secretsKeyId) : "";
  const signatureSecret = given.signatureSecret || storedValue("signatureSecret", stored?.sealedSignatureSecret);
  const privateKey = given.privateKey.replace(/\\n/g, "\n") || storedValue("privateKey", stored?.sealedPrivateKey);
  if (!signatureSecret && !privateKey) return { sealedSignatureSecret: null, sealedPrivateKey: null, secretsKeyId: null };
  const secret = signatureSecret ? sealInboxSecret(inboxId, "signatureSecret", signatureSecret) : null;
  const key = privateKey ? sealInboxSecret(inboxId, "privateKey", privateKey) : null;
  return { sealedSignatureSecret: secret?.sealed ?? null, sealedPrivateKey: key?.sealed ?? null, secretsKeyId: (secret ?? key)!.keyId };
}

export async function saveInbox(actor: CurrentUser, input: InboxInput): Promise<{ id: string; name: string }> {
  assertAdmin(actor);
  const data = inboxSchema.parse(input);
  try {
    const saved = await getDb().$transaction(async (tx) => {
      let id: string;
      let stored: (Sealed & { kind: string }) | null = null;
      if (input.id) {
        stored = await tx.inbox.findUnique({ where: { id: input.id }, select: { kind: true, sealedSignatureSecret: true, sealedPrivateKey: true, secretsKeyId: true } });
        if (!stored) throw new AppError("not_found", "That inbox no longer exists.");
        if (stored.kind === "unrouted" && data.addresses.length > 0) throw new AppError("unprocessable", "Unrouted takes what no inbox serves: it lists no numbers.");
        await tx.inboxAddress.deleteMany({ where: { inboxId: input.id } });
        id = input.id;
      } else {
        ({ id } = await tx.inbox.create({ data: { name: data.name }, select: { id: true } }));
      }
      // The environment's inbox and Unrouted take their application from the VONAGE_* variables.
      const hasOwnApplication = (stored?.kind ?? "application") === "application";
      const application = hasOwnApplication
        ? { applicationId: data.applicationId, apiKey: data.apiKey, ...sealSecrets(id, data, stored) }
        : { applicationId: null, apiKey: null, sealedSignatureSecret: null, sealedPrivateKey: null, secretsKeyId: null };
      if (application.sealedSignatureSecret && !application.apiKey) {
        throw new AppError("unprocessable", "Give the account's API key with its signature secret: webhooks name the account by it.", { details: { field: "apiKey" } });
      }
      if (application.sealedPrivateKey && !application.applicationId) {
        throw new AppError("unprocessable", "Give the application id with its private key.", { details: { field: "applicationId" } });
      }
      await tx.inbox.update({ where: { id }, data: { name: data.name, ...application } });
      if (data.addresses.length > 0) await tx.inboxAddress.createMany({ data: data.addresses.map((address) => ({ inboxId: id, address })) });
      await recordAuditEvent(
        {
          actor: { id: actor.id, email: actor.email },
          action: "inbox.saved",
          targetType: "inbox",
          targetId: id,
          detail: {
            name: data.name,
            addresses: data.addresses.length,
            isNew: !input.id,
            applicationId: application.applicationId,
            signatureSecretChanged: Boolean(data.signatureSecret),
            privateKeyChanged: Boolean(data.privateKey),
          },
        },
        tx,
      );
      return { id, name: data.name };
    });
    forgetInboxApplications();
    return saved;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    if (data.applicationId && (await getDb().inbox.count({ where: { applicationId: data.applicationId, NOT: input.id ? { id: input.id } : undefined } }))) {
      throw new AppError("conflict", "Another inbox has this Vonage application already.", { details: { field: "applicationId" } });
    }
    const taken = await getDb().inboxAddress.findFirst({ where: { address: { in: data.addresses }, NOT: input.id ? { inboxId: input.id } : undefined }, select: { address: true, inbox: { select: { name: true } } } });
    throw new AppError("conflict", taken ? `${taken.address} is served by the inbox “${taken.inbox.name}” already: take it off there first.` : "One of these numbers belongs to another inbox already.", {
      details: { field: "addresses" },
    });
  }
}
