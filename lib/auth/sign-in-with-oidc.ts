// A sign-in at the company's OpenID provider, made a CareDesk sign-in. The provider says who the
// person is (Auth.js has checked its ID token); CareDesk decides whether they may come in and as
// what: the person is found by their `sub` there, else by email (and linked), else created when
// sign-up is open. A disabled person is refused. With admin groups set, the provider's groups
// decide the role at every sign-in, audited as any role change. One transaction, then the audit
// row of the sign-in as for passwords (`auth.sign_in`, method oidc); the caller starts the session.
import "server-only";
import type { Prisma } from "../generated/sqlite/client";
import { recordAuditEvent } from "../audit/record-audit-event";
import { syncTeamsFromGroups } from "../teams/sync-teams-from-groups";
import { getDb } from "../db";
import { isUniqueViolation } from "../db/is-unique-violation";
import { isWriteConflict } from "../db/is-write-conflict";
import { AppError, isAppError } from "../errors";
import { getLogger } from "../logger";
import { guardLastAdmin } from "../users/guard-last-admin";
import type { Role } from "./current-user";
import { readOidcIdentity, roleForGroups, type OidcIdentity } from "./read-oidc-identity";
import type { SsoRefusal } from "./sign-in-messages";
import { signInMethods, type SignInMethods } from "./sign-in-methods";

export type OidcSignedIn = { id: string; email: string; sessionVersion: number };

/** A refused single sign-on: `reason` picks the message the sign-in page shows. */
export class SsoSignInRefused extends AppError {
  constructor(readonly reason: SsoRefusal) {
    super("forbidden", `Single sign-on refused: ${reason}`);
  }
}

type Outcome =
  | { kind: "signed_in"; user: OidcSignedIn; details: Record<string, string | boolean> }
  | { kind: "refused"; reason: SsoRefusal; user: { id: string; email: string } | null };

type UserRow = Prisma.UserGetPayload<object>;

const ATTEMPTS = 3;

export async function signInWithOidc(claims: unknown, clientAddress: string, methods: SignInMethods = signInMethods()): Promise<OidcSignedIn> {
  const settings = methods.oidc;
  if (!settings) throw new AppError("not_configured", "Single sign-on is not set up.");
  const identity = readOidcIdentity(claims, settings.groupsClaim);
  const mappedRole = settings.adminGroups.length > 0 ? roleForGroups(identity.groups, settings.adminGroups) : null;

  let outcome: Outcome | undefined;
  for (let attempt = 1; !outcome; attempt++) {
    try {
      outcome = await getDb().$transaction((tx) => decide(tx, identity, mappedRole, methods, clientAddress), { isolationLevel: "Serializable" });
    } catch (error) {
      // Two first sign-ins of one person at once (a double click): the second finds the first's row.
      if (attempt < ATTEMPTS && (isUniqueViolation(error) || isWriteConflict(error))) continue;
      throw error;
    }
  }
  if (outcome.kind === "refused") {
    await recordAuditEvent({
      actor: outcome.user,
      action: "auth.sign_in_failed",
      detail: { method: "oidc", email: identity.email, reason: outcome.reason },
      ipAddress: clientAddress,
    });
    throw new SsoSignInRefused(outcome.reason);
  }
  return outcome.user;
}

