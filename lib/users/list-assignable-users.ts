import "server-only";
import { cache } from "react";
import { getDb } from "../db";

/**
 * The people a conversation can be assigned to: every enabled account, by email. Read once per
 * page render: the list's bulk actions and the thread's both ask.
 */
export const listAssignableUsers = cache(async () => {
  return getDb().user.findMany({ where: { isDisabled: false }, orderBy: { email: "asc" }, select: { id: true, name: true, email: true } });
});
