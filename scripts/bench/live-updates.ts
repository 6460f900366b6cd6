// Benchmark: live updates under load. Simulated browser tabs (live-tabs.ts, a process of its own)
// hold /api/events open as a browser does, a tenth of them losing their stream every ~8 s and
// coming back with Last-Event-ID, while signed inbound webhooks arrive at a steady rate from this
// process. Measured: per tab, the time from a webhook's sending to the tab showing its message
// (the inbox row at the coalesced batch; in an open thread, when the batch's one request returns);
// messages a tab never showed; the time from sending to the message's live event being written
// (how much of a late update the ingest took); the server's CPU (/proc, its whole process tree)
// over the sending window; resident memory per open stream. Baseline, in the same run: the tab as
// it was before, rendering its page again (an RSC request) 250 ms after each burst of events. The
// load generator runs on the same cores as the server. The target is one `next start` here, or
// three instances behind nginx (live-updates-across-instances.ts), whose CPU and memory are added up.
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { createDb, type Db } from "@/lib/db";
import type { DatabaseProvider } from "@/lib/db/database-url";
import { createTestUser, TEST_PASSWORD } from "@/test/support/factories";
import { mustSignIn } from "@/test/support/http-session";
import { createScratchDatabase } from "@/test/support/scratch-database";
import { startCareDeskServer } from "@/test/support/start-server";
import { buildInboundPayload } from "@/test/vonage-fake/build-payloads";
import { signWebhook } from "@/test/vonage-fake/sign-webhook";
import { wallClockMs, type ExpectedMessage, type TabClient, type TabPlan, type TabResult, type TabsCommand, type TabsReply } from "./live-tab-protocol";
import { cpuSeconds, establishedConnections, machineBusySeconds, residentBytes } from "./process-usage";
import { spreadTabs } from "./spread-tabs";
import { median, percentile } from "./statistics";

export type LiveScenario = { tabs: number; messagesPerSecond: number; client: TabClient; seconds: number };

/** A CareDesk process the tabs use: its CPU and memory are the server's. */
export type LiveInstance = { name: string; pid: number; port: number };

/** What the benchmark runs against: one `next start`, or a cluster of them behind nginx. */
export type LiveTarget = {
  databaseUrl: string;
  secret: WebhookSecret;
  /** Where the webhooks go and people sign in: the server, or nginx. */
  url: string;
  /** The addresses the tabs are spread over (spread-tabs.ts), each with a name for the tables. */
  tabAddresses: { name: string; baseUrl: string }[];
  instances: LiveInstance[];
  /** nginx, when the target is a cluster: its CPU is reported apart from the instances'. */
  proxyPid?: number;
};

/** One instance's share of a scenario, when there are several. */
export type InstanceUsage = { name: string; cores: number; connections: number };

/** What the tabs on one address saw, for messages sent while connected (a few drops would otherwise decide a small group's p99). */
export type AddressLatency = { name: string; tabs: number; connectedP99: number; onStreamP99: number };

export type LiveRow = LiveScenario & {
  sent: number;
  accepted: number;
  /** Answered 200 but no Message row: lost webhooks (must be 0). */
  notStored: number;
  /** Tab × message pairs shown, and those never shown. */
  samples: number;
  missed: number;
  /** Sending to showing, over every tab × message, and for parts of them. */
  visibleMs: { p50: number; p99: number; connectedP99: number; inboxP99: number; threadP99: number; worstTabP99: number; sentDuringDropP99: number };
  /** Sending to the update's arrival on the tab's stream (before coalescing), for messages sent while it was connected. */
  onStreamMs: { p50: number; p99: number };
  /** The same, for the tabs of each address they were spread over. */
  byAddress: AddressLatency[];
  /**
   * Sending to the message's live event being written (its LiveEvent row's createdAt, the server's
   * clock, after the webhook's transaction committed and just before NOTIFY): the part of "on
   * stream" the ingest takes, the rest being the announcement's way to the tabs.
   */
  announcedMs: { p50: number; p99: number };
  /** Tab × message pairs whose message was sent while that tab's stream was down. */
  sentDuringDrop: number;
  /** CPU over the sending window, in cores: the server's (every instance's together), and the load generator's (the tabs' process and this one, the sender). */
  serverCores: number;
  /** Each instance's CPU and established connections (a cluster's instances; one row for one server). */
  instances: InstanceUsage[];
  /** nginx's CPU over the sending window, in cores, when the tabs and webhooks went through it. */
  proxyCores: number | null;
  loadGeneratorCores: number;
  /** Every process on the machine (other people's work and PostgreSQL included), in cores. */
  machineBusyCores: number;
  /** Streams the tabs had open, and the server's established connections, when memory was read. */
  openStreams: number;
  serverConnections: number;
  residentBytesPerStream: number;
  /** Requests the tabs made besides their streams (message fetches, mark-read, page refreshes). */
  tabRequestsPerSecond: number;
  reconnects: number;
  resets: number;
  serverClosedStreams: number;
  failedRequests: number;
};

