"use client";

// How customer media looks in a thread: pictures as pictures, voice notes and videos in native
// players (streamed through the media proxy, so seeking works), files as cards. When the proxy
// refuses (expired, credentials, forged URL), the reason it gave is shown instead of a broken image.
import { useState } from "react";
import type { ThreadMedia } from "@/lib/conversations/thread-message";
import { fileTypeLabel } from "@/lib/media/file-type-label";
import { useMediaViewer } from "./media-viewer";

const mediaUrl = (id: string) => `/api/media/${id}`;
/** Thumbnails draw the small WebP when CareDesk made one; the viewer and downloads use the original. */
const thumbnailUrl = (media: ThreadMedia) => (media.hasPreview ? `${mediaUrl(media.id)}?variant=preview` : mediaUrl(media.id));

function useProxyFailure() {
  const [reason, setReason] = useState<string | null>(null);
  const explain = async (url: string) => {
    try {
      const response = await fetch(url, { headers: { range: "bytes=0-0" } });
      const body = response.ok ? null : ((await response.json()) as { error?: { message?: string } });
      setReason(body?.error?.message ?? (response.ok ? "The browser could not show this file. Download it instead." : `HTTP ${response.status}`));
    } catch {
      setReason("CareDesk could not be reached. Check your connection.");
    }
  };
  return { reason, explain };
}

function Unavailable({ kind, reason }: { kind: string; reason: string }) {
  return (
    <div role="note" data-testid="media-unavailable" className="flex max-w-xs flex-col gap-1 rounded-lg border border-dashed border-slate-300 bg-slate-50 p-3 text-sm text-slate-700">
      <span className="font-medium">{kind} unavailable</span>
      <span>{reason}</span>
    </div>
  );
}

export function formatBytes(size: number | null): string {
  if (size === null) return "";
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(0)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

export function MediaThumbnail({ media, size = "md" }: { media: ThreadMedia; size?: "md" | "lg" }) {
  const viewer = useMediaViewer();
  const { reason, explain } = useProxyFailure();
  if (reason) return <Unavailable kind="Photo" reason={reason} />;
  return (
    <button type="button" onClick={() => viewer.open(media.id)} className="block overflow-hidden rounded-lg border border-slate-200 bg-slate-100" aria-label={`Open photo${media.caption ? `: ${media.caption}` : ""}`}>
      {/* eslint-disable-next-line @next/next/no-img-element -- streamed through the media proxy */}
      <img
        src={thumbnailUrl(media)}
        alt={media.caption ?? media.fileName ?? "Photo from the customer"}
        loading="lazy"
        onError={() => void explain(thumbnailUrl(media))}
        className={size === "lg" ? "h-40 w-full object-cover" : "max-h-64 max-w-[16rem] object-cover"}
      />
    </button>
  );
}

export function MediaPlayer({ media }: { media: ThreadMedia }) {
  const { reason, explain } = useProxyFailure();
  const isVideo = media.kind === "video";
  if (reason) return <Unavailable kind={isVideo ? "Video" : "Voice note"} reason={reason} />;
  return isVideo ? (
    <video controls preload="metadata" src={mediaUrl(media.id)} onError={() => void explain(mediaUrl(media.id))} className="max-h-72 max-w-full rounded-lg bg-black" aria-label={media.caption ?? media.fileName ?? "Video from the customer"} />
  ) : (
    <audio controls preload="metadata" src={mediaUrl(media.id)} onError={() => void explain(mediaUrl(media.id))} className="w-72 max-w-full" aria-label={media.caption ?? "Voice note from the customer"} />
  );
}

export function FileCard({ media }: { media: ThreadMedia }) {
  const label = media.kind === "vcard" ? "Contact card" : "Document";
  const type = fileTypeLabel(media);
  return (
    <div className="flex w-72 max-w-full items-center gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm text-slate-800">
      <span aria-hidden="true" data-testid="file-type" className="flex h-10 min-w-10 shrink-0 items-center justify-center whitespace-nowrap rounded-md bg-slate-100 px-1.5 text-[10px] font-semibold text-slate-600">
        {type}
      </span>
      <div className="min-w-0 flex-1">
        <div className="truncate font-medium">{media.fileName ?? label}</div>
        <div className="text-xs text-slate-500">{[type, formatBytes(media.sizeBytes)].filter(Boolean).join(" · ")}</div>
      </div>
      <a href={`${mediaUrl(media.id)}?download=1`} className="rounded-md border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-50" download>
        Download
      </a>
    </div>
  );
}

/** A sticker is part of the conversation, not a photo to inspect: drawn small, with no viewer. */
export function Sticker({ media }: { media: ThreadMedia }) {
  const { reason, explain } = useProxyFailure();
  if (reason) return <Unavailable kind="Sticker" reason={reason} />;
  return (
    // eslint-disable-next-line @next/next/no-img-element -- streamed through the media proxy
    <img src={thumbnailUrl(media)} alt="Sticker" loading="lazy" onError={() => void explain(thumbnailUrl(media))} className="h-32 w-32 object-contain" />
  );
}

export function MediaItem({ media }: { media: ThreadMedia }) {
  if (media.kind === "sticker") return <Sticker media={media} />;
  if (media.kind === "image") return <MediaThumbnail media={media} />;
  if (media.kind === "audio" || media.kind === "video") return <MediaPlayer media={media} />;
  return <FileCard media={media} />;
}
