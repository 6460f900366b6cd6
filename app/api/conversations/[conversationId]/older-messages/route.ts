// GET /api/conversations/{id}/older-messages?before=<cursor>: the page of a thread's messages (and
// its activity) older than the cursor, for a tab that shows older messages in place when the agent
// asks for them. The `?before=` page of the thread shows the same page without JavaScript.
import { getThreadPage } from "@/lib/conversations/get-conversation";
import { idSchema } from "@/lib/db/id-schema";
import { decodeCursor } from "@/lib/db/keyset-page";
import { AppError } from "@/lib/errors";
import { withUserRoute } from "@/lib/http/with-user-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withUserRoute<{ conversationId: string }>(async ({ request, params, user }) => {
  const conversationId = idSchema.safeParse(params.conversationId);
  if (!conversationId.success) throw new AppError("not_found", "This conversation does not exist (any more).");
  const cursor = decodeCursor(request.nextUrl.searchParams.get("before") ?? undefined);
  if (!cursor) throw new AppError("bad_request", "Name the oldest message shown as ?before=<time in ms>_<message id>, as the thread's own link does.");
  return Response.json(await getThreadPage(user, conversationId.data, cursor), { headers: { "cache-control": "no-store" } });
});
