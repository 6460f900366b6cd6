// The first admin, without an open door: made from ADMIN_EMAIL + ADMIN_PASSWORD when the server
// starts and CareDesk has no user at all. Never a "first visitor becomes admin" page.
import "server-only";
import { getDb } from "../db";
import { getEnv } from "../env";
import { getLogger } from "../logger";
import { createUser } from "./create-user";

export async function bootstrapFirstAdmin(): Promise<void> {
  const env = getEnv();
  const logger = getLogger();
  if ((await getDb().user.count()) > 0) return;
  if (!env.ADMIN_EMAIL || !env.ADMIN_PASSWORD) {
    logger.warn("CareDesk has no users yet: set ADMIN_EMAIL and ADMIN_PASSWORD, or run `npm run user:create -- --email you@example.com --role admin`");
    return;
  }
  const user = await createUser({ email: env.ADMIN_EMAIL, role: "admin", password: env.ADMIN_PASSWORD }, null, { mustChangePassword: false });
  logger.info({ userId: user.id }, "first admin created from ADMIN_EMAIL");
}
