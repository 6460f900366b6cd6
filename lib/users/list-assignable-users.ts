import "server-only";
import { getDb } from "../db";

/** The people a conversation can be assigned to: every enabled account, by email. */
export async function listAssignableUsers() {
  return getDb().user.findMany({ where: { isDisabled: false }, orderBy: { email: "asc" }, select: { id: true, name: true, email: true } });
}
