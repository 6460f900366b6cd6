import { describe, expect, it } from "vitest";
import { groupsFrom, readOidcIdentity, roleForGroups } from "./read-oidc-identity";

describe("readOidcIdentity", () => {
  it("takes the subject, a lowercased email, the name and the groups", () => {
    expect(readOidcIdentity({ sub: "abc-123", email: " Riley@Example.TEST ", email_verified: true, name: "Riley Stone", groups: ["care", "care-admins"] }, "groups")).toEqual({
      subject: "abc-123",
      email: "riley@example.test",
      isEmailVerified: true,
      name: "Riley Stone",
      groups: ["care", "care-admins"],
    });
  });

  it("refuses claims without a subject", () => {
    expect(() => readOidcIdentity({ email: "riley@example.test" }, "groups")).toThrow("no `sub` claim");
    expect(() => readOidcIdentity(null, "groups")).toThrow("no `sub` claim");
  });

  it.each([
    [{ email_verified: "false" }, false],
    [{ email_verified: "true" }, true],
    [{ email_verified: false }, false],
    [{}, null],
    [{ email_verified: "perhaps" }, null],
  ])("reads email_verified %o as %s", (claims, expected) => {
    expect(readOidcIdentity({ sub: "s", ...claims }, "groups").isEmailVerified).toBe(expected);
  });

  it("drops an email that is not one, and a name that is absurdly long, rather than failing", () => {
    const identity = readOidcIdentity({ sub: "s", email: "not an email", name: "x".repeat(500) }, "groups");
    expect(identity).toMatchObject({ email: null, name: null });
  });
});

describe("groupsFrom", () => {
  it.each([
    [{ groups: ["a", " b ", 3, null, ""] }, "groups", ["a", "b"]],
    [{ groups: "admins" }, "groups", ["admins"]],
    [{}, "groups", []],
    [{ groups: { nested: true } }, "groups", []],
    [{ realm_access: { roles: ["care-admins"] } }, "realm_access.roles", ["care-admins"]],
    [{ "https://example.com/groups": ["x"] }, "https://example.com/groups", ["x"]],
    [{ realm_access: null }, "realm_access.roles", []],
  ])("reads %o at %s as %o", (claims, claimName, expected) => {
    expect(groupsFrom(claims as Record<string, unknown>, claimName)).toEqual(expected);
  });
});

describe("roleForGroups", () => {
  it("is admin when any group is an admin group, compared exactly", () => {
    expect(roleForGroups(["care", "care-admins"], ["care-admins"])).toBe("admin");
    expect(roleForGroups(["Care-Admins"], ["care-admins"])).toBe("agent");
    expect(roleForGroups([], ["care-admins"])).toBe("agent");
  });
});
