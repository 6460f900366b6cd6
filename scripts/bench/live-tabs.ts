// The simulated browser tabs of the live-update benchmark, a process of their own started by
// live-updates.ts (so their CPU is counted apart from the server's, though on the same cores).
// A "live" tab does what components/conversations/live-updates.tsx and the parts it feeds do: one
// stream on /api/events, updates deduplicated by id and coalesced with TAB_COALESCING; an inbox
// tab shows each batch's rows as they come (live-conversation-rows.tsx), a thread tab fetches the
// batch's messages of its conversation in one request and marks it read (live-thread.tsx). A
// "baseline" tab does what the tab did before: a page refresh (an RSC request) 250 ms after the
// last event of a burst. A dropped stream comes back with Last-Event-ID, as EventSource does.
import http from "node:http";
import { createCoalescer, TAB_COALESCING } from "@/lib/live/coalesce";
import { MAX_MESSAGE_IDS_PER_FETCH, type LiveUpdate } from "@/lib/live/live-update";
import { wallClockMs, type ExpectedMessage, type TabClient, type TabPlan, type TabResult, type TabsCommand, type TabsReply } from "./live-tab-protocol";

/** The old tab's trailing debounce before router.refresh(). */
const BASELINE_DEBOUNCE_MS = 250;
/** What the stream's `retry:` asks for after the server closed it. */
const SERVER_RETRY_MS = 2_000;

type Context = {
  client: TabClient;
  renderedAtEventId: number | null;
  markReadActionId: string;
  agent: http.Agent;
  /** A page's RSC address with the `_rsc` cache-busting value the server asks for (it redirects until given it), by the tab's base URL and page. */
  rscPaths: Map<string, string>;
};
type Tab = ReturnType<typeof openTab>;

function reply(message: TabsReply) {
  process.send!(message);
}

type Answer = { status: number; location: string | null; body: string };

/** One request over the shared keep-alive agent; resolves with the status and the whole body. */
function send(context: Context, method: string, url: URL, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve) => {
    const request = http.request(url, { method, headers, agent: context.agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, location: response.headers.location ?? null, body: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", () => resolve({ status: 0, location: null, body: "" }));
    });
    request.on("error", () => resolve({ status: 0, location: null, body: "" }));
    request.end(body);
  });
}

/** Server-Sent Events from text chunks: calls `onEvent` per dispatched event, `onComment` per comment line. */
function sseParser(onEvent: (event: { id: string | null; type: string; data: string }) => void, onComment: (text: string) => void) {
  let buffer = "";
  return (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf("\n\n"); end !== -1; end = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let id: string | null = null;
      let type = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) {
          onComment(line.slice(1).trim());
          continue;
        }
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "id") id = value;
        else if (field === "event") type = value;
        else if (field === "data") data.push(value);
      }
      if (data.length > 0 || id !== null) onEvent({ id, type, data: data.join("\n") });
    }
  };
}

