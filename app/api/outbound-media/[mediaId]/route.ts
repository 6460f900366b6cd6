// GET /api/outbound-media/{mediaId}?expires=…&signature=…: a reply's attachment, for Vonage to
// fetch. No session: the signed, expiring URL is the permission (lib/replies/outbound-media-url.ts).
import { idSchema } from "@/lib/db/id-schema";
import { AppError } from "@/lib/errors";
import { withRoute } from "@/lib/http/with-route";
import { serveOutboundMedia } from "@/lib/replies/serve-outbound-media";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const handler = withRoute<{ mediaId: string }>(async ({ request, params, logFields }) => {
  const mediaId = idSchema.safeParse(params.mediaId);
  if (!mediaId.success) throw new AppError("not_found", "No attachment with this id.");
  logFields.mediaId = mediaId.data;
  const query = request.nextUrl.searchParams;
  return serveOutboundMedia(mediaId.data, { expires: query.get("expires"), signature: query.get("signature") }, request.method === "HEAD");
});

export const GET = handler;
export const HEAD = handler;
