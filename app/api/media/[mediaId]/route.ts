// GET /api/media/{mediaId}[?variant=preview][&download=1]: a customer's media file, from
// CareDesk's archive when it is kept there, else fetched from Vonage with the application's JWT and
// streamed through; signed-in, enabled people only.
import { z } from "zod";
import { clientAddressOf } from "@/lib/auth/client-address";
import { idSchema } from "@/lib/db/id-schema";
import { AppError } from "@/lib/errors";
import { withUserRoute } from "@/lib/http/with-user-route";
import { streamMedia } from "@/lib/media/stream-media";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const FORWARDED = ["range", "if-none-match", "if-modified-since"] as const;

// Anything but "preview" is the original: a stale or odd link still shows the file.
const variantSchema = z.enum(["original", "preview"]).catch("original");

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
    variant: variantSchema.parse(request.nextUrl.searchParams.get("variant") ?? undefined),
    isDownload: request.nextUrl.searchParams.get("download") === "1",
    isHeadersOnly: request.method === "HEAD",
    signal: request.signal,
    ipAddress: clientAddressOf(request.headers),
    requestId,
  });
});
