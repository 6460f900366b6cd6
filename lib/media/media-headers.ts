// What the browser is told about a customer's file. Only types a browser shows without running
// script are inline; everything else downloads. Every response is sandboxed and never cached.

const INLINE_TYPES = [/^image\/(png|jpeg|gif|webp|avif|bmp)$/, /^audio\/[a-z0-9.+-]+$/, /^video\/[a-z0-9.+-]+$/, /^application\/pdf$/];

export function isInlineType(contentType: string): boolean {
  return INLINE_TYPES.some((pattern) => pattern.test(contentType));
}

/** The bare media type, lower-cased; anything odd becomes application/octet-stream. */
export function cleanContentType(value: string | null | undefined): string {
  const type = (value ?? "").split(";")[0]!.trim().toLowerCase();
  return /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(type) ? type : "application/octet-stream";
}

const EXTENSIONS: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/gif": "gif",
  "image/webp": "webp",
  "audio/ogg": "ogg",
  "audio/mpeg": "mp3",
  "audio/wav": "wav",
  "audio/mp4": "m4a",
  "video/mp4": "mp4",
  "video/webm": "webm",
  "application/pdf": "pdf",
  "text/vcard": "vcf",
};

/** A file name safe in a header and on any disk: letters, digits, dot, dash, underscore. */
export function safeFileName(name: string | null | undefined, fallbackStem: string, contentType: string): string {
  const cleaned = (name ?? "")
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/^[._]+/, "")
    .slice(-120);
  if (cleaned && /[A-Za-z0-9]/.test(cleaned)) return cleaned;
  const extension = EXTENSIONS[contentType];
  return extension ? `${fallbackStem}.${extension}` : fallbackStem;
}

export function contentDisposition(contentType: string, fileName: string, isDownload: boolean): string {
  return `${isDownload || !isInlineType(contentType) ? "attachment" : "inline"}; filename="${fileName}"`;
}

/**
 * A file's whole size from an upstream answer: the length of a 200, the total a 206 names in its
 * Content-Range ("bytes 0-1023/40315"), so a player's first range tells it as well as a download.
 * Null when the answer does not say, or the size does not fit the column.
 */
export function wholeFileBytes(status: number, headers: { "content-length"?: string | string[]; "content-range"?: string | string[] }): number | null {
  const stated = status === 200 ? headers["content-length"] : status === 206 ? /\/(\d+)\s*$/.exec(String(headers["content-range"] ?? ""))?.[1] : undefined;
  if (typeof stated !== "string" || !/^\d+$/.test(stated.trim())) return null;
  const bytes = Number(stated);
  return Number.isSafeInteger(bytes) && bytes <= 2 ** 31 - 1 ? bytes : null;
}

export const MEDIA_SECURITY_HEADERS = {
  // no-transform: the server must not compress (it would drop Content-Length and break ranges).
  "cache-control": "private, no-store, no-transform",
  "x-content-type-options": "nosniff",
  "content-security-policy": "sandbox; default-src 'none'",
  "cross-origin-resource-policy": "same-origin",
  "referrer-policy": "no-referrer",
} as const;
