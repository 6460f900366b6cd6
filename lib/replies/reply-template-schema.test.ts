import { describe, expect, it } from "vitest";
import { labelsFromLines, placeholderNumbers, replyTemplateSchema } from "./reply-template-schema";

const template = { name: "order_update", locale: "en_US", body: "Hi {{1}}, order {{2}} ships today.", parameters: ["Customer name", "Order number"] };
const issueOf = (input: Partial<typeof template>) => replyTemplateSchema.safeParse({ ...template, ...input }).error?.issues[0];

describe("the WhatsApp template schema", () => {
  it("accepts a template with one label per placeholder, and Vonage's namespace:name and plain languages", () => {
    expect(replyTemplateSchema.safeParse(template).success).toBe(true);
    expect(replyTemplateSchema.safeParse({ ...template, name: "acme:order_update", locale: "pt_BR" }).success).toBe(true);
    expect(replyTemplateSchema.safeParse({ ...template, locale: "de", body: "Hallo {{1}}, {{2}} und noch einmal {{1}}." }).success).toBe(true);
    expect(replyTemplateSchema.safeParse({ ...template, body: "Thanks for waiting.", parameters: [] }).success).toBe(true);
  });

  it.each([
    [{ parameters: ["Customer name"] }, ["parameters"], "The body's placeholders go up to {{2}}, so it needs 2 labels, one per line; you gave 1."],
    [{ body: "Thanks for waiting." }, ["parameters"], "The body has no placeholders, so it takes no labels; you gave 2."],
    [{ body: "Hi {{1}}, order {{3}} ships today." }, ["body"], "The placeholders skip {{2}}: they must run {{1}}, {{2}}, … without gaps."],
    [{ body: "Hi {{0}}, order {{1}}." }, ["body"], "Placeholders count from {{1}}: the body has {{0}}."],
    [{ parameters: ["Customer name", " "] }, ["parameters", 1], "Every placeholder needs a label."],
    [{ name: "Order Update" }, ["name"], expect.stringMatching(/^Enter the name exactly as approved/)],
    [{ locale: "en-US" }, ["locale"], "Enter the language as approved, like en, en_US or pt_BR."],
    [{ locale: "EN" }, ["locale"], "Enter the language as approved, like en, en_US or pt_BR."],
    [{ body: "x".repeat(1025), parameters: [] }, ["body"], "A template body can have at most 1024 characters."],
  ])("refuses %j: %j says %s", (input, path, message) => {
    expect(issueOf(input)).toMatchObject({ path, message });
  });

  it("numbers each placeholder once, smallest first", () => {
    expect(placeholderNumbers("{{2}} {{1}} {{2}} {{ 3 }} {x}")).toEqual([1, 2]);
  });

  it("reads the form's labels one per line, trimmed, without blank lines", () => {
    expect(labelsFromLines(" Customer name \r\n\r\nOrder number\n")).toEqual(["Customer name", "Order number"]);
    expect(labelsFromLines("")).toEqual([]);
  });
});
