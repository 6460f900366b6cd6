// GET /api/events: Server-Sent Events announcing changed conversations to signed-in people.
import { withUserRoute } from "@/lib/http/with-user-route";
import { liveEventStream } from "@/lib/live/live-event-stream";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withUserRoute(async ({ request }) => {
  return new Response(liveEventStream(request.signal), {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});
