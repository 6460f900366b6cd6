// Canned replies on real databases, called as the admin page's actions call them (save, delete,
// list): only admins may, the shortcut rules and its uniqueness are said in words, each change
// leaves one audit row naming the shortcut and never the text, and the composer sees the result.
import { ENVIRONMENT_INBOX_ID } from "@/lib/inboxes/inbox-ids";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTestUser } from "@/test/support/factories";
import { testedProviders } from "@/test/support/providers";
import { signedInAs } from "@/test/support/signed-in";
import { useAppDatabase } from "@/test/support/use-app-database";
import { getDb } from "../db";
import { formStateFromError } from "../http/form-state";
import { deleteCannedReply } from "./delete-canned-reply";
import { getComposerContext } from "./get-composer-context";
import { listCannedReplies } from "./list-canned-replies";
import { saveCannedReply } from "./save-canned-reply";

const uniqueShortcut = (word: string) => `${word}-${randomUUID().slice(0, 8)}`;

/** What the form shows for a refused save. */
async function refusalOf(saving: Promise<unknown>) {
  return formStateFromError(await saving.then(() => new Error("the save was not refused"), (error: unknown) => error));
}

describe.each(testedProviders)("canned replies on %s", (provider) => {
  useAppDatabase(provider, { prefix: "caredesk_canned" });
  const userOf = async (role: "admin" | "agent") => signedInAs(await createTestUser(getDb(), { role }));

  it("refuses an agent every change and the list, storing and auditing nothing", async () => {
    const [admin, agent] = [await userOf("admin"), await userOf("agent")];
    const existing = await saveCannedReply(admin, { shortcut: uniqueShortcut("thanks"), text: "Thank you for your patience." });
    const shortcut = uniqueShortcut("sneaky");

    await expect(saveCannedReply(agent, { shortcut, text: "Not allowed." })).rejects.toMatchObject({ code: "forbidden", message: "Only admins may do this." });
    await expect(saveCannedReply(agent, { id: existing.id, shortcut, text: "Not allowed." })).rejects.toMatchObject({ code: "forbidden" });
    await expect(deleteCannedReply(agent, existing.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(listCannedReplies(agent)).rejects.toMatchObject({ code: "forbidden" });

    expect(await getDb().cannedReply.findMany({ where: { OR: [{ shortcut }, { id: existing.id }] }, select: { shortcut: true, text: true } })).toEqual([
      { shortcut: existing.shortcut, text: "Thank you for your patience." },
    ]);
    expect(await getDb().auditEvent.count({ where: { actorId: agent.id } })).toBe(0);
  });

  it("an admin adds, edits and deletes one, with one audit row per change that names the shortcut and never the text", async () => {
    const admin = await userOf("admin");
    const shortcut = uniqueShortcut("refund");
    const text = `Your refund ${randomUUID()} is on its way.`;
    const editedText = `Your refund ${randomUUID()} arrives within 5 working days.`;

    const added = await saveCannedReply(admin, { shortcut: `/${shortcut.toUpperCase()}`, text: `  ${text}\n` });
    expect(added.shortcut).toBe(shortcut);
    expect(await getDb().cannedReply.findUniqueOrThrow({ where: { id: added.id } })).toMatchObject({ shortcut, text, createdById: admin.id });
    expect(await listCannedReplies(admin)).toContainEqual(expect.objectContaining({ id: added.id, shortcut, text }));
    expect((await getComposerContext({ id: "no-conversation", channel: "whatsapp", inboxId: ENVIRONMENT_INBOX_ID })).cannedReplies).toContainEqual({ shortcut, text });

    const renamed = `${shortcut}-v2`;
    await saveCannedReply(admin, { id: added.id, shortcut: renamed, text: editedText });
    expect(await getDb().cannedReply.findUniqueOrThrow({ where: { id: added.id } })).toMatchObject({ shortcut: renamed, text: editedText, createdById: admin.id });
    expect((await getComposerContext({ id: "no-conversation", channel: "sms", inboxId: ENVIRONMENT_INBOX_ID })).cannedReplies).toContainEqual({ shortcut: renamed, text: editedText });

    expect(await deleteCannedReply(admin, added.id)).toEqual({ shortcut: renamed });
    expect(await getDb().cannedReply.count({ where: { id: added.id } })).toBe(0);
    expect((await listCannedReplies(admin)).map((row) => row.id)).not.toContain(added.id);

    // Any order: the three may share a millisecond.
    const audit = await getDb().auditEvent.findMany({ where: { targetId: added.id } });
    expect(audit).toHaveLength(3);
    expect(audit.map(({ actorId, actorEmail, action, targetType, detail }) => ({ actorId, actorEmail, action, targetType, detail }))).toEqual(expect.arrayContaining([
      { actorId: admin.id, actorEmail: admin.email, action: "canned_reply.saved", targetType: "canned_reply", detail: { shortcut, isNew: true } },
      { actorId: admin.id, actorEmail: admin.email, action: "canned_reply.saved", targetType: "canned_reply", detail: { shortcut: renamed, isNew: false } },
      { actorId: admin.id, actorEmail: admin.email, action: "canned_reply.deleted", targetType: "canned_reply", detail: { shortcut: renamed } },
    ]));
    expect(JSON.stringify(audit)).not.toMatch(/Your refund/);
  });

  it("says what is wrong with a shortcut or text, and stores nothing", async () => {
    const admin = await userOf("admin");
    expect(await refusalOf(saveCannedReply(admin, { shortcut: "refund policy", text: "Hello" }))).toMatchObject({
      fieldErrors: { shortcut: "A shortcut is 1 to 32 letters, digits, - or _, without spaces (like refund-policy)." },
    });
    expect(await refusalOf(saveCannedReply(admin, { shortcut: "x".repeat(33), text: "Hello" }))).toMatchObject({ fieldErrors: { shortcut: expect.stringMatching(/^A shortcut is 1 to 32/) } });
    expect(await refusalOf(saveCannedReply(admin, { shortcut: uniqueShortcut("empty"), text: " " }))).toMatchObject({ fieldErrors: { text: "Write the text agents insert." } });
    expect(await getDb().auditEvent.count({ where: { actorId: admin.id } })).toBe(0);
  });

  it("refuses a shortcut another canned reply has, naming it, whether adding or editing", async () => {
    const admin = await userOf("admin");
    const taken = await saveCannedReply(admin, { shortcut: uniqueShortcut("hello"), text: "Hello! How can we help?" });
    const other = await saveCannedReply(admin, { shortcut: uniqueShortcut("bye"), text: "Goodbye!" });
    const message = `The shortcut /${taken.shortcut} is taken already: edit that canned reply, or choose another shortcut.`;

    const adding = await refusalOf(saveCannedReply(admin, { shortcut: taken.shortcut.toUpperCase(), text: "Hi there" }));
    expect(adding).toEqual({ error: message, fieldErrors: { shortcut: message } });
    const editing = await refusalOf(saveCannedReply(admin, { id: other.id, shortcut: taken.shortcut, text: "Goodbye!" }));
    expect(editing).toEqual({ error: message, fieldErrors: { shortcut: message } });

    expect(await getDb().cannedReply.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ shortcut: other.shortcut });
    expect(await getDb().cannedReply.count({ where: { shortcut: taken.shortcut } })).toBe(1);
    expect(await getDb().auditEvent.count({ where: { actorId: admin.id } })).toBe(2);
  });

  it("says so when the canned reply was deleted meanwhile", async () => {
    const admin = await userOf("admin");
    const cannedReply = await saveCannedReply(admin, { shortcut: uniqueShortcut("gone"), text: "Soon gone." });
    await deleteCannedReply(admin, cannedReply.id);
    await expect(deleteCannedReply(admin, cannedReply.id)).rejects.toMatchObject({ code: "not_found", message: "That canned reply was deleted already." });
    await expect(saveCannedReply(admin, { id: cannedReply.id, shortcut: cannedReply.shortcut, text: "Back?" })).rejects.toMatchObject({
      code: "not_found",
      message: "That canned reply no longer exists: another admin deleted it.",
    });
    expect(await getDb().cannedReply.count({ where: { shortcut: cannedReply.shortcut } })).toBe(0);
    expect(await getDb().auditEvent.count({ where: { targetId: cannedReply.id } })).toBe(2);
  });
});
