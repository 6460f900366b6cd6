// GET /api/conversations/{id}/messages?ids=a,b: messages of one thread by id, for an open tab told
// by a live update that they arrived or changed.
import { z } from "zod";
import { getThreadMessages } from "@/lib/conversations/get-thread-messages";
import { idSchema } from "@/lib/db/id-schema";
import { AppError } from "@/lib/errors";
import { withUserRoute } from "@/lib/http/with-user-route";
import { MAX_MESSAGE_IDS_PER_FETCH } from "@/lib/live/live-update";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const idsSchema = z
  .string()
  .transform((value) => [...new Set(value.split(",").filter(Boolean))])
  .pipe(z.array(idSchema).min(1).max(MAX_MESSAGE_IDS_PER_FETCH));

export const GET = withUserRoute<{ conversationId: string }>(
  async ({ request, params, user }) => {
    const conversationId = idSchema.safeParse(params.conversationId);
    if (!conversationId.success) throw new AppError("not_found", "This conversation does not exist (any more).");
    const ids = idsSchema.safeParse(request.nextUrl.searchParams.get("ids") ?? "");
    if (!ids.success) throw new AppError("bad_request", `Name between 1 and ${MAX_MESSAGE_IDS_PER_FETCH} message ids as ?ids=id1,id2.`);
    const messages = await getThreadMessages(user, conversationId.data, ids.data);
    return Response.json({ messages }, { headers: { "cache-control": "no-store" } });
  },
  // Asked for by the page when a live update arrives: not the person's activity.
  { isActivity: false },
);
