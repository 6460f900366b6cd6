// POST /api/webhooks/inbound: Vonage's inbound message webhook (a customer wrote to us).
import { withRoute } from "@/lib/http/with-route";
import { receiveWebhook } from "@/lib/webhooks/receive-webhook";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withRoute(async ({ request, requestId, logFields, skipRequestLog }) => {
  const receipt = await receiveWebhook("inbound", request, requestId, { skipRequestLog });
  Object.assign(logFields, { webhook: "inbound", outcome: receipt.status, messageUuid: receipt.messageUuid });
  return Response.json(receipt);
});
