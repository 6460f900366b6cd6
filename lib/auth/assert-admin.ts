import { AppError } from "../errors";
import type { CurrentUser } from "./current-user";

/** Admin-only services check the actor themselves too, whoever calls them. */
export function assertAdmin(actor: CurrentUser): void {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only admins may do this.");
}
