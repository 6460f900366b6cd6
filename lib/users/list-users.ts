import "server-only";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";

export type UserRow = {
  id: string;
  email: string;
  name: string | null;
  role: string;
  isDisabled: boolean;
  mustChangePassword: boolean;
  /** False for people who sign in only with single sign-on. */
  hasPassword: boolean;
  /** Whether they have signed in with single sign-on (their provider identity is linked). */
  hasSsoIdentity: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
};

export async function listUsers(actor: CurrentUser): Promise<UserRow[]> {
  assertAdmin(actor);
  const users = await getDb().user.findMany({
    orderBy: [{ role: "asc" }, { email: "asc" }],
    select: { id: true, email: true, name: true, role: true, isDisabled: true, mustChangePassword: true, passwordHash: true, oidcSubject: true, lastSignInAt: true, createdAt: true },
  });
  // The hash and the provider's subject stay here: the page only needs to know they exist.
  return users.map(({ passwordHash, oidcSubject, ...user }) => ({ ...user, hasPassword: passwordHash !== null, hasSsoIdentity: oidcSubject !== null }));
}
