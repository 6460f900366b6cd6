// Unread is per person, proven over real HTTP on both databases with two agents: opening a thread
// reads it for the one who opened it; "Mark unread" marks it for them alone; a new message from the
// customer makes it unread again for whoever had read it; and one person's read changes travel on
// their own live stream only. What each person sees is read as they see it: the list's unread mark
// and the views' counts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callServerAction } from "@/test/support/call-server-action";
import { createTestUser, TEST_PASSWORD, uniqueCustomerNumber } from "@/test/support/factories";
import { mustSignIn } from "@/test/support/http-session";
import { postgresServerUrl, testedProviders } from "@/test/support/providers";
import { submitActionForm } from "@/test/support/submit-action-form";
import { startWebhookStack, type WebhookStack } from "@/test/support/webhook-stack";
import { buildInboundPayload } from "@/test/vonage-fake/build-payloads";
import { sendWebhook } from "@/test/vonage-fake/send-webhook";
import type { UnreadViewCounts } from "./count-unread-views";

type Person = "Ana" | "Ben";
type Update = { id: number; kind: string; conversationId: string; userId: string | null; conversation: { lastMessagePreview: string; readState?: { isMarkedUnread: boolean } } };

/** Collects a live stream's updates until `stop()`, once it says it is subscribed (`connected`). */
function collectUpdates(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const updates: Update[] = [];
  let buffer = "";
  let onConnected = () => {};
  const connected = new Promise<void>((resolve) => (onConnected = resolve));
  const reading = (async () => {
    for (;;) {
      const next = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (next.done) return;
      buffer += decoder.decode(next.value, { stream: true });
      const blocks = buffer.split("\n\n");
      buffer = blocks.pop()!;
      for (const block of blocks) {
        if (/^: connected$/m.test(block)) onConnected();
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (/^event: update$/m.test(block) && data) updates.push(JSON.parse(data) as Update);
      }
    }
  })();
  return {
    updates,
    connected,
    async stop() {
      await reader.cancel().catch(() => {});
      await reading;
      return updates;
    },
  };
}

