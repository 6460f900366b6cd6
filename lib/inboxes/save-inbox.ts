// Adding an inbox, or changing its name and the numbers (or channel ids) it serves. One
// transaction with one audit row. A number belongs to one inbox: new conversations to it start
// there (lib/inboxes/route-inbound-sql.ts); conversations already started stay where they are.
import "server-only";
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertAdmin } from "../auth/assert-admin";
import type { CurrentUser } from "../auth/current-user";
import { getDb } from "../db";
import { isUniqueViolation } from "../db/is-unique-violation";
import { AppError } from "../errors";

const inboxSchema = z.object({
  name: z.string().trim().min(1, "Give the inbox a name.").max(80, "Keep the name under 80 characters."),
  /** One per line (or comma-separated), as Vonage writes `to`: digits without + for numbers. */
  addresses: z
    .string()
    .max(20_000)
    .transform((text) => [...new Set(text.split(/[\s,]+/).map((part) => part.trim().replace(/^\+/, "")).filter(Boolean))])
    .pipe(z.array(z.string().regex(/^[A-Za-z0-9._:-]{3,50}$/, "Each number or channel id is 3–50 letters, digits, dots, dashes or colons (numbers as digits, without +).")).max(500)),
});

export type InboxInput = { id?: string; name: string; addresses: string };

export async function saveInbox(actor: CurrentUser, input: InboxInput): Promise<{ id: string; name: string }> {
  assertAdmin(actor);
  const data = inboxSchema.parse(input);
  try {
    return await getDb().$transaction(async (tx) => {
      let id: string;
      if (input.id) {
        const inbox = await tx.inbox.findUnique({ where: { id: input.id }, select: { kind: true } });
        if (!inbox) throw new AppError("not_found", "That inbox no longer exists.");
        if (inbox.kind === "unrouted" && data.addresses.length > 0) throw new AppError("unprocessable", "Unrouted takes what no inbox serves: it lists no numbers.");
        await tx.inbox.update({ where: { id: input.id }, data: { name: data.name } });
        await tx.inboxAddress.deleteMany({ where: { inboxId: input.id } });
        id = input.id;
      } else {
        ({ id } = await tx.inbox.create({ data: { name: data.name }, select: { id: true } }));
      }
      if (data.addresses.length > 0) await tx.inboxAddress.createMany({ data: data.addresses.map((address) => ({ inboxId: id, address })) });
      await recordAuditEvent(
        { actor: { id: actor.id, email: actor.email }, action: "inbox.saved", targetType: "inbox", targetId: id, detail: { name: data.name, addresses: data.addresses.length, isNew: !input.id } },
        tx,
      );
      return { id, name: data.name };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const taken = await getDb().inboxAddress.findFirst({ where: { address: { in: data.addresses }, NOT: input.id ? { inboxId: input.id } : undefined }, select: { address: true, inbox: { select: { name: true } } } });
    throw new AppError("conflict", taken ? `${taken.address} is served by the inbox “${taken.inbox.name}” already: take it off there first.` : "One of these numbers belongs to another inbox already.", {
      details: { field: "addresses" },
    });
  }
}
