// The Vonage applications of the inboxes admins added, opened once and kept a few seconds: webhook
// verification (every webhook) and media tokens and replies (per request) read them. The
// environment's application (VONAGE_* variables) stands for every inbox without its own.
import "server-only";
import { createPrivateKey, type KeyObject } from "node:crypto";
import { getDb } from "../db";
import { getEnv } from "../env";
import { getLogger } from "../logger";
import type { MediaCredentials } from "../vonage/media-credentials";
import { openInboxSecret } from "./inbox-secrets";

export type InboxApplication = { inboxId: string; applicationId: string; apiKey: string | null; signatureSecret: string | null; privateKey: KeyObject | null };

const KEEP_MS = 10_000;
const holder = globalThis as unknown as { careDeskInboxApplications?: { readAt: number; list: Promise<InboxApplication[]> } };

async function readInboxApplications(): Promise<InboxApplication[]> {
  const rows = await getDb().inbox.findMany({
    where: { applicationId: { not: null } },
    select: { id: true, applicationId: true, apiKey: true, sealedSignatureSecret: true, sealedPrivateKey: true, secretsKeyId: true },
  });
  return rows.map((row) => {
    const open = (field: "signatureSecret" | "privateKey", sealed: string | null) => {
      if (!sealed || !row.secretsKeyId) return null;
      try {
        return openInboxSecret(row.id, field, sealed, row.secretsKeyId);
      } catch (error) {
        // A master key removed from the environment: said in the log, and the inbox goes without.
        getLogger().error({ inboxId: row.id, field, err: error instanceof Error ? error.message : String(error) }, "inbox secret does not open");
        return null;
      }
    };
    const pem = open("privateKey", row.sealedPrivateKey);
    return { inboxId: row.id, applicationId: row.applicationId!, apiKey: row.apiKey, signatureSecret: open("signatureSecret", row.sealedSignatureSecret), privateKey: pem ? createPrivateKey(pem) : null };
  });
}

export function inboxApplications(): Promise<InboxApplication[]> {
  const now = Date.now();
  if (!holder.careDeskInboxApplications || now - holder.careDeskInboxApplications.readAt > KEEP_MS) {
    const list = readInboxApplications();
    holder.careDeskInboxApplications = { readAt: now, list };
    list.catch(() => (holder.careDeskInboxApplications = undefined));
  }
  return holder.careDeskInboxApplications.list;
}

/** After an admin changed an inbox: this instance reads them again at once (others within seconds). */
export function forgetInboxApplications(): void {
  holder.careDeskInboxApplications = undefined;
}

/**
 * The inbox's own application, whose key signs media requests and replies for its conversations;
 * null when it has none (the environment's application is used then).
 */
export async function ownApplicationCredentials(inboxId: string | null): Promise<MediaCredentials | null> {
  const own = inboxId ? (await inboxApplications()).find((application) => application.inboxId === inboxId) : undefined;
  return own?.privateKey ? { applicationId: own.applicationId, privateKey: own.privateKey } : null;
}

/**
 * The secrets a webhook naming `apiKey` (its token's `api_key`) may be signed with: those of the
 * inboxes of that account, and the environment's when it is that account (or names none and no
 * inbox claims the key). A token signed with one account's secret but naming another's key is
 * refused, because only the named account's secrets are tried.
 */
export async function signatureSecretsFor(apiKey: string | undefined): Promise<{ secret: string; apiKey?: string }[]> {
  const env = getEnv();
  const accounts = (await inboxApplications()).filter((application) => application.signatureSecret && application.apiKey);
  const named = apiKey ? accounts.filter((application) => application.apiKey === apiKey) : [];
  const secrets = new Map<string, { secret: string; apiKey?: string }>(named.map((application) => [application.signatureSecret!, { secret: application.signatureSecret!, apiKey: application.apiKey! }]));
  const isEnvironmentAccount = env.VONAGE_API_KEY ? env.VONAGE_API_KEY === apiKey : named.length === 0;
  if (env.VONAGE_SIGNATURE_SECRET && isEnvironmentAccount) {
    secrets.set(env.VONAGE_SIGNATURE_SECRET, { secret: env.VONAGE_SIGNATURE_SECRET, ...(env.VONAGE_API_KEY ? { apiKey: env.VONAGE_API_KEY } : {}) });
  }
  return [...secrets.values()];
}

/** Whether any secret to verify webhooks with is configured (the environment's, or an inbox's). */
export async function hasAnySignatureSecret(): Promise<boolean> {
  return Boolean(getEnv().VONAGE_SIGNATURE_SECRET) || (await inboxApplications()).some((application) => application.signatureSecret);
}
