// Adding or editing a WhatsApp template as Meta approved it. CareDesk cannot check it against
// Meta: the body and labels only guide the agent, while the name and locale are what Vonage sends.
import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { isUniqueViolation } from "../db/is-unique-violation";
import { AppError } from "../errors";
import { replyTemplateSchema, type ReplyTemplateInput } from "./reply-template-schema";

/** Without `id`, adds a template; with it, replaces that one. One audit row naming it (not its body). */
export async function saveReplyTemplate(actor: CurrentUser, input: ReplyTemplateInput & { id?: string }): Promise<{ id: string; name: string; locale: string }> {
  assertAdmin(actor);
  const data = replyTemplateSchema.parse(input);
  try {
    return await getDb().$transaction(async (tx) => {
      let id: string;
      if (input.id) {
        const { count } = await tx.replyTemplate.updateMany({ where: { id: input.id }, data });
        if (count === 0) throw new AppError("not_found", "That template no longer exists: another admin deleted it.");
        id = input.id;
      } else {
        ({ id } = await tx.replyTemplate.create({ data, select: { id: true } }));
      }
      await recordAuditEvent(
        {
          actor: { id: actor.id, email: actor.email },
          action: "template.saved",
          targetType: "template",
          targetId: id,
          detail: { name: data.name, locale: data.locale, isNew: !input.id },
        },
        tx,
      );
      return { id, name: data.name, locale: data.locale };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", `There is a template ${data.name} in ${data.locale} already: edit that one instead.`, { details: { field: "name" } });
    }
    throw error;
  }
}
