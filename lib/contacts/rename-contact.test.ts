// The name form's rules: one line, single spaces, at most 80 characters; empty clears the name.
import { describe, expect, it } from "vitest";
import { contactNameSchema } from "./rename-contact";

describe("contactNameSchema", () => {
  it.each([
    ["  Priya Shah  ", "Priya Shah"],
    ["Priya\n\tShah", "Priya Shah"],
    ["", null],
    ["   ", null],
    ["P".repeat(80), "P".repeat(80)],
  ])("reads %j as %j", (name, expected) => {
    expect(contactNameSchema.parse({ name }).name).toBe(expected);
  });

  it.each([
    [{ name: "P".repeat(81) }, "A name has at most 80 characters: shorten it and save again."],
    [{ name: null }, "Type the customer's name, or leave it empty to use the name their channel gives."],
    [{}, "Type the customer's name, or leave it empty to use the name their channel gives."],
  ])("refuses %j in words", (input, message) => {
    const result = contactNameSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
  });
});
