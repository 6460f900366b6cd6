// CareDesk's configuration: process.env parsed once by zod. Every variable is documented in
// .env.example and the README; an invalid value fails with a message naming the variable.
import { z } from "zod";
import { AppError } from "./errors";
import { isLoopbackUrl } from "./http/is-loopback-url";

const DEFAULT_MEDIA_ORIGINS = [
  "https://api.nexmo.com",
  "https://api-us.nexmo.com",
  "https://api-eu.nexmo.com",
  "https://api-ap.nexmo.com",
].join(",");

const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());

const origin = z.string().transform((value, context) => {
  try {
    const url = new URL(value);
    if (url.origin !== value.replace(/\/$/, "")) throw new Error("not an origin");
    return url.origin;
  } catch {
    context.addIssue({ code: "custom", message: `"${value}" is not an origin like https://api.nexmo.com` });
    return z.NEVER;
  }
});

/** A comma-separated list, trimmed, without empty entries. */
const commaList = z
  .string()
  .default("")
  .transform((value) => value.split(",").map((part) => part.trim()).filter(Boolean));

/**
 * The single sign-on provider's issuer: https, or http only to this machine (a provider for tests
 * or development): Auth.js itself would call an http issuer anywhere.
 */
const issuerUrl = z.url({ protocol: /^https?$/, error: "must be your provider's issuer URL, like https://login.example.com/realms/care" }).refine(
  (value) => {
    // Not a URL at all: the check above said so already.
    if (!URL.canParse(value)) return true;
    const url = new URL(value);
    return url.protocol === "https:" || isLoopbackUrl(url);
  },
  "must use https (http is allowed only for a provider on this machine: localhost, 127.0.0.1, [::1])",
);

