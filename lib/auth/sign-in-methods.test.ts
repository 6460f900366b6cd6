import { describe, expect, it } from "vitest";
import { parseEnv } from "../env";
import { canUsePassword, signInMethods } from "./sign-in-methods";

const sso = { AUTH_OIDC_ISSUER: "https://login.example.com", AUTH_OIDC_CLIENT_ID: "caredesk", AUTH_OIDC_CLIENT_SECRET: "s3cret" };

describe("signInMethods and canUsePassword", () => {
  it("without single sign-on, everyone uses a password", () => {
    const methods = signInMethods(parseEnv({}));
    expect(methods).toEqual({ oidc: null, isSsoRequired: false, breakGlassEmail: null });
    expect(canUsePassword("anyone@example.test", methods)).toBe(true);
  });

  it("with single sign-on offered, passwords still work for everyone", () => {
    const methods = signInMethods(parseEnv({ ...sso, AUTH_OIDC_NAME: "Okta", AUTH_OIDC_SIGN_UP: "open" }));
    expect(methods.oidc).toMatchObject({ issuer: sso.AUTH_OIDC_ISSUER, name: "Okta", signUp: "open" });
    expect(canUsePassword("anyone@example.test", methods)).toBe(true);
  });

  it("with single sign-on required, only the break-glass admin uses a password (email compared case-insensitively)", () => {
    const methods = signInMethods(parseEnv({ ...sso, AUTH_SSO_REQUIRED: "true", AUTH_BREAK_GLASS_EMAIL: "root@example.test" }));
    expect(methods.isSsoRequired).toBe(true);
    expect(canUsePassword("admin@example.test", methods)).toBe(false);
    expect(canUsePassword(" ROOT@example.test", methods)).toBe(true);
  });
});
