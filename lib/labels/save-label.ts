// Adding a label, or changing its name or colour: agents put labels on conversations and filter by
// them. One transaction with one audit row. Activity lines already written keep the old name (they
// record what was done then).
import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { isUniqueViolation } from "../db/is-unique-violation";
import { AppError } from "../errors";
import { labelSchema, type LabelInput } from "./label-schema";

/** Without `id`, adds a label; with it, renames or recolours that one. */
export async function saveLabel(actor: CurrentUser, input: LabelInput & { id?: string }): Promise<{ id: string; name: string }> {
  assertAdmin(actor);
  const data = labelSchema.parse(input);
  try {
    return await getDb().$transaction(async (tx) => {
      let id: string;
      if (input.id) {
        const { count } = await tx.label.updateMany({ where: { id: input.id }, data });
        if (count === 0) throw new AppError("not_found", "That label no longer exists: another admin deleted it.");
        id = input.id;
      } else {
        ({ id } = await tx.label.create({ data, select: { id: true } }));
      }
      await recordAuditEvent(
        { actor: { id: actor.id, email: actor.email }, action: "label.saved", targetType: "label", targetId: id, detail: { name: data.name, color: data.color, isNew: !input.id } },
        tx,
      );
      return { id, name: data.name };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `A label named “${data.name}” exists already.`, { details: { field: "name" } });
    throw error;
  }
}
