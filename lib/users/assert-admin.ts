import type { CurrentUser } from "../auth/current-user";
import { AppError } from "../errors";

/** Services that change people check the actor themselves too, whoever calls them. */
export function assertAdmin(actor: CurrentUser): void {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only admins may manage people.");
}