function openTab(plan: TabPlan, context: Context) {
  const visibleAt = new Map<string, number>();
  const arrivedAt = new Map<string, number>();
  const drops: [number, number][] = [];
  const requestStarts: number[] = [];
  const counts = { failedRequests: 0, resets: 0, serverClosedStreams: 0, pageRefreshes: 0 };
  const seen = new Set<number>();
  // What EventSource sends as Last-Event-ID: the last `id:` it received.
  let lastEventId: string | null = null;
  let stream: http.ClientRequest | null = null;
  let isConnected = false;
  let isClosed = false;
  let droppedAt: number | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  const pagePath = plan.threadConversationId ? `/conversations/${plan.threadConversationId}` : "/conversations";

  const show = (messageIds: Iterable<string>) => {
    const at = wallClockMs();
    for (const id of messageIds) if (!visibleAt.has(id)) visibleAt.set(id, at);
  };
  const request = async (method: string, path: string, headers: Record<string, string>, body?: string) => {
    requestStarts.push(wallClockMs());
    const response = await send(context, method, new URL(path, plan.baseUrl), { cookie: plan.cookie, ...headers }, body);
    if (response.status !== 200 && response.status !== 307) counts.failedRequests++;
    return response;
  };
  /** router.refresh(): the page's server components again, as an RSC request. */
  const refreshPage = async () => {
    const rscKey = `${plan.baseUrl}${pagePath}`;
    let response = await request("GET", context.rscPaths.get(rscKey) ?? pagePath, { rsc: "1" });
    // The browser computes the `_rsc` value itself; this tab learns it from the first redirect.
    if (response.status === 307 && response.location?.includes("_rsc")) {
      context.rscPaths.set(rscKey, response.location);
      response = await request("GET", response.location, { rsc: "1" });
    }
    return response;
  };
  const messageIdsOf = (updates: LiveUpdate[]) => updates.filter((update) => update.kind === "message" && update.messageId).map((update) => update.messageId!);

  // live-thread.tsx: the batch's messages of the open conversation in one request; a message new
  // from the customer is then marked read.
  const shownInThread = new Set<string>();
  const updateThread = (conversationId: string, mine: LiveUpdate[]) => {
    const ids = [...new Set(mine.filter((update) => (update.kind === "message" || update.kind === "status" || update.kind === "media") && update.messageId).map((update) => update.messageId!))];
    if (ids.length === 0) return;
    if (ids.length > MAX_MESSAGE_IDS_PER_FETCH) {
      counts.pageRefreshes++;
      void refreshPage().then((response) => {
        if (response.status === 200) show(ids);
      });
      return;
    }
    void request("GET", `/api/conversations/${conversationId}/messages?ids=${ids.join(",")}`, {}).then(async (response) => {
      if (response.status !== 200) return;
      const messages = (JSON.parse(response.body) as { messages: { id: string; direction: string }[] }).messages;
      show(messages.map((message) => message.id));
      const hasNewFromCustomer = messages.some((message) => message.direction === "inbound" && !shownInThread.has(message.id));
      for (const message of messages) shownInThread.add(message.id);
      if (hasNewFromCustomer) {
        // A server action as the browser calls it: the action's id, its arguments as JSON.
        await request("POST", pagePath, { "next-action": context.markReadActionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" }, JSON.stringify([conversationId]));
      }
    });
  };
  const applyBatch = (batch: LiveUpdate[]) => {
    const threadId = plan.threadConversationId;
    // The inbox rows (on a thread page too, beside the thread) take each update's row at once.
    show(messageIdsOf(batch.filter((update) => update.conversationId !== threadId)));
    const mine = threadId ? batch.filter((update) => update.conversationId === threadId) : [];
    if (threadId && mine.length > 0) updateThread(threadId, mine);
  };
  const coalescer = createCoalescer<LiveUpdate>(applyBatch, TAB_COALESCING);

  // The old tab: every event restarts a 250 ms timer; when it fires, the page is rendered again.
  let baselinePending: LiveUpdate[] = [];
  let baselineTimer: ReturnType<typeof setTimeout> | undefined;
  const baselineRefresh = () => {
    const shown = messageIdsOf(baselinePending);
    baselinePending = [];
    void refreshPage().then((response) => {
      if (response.status === 200) show(shown);
    });
  };

  const onUpdate = (update: LiveUpdate) => {
    if (seen.has(update.id)) return;
    seen.add(update.id);
    if (update.kind === "message" && update.messageId && !arrivedAt.has(update.messageId)) arrivedAt.set(update.messageId, wallClockMs());
    if (context.client === "live") return coalescer.push(update);
    baselinePending.push(update);
    clearTimeout(baselineTimer);
    baselineTimer = setTimeout(baselineRefresh, BASELINE_DEBOUNCE_MS);
  };

  const connect = () => {
    if (isClosed) return;
    const headers: Record<string, string> = { cookie: plan.cookie, accept: "text/event-stream", "cache-control": "no-cache" };
    let path = "/api/events";
    if (lastEventId !== null) headers["last-event-id"] = lastEventId;
    else if (context.renderedAtEventId !== null) path += `?lastEventId=${context.renderedAtEventId}`;
    const current = http.request(new URL(path, plan.baseUrl), { headers, agent: false });
    const reconnectAfter = (ms: number) => {
      if (stream !== current || isClosed) return;
      stream = null;
      isConnected = false;
      droppedAt ??= wallClockMs();
      reconnectTimer = setTimeout(connect, ms);
    };
    current.on("response", (response) => {
      if (response.statusCode !== 200) {
        counts.failedRequests++;
        response.resume();
        return reconnectAfter(1_000);
      }
      response.setEncoding("utf8");
      response.on(
        "data",
        sseParser(
          (event) => {
            if (event.id !== null) lastEventId = event.id;
            if (event.type === "update") onUpdate(JSON.parse(event.data) as LiveUpdate);
            // The page would be rendered afresh; the stream goes on from the id it was given.
            else if (event.type === "reset") counts.resets++;
          },
          (comment) => {
            if (comment !== "connected") return;
            isConnected = true;
            if (droppedAt !== null) drops.push([droppedAt, wallClockMs()]);
            droppedAt = null;
          },
        ),
      );
      response.on("close", () => {
        if (stream === current && !isClosed) counts.serverClosedStreams++;
        reconnectAfter(SERVER_RETRY_MS);
      });
    });
    current.on("error", () => reconnectAfter(1_000));
    current.end();
    stream = current;
  };
  connect();

  return {
    plan,
    get isConnected() {
      return isConnected;
    },
    /** The network goes away: the stream is cut, and EventSource reopens it after `downMs`. */
    drop(downMs: number) {
      if (!stream || isClosed) return;
      const current = stream;
      stream = null;
      isConnected = false;
      droppedAt = wallClockMs();
      current.destroy();
      reconnectTimer = setTimeout(connect, downMs);
    },
    hasShown(expected: ExpectedMessage[]) {
      return expected.every((message) => visibleAt.has(message.id));
    },
    result(expected: ExpectedMessage[], windowStartAt: number, windowEndAt: number): TabResult {
      const shown: Record<string, number> = {};
      const arrived: Record<string, number> = {};
      for (const message of expected) {
        const at = visibleAt.get(message.id);
        if (at !== undefined) shown[message.id] = at;
        const arrival = arrivedAt.get(message.id);
        if (arrival !== undefined) arrived[message.id] = arrival;
      }
      return {
        isThread: plan.threadConversationId !== null,
        isReconnecting: plan.isReconnecting,
        visibleAt: shown,
        arrivedAt: arrived,
        drops,
        requests: requestStarts.filter((at) => at >= windowStartAt && at <= windowEndAt).length,
        ...counts,
      };
    },
    close() {
      isClosed = true;
      clearTimeout(reconnectTimer);
      clearTimeout(baselineTimer);
      coalescer.dispose();
      stream?.destroy();
      stream = null;
    },
  };
}

let tabs: Tab[] = [];
let context: Context | null = null;
const dropTimers: ReturnType<typeof setTimeout>[] = [];

async function waitUntil(isDone: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!isDone() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

function closeAll() {
  for (const timer of dropTimers.splice(0)) clearTimeout(timer);
  for (const tab of tabs) tab.close();
  tabs = [];
  context?.agent.destroy();
  context = null;
}

async function handle(command: TabsCommand) {
  if (command.type === "open") {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1_024 });
    context = { client: command.client, renderedAtEventId: command.renderedAtEventId, markReadActionId: command.markReadActionId, agent, rscPaths: new Map() };
    tabs = command.tabs.map((plan) => openTab(plan, context!));
    await waitUntil(() => tabs.every((tab) => tab.isConnected), 30_000);
    reply({ type: "opened", openStreams: tabs.filter((tab) => tab.isConnected).length });
  } else if (command.type === "start") {
    // Each reconnecting tab drops its stream at its own moments, about every `everyMs`.
    const { everyMs, downMs } = command.reconnect;
    for (const tab of tabs.filter((candidate) => candidate.plan.isReconnecting)) {
      const scheduleDrop = (inMs: number) => {
        dropTimers.push(
          setTimeout(() => {
            tab.drop(downMs * (0.8 + Math.random() * 0.4));
            scheduleDrop(everyMs * (0.875 + Math.random() * 0.25));
          }, inMs),
        );
      };
      scheduleDrop(1_000 + Math.random() * (everyMs - 1_000));
    }
    reply({ type: "started" });
  } else {
    for (const timer of dropTimers.splice(0)) clearTimeout(timer);
    await waitUntil(() => tabs.every((tab) => tab.hasShown(command.expected)), command.timeoutMs);
    const openStreams = tabs.filter((tab) => tab.isConnected).length;
    reply({ type: "results", openStreams, tabs: tabs.map((tab) => tab.result(command.expected, command.windowStartAt, command.windowEndAt)) });
    closeAll();
  }
}

process.on("message", (command: TabsCommand) => void handle(command));
// The benchmark went away (finished or failed): nothing is left open.
process.on("disconnect", () => {
  closeAll();
  process.exit(0);
});
