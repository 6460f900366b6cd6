// What CareDesk takes from a person's claims at the single sign-on provider (the validated ID
// token): who they are there (`sub`), their email and name, and their groups, which may decide
// their role. Claims are the provider's; none is trusted to have the expected shape.
import { z } from "zod";
import { AppError } from "../errors";
import type { Role } from "./current-user";

export type OidcIdentity = {
  subject: string;
  email: string | null;
  /** False only when the provider says the email is not verified; null when it does not say. */
  isEmailVerified: boolean | null;
  name: string | null;
  groups: string[];
};

const claimsSchema = z.object({
  sub: z.string().trim().min(1).max(255),
  email: z.string().trim().toLowerCase().pipe(z.email()).optional().catch(undefined),
  // Some providers send the boolean as a string.
  email_verified: z.union([z.boolean(), z.enum(["true", "false"]).transform((value) => value === "true")]).optional().catch(undefined),
  name: z.string().trim().max(120).optional().catch(undefined),
});

/**
 * The claim named `claimName`; a dotted name (`realm_access.roles`) is also followed into nested
 * objects when no claim has that exact name (URL-like names such as Auth0's contain dots).
 */
function claimAt(claims: Record<string, unknown>, claimName: string): unknown {
  if (Object.hasOwn(claims, claimName)) return claims[claimName];
  let value: unknown = claims;
  for (const part of claimName.split(".")) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The groups in the claim: a list of names (anything else in it ignored), or one name. */
export function groupsFrom(claims: Record<string, unknown>, claimName: string): string[] {
  const value = claimAt(claims, claimName);
  const names = Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
  return names.filter((name): name is string => typeof name === "string").map((name) => name.trim()).filter(Boolean);
}

export function readOidcIdentity(claims: unknown, groupsClaim: string): OidcIdentity {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) throw new AppError("unauthenticated", "The sign-in provider did not say who signed in (no `sub` claim).");
  const { sub, email, email_verified: isEmailVerified, name } = parsed.data;
  return {
    subject: sub,
    email: email ?? null,
    isEmailVerified: isEmailVerified ?? null,
    name: name || null,
    groups: groupsFrom(claims as Record<string, unknown>, groupsClaim),
  };
}

/** Admin when any of the person's groups is an admin group (names compared exactly), else agent. */
export function roleForGroups(groups: string[], adminGroups: string[]): Role {
  return groups.some((group) => adminGroups.includes(group)) ? "admin" : "agent";
}
