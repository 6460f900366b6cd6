// npm run vonage:send -- inbound --channel whatsapp --type image [--text "…"] [--from NUMBER]
// npm run vonage:send -- status --message-uuid UUID --status delivered
// Fires one webhook, built and signed as Vonage would, at a running CareDesk (--url, default
// http://localhost:3000). Signs with VONAGE_SIGNATURE_SECRET / VONAGE_API_KEY from the
// environment or .env; --media-origin points media URLs at the local media stand-in.
import "./load-env";
import { parseArgs } from "node:util";
import { buildInboundPayload, buildStatusPayload } from "../test/vonage-fake/build-payloads";
import { sendWebhook } from "../test/vonage-fake/send-webhook";
import { runCommand } from "./run-command";

const USAGE = `Fires one webhook, built and signed as Vonage would, at a running CareDesk.

  npm run vonage:send -- inbound [--channel whatsapp] [--type text|image|audio|video|file|…] [--text "…"] [--from NUMBER] [--media-origin URL]
  npm run vonage:send -- status --message-uuid UUID [--status submitted|delivered|read|rejected|undeliverable]

  --url URL   CareDesk's address (default $CAREDESK_URL, else http://localhost:3000)

Signs with VONAGE_SIGNATURE_SECRET (and VONAGE_API_KEY) from the environment or .env.`;

await runCommand(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      help: { type: "boolean", short: "h" },
      url: { type: "string", default: process.env.CAREDESK_URL ?? "http://localhost:3000" },
      channel: { type: "string", default: "whatsapp" },
      type: { type: "string", default: "text" },
      text: { type: "string" },
      from: { type: "string" },
      "media-origin": { type: "string" },
      "message-uuid": { type: "string" },
      status: { type: "string", default: "delivered" },
    },
  });
  const kind = positionals[0];
  if (values.help) return void console.log(USAGE);
  if (kind !== "inbound" && kind !== "status") throw new Error(USAGE);
  const payload =
    kind === "inbound"
      ? buildInboundPayload({ channel: values.channel, messageType: values.type, text: values.text, from: values.from, mediaOrigin: values["media-origin"] })
      : buildStatusPayload({ messageUuid: values["message-uuid"] ?? "", status: values.status, channel: values.channel });
  if (kind === "status" && !values["message-uuid"]) throw new Error("status needs --message-uuid");
  const signatureSecret = process.env.VONAGE_SIGNATURE_SECRET;
  if (!signatureSecret) {
    console.warn("No VONAGE_SIGNATURE_SECRET (environment or .env): sending the webhook unsigned, which CareDesk refuses (401) unless VONAGE_WEBHOOK_SIGNATURES=off.");
  }
  const response = await sendWebhook(
    { baseUrl: values.url, signatureSecret, apiKey: process.env.VONAGE_API_KEY },
    kind,
    payload,
  );
  console.log(`POST ${values.url}/api/webhooks/${kind} → ${response.status}`);
  console.log(await response.text());
  if (!response.ok) process.exitCode = 1;
});
