// Dashboard at scale: 10,000 conversations and 1,000,000 messages (seed-dashboard.ts), then the
// server time of the inbox page, a filtered and searched page, and a 500-message thread (over HTTP,
// as a browser asks), beside the same reads in-process through CareDesk's query code and as
// hand-written raw SQL (the baseline: what the database alone needs).
import Database from "better-sqlite3";
import pg from "pg";
import { createDb } from "@/lib/db";
import { reloadEnv } from "@/lib/env";
import { parseDatabaseUrl, type DatabaseProvider } from "@/lib/db/database-url";
import { createScratchDatabase } from "@/test/support/scratch-database";
import { startCareDeskServer } from "@/test/support/start-server";
import { THREAD_PAGE_SIZE } from "@/lib/conversations/thread-pages";
import { signInBenchAgent } from "./bench-agent";
import { CONVERSATIONS, MESSAGES, seedDashboard, THREAD_LENGTH } from "./seed-dashboard";
import { round, timeRuns } from "./statistics";

export type Timing = { p50: number; p99: number };
export type DashboardRow = { scenario: string; page: Timing; query: Timing; rawSql: Timing; pageToRawSql: number; queryToRawSql: number };
export type DashboardResult = { conversations: number; messages: number; seedSeconds: number; rows: DashboardRow[] };

function rawSql(url: string) {
  const target = parseDatabaseUrl(url);
  // The page of conversations first (the keyset index does the work), then its contacts and assignees.
  const list = (where: string) => `SELECT c."id", c."channel", c."status", c."lastMessageAt", c."lastMessagePreview", ct."address", ct."profileName", u."email"
    FROM (SELECT * FROM "Conversation" c WHERE ${where} ORDER BY c."lastMessageAt" DESC, c."id" DESC LIMIT 31) c
    JOIN "Contact" ct ON ct."id" = c."contactId" LEFT JOIN "User" u ON u."id" = c."assigneeId"
    ORDER BY c."lastMessageAt" DESC, c."id" DESC`;
  if (target.provider === "sqlite") {
    const db = new Database(target.filePath, { readonly: true });
    const listOpen = db.prepare(list(`c."status" = 'open'`));
    const search = db.prepare(
      list(
        `c."status" = 'open' AND c."channel" = ? AND (EXISTS (SELECT 1 FROM "Contact" k WHERE k."id" = c."contactId" AND (k."address" LIKE ? OR k."profileName" LIKE ?)) OR EXISTS (SELECT 1 FROM "Message" m WHERE m."conversationId" = c."id" AND m."text" LIKE ?))`,
      ),
    );
    const thread = db.prepare(`SELECT * FROM "Message" WHERE "conversationId" = ? ORDER BY "sentAt" DESC, "id" DESC LIMIT ${THREAD_PAGE_SIZE + 1}`);
    return {
      list: async () => void listOpen.all(),
      search: async (channel: string, word: string) => void search.all(channel, `%${word}%`, `%${word}%`, `%${word}%`),
      thread: async (id: string) => void thread.all(id),
      close: async () => db.close(),
    };
  }
  const pool = new pg.Pool({ connectionString: target.url, max: 2 });
  return {
    list: async () => void (await pool.query(list(`c."status" = 'open'`))),
    search: async (channel: string, word: string) =>
      void (await pool.query(
        list(
          `c."status" = 'open' AND c."channel" = $1 AND (EXISTS (SELECT 1 FROM "Contact" k WHERE k."id" = c."contactId" AND (k."address" ILIKE $2 OR k."profileName" ILIKE $2)) OR EXISTS (SELECT 1 FROM "Message" m WHERE m."conversationId" = c."id" AND m."text" ILIKE $2))`,
        ),
        [channel, `%${word}%`],
      )),
    thread: async (id: string) => void (await pool.query(`SELECT * FROM "Message" WHERE "conversationId" = $1 ORDER BY "sentAt" DESC, "id" DESC LIMIT ${THREAD_PAGE_SIZE + 1}`, [id])),
    close: () => pool.end(),
  };
}

/** Requests before the timed ones: the server's first renders of a page pay for JIT compilation. */
const WARM_UP = 10;

const time = (samples: number, action: () => Promise<unknown>): Promise<Timing> => timeRuns(action, { samples, warmUp: WARM_UP });

export async function benchmarkDashboard(options: { provider: DatabaseProvider; postgresServerUrl?: string; samples: number }): Promise<DashboardResult> {
  const database = await createScratchDatabase(options.provider, { postgresServerUrl: options.postgresServerUrl, prefix: "caredesk_bench_dash" });
  const server = await startCareDeskServer({ env: { DATABASE_URL: database.url, AUTH_FAILURE_DELAY_MS: "0" } });
  // CareDesk's own query code, in this process, against the same database.
  process.env.DATABASE_URL = database.url;
  reloadEnv();
  const { listConversations } = await import("@/lib/conversations/list-conversations");
  const { getConversation } = await import("@/lib/conversations/get-conversation");
  const { conversationFilterSchema } = await import("@/lib/conversations/conversation-filters");
  const db = createDb(database.url);
  const raw = rawSql(database.url);
  try {
    // Signed in before the seeding, while the server is fresh.
    const { user, cookie } = await signInBenchAgent(db, server.baseUrl);
    const seedStarted = performance.now();
    const { threadId, searchWord } = await seedDashboard(database.url);
    const seedSeconds = round((performance.now() - seedStarted) / 1000);
    const page = (path: string) => async () => {
      const response = await fetch(`${server.baseUrl}${path}`, { headers: { cookie } });
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      await response.text();
    };
    const searchParams = `?channel=whatsapp&q=${encodeURIComponent(searchWord)}`;
    const scenarios = [
      {
        scenario: "conversation list",
        page: page("/conversations"),
        query: () => listConversations(user, conversationFilterSchema.parse({})),
        raw: () => raw.list(),
      },
      {
        scenario: "filtered + searched list",
        page: page(`/conversations${searchParams}`),
        query: () => listConversations(user, conversationFilterSchema.parse({ channel: "whatsapp", q: searchWord })),
        raw: () => raw.search("whatsapp", searchWord),
      },
      {
        scenario: `${THREAD_LENGTH}-message thread`,
        page: page(`/conversations/${threadId}`),
        query: () => getConversation(user, threadId),
        raw: () => raw.thread(threadId),
      },
    ];
    // Every page first: the in-process reads below block this process's event loop (better-sqlite3
    // is synchronous), for seconds with searches over a million messages, past the server's
    // keep-alive timeout; a page request after them would reuse a connection closed meanwhile.
    const pageTimings: Timing[] = [];
    for (const scenario of scenarios) pageTimings.push(await time(options.samples, scenario.page));
    const rows: DashboardRow[] = [];
    for (const [index, scenario] of scenarios.entries()) {
      const pageTiming = pageTimings[index]!;
      const queryTiming = await time(options.samples, scenario.query);
      const rawTiming = await time(options.samples, scenario.raw);
      rows.push({
        scenario: scenario.scenario,
        page: pageTiming,
        query: queryTiming,
        rawSql: rawTiming,
        pageToRawSql: round(pageTiming.p50 / Math.max(rawTiming.p50, 0.01), 1),
        queryToRawSql: round(queryTiming.p50 / Math.max(rawTiming.p50, 0.01), 1),
      });
    }
    return { conversations: CONVERSATIONS, messages: MESSAGES, seedSeconds, rows };
  } finally {
    await raw.close();
    await db.$disconnect();
    await server.stop();
    await database.drop();
  }
}
