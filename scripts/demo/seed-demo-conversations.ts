// Fills a demo CareDesk with a dozen conversations across channels and message types, delivered
// as real signed webhooks whose media lives on the local media stand-in. One photo is archived and
// then forgotten by the stand-in, as Vonage forgets media after 48 hours: it still opens, from
// CareDesk's own copy. The Messages API stand-in is told when each customer wrote, so its WhatsApp
// window matches the threads (Grace's closed a day ago: a template still goes); two canned replies
// and one template are there to try.
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db";
import { cannedReplySchema } from "@/lib/replies/canned-reply-schema";
import { replyTemplateSchema } from "@/lib/replies/reply-template-schema";
import { buildInboundPayload, buildStatusPayload } from "../../test/vonage-fake/build-payloads";
import type { FakeMediaServer } from "../../test/vonage-fake/media-server";
import type { MessagesApiStandIn } from "../../test/vonage-fake/messages-api";
import { sendWebhook, type WebhookTarget } from "../../test/vonage-fake/send-webhook";
import { samplePdf, samplePng, sampleWav, sampleWebm } from "./sample-media";

/** The archive worker polls every few seconds; this is ample for one small photo. */
const ARCHIVE_WAIT_MS = 45_000;

/** Waits until CareDesk has archived the media item behind `vonageUrl`, then expires it at the stand-in. */
async function expireOnceArchived(db: Db, vonage: FakeMediaServer, vonageUrl: string): Promise<void> {
  const deadline = Date.now() + ARCHIVE_WAIT_MS;
  let state = "unknown";
  while (Date.now() < deadline) {
    const item = await db.mediaItem.findFirst({ where: { vonageUrl }, select: { archiveState: true, archiveError: true } });
    state = item ? `${item.archiveState}${item.archiveError ? ` (${item.archiveError})` : ""}` : "not received";
    if (item?.archiveState === "archived") {
      vonage.expireMedia(vonageUrl.split("/").pop()!);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `The demo photo was not archived within ${ARCHIVE_WAIT_MS / 1000} s (its archive state: ${state}). ` +
      "CareDesk's archive worker copies each media file into MEDIA_STORAGE_URL; see the server log for why it did not.",
  );
}

type Step = { channel: string; messageType: string; from: string; minutesAgo: number; text?: string; profileName?: string; media?: () => string[]; replyTo?: string; messageUuid?: string };

export async function seedDemoConversations(target: WebhookTarget, standIns: { media: FakeMediaServer; messagesApi: MessagesApiStandIn }, db: Db): Promise<void> {
  const { media: vonage, messagesApi } = standIns;
  const video = await sampleWebm();
  const photo = (hue: [number, number, number]) => () => [vonage.addMedia({ contentType: "image/png", body: samplePng(640, 480, hue) })];
  const voice = () => [vonage.addMedia({ contentType: "audio/wav", body: sampleWav(3) })];
  const pdf = () => [vonage.addMedia({ contentType: "application/pdf", body: samplePdf(["Receipt #10442", "1 x Espresso machine  £149.00", "Delivered 27 Nov"]) })];
  const movie = () => (video ? [vonage.addMedia({ contentType: "video/webm", body: video })] : [vonage.addMedia({ contentType: "video/mp4", size: 1_000_000 })]);
  // Priya's first photo: archived, then expired at the stand-in, so the demo shows the archive at work.
  let archivedPhotoUrl: string | undefined;
  const archivedPhoto = () => {
    const urls = photo([230, 160, 90])();
    archivedPhotoUrl = urls[0];
    return urls;
  };
  const expired = () => [vonage.addMedia({ contentType: "image/png", body: samplePng(320, 240, [200, 80, 80]), lifetimeSeconds: 0 })];

  // A customer quotes their own earlier message (a quote never reaches into another conversation).
  const leeQuestionUuid = randomUUID();
  const steps: Step[] = [
    { channel: "whatsapp", messageType: "text", from: "447700900011", minutesAgo: 2900, profileName: "Priya Shah", text: "Hi! My espresso machine arrived with a cracked water tank 😞" },
    { channel: "whatsapp", messageType: "image", from: "447700900011", minutesAgo: 2898, profileName: "Priya Shah", media: archivedPhoto },
    { channel: "whatsapp", messageType: "image", from: "447700900011", minutesAgo: 2897, profileName: "Priya Shah", media: photo([120, 170, 230]) },
    { channel: "whatsapp", messageType: "audio", from: "447700900011", minutesAgo: 30, profileName: "Priya Shah", media: voice },
    { channel: "whatsapp", messageType: "video", from: "447700900011", minutesAgo: 28, profileName: "Priya Shah", media: movie },
    { channel: "whatsapp", messageType: "file", from: "447700900011", minutesAgo: 27, profileName: "Priya Shah", media: pdf },
    { channel: "whatsapp", messageType: "image", from: "447700900012", minutesAgo: 3000, profileName: "Tom Okafor", media: expired },
    { channel: "whatsapp", messageType: "location", from: "447700900012", minutesAgo: 240, profileName: "Tom Okafor" },
    { channel: "sms", messageType: "text", from: "447700900013", minutesAgo: 180, text: "Where is my order 88213? Tracking says delivered but nothing here. https://example.com/track/88213" },
    { channel: "mms", messageType: "content", from: "14155550123", minutesAgo: 150, media: () => [...photo([90, 200, 140])(), ...photo([200, 200, 90])(), ...movie()] },
    { channel: "messenger", messageType: "text", from: "4412345678905555", minutesAgo: 120, text: "Do you ship to Ireland?" },
    { channel: "messenger", messageType: "video", from: "4412345678905555", minutesAgo: 118, media: movie },
    { channel: "viber_service", messageType: "file", from: "447700900015", minutesAgo: 95, media: pdf },
    { channel: "rcs", messageType: "button", from: "447700900016", minutesAgo: 70 },
    { channel: "whatsapp", messageType: "order", from: "447700900017", minutesAgo: 60, profileName: "Ana Costa" },
    { channel: "whatsapp", messageType: "contact", from: "447700900017", minutesAgo: 59, profileName: "Ana Costa" },
    { channel: "whatsapp", messageType: "text", from: "447700900018", minutesAgo: 47, profileName: "Lee Wong", text: "Do you still sell the Aurora kettle?", messageUuid: leeQuestionUuid },
    { channel: "whatsapp", messageType: "text", from: "447700900018", minutesAgo: 45, profileName: "Lee Wong", text: "Is the blue one back in stock?", replyTo: leeQuestionUuid },
    { channel: "whatsapp", messageType: "reaction", from: "447700900018", minutesAgo: 44, profileName: "Lee Wong" },
    { channel: "rcs", messageType: "reply", from: "447700900019", minutesAgo: 20 },
    { channel: "whatsapp", messageType: "unsupported", from: "447700900020", minutesAgo: 10, profileName: "Sam Lee" },
    // Past WhatsApp's 24 hours: the composer offers the template instead.
    { channel: "whatsapp", messageType: "text", from: "447700900021", minutesAgo: 1680, profileName: "Grace Mensah", text: "Has my refund for order 77120 gone through?" },
    // A type Vonage may add one day: stored and shown as such, with its media URL hidden.
    { channel: "whatsapp", messageType: "hologram", from: "447700900020", minutesAgo: 9, profileName: "Sam Lee" },
  ];
  for (const step of steps) {
    const timestamp = new Date(Date.now() - step.minutesAgo * 60_000);
    const payload = buildInboundPayload({
      channel: step.channel,
      messageType: step.messageType,
      messageUuid: step.messageUuid,
      from: step.from,
      text: step.text,
      profileName: step.profileName,
      replyTo: step.replyTo,
      timestamp,
      mediaOrigin: vonage.origin,
      mediaIds: step.media?.().map((url) => url.split("/").pop()!),
    });
    const response = await sendWebhook(target, "inbound", payload);
    if (!response.ok) throw new Error(`demo webhook refused: ${response.status} ${await response.text()}`);
    messagesApi.customerWrote(step.channel, step.from, timestamp);
  }

  // What admins keep at /admin/canned-replies and /admin/templates, checked as those pages check them.
  await db.cannedReply.createMany({
    data: [
      { shortcut: "thanks", text: "Thanks for your patience! I'm looking into it now." },
      { shortcut: "refund", text: "I've started your refund: it reaches your account within 3 to 5 working days." },
    ].map((cannedReply) => cannedReplySchema.parse(cannedReply)),
  });
  await db.replyTemplate.create({
    data: replyTemplateSchema.parse({
      name: "refund_update",
      locale: "en_GB",
      body: "Hi {{1}}, your refund for order {{2}} is on its way. Reply here if you have any questions.",
      parameters: ["Customer name", "Order number"],
    }),
  });

  await expireOnceArchived(db, vonage, archivedPhotoUrl!);

  // One reply the business sent, with its delivery statuses, so outbound bubbles show too.
  const conversation = await db.conversation.findFirstOrThrow({ where: { contact: { address: "447700900011" } } });
  const outbound = await db.message.create({
    data: {
      messageUuid: randomUUID(),
      conversationId: conversation.id,
      direction: "outbound",
      channel: "whatsapp",
      messageType: "text",
      fromAddress: conversation.businessNumber,
      toAddress: "447700900011",
      text: "So sorry, Priya! A replacement tank is on its way. Could you send a short video of the crack?",
      rawPayload: "{}",
      sentAt: new Date(Date.now() - 2880 * 60_000),
    },
  });
  for (const [offset, status] of [[1, "submitted"], [2, "delivered"], [5, "read"]] as const) {
    await sendWebhook(target, "status", buildStatusPayload({ messageUuid: outbound.messageUuid!, status, timestamp: new Date(Date.now() - (2880 - offset) * 60_000) }));
  }
}