/** A master key as "<id>:<base64 of 32 bytes>". */
function masterKeySchema(variable: string) {
  return z.string().transform((value, context) => {
    const match = /^([a-z0-9][a-z0-9_-]{0,31}):([A-Za-z0-9+/=_-]+)$/.exec(value.trim());
    const key = match ? Buffer.from(match[2]!, "base64") : null;
    if (!match || key?.length !== 32) {
      context.addIssue({ code: "custom", message: `${variable} must be "<key id>:<32 random bytes in base64>", e.g. "2026-11:$(openssl rand -base64 32)"` });
      return z.NEVER;
    }
    return { id: match[1]!, key };
  });
}

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .preprocess(emptyAsUndefined, z.string().default("file:./data/caredesk.db"))
    .refine((url) => /^(file:|postgres(ql)?:\/\/)/.test(url), "must start with file: (SQLite) or postgresql:// (PostgreSQL)"),
  // How long a SQLite write waits for a lock another process holds (a backup, a migration) before
  // it fails; a webhook then gets 503, and Vonage delivers it again.
  SQLITE_BUSY_TIMEOUT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(100).max(60_000).default(10_000)),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
  VONAGE_APPLICATION_ID: optionalString,
  VONAGE_PRIVATE_KEY_PATH: optionalString,
  VONAGE_PRIVATE_KEY: optionalString,
  VONAGE_API_KEY: optionalString,
  VONAGE_SIGNATURE_SECRET: optionalString,
  // Where replies are sent: Vonage's default host, a regional one (https://api-eu.vonage.com), or
  // the local stand-in in tests and the demo.
  VONAGE_API_HOST: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).default("https://api.nexmo.com")),
  // How long a send may take before its outcome counts as unknown (settled by status webhooks).
  VONAGE_SEND_TIMEOUT_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().positive().max(120).default(15)),
  // CareDesk's address as Vonage reaches it: reply attachments are fetched from it
  // (/api/outbound-media/…). Unset, replies carry no attachments and the composer says why.
  PUBLIC_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: "must be CareDesk's public URL, like https://care.example.com" }).optional()),
  VONAGE_WEBHOOK_SIGNATURES: z.preprocess(emptyAsUndefined, z.enum(["on", "off"]).default("on")),
  VONAGE_MEDIA_ORIGINS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .default(DEFAULT_MEDIA_ORIGINS)
      .transform((value) => value.split(",").map((part) => part.trim()).filter(Boolean))
      .pipe(z.array(origin).min(1, "needs at least one origin")),
  ),
  AUTH_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)").optional()),
  AUTH_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: "must be CareDesk's public URL, like https://care.example.com" }).optional()),
  ADMIN_EMAIL: z.preprocess(emptyAsUndefined, z.email("must be an email address").optional()),
  ADMIN_PASSWORD: z.preprocess(emptyAsUndefined, z.string().min(10, "must be at least 10 characters").optional()),
  AUTH_LOCKOUT_ACCOUNT_FAILURES: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(5)),
  AUTH_LOCKOUT_ADDRESS_FAILURES: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(20)),
  AUTH_LOCKOUT_MINUTES: z.preprocess(emptyAsUndefined, z.coerce.number().positive().default(15)),
  // How many proxies in front append to X-Forwarded-For. 1 (nginx) keeps what CareDesk always
  // assumed; 0 means clients talk to `next start` directly and their address cannot be known.
  TRUSTED_PROXY_HOPS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(10).default(1)),
  AUTH_FAILURE_DELAY_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(10_000).default(250)),
  AUTH_SESSION_IDLE_MINUTES: z.preprocess(emptyAsUndefined, z.coerce.number().positive().default(8 * 60)),
  AUTH_SESSION_MAX_MINUTES: z.preprocess(emptyAsUndefined, z.coerce.number().positive().default(12 * 60)),
  // At most 30 s: an open live stream must notice a sign-out or a disable within that time.
  LIVE_ACCESS_CHECK_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().positive().max(30).default(30)),
  // How often snoozed conversations whose time has come are reopened (lib/conversations/start-snooze-waker.ts).
  SNOOZE_CHECK_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().positive().max(300).default(15)),
  MEDIA_CONNECT_TIMEOUT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(100).default(5_000)),
  MEDIA_IDLE_TIMEOUT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(100).default(15_000)),
  // Per process: each instance has its own connections to Vonage and counts its own streams.
  // Six, as browsers open at most six connections to one host over HTTP/1.1.
  MEDIA_STREAMS_PER_PERSON: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(1_000).default(6)),
  // The pool of connections to Vonage's media server; a quarter of it is kept for people with
  // nothing loading yet (lib/media/limit-media-streams.ts).
  MEDIA_UPSTREAM_CONNECTIONS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(10_000).default(64)),
  // Where archived media goes: a local directory (the default, ./data/media, or file:/path) or an
  // S3-compatible bucket (s3://bucket/prefix, with the standard AWS_* variables).
  MEDIA_STORAGE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .default("file:./data/media")
      .refine((url) => /^(file:|s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/|$))/.test(url), "must be file:<directory> or s3://bucket/prefix"),
  ),
  // An S3-compatible server that is not AWS (MinIO, Ceph, a local test server): its URL, and
  // path-style addressing (http://host/bucket/key) when it needs it.
  MEDIA_S3_ENDPOINT: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: "must be a URL like https://s3.example.com" }).optional()),
  MEDIA_S3_FORCE_PATH_STYLE: z.preprocess(emptyAsUndefined, z.enum(["true", "false"]).default("false")),
  // "<key id>:<32 bytes in base64>" (openssl rand -base64 32): wraps each archived file's own key.
  // Without it nothing is archived. Older keys stay readable in MEDIA_ENCRYPTION_OLD_KEYS.
  MEDIA_ENCRYPTION_KEY: z.preprocess(emptyAsUndefined, masterKeySchema("MEDIA_ENCRYPTION_KEY").optional()),
  MEDIA_ENCRYPTION_OLD_KEYS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .default("")
      .transform((value) => value.split(",").map((part) => part.trim()).filter(Boolean))
      .pipe(z.array(masterKeySchema("MEDIA_ENCRYPTION_OLD_KEYS"))),
  ),
  // Larger files are not archived: they stay available from Vonage for its 48 hours.
  // At most 2 GiB - 1: StoredFile.plainBytes is a 32-bit integer.
  MEDIA_ARCHIVE_MAX_BYTES: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(2 ** 31 - 1).default(100 * 1024 * 1024)),
  // How long an instance holds a file it is copying without renewing its claim (it renews every
  // third of it): a crashed instance's copy is taken up again this long after it stopped.
  MEDIA_ARCHIVE_LEASE_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(3).max(3_600).default(60)),
  // Unset: keep. Archived media, webhook-log bodies and audit rows older than this are deleted daily.
  MEDIA_RETENTION_DAYS: z.preprocess(emptyAsUndefined, z.coerce.number().positive().optional()),
  WEBHOOK_LOG_RETENTION_DAYS: z.preprocess(emptyAsUndefined, z.coerce.number().positive().optional()),
  AUDIT_RETENTION_DAYS: z.preprocess(emptyAsUndefined, z.coerce.number().positive().optional()),
  WEBHOOK_MAX_BODY_BYTES: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1024).default(1024 * 1024)),
  WEBHOOK_REFUSED_EVENTS_PER_MINUTE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(30)),
  // Single sign-on with OpenID Connect: on when the issuer, client id and secret are all set
  // (README: Single sign-on).
  AUTH_OIDC_ISSUER: z.preprocess(emptyAsUndefined, issuerUrl.optional()),
  AUTH_OIDC_CLIENT_ID: optionalString,
  AUTH_OIDC_CLIENT_SECRET: optionalString,
  // Shown on the sign-in button: "Sign in with <name>".
  AUTH_OIDC_NAME: z.preprocess(emptyAsUndefined, z.string().trim().min(1).max(60, "must be at most 60 characters").default("your company's sign-in")),
  AUTH_OIDC_SCOPES: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .default("openid email profile")
      .transform((value) => value.split(/\s+/).filter(Boolean).join(" "))
      .refine((scopes) => scopes.split(" ").includes("openid"), 'must include "openid"'),
  ),
  AUTH_OIDC_GROUPS_CLAIM: z.preprocess(emptyAsUndefined, z.string().trim().min(1).default("groups")),
  // Unset: roles are managed in CareDesk. Set: the provider's groups decide the role at every sign-in.
  AUTH_OIDC_ADMIN_GROUPS: z.preprocess(emptyAsUndefined, commaList),
  // true: at each single sign-on a person belongs to exactly the teams named like their groups.
  AUTH_OIDC_TEAMS_FROM_GROUPS: z.preprocess(emptyAsUndefined, z.enum(["true", "false"], { error: "must be true or false" }).default("false")),
  AUTH_OIDC_SIGN_UP: z.preprocess(emptyAsUndefined, z.enum(["open", "invited"], { error: "must be open or invited" }).default("invited")),
  AUTH_SSO_REQUIRED: z.preprocess(emptyAsUndefined, z.enum(["true", "false"], { error: "must be true or false" }).default("false")),
  AUTH_BREAK_GLASS_EMAIL: z.preprocess(emptyAsUndefined, z.string().trim().toLowerCase().pipe(z.email("must be an email address")).optional()),
}).superRefine((env, context) => {
  const oidc = { AUTH_OIDC_ISSUER: env.AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID: env.AUTH_OIDC_CLIENT_ID, AUTH_OIDC_CLIENT_SECRET: env.AUTH_OIDC_CLIENT_SECRET };
  const missing = Object.entries(oidc).filter(([, value]) => !value).map(([name]) => name);
  if (missing.length > 0 && missing.length < 3) {
    for (const name of missing) context.addIssue({ code: "custom", path: [name], message: "must be set too: single sign-on needs AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET" });
  }
  if (env.AUTH_SSO_REQUIRED === "true" && missing.length > 0) {
    context.addIssue({ code: "custom", path: ["AUTH_SSO_REQUIRED"], message: "is true, but single sign-on is not set up (AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID, AUTH_OIDC_CLIENT_SECRET)" });
  }
  if (env.AUTH_SSO_REQUIRED === "true" && !env.AUTH_BREAK_GLASS_EMAIL) {
    context.addIssue({ code: "custom", path: ["AUTH_BREAK_GLASS_EMAIL"], message: "must be set when AUTH_SSO_REQUIRED=true: the one admin who can still sign in with a password if the provider is down" });
  }
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Parses `source` (process.env by default); the result of parsing process.env is kept. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Auth.js also reads AUTH_URL under its older name, NEXTAUTH_URL.
  const result = envSchema.safeParse({ ...source, AUTH_URL: source.AUTH_URL || source.NEXTAUTH_URL });
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `- ${String(issue.path[0] ?? "(environment)")}: ${issue.message}`);
    throw new AppError("config_invalid", `CareDesk's configuration is invalid:\n${lines.join("\n")}\nSee .env.example for every variable.`);
  }
  return result.data;
}

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Parses process.env again: for command-line tools that point one process at another database. */
export function reloadEnv(): Env {
  cached = undefined;
  return getEnv();
}
