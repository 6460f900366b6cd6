// POST /api/conversations/{id}/presence: an open thread's tab says its person is viewing it, typing
// a reply, or has left; answers who else is on the thread. Reported every few seconds by every
// open thread, so it logs at debug level only (refusals still log their request line).
import { z } from "zod";
import { idSchema } from "@/lib/db/id-schema";
import { AppError } from "@/lib/errors";
import { withUserRoute } from "@/lib/http/with-user-route";
import { getLogger } from "@/lib/logger";
import { announcePresence } from "@/lib/presence/announce-presence";
import { PRESENCE_REPORTS } from "@/lib/presence/presence-snapshot";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const bodySchema = z.object({ state: z.enum(PRESENCE_REPORTS) });

export const POST = withUserRoute<{ conversationId: string }>(
  async ({ request, params, user, requestId, skipRequestLog }) => {
    const conversationId = idSchema.safeParse(params.conversationId);
    if (!conversationId.success) throw new AppError("not_found", "This conversation does not exist (any more).");
    // JSON only: a form on another site cannot send it without the browser asking this one first.
    if (!/^application\/json\b/i.test(request.headers.get("content-type") ?? "")) throw new AppError("unsupported_media_type", "Send the report as application/json.");
    const json: unknown = await request.json().catch(() => undefined);
    if (json === undefined) throw new AppError("bad_request", "The body is not JSON.");
    const body = bodySchema.safeParse(json);
    if (!body.success) throw new AppError("unprocessable", `Send {"state": "${PRESENCE_REPORTS.join('" | "')}"}.`);
    const people = await announcePresence(user, conversationId.data, body.data.state);
    skipRequestLog();
    getLogger().debug({ requestId, userId: user.id, conversationId: conversationId.data, state: body.data.state }, "presence reported");
    return Response.json({ people }, { headers: { "cache-control": "no-store" } });
  },
  // Sent by the page by itself (a reply sent is the person's activity, not these).
  { isActivity: false },
);
