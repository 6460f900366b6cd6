// The first admin, without an open door: made from ADMIN_EMAIL + ADMIN_PASSWORD when the server
// starts and CareDesk has no user at all. Never a "first visitor becomes admin" page.
import "server-only";
import { findPasswordWeakness } from "../auth/find-password-weakness";
import { getDb } from "../db";
import { getEnv } from "../env";
import { AppError, isAppError } from "../errors";
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
  // Refused here, by name, rather than as a form error nobody sees: the server does not start.
  const weakness = findPasswordWeakness(env.ADMIN_PASSWORD, env.ADMIN_EMAIL);
  if (weakness) throw new AppError("config_invalid", `ADMIN_PASSWORD is refused: ${weakness}`);
  try {
    const user = await createUser({ email: env.ADMIN_EMAIL, role: "admin", password: env.ADMIN_PASSWORD }, null, { mustChangePassword: false });
    logger.info({ userId: user.id }, "first admin created from ADMIN_EMAIL");
  } catch (error) {
    // Instances deployed together all find no user: one creates the admin, the others start as they would have a moment later.
    if (isAppError(error) && error.code === "conflict") return logger.info("first admin created from ADMIN_EMAIL by another instance");
    throw error;
  }
}
