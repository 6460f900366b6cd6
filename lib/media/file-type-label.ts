// The short type a file card shows in its badge ("PDF", "DOCX", "vCard"): from the file's name
// when it has a sensible extension, else from its content type, else in words ("Document").

const BY_CONTENT_TYPE: Record<string, string> = {
  "application/pdf": "PDF",
  "application/msword": "DOC",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
  "application/vnd.ms-excel": "XLS",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
  "application/vnd.ms-powerpoint": "PPT",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PPTX",
  "application/zip": "ZIP",
  "application/json": "JSON",
  "text/plain": "TXT",
  "text/csv": "CSV",
  "text/vcard": "vCard",
  "text/x-vcard": "vCard",
};

/** Longer than this, an extension or subtype is not a type a person recognises at a glance. */
const LONGEST_LABEL = 5;

export function fileTypeLabel(media: { kind: string; fileName: string | null; contentType: string | null }): string {
  const extension = media.fileName?.includes(".") ? media.fileName.split(".").pop()! : "";
  if (/^[a-z0-9]{1,5}$/i.test(extension)) return extension.toLowerCase() === "vcf" ? "vCard" : extension.toUpperCase();
  const contentType = media.contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  const known = BY_CONTENT_TYPE[contentType];
  if (known) return known;
  const subtype = contentType.split("/")[1] ?? "";
  if (/^[a-z0-9]+$/.test(subtype) && subtype.length <= LONGEST_LABEL) return subtype.toUpperCase();
  return media.kind === "vcard" ? "vCard" : "Document";
}
