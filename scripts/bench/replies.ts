// Benchmark 6, replies: what CareDesk adds between an agent's submit and Vonage's 202, against a
// baseline measured in the same run, and how many replies it sends a second without sending one twice.
//  - Baseline: POST /v1/messages straight to the Messages API stand-in with @vonage/messages (a
//    fresh JWT per call, as CareDesk's sender does), one at a time.
//  - CareDesk: the composer's form submitted over HTTP as a browser without JavaScript submits it
//    (the server action; each conversation's form read once, then posted with fresh draft ids),
//    timed to the moment the stand-in answers 202 for that reply's client_ref. One at a time, in
//    rounds alternating with the baseline, so both see the same machine.
//  - Throughput: replies across many conversations from the load generator in its own process at
//    a fixed concurrency, from the first submit to the last 202. Every reply must reach the
//    stand-in exactly once: no client_ref accepted twice, one Message row per accepted reply.
// Both stop the clock when the stand-in answers (not when the 202 is back at the caller).
import { randomBytes } from "node:crypto";
import { Messages } from "@vonage/messages";
import type { DatabaseProvider } from "@/lib/db/database-url";
import { buildMessageRequest } from "@/lib/replies/build-message-request";
import { startReplyStack, type ReplyStack } from "@/test/support/reply-stack";
import { readActionForm } from "@/test/support/submit-action-form";
import type { AcceptedMessage, MessagesApiStandIn } from "@/test/vonage-fake/messages-api";
import { runLoad, type PlannedRequest } from "./run-load";
import { percentile } from "./statistics";

export type LatencySummary = { samples: number; p50Ms: number; p99Ms: number };

export type RepliesResult = {
  /** Straight to the stand-in: call to its answer; `roundTripP50Ms` until the client had the 202. */
  direct: LatencySummary & { roundTripP50Ms: number };
  /**
   * Submit to the stand-in's answer. Where the time went, split at the reply's `sentAt` (the action
   * has checked the session and is about to write; the server's clock, millisecond resolution), and
   * when the action's own answer, its page rendered, was back.
   */
  careDesk: LatencySummary & { actionAnsweredP50Ms: number; submitToWriteP50Ms: number; writeToAcceptedP50Ms: number };
  /** CareDesk's percentile minus the baseline's. */
  added: { p50Ms: number; p99Ms: number };
  throughput: {
    concurrency: number;
    replies: number;
    conversations: number;
    seconds: number;
    sendsPerSecond: number;
    /** The form posts' own rate and answer time, answered by the server action (its page included). */
    submitsPerSecond: number;
    submitAnsweredP50Ms: number;
    /** Submit to the stand-in's answer, per reply, at this concurrency. */
    acceptedP50Ms: number;
    acceptedP99Ms: number;
    statuses: Record<string, number>;
  };
  /** Over every reply CareDesk sent in the run (warm-up and latency samples included). */
  duplicates: {
    replies: number;
    /** Replies whose client_ref the stand-in accepted more than once (must be 0), or never. */
    acceptedTwice: number;
    neverAccepted: number;
    /** The stand-in's accepted entries for these replies, and their Message rows: both must equal `replies`. */
    acceptedEntries: number;
    messageRows: number;
    sendStates: Record<string, number>;
  };
};

type ComposerForm = { conversationId: string; path: string; fields: [string, string][] };

/** Wall-clock milliseconds with sub-millisecond resolution, comparable with the load generator's. */
const epochNow = () => performance.timeOrigin + performance.now();
/** A draft id as the composer makes one: 32 lowercase hex digits. */
const draftId = () => randomBytes(16).toString("hex");

const ACCEPT_TIMEOUT_MS = 15_000;

/**
 * The stand-in's answer time for each client_ref. It records a 202 in `accepted` just before it
 * answers, so wrapping that push times the answer more finely than its own `acceptedAt` (a Date).
 */
function watchAcceptances(vonage: MessagesApiStandIn) {
  const answeredAt = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  const push = vonage.accepted.push.bind(vonage.accepted);
  vonage.accepted.push = (...messages: AcceptedMessage[]) => {
    const at = epochNow();
    for (const { clientRef } of messages) {
      if (clientRef === undefined || answeredAt.has(clientRef)) continue;
      answeredAt.set(clientRef, at);
      waiting.get(clientRef)?.();
    }
    return push(...messages);
  };
  return {
    answeredAt: (clientRef: string) => answeredAt.get(clientRef),
    waitFor(clientRef: string): Promise<number> {
      const known = answeredAt.get(clientRef);
      if (known !== undefined) return Promise.resolve(known);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`reply ${clientRef} did not reach the stand-in within ${ACCEPT_TIMEOUT_MS / 1000} s`)), ACCEPT_TIMEOUT_MS);
        waiting.set(clientRef, () => {
          clearTimeout(timer);
          waiting.delete(clientRef);
          resolve(answeredAt.get(clientRef)!);
        });
      });
    },
  };
}

