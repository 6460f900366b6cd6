import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults to the embedded SQLite database and Vonage's media hosts", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBe("file:./data/caredesk.db");
    expect(env.VONAGE_WEBHOOK_SIGNATURES).toBe("on");
    expect(env.VONAGE_MEDIA_ORIGINS).toEqual([
      "https://api.nexmo.com",
      "https://api-us.nexmo.com",
      "https://api-eu.nexmo.com",
      "https://api-ap.nexmo.com",
    ]);
    expect(env.WEBHOOK_MAX_BODY_BYTES).toBe(1024 * 1024);
    expect(env.MEDIA_STREAMS_PER_PERSON).toBe(6);
    expect(env.MEDIA_UPSTREAM_CONNECTIONS).toBe(64);
  });

  it("treats an empty variable as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", LOG_LEVEL: "" }).DATABASE_URL).toBe("file:./data/caredesk.db");
  });

  it("takes AUTH_URL, or Auth.js's older name for it, NEXTAUTH_URL", () => {
    expect(parseEnv({ AUTH_URL: "https://care.example.com" }).AUTH_URL).toBe("https://care.example.com");
    expect(parseEnv({ NEXTAUTH_URL: "https://care.example.com" }).AUTH_URL).toBe("https://care.example.com");
    expect(parseEnv({}).AUTH_URL).toBeUndefined();
  });

  it("accepts PostgreSQL URLs", () => {
    expect(parseEnv({ DATABASE_URL: "postgresql://u@db:5432/caredesk" }).DATABASE_URL).toBe("postgresql://u@db:5432/caredesk");
  });

  it.each([
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL: must start with file:"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ VONAGE_WEBHOOK_SIGNATURES: "maybe" }, "VONAGE_WEBHOOK_SIGNATURES"],
    [{ VONAGE_MEDIA_ORIGINS: "https://api.nexmo.com/v3" }, 'VONAGE_MEDIA_ORIGINS: "https://api.nexmo.com/v3" is not an origin'],
    [{ WEBHOOK_MAX_BODY_BYTES: "ten" }, "WEBHOOK_MAX_BODY_BYTES"],
    [{ MEDIA_STREAMS_PER_PERSON: "0" }, "MEDIA_STREAMS_PER_PERSON"],
    [{ MEDIA_UPSTREAM_CONNECTIONS: "lots" }, "MEDIA_UPSTREAM_CONNECTIONS"],
    [{ AUTH_URL: "care.example.com" }, "AUTH_URL: must be CareDesk's public URL"],
    [{ AUTH_OIDC_ISSUER: "http://login.example.com", AUTH_OIDC_CLIENT_ID: "c", AUTH_OIDC_CLIENT_SECRET: "s" }, "AUTH_OIDC_ISSUER: must use https"],
    [{ AUTH_OIDC_ISSUER: "login.example.com", AUTH_OIDC_CLIENT_ID: "c", AUTH_OIDC_CLIENT_SECRET: "s" }, "AUTH_OIDC_ISSUER: must be your provider's issuer URL"],
    [{ AUTH_OIDC_ISSUER: "https://login.example.com" }, "AUTH_OIDC_CLIENT_ID: must be set too"],
    [{ AUTH_OIDC_CLIENT_SECRET: "s" }, "AUTH_OIDC_ISSUER: must be set too"],
    [{ AUTH_OIDC_SIGN_UP: "anyone" }, "AUTH_OIDC_SIGN_UP: must be open or invited"],
    [{ AUTH_OIDC_SCOPES: "email profile" }, 'AUTH_OIDC_SCOPES: must include "openid"'],
    [{ AUTH_SSO_REQUIRED: "yes" }, "AUTH_SSO_REQUIRED: must be true or false"],
    [{ AUTH_SSO_REQUIRED: "true", AUTH_BREAK_GLASS_EMAIL: "root@example.test" }, "AUTH_SSO_REQUIRED: is true, but single sign-on is not set up"],
    [{ AUTH_OIDC_ISSUER: "https://login.example.com", AUTH_OIDC_CLIENT_ID: "c", AUTH_OIDC_CLIENT_SECRET: "s", AUTH_SSO_REQUIRED: "true" }, "AUTH_BREAK_GLASS_EMAIL: must be set when AUTH_SSO_REQUIRED=true"],
    [{ AUTH_BREAK_GLASS_EMAIL: "root" }, "AUTH_BREAK_GLASS_EMAIL: must be an email address"],
  ])("names the variable in the error for %o", (source, expected) => {
    expect(() => parseEnv(source)).toThrow(expected);
  });

  it("parses a comma-separated origin list, trimming spaces and trailing slashes", () => {
    expect(parseEnv({ VONAGE_MEDIA_ORIGINS: " http://127.0.0.1:4010/ , https://api.nexmo.com" }).VONAGE_MEDIA_ORIGINS).toEqual([
      "http://127.0.0.1:4010",
      "https://api.nexmo.com",
    ]);
  });

  describe("single sign-on", () => {
    const sso = { AUTH_OIDC_ISSUER: "https://login.example.com/realms/care", AUTH_OIDC_CLIENT_ID: "caredesk", AUTH_OIDC_CLIENT_SECRET: "s3cret" };

    it("is off by default, with invited sign-up, the groups claim, and no admin groups", () => {
      const env = parseEnv({});
      expect(env.AUTH_OIDC_ISSUER).toBeUndefined();
      expect(env).toMatchObject({ AUTH_OIDC_NAME: "your company's sign-in", AUTH_OIDC_GROUPS_CLAIM: "groups", AUTH_OIDC_ADMIN_GROUPS: [], AUTH_OIDC_SIGN_UP: "invited", AUTH_SSO_REQUIRED: "false" });
      expect(env.AUTH_OIDC_SCOPES).toBe("openid email profile");
    });

    it("keeps the issuer as written (the ID token's iss must equal it), splits the admin groups and lowercases the break-glass email", () => {
      const env = parseEnv({ ...sso, AUTH_OIDC_ADMIN_GROUPS: " care-admins , owners,", AUTH_SSO_REQUIRED: "true", AUTH_BREAK_GLASS_EMAIL: "Root@Example.TEST", AUTH_OIDC_SCOPES: " openid  email groups " });
      expect(env.AUTH_OIDC_ISSUER).toBe("https://login.example.com/realms/care");
      expect(env.AUTH_OIDC_ADMIN_GROUPS).toEqual(["care-admins", "owners"]);
      expect(env.AUTH_BREAK_GLASS_EMAIL).toBe("root@example.test");
      expect(env.AUTH_OIDC_SCOPES).toBe("openid email groups");
    });

    it("allows an http issuer only on this machine (a provider for tests or development)", () => {
      expect(parseEnv({ ...sso, AUTH_OIDC_ISSUER: "http://127.0.0.1:4100" }).AUTH_OIDC_ISSUER).toBe("http://127.0.0.1:4100");
      expect(parseEnv({ ...sso, AUTH_OIDC_ISSUER: "http://localhost:4100/" }).AUTH_OIDC_ISSUER).toBe("http://localhost:4100/");
      expect(() => parseEnv({ ...sso, AUTH_OIDC_ISSUER: "http://10.0.0.5:4100" })).toThrow("AUTH_OIDC_ISSUER: must use https");
    });

    it("never repeats the client secret in an error", () => {
      expect(() => parseEnv({ ...sso, AUTH_OIDC_ISSUER: "http://login.example.com" })).toThrow(expect.objectContaining({ message: expect.not.stringContaining("s3cret") }));
    });
  });
});
