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
  ])("names the variable in the error for %o", (source, expected) => {
    expect(() => parseEnv(source)).toThrow(expected);
  });

  it("parses a comma-separated origin list, trimming spaces and trailing slashes", () => {
    expect(parseEnv({ VONAGE_MEDIA_ORIGINS: " http://127.0.0.1:4010/ , https://api.nexmo.com" }).VONAGE_MEDIA_ORIGINS).toEqual([
      "http://127.0.0.1:4010",
      "https://api.nexmo.com",
    ]);
  });
});