async function readComposerForm(stack: ReplyStack, conversationId: string): Promise<ComposerForm> {
  const path = `/conversations/${conversationId}`;
  const fields = await readActionForm(stack.server.baseUrl, path, { cookie: stack.agentCookie, formContaining: 'name="mode"' });
  if (!fields.some(([name]) => name === "id")) throw new Error(`the composer of ${path} has no draft id field`);
  return { conversationId, path, fields };
}

/** The composer's form with a fresh draft id and the reply's text, as the browser sends it. */
function composerBody(form: ComposerForm, id: string, text: string): FormData {
  const body = new FormData();
  for (const [name, value] of form.fields) body.append(name, name === "id" ? id : value);
  body.append("text", text);
  return body;
}

function summary(values: number[]): LatencySummary {
  return { samples: values.length, p50Ms: percentile(values, 50), p99Ms: percentile(values, 99) };
}

export async function benchmarkReplies(options: {
  provider: DatabaseProvider;
  postgresServerUrl?: string;
  /** Sends one at a time, per path, alternating in `rounds`; `warmUp` of each first, not counted. */
  latency: { sends: number; rounds: number; warmUp: number; conversations: number };
  throughput: { replies: number; concurrency: number; conversations: number };
}): Promise<RepliesResult> {
  const stack = await startReplyStack({ provider: options.provider, postgresServerUrl: options.postgresServerUrl });
  try {
    const { server, vonage, application, db } = stack;
    const acceptances = watchAcceptances(vonage);
    const sentIds: string[] = [];
    const conversations = async (count: number) => {
      const forms: ComposerForm[] = [];
      for (let index = 0; index < count; index++) forms.push(await readComposerForm(stack, (await stack.customerWrites({ text: `Order question ${index}` })).conversationId));
      return forms;
    };

    // Baseline: the official client straight at the stand-in, with a body as CareDesk builds it.
    const client = new Messages({ applicationId: application.applicationId, privateKey: application.privateKeyPem }, { apiHost: vonage.url });
    const latencyForms = await conversations(options.latency.conversations);
    const addressing = await Promise.all(
      latencyForms.map(async (form) => {
        const conversation = await db.conversation.findUniqueOrThrow({ where: { id: form.conversationId }, select: { businessNumber: true, contact: { select: { address: true } } } });
        return { from: conversation.businessNumber, to: conversation.contact.address };
      }),
    );
    const window = { kind: "open" as const, closesAt: new Date(Date.now() + 24 * 3600_000).toISOString() };
    const sendDirect = async (index: number) => {
      const id = draftId();
      const request = buildMessageRequest({ id, channel: "whatsapp", replyToMessageUuid: null, window, ...addressing[index % addressing.length]! }, { kind: "text", text: `Thanks, we are on it (${index}).` });
      const startedAt = epochNow();
      await client.send(request as unknown as Parameters<Messages["send"]>[0]);
      const answeredAt = epochNow();
      const acceptedMs = (await acceptances.waitFor(id)) - startedAt;
      // Its status webhooks reach CareDesk (for a reply it does not know): not during the next sample.
      await vonage.settled();
      return { acceptedMs, roundTripMs: answeredAt - startedAt };
    };

    // CareDesk: the form's submit, timed to the stand-in's answer for its client_ref.
    const sendThroughCareDesk = async (index: number) => {
      const form = latencyForms[index % latencyForms.length]!;
      const id = draftId();
      sentIds.push(id);
      const body = composerBody(form, id, `Thanks, we are on it (${index}).`);
      const startedAt = epochNow();
      const answered = fetch(`${server.baseUrl}${form.path}`, { method: "POST", body, headers: { cookie: stack.agentCookie, origin: server.baseUrl }, redirect: "manual" }).then(
        async (response) => {
          await response.text();
          if (response.status !== 200) throw new Error(`the composer's submit answered ${response.status}`);
          return epochNow();
        },
      );
      const [actionAnsweredAt, acceptedAt] = await Promise.all([answered, acceptances.waitFor(id)]);
      const row = await db.message.findUniqueOrThrow({ where: { id }, select: { sentAt: true } });
      await vonage.settled();
      return { acceptedMs: acceptedAt - startedAt, actionAnsweredMs: actionAnsweredAt - startedAt, submitToWriteMs: row.sentAt.getTime() - startedAt, writeToAcceptedMs: acceptedAt - row.sentAt.getTime() };
    };

    // Warm-up: the first of each pays for loading and JIT compilation, in both processes.
    for (let index = 0; index < options.latency.warmUp; index++) {
      await sendDirect(index);
      await sendThroughCareDesk(index);
    }
    const direct: Awaited<ReturnType<typeof sendDirect>>[] = [];
    const careDesk: Awaited<ReturnType<typeof sendThroughCareDesk>>[] = [];
    const perRound = Math.ceil(options.latency.sends / options.latency.rounds);
    for (let round = 0; round < options.latency.rounds; round++) {
      for (let index = 0; index < perRound; index++) direct.push(await sendDirect(index));
      for (let index = 0; index < perRound; index++) careDesk.push(await sendThroughCareDesk(index));
    }
    const directSummary = summary(direct.map((sample) => sample.acceptedMs));
    const careDeskSummary = summary(careDesk.map((sample) => sample.acceptedMs));

    // Throughput: many conversations, each form read once, replies spread across them in turn.
    const throughputForms = await conversations(options.throughput.conversations);
    const ids: string[] = [];
    const requests: PlannedRequest[] = [];
    for (let index = 0; index < options.throughput.replies; index++) {
      const form = throughputForms[index % throughputForms.length]!;
      const id = draftId();
      ids.push(id);
      // Serialised here, as fetch would send it: the load generator posts bytes.
      const request = new Request(`${server.baseUrl}${form.path}`, { method: "POST", body: composerBody(form, id, `Your replacement ships today (${index}).`) });
      requests.push({
        method: "POST",
        path: form.path,
        headers: { "content-type": request.headers.get("content-type")!, cookie: stack.agentCookie, origin: server.baseUrl },
        body: await request.text(),
      });
    }
    sentIds.push(...ids);
    const load = await runLoad({ baseUrl: server.baseUrl, concurrency: options.throughput.concurrency, requests });
    const acceptedAt = await Promise.all(ids.map((id) => acceptances.waitFor(id)));
    const lastAcceptedAt = Math.max(...acceptedAt);
    const throughputSeconds = (lastAcceptedAt - load.startedAtEpochMs) / 1000;
    const perReplyMs = ids.map((_, index) => acceptedAt[index]! - load.sentAtEpochMs[index]!);

    // Nothing sent twice: once every status is in, count what the stand-in took and what CareDesk holds.
    await vonage.settled();
    const acceptedPerReply = new Map<string, number>();
    for (const { clientRef } of vonage.accepted) if (clientRef !== undefined) acceptedPerReply.set(clientRef, (acceptedPerReply.get(clientRef) ?? 0) + 1);
    const states = await db.message.groupBy({ by: ["sendState"], where: { id: { in: sentIds } }, _count: { _all: true } });

    return {
      direct: { ...directSummary, roundTripP50Ms: percentile(direct.map((sample) => sample.roundTripMs), 50) },
      careDesk: {
        ...careDeskSummary,
        actionAnsweredP50Ms: percentile(careDesk.map((sample) => sample.actionAnsweredMs), 50),
        submitToWriteP50Ms: percentile(careDesk.map((sample) => sample.submitToWriteMs), 50),
        writeToAcceptedP50Ms: percentile(careDesk.map((sample) => sample.writeToAcceptedMs), 50),
      },
      added: { p50Ms: careDeskSummary.p50Ms - directSummary.p50Ms, p99Ms: careDeskSummary.p99Ms - directSummary.p99Ms },
      throughput: {
        concurrency: options.throughput.concurrency,
        replies: ids.length,
        conversations: throughputForms.length,
        seconds: throughputSeconds,
        sendsPerSecond: ids.length / throughputSeconds,
        submitsPerSecond: (load.count / load.durationMs) * 1000,
        submitAnsweredP50Ms: percentile(load.latenciesMs, 50),
        acceptedP50Ms: percentile(perReplyMs, 50),
        acceptedP99Ms: percentile(perReplyMs, 99),
        statuses: load.statuses,
      },
      duplicates: {
        replies: sentIds.length,
        acceptedTwice: sentIds.filter((id) => (acceptedPerReply.get(id) ?? 0) > 1).length,
        neverAccepted: sentIds.filter((id) => !acceptedPerReply.has(id)).length,
        acceptedEntries: sentIds.reduce((sum, id) => sum + (acceptedPerReply.get(id) ?? 0), 0),
        messageRows: states.reduce((sum, state) => sum + state._count._all, 0),
        sendStates: Object.fromEntries(states.map((state) => [state.sendState ?? "none", state._count._all])),
      },
    };
  } finally {
    await stack.stop();
  }
}
