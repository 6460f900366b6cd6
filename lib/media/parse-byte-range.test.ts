import { describe, expect, it } from "vitest";
import { parseByteRange } from "./parse-byte-range";

describe("parseByteRange", () => {
  it.each([
    ["no header", undefined, 1000, null],
    ["a closed range", "bytes=0-99", 1000, { start: 0, end: 99 }],
    ["an open range", "bytes=900-", 1000, { start: 900, end: 999 }],
    ["a range past the end, clipped", "bytes=990-5000", 1000, { start: 990, end: 999 }],
    ["a suffix", "bytes=-100", 1000, { start: 900, end: 999 }],
    ["a suffix longer than the file", "bytes=-5000", 1000, { start: 0, end: 999 }],
    ["a start past the end", "bytes=1000-", 1000, "unsatisfiable"],
    ["an empty suffix", "bytes=-0", 1000, "unsatisfiable"],
    ["any range of an empty file", "bytes=0-", 0, "unsatisfiable"],
    ["several ranges (whole file)", "bytes=0-9,20-29", 1000, null],
    ["a reversed range (ignored)", "bytes=50-10", 1000, null],
    ["another unit (ignored)", "items=0-1", 1000, null],
    ["nothing at all", "bytes=-", 1000, null],
  ] as const)("%s", (_, header, size, expected) => {
    expect(parseByteRange(header, size)).toEqual(expected);
  });
});