export type LiveResult = { rows: LiveRow[] };

const TABS_PROCESS = path.join(import.meta.dirname, "live-tabs.ts");
/** Customers writing in, so conversations repeat: every thread tab has one of them open. */
const CUSTOMERS = Array.from({ length: 20 }, (_, index) => `4478${String(20_000_000 + index)}`);
/** People signed in; tabs share their cookies, as one person's tabs do. */
const AGENTS = 10;
/** One tab in THREAD_EVERY has a thread open, one in RECONNECT_EVERY loses its stream now and then. */
const THREAD_EVERY = 5;
const RECONNECT_EVERY = 10;
const RECONNECT = { everyMs: 8_000, downMs: 1_000 };
/** How long the tabs may take, after the last webhook, to show everything. */
const DRAIN_TIMEOUT_MS = 15_000;

export function liveScenarioName(scenario: LiveScenario): string {
  return `${scenario.tabs} tabs × ${scenario.messagesPerSecond} msg/s`;
}

/** The targets, for the scenarios that have one. */
export function liveTarget(row: LiveRow): { description: string; isMet: boolean } | null {
  if (row.client !== "live") return null;
  if (row.tabs === 50 && row.messagesPerSecond === 10) {
    return { description: "p99 < 1 s, server < 1 core, none missed", isMet: row.visibleMs.p99 < 1_000 && row.serverCores < 1 && row.missed === 0 };
  }
  if (row.tabs === 200 && row.messagesPerSecond === 2) return { description: "p99 < 2 s, none missed", isMet: row.visibleMs.p99 < 2_000 && row.missed === 0 };
  return { description: "none missed", isMet: row.missed === 0 };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The id Next gave markReadAction in this build: tabs call it as the browser does. */
function markReadActionId(): string {
  const manifest = JSON.parse(readFileSync(path.join(process.cwd(), ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  const entry = Object.entries(manifest.node).find(([, action]) => action.exportedName === "markReadAction");
  if (!entry) throw new Error("markReadAction is not in .next/server/server-reference-manifest.json: run npm run build");
  return entry[0];
}

type WebhookSecret = { signatureSecret: string; apiKey: string };
type Sent = { messageUuid: string; sentAt: number; status: number };
type Webhooks = { baseUrl: string; secret: WebhookSecret; agent: http.Agent; count: number };

/** A fresh webhook secret for one run. */
export function liveWebhookSecret(): WebhookSecret {
  return { signatureSecret: randomBytes(24).toString("hex"), apiKey: "caredesk-bench" };
}

/** What every benchmarked CareDesk process is started with, besides its database. */
export function liveServerEnv(secret: WebhookSecret): Record<string, string> {
  return { VONAGE_SIGNATURE_SECRET: secret.signatureSecret, VONAGE_API_KEY: secret.apiKey, LOG_LEVEL: "info", AUTH_FAILURE_DELAY_MS: "0" };
}

function sendWebhook(webhooks: Webhooks): Promise<Sent> {
  const index = webhooks.count++;
  const messageUuid = randomUUID();
  const payload = buildInboundPayload({ channel: "whatsapp", messageType: "text", messageUuid, from: CUSTOMERS[index % CUSTOMERS.length], text: `Live benchmark message ${index}` });
  const body = JSON.stringify(payload);
  const headers = { "content-type": "application/json", authorization: `Bearer ${signWebhook(body, webhooks.secret)}` };
  return new Promise((resolve) => {
    const sentAt = wallClockMs();
    const request = http.request(new URL("/api/webhooks/inbound", webhooks.baseUrl), { method: "POST", headers, agent: webhooks.agent }, (response) => {
      response.resume();
      response.on("end", () => resolve({ messageUuid, sentAt, status: response.statusCode ?? 0 }));
    });
    request.on("error", () => resolve({ messageUuid, sentAt, status: 0 }));
    request.end(body);
  });
}

/** Webhooks at a constant rate (each sent on its schedule, not after the previous answer). */
async function sendAtRate(webhooks: Webhooks, perSecond: number, seconds: number): Promise<Sent[]> {
  const startedAt = performance.now();
  const sending: Promise<Sent>[] = [];
  for (let index = 0; index < Math.round(perSecond * seconds); index++) {
    const wait = startedAt + (index * 1_000) / perSecond - performance.now();
    if (wait > 0) await sleep(wait);
    sending.push(sendWebhook(webhooks));
  }
  return Promise.all(sending);
}

type Tabs = { child: ChildProcess; ask: <Type extends TabsReply["type"]>(command: TabsCommand, replyType: Type) => Promise<Extract<TabsReply, { type: Type }>> };

/** The tabs' process (one for the whole benchmark), and a way to ask it something and wait for its answer. */
function startTabs(): Tabs {
  const child = fork(TABS_PROCESS, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`the tabs' process exited with ${code}`))));
  exited.catch(() => {});
  const ask = <Type extends TabsReply["type"]>(command: TabsCommand, replyType: Type) =>
    Promise.race([
      exited,
      new Promise<Extract<TabsReply, { type: Type }>>((resolve) => {
        const onMessage = (message: TabsReply) => {
          if (message.type !== replyType) return;
          child.off("message", onMessage);
          resolve(message as Extract<TabsReply, { type: Type }>);
        };
        child.on("message", onMessage);
        child.send(command);
      }),
    ]);
  return { child, ask };
}

function stopTabs(child: ChildProcess) {
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

/** The median of a few readings, some time apart: RSS moves with every garbage collection. */
async function steadyResidentBytes(pid: number): Promise<number> {
  const readings: number[] = [];
  for (let index = 0; index < 4; index++) {
    readings.push(residentBytes(pid));
    await sleep(150);
  }
  return median(readings);
}

type Bench = { target: LiveTarget; db: Db; tabs: Tabs; webhooks: Webhooks; cookies: string[]; conversationIds: string[]; actionId: string };

function tabPlans(bench: Bench, count: number): TabPlan[] {
  const tabs = Array.from({ length: count }, (_, index) => ({
    cookie: bench.cookies[index % bench.cookies.length]!,
    threadConversationId: index % THREAD_EVERY === 0 ? bench.conversationIds[(index / THREAD_EVERY) % bench.conversationIds.length]! : null,
    isReconnecting: index % RECONNECT_EVERY === 3,
  }));
  return spreadTabs(tabs, bench.target.tabAddresses.map((address) => address.baseUrl));
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** The instances' resident memory together, each read steadily (at once, so it takes no longer for three). */
async function instancesResidentBytes(instances: LiveInstance[]): Promise<number> {
  return sum(await Promise.all(instances.map((instance) => steadyResidentBytes(instance.pid))));
}

async function runScenario(bench: Bench, scenario: LiveScenario): Promise<LiveRow> {
  const { instances, proxyPid } = bench.target;
  const residentBefore = await instancesResidentBytes(instances);
  const latest = await bench.db.liveEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  const { child, ask } = bench.tabs;
  const plans = tabPlans(bench, scenario.tabs);
  try {
    const opened = await ask(
      { type: "open", client: scenario.client, tabs: plans, renderedAtEventId: latest?.id ?? null, markReadActionId: bench.actionId },
      "opened",
    );
    // The streams' first replay (recent events again, as a freshly loaded page gets) settles first.
    await sleep(1_500);
    const connections = instances.map((instance) => establishedConnections(instance.port));
    const residentWithStreams = await instancesResidentBytes(instances);

    await ask({ type: "start", reconnect: RECONNECT }, "started");
    const windowStartAt = wallClockMs();
    const generatorCpu = () => cpuSeconds(child.pid!) + (process.cpuUsage().user + process.cpuUsage().system) / 1e6;
    const instancesCpu = () => instances.map((instance) => cpuSeconds(instance.pid));
    const before = { instances: instancesCpu(), proxy: proxyPid ? cpuSeconds(proxyPid) : 0, generator: generatorCpu(), machine: machineBusySeconds() };
    const sent = await sendAtRate(bench.webhooks, scenario.messagesPerSecond, scenario.seconds);
    const windowEndAt = wallClockMs();
    const windowSeconds = (windowEndAt - windowStartAt) / 1_000;
    const instanceCores = instancesCpu().map((seconds, index) => (seconds - before.instances[index]!) / windowSeconds);
    const proxyCores = proxyPid ? (cpuSeconds(proxyPid) - before.proxy) / windowSeconds : null;
    const generatorCores = (generatorCpu() - before.generator) / windowSeconds;
    const machineBusyCores = (machineBusySeconds() - before.machine) / windowSeconds;

    const accepted = sent.filter((message) => message.status === 200);
    const stored = await bench.db.message.findMany({ where: { messageUuid: { in: accepted.map((message) => message.messageUuid) } }, select: { id: true, conversationId: true, messageUuid: true } });
    const expected: ExpectedMessage[] = stored.map(({ id, conversationId }) => ({ id, conversationId }));
    const results = await ask({ type: "drain", expected, windowStartAt, windowEndAt, timeoutMs: DRAIN_TIMEOUT_MS }, "results");
    const sentAt = new Map(accepted.map((message) => [message.messageUuid, message.sentAt]));
    const sentAtById = new Map(stored.map((message) => [message.id, sentAt.get(message.messageUuid!)!]));
    const announced = await bench.db.liveEvent.findMany({ where: { kind: "message", messageId: { in: [...sentAtById.keys()] } }, select: { messageId: true, createdAt: true } });
    const announcedAfter = announced.map((event) => event.createdAt.getTime() - sentAtById.get(event.messageId!)!);
    return {
      ...scenario,
      ...visibility(results.tabs, expected, sentAtById),
      announcedMs: { p50: percentile(announcedAfter, 50), p99: percentile(announcedAfter, 99) },
      byAddress: bench.target.tabAddresses.map(({ name, baseUrl }) => {
        // The tabs' process answers in the order the plans were given.
        const tabs = results.tabs.filter((_, index) => plans[index]!.baseUrl === baseUrl);
        const seen = visibility(tabs, expected, sentAtById);
        return { name, tabs: tabs.length, connectedP99: seen.visibleMs.connectedP99, onStreamP99: seen.onStreamMs.p99 };
      }),
      sent: sent.length,
      accepted: accepted.length,
      notStored: accepted.length - stored.length,
      serverCores: sum(instanceCores),
      instances: instances.map((instance, index) => ({ name: instance.name, cores: instanceCores[index]!, connections: connections[index]! })),
      proxyCores,
      loadGeneratorCores: generatorCores,
      machineBusyCores,
      openStreams: opened.openStreams,
      serverConnections: sum(connections),
      residentBytesPerStream: (residentWithStreams - residentBefore) / Math.max(1, opened.openStreams),
      tabRequestsPerSecond: results.tabs.reduce((sum, tab) => sum + tab.requests, 0) / windowSeconds,
      reconnects: results.tabs.reduce((sum, tab) => sum + tab.drops.length, 0),
      resets: results.tabs.reduce((sum, tab) => sum + tab.resets, 0),
      serverClosedStreams: results.tabs.reduce((sum, tab) => sum + tab.serverClosedStreams, 0),
      failedRequests: results.tabs.reduce((sum, tab) => sum + tab.failedRequests, 0),
    };
  } finally {
    // The server lets go of the closed streams before the next scenario reads its memory.
    await sleep(1_000);
  }
}

function visibility(tabs: TabResult[], expected: ExpectedMessage[], sentAtById: Map<string, number>) {
  const all: number[] = [];
  const connected: number[] = [];
  const onStream: number[] = [];
  const inbox: number[] = [];
  const thread: number[] = [];
  const duringDrop: number[] = [];
  const tabP99s: number[] = [];
  let missed = 0;
  for (const tab of tabs) {
    const mine: number[] = [];
    for (const message of expected) {
      const at = tab.visibleAt[message.id];
      if (at === undefined) {
        missed++;
        continue;
      }
      const sentAt = sentAtById.get(message.id)!;
      const ms = at - sentAt;
      mine.push(ms);
      (tab.isThread ? thread : inbox).push(ms);
      if (tab.drops.some(([droppedAt, backAt]) => sentAt >= droppedAt && sentAt <= backAt)) {
        duringDrop.push(ms);
      } else {
        connected.push(ms);
        const arrivedAt = tab.arrivedAt[message.id];
        if (arrivedAt !== undefined) onStream.push(arrivedAt - sentAt);
      }
    }
    all.push(...mine);
    if (mine.length > 0) tabP99s.push(percentile(mine, 99));
  }
  return {
    samples: all.length,
    missed,
    sentDuringDrop: duringDrop.length,
    visibleMs: {
      p50: percentile(all, 50),
      p99: percentile(all, 99),
      connectedP99: percentile(connected, 99),
      inboxP99: percentile(inbox, 99),
      threadP99: percentile(thread, 99),
      worstTabP99: tabP99s.length > 0 ? Math.max(...tabP99s) : Number.NaN,
      sentDuringDropP99: percentile(duringDrop, 99),
    },
    onStreamMs: { p50: percentile(onStream, 50), p99: percentile(onStream, 99) },
  };
}

/** Signs the agents in, gives every customer a conversation, warms the target up and runs the scenarios against it. */
export async function measureLiveUpdates(target: LiveTarget, scenarios: LiveScenario[]): Promise<LiveResult> {
  const db = createDb(target.databaseUrl);
  const agent = new http.Agent({ keepAlive: true });
  const tabs = startTabs();
  try {
    const cookies: string[] = [];
    for (let index = 0; index < AGENTS; index++) cookies.push(await mustSignIn(target.url, (await createTestUser(db)).email, TEST_PASSWORD));
    const webhooks: Webhooks = { baseUrl: target.url, secret: target.secret, agent, count: 0 };
    // Every customer writes once first, so each conversation exists for a thread tab to open.
    for (let index = 0; index < CUSTOMERS.length; index++) await sendWebhook(webhooks);
    const conversations = await db.conversation.findMany({ where: { contact: { address: { in: CUSTOMERS } } }, select: { id: true } });
    if (conversations.length !== CUSTOMERS.length) throw new Error(`expected ${CUSTOMERS.length} conversations, found ${conversations.length}`);
    const bench: Bench = { target, db, tabs, webhooks, cookies, conversationIds: conversations.map((row) => row.id), actionId: markReadActionId() };
    // Warm-up: the first requests of each route pay for loading and JIT compilation.
    await runScenario(bench, { tabs: 20, messagesPerSecond: 5, client: "live", seconds: 3 });
    await runScenario(bench, { tabs: 10, messagesPerSecond: 2, client: "baseline", seconds: 2 });
    const rows: LiveRow[] = [];
    for (const scenario of scenarios) {
      const startedAt = performance.now();
      rows.push(await runScenario(bench, scenario));
      console.log(`  ${liveScenarioName(scenario)}, ${scenario.client} tabs: ${Math.round((performance.now() - startedAt) / 1000)} s`);
    }
    return { rows };
  } finally {
    stopTabs(tabs.child);
    agent.destroy();
    await db.$disconnect();
  }
}

/** The live benchmark against one `next start` on a scratch database. */
export async function benchmarkLiveUpdates(options: { provider: DatabaseProvider; postgresServerUrl?: string; scenarios: LiveScenario[] }): Promise<LiveResult> {
  const database = await createScratchDatabase(options.provider, { postgresServerUrl: options.postgresServerUrl, prefix: "caredesk_bench_live" });
  const secret = liveWebhookSecret();
  try {
    const server = await startCareDeskServer({ env: { DATABASE_URL: database.url, ...liveServerEnv(secret) } });
    try {
      const instance: LiveInstance = { name: "server", pid: server.process.pid!, port: server.port };
      return await measureLiveUpdates(
        { databaseUrl: database.url, secret, url: server.baseUrl, tabAddresses: [{ name: "server", baseUrl: server.baseUrl }], instances: [instance] },
        options.scenarios,
      );
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
  }
}
