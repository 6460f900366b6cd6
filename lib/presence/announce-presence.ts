// A person reports that they are on a thread (viewing it, typing a reply) or have left it. Only a
// thread they may see (out of reach reads as not there); the report carries its inbox and assignee
// as read here, so every instance tells only the streams that may see it. Answers who else is
// there now, so a thread just opened shows them at once.
import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { conversationAccessWhere } from "../conversations/conversation-access";
import { getDb } from "../db";
import { AppError } from "../errors";
import type { PresencePerson, PresenceReport } from "./presence-snapshot";
import { presenceHub } from "./presence-hub";
import { publishPresence } from "./publish-presence";

/** As others see a person: their name, or their email's local part when they have none. */
function presenceName(user: Pick<CurrentUser, "name" | "email">): string {
  return (user.name?.trim() || user.email.split("@")[0]!).slice(0, 120);
}

export async function announcePresence(user: CurrentUser, conversationId: string, report: PresenceReport): Promise<PresencePerson[]> {
  const conversation = await getDb().conversation.findFirst({
    where: { AND: [{ id: conversationId }, conversationAccessWhere(user)] },
    select: { inboxId: true, assigneeId: true },
  });
  if (!conversation) throw new AppError("not_found", "This conversation does not exist (any more).");
  await publishPresence({ conversationId, inboxId: conversation.inboxId, assigneeId: conversation.assigneeId, person: { id: user.id, name: presenceName(user) }, report });
  return (await presenceHub()).list(conversationId).filter((person) => person.id !== user.id);
}
