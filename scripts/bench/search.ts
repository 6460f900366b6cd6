// Inbox search at scale: 10,000 conversations and 1,000,000 messages of varied text
// (seed-messages-at-scale.ts), searched by an agent for a rare word, a common word, a surname, part
// of a number, two words, and a word in most messages with a rarer one: through CareDesk's query
// code in this process, and as the page over HTTP. The baseline, timed in the same run on the same
// database, is the search as it was before the full-text indexes: a LIKE '%…%' over the customer's
// fields and every message's text.
import type { CurrentUser } from "@/lib/auth/current-user";
import { createDb, type Db } from "@/lib/db";
import type { DatabaseProvider } from "@/lib/db/database-url";
import { reloadEnv } from "@/lib/env";
import { createScratchDatabase } from "@/test/support/scratch-database";
import { startCareDeskServer } from "@/test/support/start-server";
import { signInBenchAgent } from "./bench-agent";
import { seedMessagesAtScale, type SeededDesk } from "./seed-messages-at-scale";
import { round, timeRuns } from "./statistics";

export const SEARCH_PLAN = { conversations: 10_000, messages: 1_000_000 };
/** The target: a search answers within this at a million messages (p50, in-process query). */
export const SEARCH_TARGET_MS = 30;
const WARM_UP = 3;

export type SearchTiming = { p50: number; p99: number };
export type SearchRow = { query: string; typed: string; found: number; search: SearchTiming; page: SearchTiming; baseline: SearchTiming; baselineToSearch: number };
export type SearchResult = { messages: number; seedSeconds: number; rows: SearchRow[] };

const time = (samples: number, action: () => Promise<unknown>, warmUp = WARM_UP): Promise<SearchTiming> => timeRuns(action, { samples, warmUp });

/** The inbox search before the full-text indexes (the list's where-clause as it was), for the baseline. */
async function searchByContains(db: Db, provider: DatabaseProvider, user: CurrentUser, q: string) {
  const { conversationAccessWhere } = await import("@/lib/conversations/conversation-access");
  const { conversationRowSelectFor } = await import("@/lib/conversations/conversation-row");
  // SQLite's LIKE ignores ASCII case already; PostgreSQL needs ILIKE (the SQLite client's types lack `mode`).
  const text = (provider === "postgresql" ? { contains: q, mode: "insensitive" } : { contains: q }) as { contains: string };
  return db.conversation.findMany({
    where: {
      AND: [
        conversationAccessWhere(user),
        { status: "open" },
        { OR: [{ contact: { address: text } }, { contact: { profileName: text } }, { contact: { name: text } }, { messages: { some: { text } } }] },
      ],
    },
    orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }],
    take: 31,
    select: conversationRowSelectFor(user.id),
  });
}

const queriesOf = (desk: SeededDesk) => [
  { query: "rare word", typed: desk.rareWord },
  { query: "common word", typed: desk.commonWord },
  { query: "surname", typed: desk.surname },
  { query: "partial number", typed: desk.partialNumber },
  { query: "two words", typed: desk.phrase },
  // A word in most messages with a rarer one: the index must not read the common word's whole list.
  { query: "word in most messages + rare word", typed: `${desk.nearlyEverywhereWord} ${desk.rareWord}` },
  { query: "word in most messages + first name", typed: `${desk.nearlyEverywhereWord} ${desk.firstName}` },
];

export async function benchmarkSearch(options: {
  provider: DatabaseProvider;
  postgresServerUrl?: string;
  samples: number;
  baselineSamples: number;
}): Promise<SearchResult> {
  const database = await createScratchDatabase(options.provider, { postgresServerUrl: options.postgresServerUrl, prefix: "caredesk_bench_search" });
  const server = await startCareDeskServer({ env: { DATABASE_URL: database.url, AUTH_FAILURE_DELAY_MS: "0" } });
  process.env.DATABASE_URL = database.url;
  reloadEnv();
  const { listConversations } = await import("@/lib/conversations/list-conversations");
  const { conversationFilterSchema } = await import("@/lib/conversations/conversation-filters");
  const db = createDb(database.url);
  try {
    const { user, cookie } = await signInBenchAgent(db, server.baseUrl);
    const seedStarted = performance.now();
    const desk = await seedMessagesAtScale(database.url, SEARCH_PLAN);
    const seedSeconds = round((performance.now() - seedStarted) / 1000);

    const rows: SearchRow[] = [];
    for (const { query, typed } of queriesOf(desk)) {
      const filter = conversationFilterSchema.parse({ q: typed });
      const found = (await listConversations(user, filter)).conversations.length;
      const search = await time(options.samples, () => listConversations(user, filter));
      const page = await time(options.samples, async () => {
        const response = await fetch(`${server.baseUrl}/conversations?q=${encodeURIComponent(typed)}`, { headers: { cookie } });
        if (response.status !== 200) throw new Error(`search page answered ${response.status}`);
        await response.text();
      });
      // A LIKE scan of a million messages takes seconds: one warm-up and a few timed runs.
      const baseline = await time(options.baselineSamples, () => searchByContains(db, options.provider, user, typed), 1);
      rows.push({ query, typed, found, search, page, baseline, baselineToSearch: round(baseline.p50 / Math.max(search.p50, 0.01), 1) });
      console.log(`  ${query} ("${typed}"): search p50 ${search.p50} ms, page p50 ${page.p50} ms, LIKE baseline p50 ${baseline.p50} ms`);
    }
    return { messages: SEARCH_PLAN.messages, seedSeconds, rows };
  } finally {
    await db.$disconnect();
    await server.stop();
    await database.drop();
  }
}
