// One browser request for a customer's media file, and how it ended, as the proxy (from Vonage)
// and the archive (from CareDesk's own storage) both answer it.
import type { CurrentUser } from "../auth/current-user";

export type MediaRequest = {
  mediaId: string;
  user: CurrentUser;
  /** Range, If-None-Match and If-Modified-Since from the browser, passed through. */
  conditionalHeaders: Record<string, string>;
  /** "preview": the small image made for thumbnails, when there is one; otherwise the original. */
  variant: "original" | "preview";
  isDownload: boolean;
  /** HEAD: the headers only (Next.js answers HEAD with the GET handler and never reads the body). */
  isHeadersOnly: boolean;
  signal: AbortSignal;
  ipAddress?: string;
  requestId: string;
};

/** How one request for a file ended, as the audit trail records it. */
export type MediaView = { status: number; bytes: number; outcome: string };

/** The answer for the browser (or the error to answer with), and how the request ended: at once, or when a streamed body ends. */
export type MediaAnswer = { view: Promise<MediaView> } & ({ response: Response } | { error: unknown });
