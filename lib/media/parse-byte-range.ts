// What a browser's Range header asks of a file CareDesk serves itself (from the archive): one
// range, none, or one that cannot be met. Several ranges at once (multipart/byteranges) are
// answered with the whole file, which RFC 9110 allows and browsers never need for media.

export type ByteRange = { start: number; end: number };

/** `null`: serve the whole file (no header, a malformed one, or several ranges). */
export function parseByteRange(header: string | undefined, size: number): ByteRange | "unsatisfiable" | null {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === "" && match[2] === "")) return null;
  if (match[1] === "") {
    // A suffix: the last n bytes, worked out here so storage only ever sees absolute offsets.
    const length = Number(match[2]);
    if (length === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(match[1]);
  const last = match[2] === "" ? Infinity : Number(match[2]);
  // "bytes=5-3" is not a valid range: ignored, as RFC 9110 says, so the whole file goes out.
  if (last < start) return null;
  if (start >= size) return "unsatisfiable";
  return { start, end: Math.min(last, size - 1) };
}