async function decide(tx: Prisma.TransactionClient, identity: OidcIdentity, mappedRole: Role | null, methods: SignInMethods, clientAddress: string): Promise<Outcome> {
  const refuse = (reason: SsoRefusal, user: UserRow | null = null): Outcome => ({ kind: "refused", reason, user: user && { id: user.id, email: user.email } });
  const now = new Date();
  const details: Record<string, string | boolean> = { method: "oidc" };

  let user = await tx.user.findUnique({ where: { oidcSubject: identity.subject } });
  if (!user) {
    // Found by email only if the provider vouches for it: then linked to this subject for good.
    if (!identity.email) return refuse("no_email");
    if (identity.isEmailVerified === false) return refuse("email_unverified");
    const byEmail = await tx.user.findUnique({ where: { email: identity.email } });
    if (byEmail?.oidcSubject) return refuse("subject_conflict", byEmail);
    if (byEmail) {
      user = byEmail;
      details.linked = true;
    } else if (methods.oidc!.signUp === "open") {
      details.created = true;
      const created = await tx.user.create({
        data: { email: identity.email, name: identity.name, role: mappedRole ?? "agent", passwordHash: null, oidcSubject: identity.subject, lastSignInAt: now },
      });
      await recordAuditEvent(
        { actor: { id: created.id, email: created.email }, action: "user.created", targetType: "user", targetId: created.id, detail: { email: created.email, role: created.role, method: "oidc" } },
        tx,
      );
      if (methods.oidc!.isTeamsFromGroups) await syncTeamsFromGroups(tx, created, identity.groups);
      await recordAuditEvent({ actor: { id: created.id, email: created.email }, action: "auth.sign_in", detail: details, ipAddress: clientAddress }, tx);
      return { kind: "signed_in", user: { id: created.id, email: created.email, sessionVersion: created.sessionVersion }, details };
    } else {
      return refuse("not_invited");
    }
  }
  if (user.isDisabled) return refuse("disabled", user);

  const isBreakGlass = user.email === methods.breakGlassEmail;
  const data: Prisma.UserUpdateInput = { lastSignInAt: now, oidcSubject: identity.subject };
  if (identity.name && identity.name !== user.name) data.name = identity.name;
  // The provider's email follows the person, unless another account already uses it.
  if (identity.email && identity.email !== user.email && identity.isEmailVerified !== false && !isBreakGlass) {
    const taken = await tx.user.findUnique({ where: { email: identity.email }, select: { id: true } });
    if (taken) getLogger().warn({ userId: user.id }, "single sign-on: the provider's new email for this person belongs to another account; kept the old one");
    else data.email = identity.email;
  }
  // A one-time password an admin chose is not needed once the provider vouched for the person,
  // and nobody else should hold a working password for them. The break-glass admin keeps theirs.
  if (user.mustChangePassword && !isBreakGlass) {
    Object.assign(data, { passwordHash: null, mustChangePassword: false });
    details.oneTimePasswordEnded = true;
  }
  // The break-glass admin's role is CareDesk's to keep: the provider must not demote the way in.
  if (mappedRole && mappedRole !== user.role && !isBreakGlass) {
    const isKept = await keepsLastAdmin(tx, user, mappedRole);
    if (isKept) {
      details.roleKept = "last enabled admin";
    } else {
      data.role = mappedRole;
      await recordAuditEvent(
        {
          actor: { id: user.id, email: user.email },
          action: "user.role_changed",
          targetType: "user",
          targetId: user.id,
          detail: { email: user.email, from: user.role, to: mappedRole, by: "provider groups" },
        },
        tx,
      );
    }
  }
  const updated = await tx.user.update({ where: { id: user.id }, data });
  if (methods.oidc!.isTeamsFromGroups) await syncTeamsFromGroups(tx, updated, identity.groups);
  await recordAuditEvent({ actor: { id: updated.id, email: updated.email }, action: "auth.sign_in", detail: details, ipAddress: clientAddress }, tx);
  return { kind: "signed_in", user: { id: updated.id, email: updated.email, sessionVersion: updated.sessionVersion }, details };
}

/** True when taking admin away from `user` would leave CareDesk without an enabled admin. */
async function keepsLastAdmin(tx: Prisma.TransactionClient, user: UserRow, role: Role): Promise<boolean> {
  if (role === "admin") return false;
  try {
    await guardLastAdmin(tx, user.id);
    return false;
  } catch (error) {
    if (isAppError(error) && error.code === "conflict") return true;
    throw error;
  }
}
