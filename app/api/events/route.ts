// GET /api/events: Server-Sent Events with the changes a signed-in person may see; a reconnecting
// tab names the last event it saw (Last-Event-ID, or ?lastEventId= when it reopens the stream itself).
import { z } from "zod";
import { hasSameAccess } from "@/lib/auth/has-same-access";
import { getEnv } from "@/lib/env";
import { withUserRoute } from "@/lib/http/with-user-route";
import { liveEventStream } from "@/lib/live/live-event-stream";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const eventIdSchema = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const GET = withUserRoute(
  async ({ request, user }) => {
    // A malformed id is treated as none: the tab gets live updates from now on.
    const lastEventId = eventIdSchema.safeParse(request.headers.get("last-event-id") ?? request.nextUrl.searchParams.get("lastEventId") ?? undefined);
    const stream = liveEventStream(request.signal, {
      user,
      lastEventId: lastEventId.success ? lastEventId.data : null,
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
