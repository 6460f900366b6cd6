// Whether a person has a CareDesk password, and whether they may use one: people who sign in only
// with single sign-on have none (passwordHash null), and with single sign-on required nobody but
// the break-glass admin may use one.
import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { canUsePassword, signInMethods } from "../auth/sign-in-methods";
import { getDb } from "../db";

export type PasswordState = { hasPassword: boolean; canUsePassword: boolean; providerName: string };

export async function passwordStateOf(user: CurrentUser): Promise<PasswordState> {
  const stored = await getDb().user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
  const methods = signInMethods();
  return { hasPassword: Boolean(stored?.passwordHash), canUsePassword: canUsePassword(user.email, methods), providerName: methods.oidc?.name ?? "single sign-on" };
}

/** Why this person has no password to change, or null when they have one they may use. */
export function passwordChangeRefusal(state: PasswordState): string | null {
  if (!state.canUsePassword) return `Password sign-in is turned off for CareDesk: you sign in with ${state.providerName}, so there is no password to change here.`;
  if (!state.hasPassword) return `You sign in with ${state.providerName}: CareDesk keeps no password for you, so there is nothing to change here.`;
  return null;
}
