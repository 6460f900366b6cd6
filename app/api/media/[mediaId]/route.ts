// GET /api/media/{mediaId}: a customer's media file, fetched from Vonage with the application's
// JWT and streamed through; signed-in, enabled people only.
import { clientAddressOf } from "@/lib/auth/client-address";
import { idSchema } from "@/lib/db/id-schema";
import { AppError } from "@/lib/errors";
import { withUserRoute } from "@/lib/http/with-user-route";
import { streamMedia } from "@/lib/media/stream-media";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const FORWARDED = ["range", "if-none-match", "if-modified-since"] as const;

export const GET = withUserRoute<{ mediaId: string }>(async ({ request, params, user, requestId, logFields }) => {
  const mediaId = idSchema.safeParse(params.mediaId);
  if (!mediaId.success) throw new AppError("not_found", "No media with this id.");
  const conditionalHeaders: Record<string, string> = {};
  for (const name of FORWARDED) {
    const value = request.headers.get(name);
    if (value && value.length <= 256) conditionalHeaders[name] = value;
  }
  logFields.mediaId = mediaId.data;
  return streamMedia({
    mediaId: mediaId.data,
    user,
    conditionalHeaders,
    isDownload: request.nextUrl.searchParams.get("download") === "1",
    isHeadersOnly: request.method === "HEAD",
    signal: request.signal,
    ipAddress: clientAddressOf(request.headers),
    requestId,
  });
});
