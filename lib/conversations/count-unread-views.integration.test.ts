// The views' unread counts on both databases: per person (their own reads), only open
// conversations, only what conversation-access.ts lets them see, and in agreement with the list a
// view opens and the unread mark each of its rows shows.
import { beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/current-user";
import { ENVIRONMENT_INBOX_ID, UNROUTED_INBOX_ID } from "@/lib/inboxes/inbox-ids";
import { createTestUser, uniqueCustomerNumber } from "@/test/support/factories";
import { testedProviders } from "@/test/support/providers";
import { useAppDatabase } from "@/test/support/use-app-database";
import { getDb } from "../db";
import { conversationFilterSchema } from "./conversation-filters";
import { isUnread, NEVER_READ } from "./conversation-row";
import { countUnreadViews, type UnreadViewCounts } from "./count-unread-views";
import { listConversations } from "./list-conversations";

type Person = "admin" | "orders agent" | "agent of no team";
const MINUTE = 60_000;

describe.each(testedProviders)("countUnreadViews on %s", (provider) => {
  useAppDatabase(provider, { prefix: "caredesk_unread_views" });
  const people = {} as Record<Person, CurrentUser>;
  const inboxes = {} as Record<"orders" | "deliveries" | "open", string>;
  const labels = {} as Record<"refund" | "vip", string>;
  const customerWroteAt = new Date(Date.now() - 10 * MINUTE);

  type Seed = {
    inboxId: string;
    status?: string;
    assignee?: Person;
    hasCustomerWritten?: boolean;
    labels?: (keyof typeof labels)[];
    reads?: Partial<Record<Person, { minutesAfterCustomer: number; isMarkedUnread?: boolean }>>;
  };

  async function seed(conversation: Seed) {
    const db = getDb();
    const contact = await db.contact.create({ data: { channel: "whatsapp", address: uniqueCustomerNumber() } });
    const created = await db.conversation.create({
      data: {
        contactId: contact.id,
        channel: "whatsapp",
        businessNumber: "447700900200",
        inboxId: conversation.inboxId,
        status: conversation.status ?? "open",
        assigneeId: conversation.assignee ? people[conversation.assignee].id : null,
        lastMessageAt: customerWroteAt,
        lastInboundAt: conversation.hasCustomerWritten === false ? null : customerWroteAt,
        labels: { create: (conversation.labels ?? []).map((label) => ({ labelId: labels[label] })) },
      },
    });
    for (const [person, read] of Object.entries(conversation.reads ?? {})) {
      await db.conversationRead.create({
        data: {
          conversationId: created.id,
          userId: people[person as Person].id,
          readAt: new Date(customerWroteAt.getTime() + read.minutesAfterCustomer * MINUTE),
          isMarkedUnread: read.isMarkedUnread ?? false,
        },
      });
    }
  }

  beforeAll(async () => {
    const db = getDb();
    const [admin, ordersAgent, loneAgent] = [await createTestUser(db, { role: "admin" }), await createTestUser(db), await createTestUser(db)];
    Object.assign(people, { admin, "orders agent": ordersAgent, "agent of no team": loneAgent });
    inboxes.orders = (await db.inbox.create({ data: { name: "Orders" } })).id;
    inboxes.deliveries = (await db.inbox.create({ data: { name: "Deliveries" } })).id;
    inboxes.open = (await db.inbox.create({ data: { name: "Open to all" } })).id;
    await db.team.create({ data: { name: "Orders team", members: { create: { userId: ordersAgent.id } }, inboxes: { create: { inboxId: inboxes.orders } } } });
    await db.team.create({ data: { name: "Deliveries team", inboxes: { create: { inboxId: inboxes.deliveries } } } });
    labels.refund = (await db.label.create({ data: { name: "Refund", color: "red" } })).id;
    labels.vip = (await db.label.create({ data: { name: "VIP", color: "amber" } })).id;

    // Unassigned in Orders, read by nobody.
    await seed({ inboxId: inboxes.orders, labels: ["refund"] });
    // The orders agent's own: one read since the customer wrote, one read before.
    await seed({ inboxId: inboxes.orders, assignee: "orders agent", reads: { "orders agent": { minutesAfterCustomer: 1 } } });
    await seed({ inboxId: inboxes.orders, assignee: "orders agent", reads: { "orders agent": { minutesAfterCustomer: -1 } } });
    // Read by the orders agent, then marked unread; read by the agent of no team.
    await seed({ inboxId: inboxes.open, labels: ["refund", "vip"], reads: { "orders agent": { minutesAfterCustomer: 1, isMarkedUnread: true }, "agent of no team": { minutesAfterCustomer: 2 } } });
    // Not open: never counted.
    await seed({ inboxId: inboxes.open, status: "resolved", labels: ["vip"] });
    await seed({ inboxId: inboxes.open, status: "pending" });
    await seed({ inboxId: inboxes.open, status: "snoozed" });
    // Started by the business: nothing from the customer to read.
    await seed({ inboxId: ENVIRONMENT_INBOX_ID, hasCustomerWritten: false });
    // Admins only.
    await seed({ inboxId: UNROUTED_INBOX_ID });
    // Assigned across to the agent of no team, in an inbox they do not otherwise see.
    await seed({ inboxId: inboxes.orders, assignee: "agent of no team" });
    // Another team's inbox.
    await seed({ inboxId: inboxes.deliveries });
  });

  const EXPECTED: Record<Person, Omit<UnreadViewCounts, "inboxes" | "labels"> & { inboxes: Record<string, number>; labels: Record<string, number> }> = {
    admin: { all: 7, mine: 0, unassigned: 4, inboxes: { Default: 0, Deliveries: 1, "Open to all": 1, Orders: 4, Unrouted: 1 }, labels: { Refund: 2, VIP: 1 } },
    "orders agent": { all: 4, mine: 1, unassigned: 2, inboxes: { Default: 0, "Open to all": 1, Orders: 3 }, labels: { Refund: 2, VIP: 1 } },
    "agent of no team": { all: 1, mine: 1, unassigned: 0, inboxes: { Default: 0, "Open to all": 0 }, labels: { Refund: 0, VIP: 0 } },
  };

  it.each(Object.keys(EXPECTED) as Person[])("%s: counts their own unread open conversations, in the views they can see", async (person) => {
    const counts = await countUnreadViews(people[person]);
    const expected = EXPECTED[person];
    expect({ all: counts.all, mine: counts.mine, unassigned: counts.unassigned }).toEqual({ all: expected.all, mine: expected.mine, unassigned: expected.unassigned });
    // Views in name order, each with its count.
    expect(counts.inboxes.map((inbox) => [inbox.name, inbox.unread])).toEqual(Object.entries(expected.inboxes));
    expect(counts.labels.map((label) => [label.name, label.unread, label.color])).toEqual([
      ["Refund", expected.labels.Refund, "red"],
      ["VIP", expected.labels.VIP, "amber"],
    ]);
  });

  it.each(Object.keys(EXPECTED) as Person[])("%s: each count is the number of unread rows the view's list shows", async (person) => {
    const user = people[person];
    const counts = await countUnreadViews(user);
    const unreadInList = async (query: Record<string, string>) => {
      const { conversations } = await listConversations(user, conversationFilterSchema.parse(query));
      return conversations.filter((row) => isUnread(row, row.readState ?? NEVER_READ)).length;
    };
    expect(await unreadInList({ assigned: "me" })).toBe(counts.mine);
    expect(await unreadInList({ assigned: "unassigned" })).toBe(counts.unassigned);
    expect(await unreadInList({})).toBe(counts.all);
    for (const inbox of counts.inboxes) expect(await unreadInList({ inbox: inbox.id }), inbox.name).toBe(inbox.unread);
    for (const label of counts.labels) expect(await unreadInList({ label: label.id }), label.name).toBe(label.unread);
  });

  it("a new message from the customer counts again for whoever had read it; reading it takes it off for that person only", async () => {
    const db = getDb();
    const conversation = await db.conversation.findFirstOrThrow({ where: { inboxId: inboxes.orders, reads: { some: { userId: people["orders agent"].id, readAt: { gt: customerWroteAt } } } } });
    const before = { agent: await countUnreadViews(people["orders agent"]), admin: await countUnreadViews(people.admin) };
    await db.conversation.update({ where: { id: conversation.id }, data: { lastInboundAt: new Date() } });
    expect((await countUnreadViews(people["orders agent"])).mine).toBe(before.agent.mine + 1);
    await db.conversationRead.create({ data: { conversationId: conversation.id, userId: people.admin.id, readAt: new Date(Date.now() + MINUTE) } });
    expect((await countUnreadViews(people.admin)).all).toBe(before.admin.all - 1);
    expect((await countUnreadViews(people["orders agent"])).mine).toBe(before.agent.mine + 1);
  });
});