describe.each(testedProviders)("unread per person on %s", (provider) => {
  let stack: WebhookStack;
  const cookies = {} as Record<Person, string>;
  const ids = {} as Record<Person, string>;

  async function customerWrites(from: string, text: string): Promise<string> {
    const payload = buildInboundPayload({ channel: "whatsapp", messageType: "text", from, text, profileName: "Priya Shah" });
    expect((await sendWebhook(stack.target, "inbound", payload)).status).toBe(200);
    return (await stack.db.message.findUniqueOrThrow({ where: { messageUuid: String(payload.message_uuid) } })).conversationId;
  }

  const get = (person: Person, path: string) => fetch(`${stack.server.baseUrl}${path}`, { headers: { cookie: cookies[person] }, redirect: "manual" });

  /** Whether the person's list shows the conversation's row with the unread mark. */
  async function isUnreadInList(person: Person, conversationId: string): Promise<boolean> {
    const html = await (await get(person, "/conversations?status=all")).text();
    const row = new RegExp(`<a[^>]*href="/conversations/${conversationId}(?:\\?[^"]*)?"[^>]*>[\\s\\S]*?</a>`).exec(html)?.[0];
    if (!row) throw new Error(`${person}'s list has no row for ${conversationId}`);
    return row.includes('aria-label="Unread"');
  }

  async function countsOf(person: Person): Promise<UnreadViewCounts> {
    const response = await get(person, "/api/conversations/counts");
    expect(response.status).toBe(200);
    return (await response.json()) as UnreadViewCounts;
  }

  /** What each person sees of the conversation: the list's mark, and the Unassigned and All counts. */
  async function seen(conversationId: string) {
    const of = async (person: Person) => {
      const counts = await countsOf(person);
      return { isUnread: await isUnreadInList(person, conversationId), unassigned: counts.unassigned, all: counts.all };
    };
    return { Ana: await of("Ana"), Ben: await of("Ben") };
  }

  const UNREAD = { isUnread: true, unassigned: 1, all: 1 };
  const READ = { isUnread: false, unassigned: 0, all: 0 };

  /** Opening the thread: what the page's own script does (components/conversations/mark-read.tsx). */
  async function opens(person: Person, conversationId: string) {
    expect((await get(person, `/conversations/${conversationId}`)).status).toBe(200);
    const { status } = await callServerAction(stack.server.baseUrl, `/conversations/${conversationId}`, {
      cookie: cookies[person],
      file: "app/(signed-in)/conversations/[conversationId]/actions.ts",
      exportedName: "markReadAction",
      args: [conversationId],
    });
    expect(status).toBe(200);
  }

  async function marksUnread(person: Person, conversationId: string) {
    const result = await submitActionForm(stack.server.baseUrl, `/conversations/${conversationId}`, { cookie: cookies[person], formContaining: 'value="mark_unread"', fields: {} });
    expect(result.html).toContain("Marked unread.");
  }

  beforeAll(async () => {
    stack = await startWebhookStack({ provider, postgresServerUrl });
    for (const person of ["Ana", "Ben"] as const) {
      const user = await createTestUser(stack.db);
      ids[person] = user.id;
      cookies[person] = await mustSignIn(stack.server.baseUrl, user.email, TEST_PASSWORD);
    }
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("answers 401 to a signed-out visitor asking for counts", async () => {
    const response = await fetch(`${stack.server.baseUrl}/api/conversations/counts`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
  });

  it("reading, marking unread and a new customer message change each person's own unread state only; read updates reach only their person", async () => {
    const streams = { Ana: collectUpdates(await get("Ana", "/api/events")), Ben: collectUpdates(await get("Ben", "/api/events")) };
    await Promise.all([streams.Ana.connected, streams.Ben.connected]);
    const customer = uniqueCustomerNumber();
    const conversationId = await customerWrites(customer, "Where is my parcel?");
    expect(await seen(conversationId)).toEqual({ Ana: UNREAD, Ben: UNREAD });

    // Ana opens the thread: read for her, still unread for Ben.
    await opens("Ana", conversationId);
    expect(await seen(conversationId)).toEqual({ Ana: READ, Ben: UNREAD });

    // Ben reads it too; then Ana marks it unread: for her, not for him.
    await opens("Ben", conversationId);
    expect(await seen(conversationId)).toEqual({ Ana: READ, Ben: READ });
    await marksUnread("Ana", conversationId);
    expect(await seen(conversationId)).toEqual({ Ana: UNREAD, Ben: READ });

    // Ana reads it again; the customer writes: unread again for both, who had both read it.
    await opens("Ana", conversationId);
    expect(await seen(conversationId)).toEqual({ Ana: READ, Ben: READ });
    await customerWrites(customer, "Any news?");
    expect(await seen(conversationId)).toEqual({ Ana: UNREAD, Ben: UNREAD });

    // Both streams have heard the last message once it is in both: then each stream's read updates are compared.
    const sentinel = await customerWrites(uniqueCustomerNumber(), "The last one");
    await expect.poll(() => Object.values(streams).every((stream) => stream.updates.some((update) => update.conversationId === sentinel)), { timeout: 10_000 }).toBe(true);
    const heard = { Ana: await streams.Ana.stop(), Ben: await streams.Ben.stop() };
    const reads = (person: Person) => heard[person].filter((update) => update.kind === "read");
    // Ana's: her two reads and her mark (each with her own read state); Ben's: his one read.
    expect(reads("Ana").map((update) => [update.userId, update.conversation.readState?.isMarkedUnread])).toEqual([
      [ids.Ana, false],
      [ids.Ana, true],
      [ids.Ana, false],
    ]);
    expect(reads("Ben").map((update) => [update.userId, update.conversation.readState?.isMarkedUnread])).toEqual([[ids.Ben, false]]);
    // The messages everyone may see reached both, with no one's read state on them.
    for (const person of ["Ana", "Ben"] as const) {
      const messages = heard[person].filter((update) => update.kind === "message" && update.conversationId === conversationId);
      expect(messages.map((update) => update.conversation.lastMessagePreview)).toEqual(["Where is my parcel?", "Any news?"]);
      expect(messages.every((update) => update.conversation.readState === undefined)).toBe(true);
    }
  });
});
