// POST /api/webhooks/status: Vonage's status webhook (what happened to a message we sent).
import { withRoute } from "@/lib/http/with-route";
import { receiveWebhook } from "@/lib/webhooks/receive-webhook";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withRoute(async ({ request, requestId, logFields, skipRequestLog }) => {
  const receipt = await receiveWebhook("status", request, requestId, { skipRequestLog });
  Object.assign(logFields, { webhook: "status", outcome: receipt.status, messageUuid: receipt.messageUuid });
  return Response.json(receipt);
});
