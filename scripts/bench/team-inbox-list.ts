// The inbox list as an agent of a team sees it: 10,000 conversations across 10 inboxes, the agent's
// team handling 3 of them, against the admin's list of all of them on the same database in the same
// run (the baseline). Access is decided inside the list query's where-clause
// (lib/conversations/conversation-access.ts); the target is that it costs the agent at most 1.2×.
import type { DatabaseProvider } from "@/lib/db/database-url";
import { createDb } from "@/lib/db";
import { CHANNELS } from "@/lib/messages/channels";
import { createTestUser, TEST_PASSWORD } from "@/test/support/factories";
import { mustSignIn } from "@/test/support/http-session";
import { createScratchDatabase } from "@/test/support/scratch-database";
import { startCareDeskServer } from "@/test/support/start-server";
import { percentile, round } from "./statistics";

const CONVERSATIONS = 10_000;
const INBOXES = 10;
const TEAM_INBOXES = 3;
const WARM_UP = 10;

export type TeamListTiming = { p50: number; p99: number };
export type TeamListResult = { admin: TeamListTiming; agent: TeamListTiming; agentRows: number; ratio: number };

async function seed(db: ReturnType<typeof createDb>): Promise<string[]> {
  const now = Date.now();
  const inboxIds: string[] = [];
  for (let index = 0; index < INBOXES; index++) inboxIds.push((await db.inbox.create({ data: { name: `Inbox ${index}` } })).id);
  const contacts = Array.from({ length: CONVERSATIONS }, (_, index) => ({ id: `tcontact${String(index).padStart(8, "0")}`, channel: CHANNELS[index % CHANNELS.length]!, address: `4478${String(10_000_000 + index)}` }));
  for (let start = 0; start < contacts.length; start += 2_000) await db.contact.createMany({ data: contacts.slice(start, start + 2_000) });
  const conversations = contacts.map((contact, index) => ({
    id: `tconv${String(index).padStart(8, "0")}`,
    inboxId: inboxIds[index % INBOXES]!,
    contactId: contact.id,
    channel: contact.channel,
    businessNumber: "447700900200",
    status: index % 4 === 0 ? "resolved" : "open",
    lastMessageAt: new Date(now - index * 60_000),
    lastMessagePreview: `Order ${index} question`,
  }));
  for (let start = 0; start < conversations.length; start += 2_000) await db.conversation.createMany({ data: conversations.slice(start, start + 2_000) });
  return inboxIds;
}

async function time(samples: number, action: () => Promise<unknown>): Promise<TeamListTiming> {
  for (let index = 0; index < WARM_UP; index++) await action();
  const durations: number[] = [];
  for (let index = 0; index < samples; index++) {
    const started = performance.now();
    await action();
    durations.push(performance.now() - started);
  }
  return { p50: round(percentile(durations, 50), 2), p99: round(percentile(durations, 99), 2) };
}

export async function benchmarkTeamInboxList(options: { provider: DatabaseProvider; postgresServerUrl?: string; samples: number }): Promise<TeamListResult> {
  const database = await createScratchDatabase(options.provider, { postgresServerUrl: options.postgresServerUrl, prefix: "caredesk_bench_teams" });
  const server = await startCareDeskServer({ env: { DATABASE_URL: database.url, AUTH_FAILURE_DELAY_MS: "0" } });
  const db = createDb(database.url);
  try {
    const admin = await createTestUser(db, { role: "admin" });
    const agent = await createTestUser(db);
    const inboxIds = await seed(db);
    await db.team.create({
      data: { name: "Bench team", members: { create: { userId: agent.id } }, inboxes: { create: inboxIds.slice(0, TEAM_INBOXES).map((inboxId) => ({ inboxId })) } },
    });
    // Every inbox handled by some team: none is open to all agents, as in a team-scoped install.
    await db.team.create({ data: { name: "Others", inboxes: { create: inboxIds.slice(TEAM_INBOXES).map((inboxId) => ({ inboxId })) } } });
    if (options.provider === "postgresql") await db.$executeRawUnsafe("VACUUM ANALYZE");
    const cookies = { admin: await mustSignIn(server.baseUrl, admin.email, TEST_PASSWORD), agent: await mustSignIn(server.baseUrl, agent.email, TEST_PASSWORD) };
    let agentRows = 0;
    const list = (who: "admin" | "agent") => async () => {
      const response = await fetch(`${server.baseUrl}/conversations`, { headers: { cookie: cookies[who] } });
      if (response.status !== 200) throw new Error(`/conversations answered ${response.status} for the ${who}`);
      const html = await response.text();
      if (who === "agent") agentRows = (html.match(/data-testid="conversation-row"/g) ?? []).length;
    };
    // Alternating, so a slower moment of the machine falls on both.
    const admins: TeamListTiming[] = [];
    const agents: TeamListTiming[] = [];
    for (let repeat = 0; repeat < 3; repeat++) {
      admins.push(await time(options.samples, list("admin")));
      agents.push(await time(options.samples, list("agent")));
    }
    const median = (timings: TeamListTiming[], key: "p50" | "p99") => percentile(timings.map((timing) => timing[key]), 50);
    const result = {
      admin: { p50: median(admins, "p50"), p99: median(admins, "p99") },
      agent: { p50: median(agents, "p50"), p99: median(agents, "p99") },
      agentRows,
    };
    return { ...result, ratio: round(result.agent.p50 / result.admin.p50, 2) };
  } finally {
    await db.$disconnect();
    await server.stop();
    await database.drop();
  }
}
