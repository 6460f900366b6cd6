// The one gate. The session cookie names a person, a session and a session version; the database
// decides on every request whether that session is still open (not signed out, idle or too old)
// and whether the person may still act and with which role (lib/auth/resolve-session.ts), so
// signing out, disabling someone or changing their role takes effect at once.
import "server-only";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { AppError } from "../errors";
import { assertAdmin } from "./assert-admin";
import { resolveSession } from "./resolve-session";
import { readSessionCookie } from "./session-cookie";

export type Role = "admin" | "agent";
export type CurrentUser = {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  mustChangePassword: boolean;
  /** The sign-in this request belongs to; `version` is the person's session version it carries. */
  session: { id: string; version: number; endsAt: Date };
};

/**
 * The signed-in user, or null (signed out, session ended, deleted or disabled). Once per request.
 * `isActivity: false` for requests a page makes by itself (the live stream): they do not keep an
 * unattended session from going idle.
 */
export const getCurrentUser = cache(async (isActivity: boolean = true): Promise<CurrentUser | null> => {
  const claims = await readSessionCookie();
  return claims ? resolveSession(claims, { isActivity }) : null;
});

/**
 * For pages and server actions: signed-out visitors go to the sign-in page. `isActivity: false`
 * for actions a page takes by itself (marking read what a live update brought).
 */
export async function requireUser(options: { allowPasswordChange?: boolean; isActivity?: boolean } = {}): Promise<CurrentUser> {
  const user = await getCurrentUser(options.isActivity);
  if (!user) redirect("/login");
  if (user.mustChangePassword && !options.allowPasswordChange) redirect("/account/password");
  return user;
}

/** For pages and server actions that only admins may use: others get a 403 page. */
export async function requireAdmin(): Promise<CurrentUser> {
  const user = await requireUser();
  if (user.role !== "admin") forbidden();
  return user;
}

/** For route handlers: throws the AppError the route wrapper turns into 401 or 403. */
export async function requireApiUser(role?: Role, options: { isActivity?: boolean } = {}): Promise<CurrentUser> {
  const user = await getCurrentUser(options.isActivity ?? true);
  if (!user) throw new AppError("unauthenticated", "Sign in to CareDesk first.");
  if (user.mustChangePassword) throw new AppError("forbidden", "Choose a new password first (CareDesk → Account).");
  if (role === "admin") assertAdmin(user);
  return user;
}
