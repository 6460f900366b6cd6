import { describe, expect, it } from "vitest";
import { cleanContentType, contentDisposition, isInlineType, safeFileName, wholeFileBytes } from "./media-headers";

describe("media headers", () => {
  it.each(["image/jpeg", "image/png", "audio/ogg", "audio/mpeg", "video/mp4", "application/pdf"])("shows %s inline", (type) => {
    expect(isInlineType(type)).toBe(true);
    expect(contentDisposition(type, "f", false)).toBe('inline; filename="f"');
  });

  it.each(["image/svg+xml", "text/html", "application/javascript", "text/xml", "application/vnd.ms-excel", "application/octet-stream", "text/vcard"])(
    "makes %s a download",
    (type) => {
      expect(contentDisposition(type, "f", false)).toBe('attachment; filename="f"');
    },
  );

  it("forces a download when asked", () => {
    expect(contentDisposition("image/png", "f.png", true)).toBe('attachment; filename="f.png"');
  });

  it("cleans content types", () => {
    expect(cleanContentType("Image/PNG; charset=binary")).toBe("image/png");
    expect(cleanContentType("text/html\r\nSet-Cookie: x")).toBe("application/octet-stream");
    expect(cleanContentType(null)).toBe("application/octet-stream");
  });

  it("makes file names safe for headers and disks", () => {
    expect(safeFileName('../../etc/"passwd"\r\n.pdf', "media", "application/pdf")).toBe("etc_passwd_.pdf");
    expect(safeFileName("Ré sumé.pdf", "media", "application/pdf")).toBe("Re_sume_.pdf");
    expect(safeFileName(null, "media-abc", "image/jpeg")).toBe("media-abc.jpg");
    expect(safeFileName("...", "media-abc", "application/x-unknown")).toBe("media-abc");
  });

  it.each([
    ["a whole file's length", 200, { "content-length": "40315" }, 40315],
    ["the total a range names", 206, { "content-length": "2", "content-range": "bytes 0-1/40315" }, 40315],
    ["nothing from a range of unknown total", 206, { "content-range": "bytes 0-1/*" }, null],
    ["nothing from a 304", 304, { "content-length": "40315" }, null],
    ["nothing from a length that is not a number", 200, { "content-length": "lots" }, null],
    ["nothing past what the column holds", 200, { "content-length": String(2 ** 31) }, null],
  ] as const)("takes %s as the file's size", (_, status, headers, bytes) => {
    expect(wholeFileBytes(status, headers)).toBe(bytes);
  });
});
