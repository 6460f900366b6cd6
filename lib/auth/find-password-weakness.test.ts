import { describe, expect, it } from "vitest";
import { findPasswordWeakness } from "./find-password-weakness";

describe("findPasswordWeakness", () => {
  it.each([
    ["1234567890", /too easy to guess\. This is a frequently used password\./],
    ["password12", /too easy to guess\. This is a commonly used password\./],
    ["qwertyuiop", /too easy to guess/],
    ["password123!", /too easy to guess/],
    ["iloveyou2024", /too easy to guess/],
  ])("refuses the common or breached-style %j, saying why", (password, message) => {
    expect(findPasswordWeakness(password, "riley@example.test")).toMatch(message);
  });

  it("refuses a password containing the email address's name, whatever the case", () => {
    expect(findPasswordWeakness("Jane.Doe-Xk3_9pQ2mZ", "jane.doe@example.test")).toBe(
      "Choose a password that does not contain the email address's name (jane.doe).",
    );
    expect(findPasswordWeakness("xx-riley-Xk3_9pQ2mZ", "Riley@example.test")).toMatch(/does not contain the email address's name/);
  });

  it.each([
    // Used by the test factories, the e2e journey and the demo's generated passwords.
    "correct horse battery staple",
    "one-time-pass-123",
    "riley-own-password-1",
    "demo-3f9a0c41b2e7",
    "Xk3_9pQ2mZbLw8",
  ])("accepts %j", (password) => {
    expect(findPasswordWeakness(password, "agent-1a2b3c4d@example.test")).toBeNull();
  });

  it("never repeats the password in its message", () => {
    expect(findPasswordWeakness("password12", "riley@example.test")).not.toContain("password12");
  });
});
