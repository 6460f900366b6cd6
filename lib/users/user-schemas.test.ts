import { describe, expect, it } from "vitest";
import { newPasswordSchemaFor, newUserSchema } from "./user-schemas";

describe("the password policy in the user schemas", () => {
  it.each(["1234567890", "password12"])("a new person (admin form, user:create, first admin) cannot get %j", (password) => {
    const result = newUserSchema.safeParse({ email: "riley@example.test", role: "agent", password });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ["password"], message: expect.stringMatching(/too easy to guess/) });
  });

  it("nor one containing their email address's name", () => {
    const result = newUserSchema.safeParse({ email: "riley.stone@example.test", role: "agent", password: "riley.stone-Xk3_9pQ2" });
    expect(result.error?.issues[0]?.message).toMatch(/does not contain the email address's name \(riley\.stone\)/);
  });

  it("accepts a hard one", () => {
    expect(newUserSchema.safeParse({ email: "riley@example.test", role: "agent", password: "one-time-pass-123" }).success).toBe(true);
  });

  it("applies to a password someone changes or an admin resets, for that person's email", () => {
    expect(newPasswordSchemaFor("riley@example.test").safeParse("password12").success).toBe(false);
    expect(newPasswordSchemaFor("riley@example.test").safeParse("Riley-Xk3_9pQ2mZ").success).toBe(false);
    expect(newPasswordSchemaFor("riley@example.test").safeParse("short").error?.issues[0]?.message).toBe("Passwords need at least 10 characters.");
    expect(newPasswordSchemaFor("riley@example.test").safeParse("riley-own-password-1").success).toBe(false);
    expect(newPasswordSchemaFor("agent-12345678@example.test").safeParse("riley-own-password-1").success).toBe(true);
  });
});
