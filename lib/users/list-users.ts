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
  lastSignInAt: Date | null;
  createdAt: Date;
};

export async function listUsers(actor: CurrentUser): Promise<UserRow[]> {
  assertAdmin(actor);
  return getDb().user.findMany({
    orderBy: [{ role: "asc" }, { email: "asc" }],
    select: { id: true, email: true, name: true, role: true, isDisabled: true, mustChangePassword: true, lastSignInAt: true, createdAt: true },
  });
}
