// 2,000 signed webhooks in bursts, as a busy Vonage account delivers them: redeliveries (20%)
// racing their originals, and status updates arriving out of order. Every message is stored once,
// nothing answers 5xx, and each sent message ends with the status that happened last.
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboundMessage } from "@/test/support/factories";
import { postgresServerUrl, testedProviders } from "@/test/support/providers";
import { runBounded } from "@/test/support/run-bounded";
import { startWebhookStack, type WebhookStack } from "@/test/support/webhook-stack";
import { buildInboundPayload, buildStatusPayload, INBOUND_TYPES_BY_CHANNEL, STATUSES } from "@/test/vonage-fake/build-payloads";
import { sendWebhook } from "@/test/vonage-fake/send-webhook";

const TOTAL = 2_000;
const DUPLICATES = TOTAL * 0.2;
const STATUS_UPDATES = TOTAL * 0.1;
const EVENTS_PER_SENT_MESSAGE = 4;
const UNIQUE_INBOUND = TOTAL - DUPLICATES - STATUS_UPDATES;
const BURST = 500;
const CONCURRENCY = 50;

type Delivery = { kind: "inbound" | "status"; payload: Record<string, unknown> };

const channelTypes = Object.entries(INBOUND_TYPES_BY_CHANNEL).flatMap(([channel, types]) => types.map((messageType) => ({ channel, messageType })));

function shuffle<T>(items: T[]): T[] {
  for (let index = items.length - 1; index > 0; index--) {
    const other = randomInt(index + 1);
    [items[index], items[other]] = [items[other]!, items[index]!];
  }
  return items;
}

describe.each(testedProviders)("a burst of 2,000 webhooks on %s", (provider) => {
  let stack: WebhookStack;
  const inbound: Delivery[] = [];
  /** For each sent message, its status events; the one with the latest timestamp must win. */
  const statusTimelines = new Map<string, { status: string; at: Date }[]>();
  const answers: { delivery: Delivery; status: number; body: { status?: string } }[] = [];

  beforeAll(async () => {
    stack = await startWebhookStack({ provider, postgresServerUrl });
    // Customers from a pool, so concurrent messages share contacts and conversations.
    const customers = Array.from({ length: 150 }, (_, index) => `4479${20_000_000 + index}`);
    for (let index = 0; index < UNIQUE_INBOUND; index++) {
      const { channel, messageType } = channelTypes[index % channelTypes.length]!;
      inbound.push({ kind: "inbound", payload: buildInboundPayload({ channel, messageType, from: customers[index % customers.length] }) });
    }
    const statusUpdates: Delivery[] = [];
    const startedAt = Date.now() - 3_600_000;
    for (let index = 0; index < STATUS_UPDATES / EVENTS_PER_SENT_MESSAGE; index++) {
      const message = await createOutboundMessage(stack.db);
      const timeline = Array.from({ length: EVENTS_PER_SENT_MESSAGE }, (_, step) => ({
        status: STATUSES[randomInt(STATUSES.length)]!,
        at: new Date(startedAt + index * 10_000 + step * 1_000),
      }));
      statusTimelines.set(message.messageUuid!, timeline);
      for (const event of timeline) {
        statusUpdates.push({ kind: "status", payload: buildStatusPayload({ messageUuid: message.messageUuid!, status: event.status, timestamp: event.at }) });
      }
    }
    const originals = [...inbound, ...statusUpdates];
    const redeliveries = Array.from({ length: DUPLICATES }, () => originals[randomInt(originals.length)]!);
    const deliveries = shuffle([...originals, ...redeliveries]);
    expect(deliveries).toHaveLength(TOTAL);

    for (let start = 0; start < deliveries.length; start += BURST) {
      const burst = deliveries.slice(start, start + BURST);
      answers.push(
        ...(await runBounded(burst, CONCURRENCY, async (delivery) => {
          // Each delivery is signed afresh, as Vonage signs each attempt.
          const response = await sendWebhook(stack.target, delivery.kind, delivery.payload);
          return { delivery, status: response.status, body: (await response.json().catch(() => ({}))) as { status?: string } };
        })),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("answers every delivery 200 (no 5xx, nothing refused)", () => {
    expect(answers).toHaveLength(TOTAL);
    expect(answers.filter((answer) => answer.status !== 200).map((answer) => answer.status)).toEqual([]);
  });

  it("stores every inbound message exactly once, answering 'stored' once per message", async () => {
    const uuids = inbound.map((delivery) => String(delivery.payload.message_uuid));
    const stored = answers.filter((answer) => answer.delivery.kind === "inbound" && answer.body.status === "stored");
    expect(stored).toHaveLength(UNIQUE_INBOUND);
    expect(new Set(stored.map((answer) => answer.delivery.payload.message_uuid)).size).toBe(UNIQUE_INBOUND);
    const rows = await stack.db.message.findMany({ where: { direction: "inbound" }, select: { messageUuid: true } });
    expect(rows.map((row) => row.messageUuid).sort()).toEqual([...uuids].sort());
  });

  it("keeps each status event once and ends each sent message on the status that happened last", async () => {
    expect(await stack.db.statusEvent.count()).toBe(STATUS_UPDATES);
    const messages = await stack.db.message.findMany({ where: { messageUuid: { in: [...statusTimelines.keys()] } } });
    expect(messages).toHaveLength(statusTimelines.size);
    for (const message of messages) {
      const latest = statusTimelines.get(message.messageUuid!)!.at(-1)!;
      expect({ uuid: message.messageUuid, status: message.status, at: message.statusAt?.toISOString() }).toEqual({
        uuid: message.messageUuid,
        status: latest.status,
        at: latest.at.toISOString(),
      });
    }
  });
});
