// The one auth gate. The session cookie names a user and a session version; the database decides
// whether that user may still act (exists, enabled, same session version) and with which role, on
// every request, so disabling someone or changing their role takes effect at once.
import "server-only";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "../db";
import { AppError } from "../errors";
import { assertAdmin } from "./assert-admin";
import { readSessionCookie } from "./session-cookie";

export type Role = "admin" | "agent";
export type CurrentUser = { id: string; email: string; name: string | null; role: Role; mustChangePassword: boolean };

/** The signed-in user, or null (signed out, deleted, disabled, or session ended). Once per request. */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await readSessionCookie();
  if (!session) return null;
  const user = await getDb().user.findUnique({ where: { id: session.userId } });
  if (!user || user.isDisabled) return null;
  if (user.sessionVersion !== session.sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role === "admin" ? "admin" : "agent", mustChangePassword: user.mustChangePassword };
});

/** For pages and server actions: signed-out visitors go to the sign-in page. */
export async function requireUser(options: { allowPasswordChange?: boolean } = {}): Promise<CurrentUser> {
  const user = await getCurrentUser();
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
export async function requireApiUser(role?: Role): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("unauthenticated", "Sign in to CareDesk first.");
  if (user.mustChangePassword) throw new AppError("forbidden", "Choose a new password first (CareDesk → Account).");
  if (role === "admin") assertAdmin(user);
  return user;
}
