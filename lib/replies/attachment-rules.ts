// What each channel accepts as a reply's attachment: the kinds, their file types and sizes, as
// Vonage and the providers behind it document them (../shared/VONAGE-SEND.md, A.5), capped at
// what CareDesk takes in one upload. Pure: the composer checks a file before it is sent, and
// createReply checks it again.

/** The largest attachment CareDesk takes (next.config.js lets server actions carry this much). */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

export type AttachmentKind = "image" | "audio" | "video" | "file";

type Rule = { kind: AttachmentKind; types: readonly string[] | "any"; maxBytes: number; label: string };

const MB = 1024 * 1024;
const JPEG_PNG = ["image/jpeg", "image/png"] as const;

const RULES: Record<string, readonly Rule[]> = {
  whatsapp: [
    { kind: "image", types: JPEG_PNG, maxBytes: 5 * MB, label: "JPEG or PNG images up to 5 MB" },
    { kind: "audio", types: ["audio/aac", "audio/mp4", "audio/x-m4a", "audio/amr", "audio/mpeg", "audio/ogg"], maxBytes: 16 * MB, label: "AAC, M4A, AMR, MP3 or Opus audio up to 16 MB" },
    { kind: "video", types: ["video/mp4", "video/3gpp"], maxBytes: 16 * MB, label: "MP4 or 3GPP video up to 16 MB" },
    { kind: "file", types: "any", maxBytes: MAX_ATTACHMENT_BYTES, label: "documents up to 25 MB" },
  ],
  mms: [
    { kind: "image", types: [...JPEG_PNG, "image/gif"], maxBytes: 5 * MB, label: "JPEG, PNG or GIF images up to 5 MB" },
    { kind: "audio", types: ["audio/mpeg"], maxBytes: 5 * MB, label: "MP3 audio up to 5 MB" },
    { kind: "video", types: ["video/mp4"], maxBytes: 5 * MB, label: "MP4 video up to 5 MB" },
  ],
  messenger: [
    { kind: "image", types: [...JPEG_PNG, "image/gif"], maxBytes: MAX_ATTACHMENT_BYTES, label: "JPEG, PNG or GIF images" },
    { kind: "audio", types: ["audio/mpeg"], maxBytes: MAX_ATTACHMENT_BYTES, label: "MP3 audio" },
    { kind: "video", types: ["video/mp4"], maxBytes: MAX_ATTACHMENT_BYTES, label: "MP4 video" },
    { kind: "file", types: "any", maxBytes: MAX_ATTACHMENT_BYTES, label: "documents up to 25 MB" },
  ],
  viber_service: [
    { kind: "image", types: JPEG_PNG, maxBytes: 5 * MB, label: "JPEG or PNG images up to 5 MB" },
    { kind: "file", types: "any", maxBytes: MAX_ATTACHMENT_BYTES, label: "documents up to 25 MB" },
  ],
  rcs: [
    { kind: "image", types: [...JPEG_PNG, "image/gif"], maxBytes: 10 * MB, label: "JPEG, PNG or GIF images up to 10 MB" },
    { kind: "video", types: ["video/mp4"], maxBytes: 10 * MB, label: "MP4 video up to 10 MB" },
    { kind: "file", types: ["application/pdf"], maxBytes: 10 * MB, label: "PDF documents up to 10 MB" },
  ],
};

/** The kinds a file of `type` could be sent as, most specific first. */
function kindsFor(type: string): AttachmentKind[] {
  const family = type.split("/")[0];
  return family === "image" || family === "audio" || family === "video" ? [family, "file"] : ["file"];
}

export type AttachmentCheck = { kind: AttachmentKind } | { error: string };

/** How a file would go on `channel`, or why it cannot, in words that say what is allowed. */
export function checkAttachment(channel: string, file: { type: string; size: number }): AttachmentCheck {
  const rules = RULES[channel] ?? [];
  if (rules.length === 0) return { error: "This channel takes text only: attachments cannot be sent on it." };
  const allowed = `This channel takes ${rules.map((rule) => rule.label).join("; ")}.`;
  const type = file.type.toLowerCase().split(";")[0]!.trim();
  for (const kind of kindsFor(type)) {
    const rule = rules.find((candidate) => candidate.kind === kind && (candidate.types === "any" || candidate.types.includes(type)));
    if (!rule) continue;
    if (file.size === 0) return { error: "This file is empty." };
    if (file.size > rule.maxBytes) return { error: `This file is ${(file.size / MB).toFixed(1)} MB: too large. ${allowed}` };
    return { kind };
  }
  return { error: `This file's type (${type || "unknown"}) cannot be sent here. ${allowed}` };
}

/** The `accept` attribute for the composer's file picker. */
export function acceptedTypes(channel: string): string {
  const rules = RULES[channel] ?? [];
  return rules.some((rule) => rule.types === "any") ? "" : rules.flatMap((rule) => (rule.types === "any" ? [] : rule.types)).join(",");
}
