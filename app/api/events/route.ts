// GET /api/events: Server-Sent Events announcing changed conversations to signed-in people.
import { hasSameAccess } from "@/lib/auth/has-same-access";
import { getEnv } from "@/lib/env";
import { withUserRoute } from "@/lib/http/with-user-route";
import { liveEventStream } from "@/lib/live/live-event-stream";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withUserRoute(
  async ({ request, user }) => {
    const stream = liveEventStream(request.signal, {
      accessCheckMs: getEnv().LIVE_ACCESS_CHECK_SECONDS * 1000,
      isStillAllowed: () => hasSameAccess(user),
    });
    return new Response(stream, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      },
    });
  },
  // The page opens this stream by itself: it is not the person's activity.
  { isActivity: false },
);
