// WhatsApp templates on real databases, called as the admin page's actions call them (save,
// delete, list): only admins may, a body and labels that do not match and a second template of
// the same name and language are refused in words, each change leaves one audit row naming the
// template and never its body, and the composer offers the result.
import { ENVIRONMENT_INBOX_ID } from "@/lib/inboxes/inbox-ids";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTestUser } from "@/test/support/factories";
import { testedProviders } from "@/test/support/providers";
import { signedInAs } from "@/test/support/signed-in";
import { useAppDatabase } from "@/test/support/use-app-database";
import { getDb } from "../db";
import { formStateFromError } from "../http/form-state";
import { deleteReplyTemplate } from "./delete-reply-template";
import { getComposerContext } from "./get-composer-context";
import { listReplyTemplates } from "./list-reply-templates";
import { saveReplyTemplate } from "./save-reply-template";

const uniqueName = (word: string) => `${word}_${randomUUID().slice(0, 8)}`;

/** What the form shows for a refused save. */
async function refusalOf(saving: Promise<unknown>) {
  return formStateFromError(await saving.then(() => new Error("the save was not refused"), (error: unknown) => error));
}

describe.each(testedProviders)("WhatsApp templates on %s", (provider) => {
  useAppDatabase(provider, { prefix: "caredesk_templates" });
  const userOf = async (role: "admin" | "agent") => signedInAs(await createTestUser(getDb(), { role }));
  const orderUpdate = (name: string) => ({ name, locale: "en_US", body: "Hi {{1}}, your order {{2}} has shipped.", parameters: ["Customer name", "Order number"] });

  it("refuses an agent every change and the list, storing and auditing nothing", async () => {
    const [admin, agent] = [await userOf("admin"), await userOf("agent")];
    const existing = await saveReplyTemplate(admin, orderUpdate(uniqueName("order_update")));
    const name = uniqueName("sneaky");

    await expect(saveReplyTemplate(agent, orderUpdate(name))).rejects.toMatchObject({ code: "forbidden", message: "Only admins may do this." });
    await expect(saveReplyTemplate(agent, { ...orderUpdate(name), id: existing.id })).rejects.toMatchObject({ code: "forbidden" });
    await expect(deleteReplyTemplate(agent, existing.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(listReplyTemplates(agent)).rejects.toMatchObject({ code: "forbidden" });

    expect(await getDb().replyTemplate.count({ where: { name } })).toBe(0);
    expect(await getDb().replyTemplate.findUniqueOrThrow({ where: { id: existing.id } })).toMatchObject({ name: existing.name });
    expect(await getDb().auditEvent.count({ where: { actorId: agent.id } })).toBe(0);
  });

  it("an admin adds, edits and deletes one, with one audit row per change that names it and never the body", async () => {
    const admin = await userOf("admin");
    const name = uniqueName("delivery_update");
    const added = await saveReplyTemplate(admin, { name, locale: "pt_BR", body: "Olá {{1}}, a sua encomenda chega {{2}}.", parameters: [" Customer name ", "Day"] });
    const stored = { name, locale: "pt_BR", body: "Olá {{1}}, a sua encomenda chega {{2}}.", parameters: ["Customer name", "Day"] };
    expect(await getDb().replyTemplate.findUniqueOrThrow({ where: { id: added.id } })).toMatchObject(stored);
    expect(await listReplyTemplates(admin)).toContainEqual(expect.objectContaining({ id: added.id, ...stored }));
    expect((await getComposerContext({ id: "no-conversation", channel: "whatsapp", inboxId: ENVIRONMENT_INBOX_ID })).templates).toContainEqual({ id: added.id, ...stored });

    const edited = { name, locale: "pt_BR", body: "Olá {{1}}, a encomenda {{2}} chega {{3}}.", parameters: ["Customer name", "Order number", "Day"] };
    await saveReplyTemplate(admin, { ...edited, id: added.id });
    expect((await getComposerContext({ id: "no-conversation", channel: "whatsapp", inboxId: ENVIRONMENT_INBOX_ID })).templates).toContainEqual({ id: added.id, ...edited });

    expect(await deleteReplyTemplate(admin, added.id)).toEqual({ name, locale: "pt_BR" });
    expect(await getDb().replyTemplate.count({ where: { id: added.id } })).toBe(0);
    expect((await listReplyTemplates(admin)).map((row) => row.id)).not.toContain(added.id);

    // Any order: the three may share a millisecond.
    const audit = await getDb().auditEvent.findMany({ where: { targetId: added.id } });
    expect(audit).toHaveLength(3);
    const row = (action: string, detail: Record<string, unknown>) => ({ actorId: admin.id, actorEmail: admin.email, action, targetType: "template", detail });
    expect(audit.map(({ actorId, actorEmail, action, targetType, detail }) => ({ actorId, actorEmail, action, targetType, detail }))).toEqual(
      expect.arrayContaining([
        row("template.saved", { name, locale: "pt_BR", isNew: true }),
        row("template.saved", { name, locale: "pt_BR", isNew: false }),
        row("template.deleted", { name, locale: "pt_BR" }),
      ]),
    );
    expect(JSON.stringify(audit)).not.toMatch(/encomenda|Customer name/);
  });

  it("refuses labels that do not match the placeholders, saying both numbers, and placeholders that skip one", async () => {
    const admin = await userOf("admin");
    const name = uniqueName("order_update");
    expect(await refusalOf(saveReplyTemplate(admin, { ...orderUpdate(name), parameters: ["Customer name"] }))).toMatchObject({
      fieldErrors: { parameters: "The body's placeholders go up to {{2}}, so it needs 2 labels, one per line; you gave 1." },
    });
    expect(await refusalOf(saveReplyTemplate(admin, { ...orderUpdate(name), parameters: ["Customer name", "Order number", "Day"] }))).toMatchObject({
      fieldErrors: { parameters: "The body's placeholders go up to {{2}}, so it needs 2 labels, one per line; you gave 3." },
    });
    expect(await refusalOf(saveReplyTemplate(admin, { ...orderUpdate(name), body: "Hi {{1}}, your order {{3}} has shipped." }))).toMatchObject({
      fieldErrors: { body: "The placeholders skip {{2}}: they must run {{1}}, {{2}}, … without gaps." },
    });
    expect(await refusalOf(saveReplyTemplate(admin, { ...orderUpdate(name), name: "Order Update" }))).toMatchObject({
      fieldErrors: { name: expect.stringMatching(/^Enter the name exactly as approved/) },
    });
    expect(await refusalOf(saveReplyTemplate(admin, { ...orderUpdate(name), locale: "english" }))).toMatchObject({
      fieldErrors: { locale: "Enter the language as approved, like en, en_US or pt_BR." },
    });
    expect(await getDb().replyTemplate.count({ where: { name } })).toBe(0);
    expect(await getDb().auditEvent.count({ where: { actorId: admin.id } })).toBe(0);
  });

  it("refuses a second template of the same name and language, naming both, whether adding or editing; another language is another template", async () => {
    const admin = await userOf("admin");
    const name = uniqueName("order_update");
    const english = await saveReplyTemplate(admin, orderUpdate(name));
    const german = await saveReplyTemplate(admin, { ...orderUpdate(name), locale: "de", body: "Hallo {{1}}, Ihre Bestellung {{2}} ist unterwegs." });
    const message = `There is a template ${name} in en_US already: edit that one instead.`;

    expect(await refusalOf(saveReplyTemplate(admin, orderUpdate(name)))).toEqual({ error: message, fieldErrors: { name: message } });
    expect(await refusalOf(saveReplyTemplate(admin, { ...orderUpdate(name), id: german.id }))).toEqual({ error: message, fieldErrors: { name: message } });

    expect(await getDb().replyTemplate.findMany({ where: { name }, select: { id: true, locale: true }, orderBy: { locale: "asc" } })).toEqual([
      { id: german.id, locale: "de" },
      { id: english.id, locale: "en_US" },
    ]);
    expect(await getDb().auditEvent.count({ where: { actorId: admin.id } })).toBe(2);
  });

  it("says so when the template was deleted meanwhile", async () => {
    const admin = await userOf("admin");
    const template = await saveReplyTemplate(admin, orderUpdate(uniqueName("gone")));
    await deleteReplyTemplate(admin, template.id);
    await expect(deleteReplyTemplate(admin, template.id)).rejects.toMatchObject({ code: "not_found", message: "That template was deleted already." });
    await expect(saveReplyTemplate(admin, { ...orderUpdate(template.name), id: template.id })).rejects.toMatchObject({
      code: "not_found",
      message: "That template no longer exists: another admin deleted it.",
    });
    expect(await getDb().replyTemplate.count({ where: { name: template.name } })).toBe(0);
    expect(await getDb().auditEvent.count({ where: { targetId: template.id } })).toBe(2);
  });
});
