import { describe, expect, it } from "vitest";
import { fileTypeLabel } from "./file-type-label";

describe("fileTypeLabel", () => {
  it.each([
    ["the file's extension", { kind: "file", fileName: "receipt.pdf", contentType: null }, "PDF"],
    ["a Word file by its content type", { kind: "file", fileName: "letter", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" }, "DOCX"],
    ["a short subtype", { kind: "file", fileName: null, contentType: "application/rtf" }, "RTF"],
    ["words for a long unknown subtype", { kind: "file", fileName: null, contentType: "application/vnd.example-long-format" }, "Document"],
    ["words when nothing is known", { kind: "file", fileName: null, contentType: null }, "Document"],
    ["words for bytes of no stated type", { kind: "file", fileName: "scan", contentType: "application/octet-stream" }, "Document"],
    ["a contact card", { kind: "vcard", fileName: "contact.vcf", contentType: null }, "vCard"],
    ["a contact card without a name", { kind: "vcard", fileName: null, contentType: null }, "vCard"],
  ])("shows %s", (_, media, label) => {
    expect(fileTypeLabel(media)).toBe(label);
  });
});
