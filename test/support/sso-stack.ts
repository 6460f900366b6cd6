// CareDesk with single sign-on at a real OpenID provider (test/support/oidc-provider.ts), on a
// fresh database. CareDesk is reached as http://localhost:PORT, never 127.0.0.1: Next calls a
// request to 127.0.0.1 "localhost" when Auth.js builds the callback URL, and the provider only
// accepts the redirect URI registered for the client (DEPENDENCIES.md, "127.0.0.1 becomes localhost").
// It still listens on 127.0.0.1 only; browsers map localhost there.
import type { DatabaseProvider } from "@/lib/db/database-url";
import { startTestOidcProvider, type TestOidcProvider } from "./oidc-provider";
import { createScratchDatabase, type ScratchDatabase } from "./scratch-database";
import { freePort, startCareDeskServer, type RunningServer } from "./start-server";

export const ADMIN_GROUP = "caredesk-admins";

export type SsoStack = {
  oidc: TestOidcProvider;
  server: RunningServer;
  /** http://localhost:PORT: CareDesk's AUTH_URL, the address to use for everything. */
  careDeskUrl: string;
  databaseUrl: string;
  stop(): Promise<void>;
};

export async function startSsoStack(options: { provider: DatabaseProvider; postgresServerUrl?: string; env?: Record<string, string>; prefix?: string }): Promise<SsoStack> {
  const port = await freePort();
  const careDeskUrl = `http://localhost:${port}`;
  const oidc = await startTestOidcProvider({ redirectUris: [`${careDeskUrl}/api/auth/callback/oidc`] });
  let database: ScratchDatabase | undefined;
  try {
    database = await createScratchDatabase(options.provider, { postgresServerUrl: options.postgresServerUrl, prefix: options.prefix ?? "caredesk_sso" });
    const server = await startCareDeskServer({
      port,
      env: {
        DATABASE_URL: database.url,
        AUTH_URL: careDeskUrl,
        AUTH_OIDC_ISSUER: oidc.issuer,
        AUTH_OIDC_CLIENT_ID: oidc.clientId,
        AUTH_OIDC_CLIENT_SECRET: oidc.clientSecret,
        AUTH_OIDC_NAME: "Test IdP",
        AUTH_OIDC_SCOPES: "openid email profile groups",
        AUTH_OIDC_ADMIN_GROUPS: `${ADMIN_GROUP}, caredesk-owners`,
        AUTH_FAILURE_DELAY_MS: "0",
        ...options.env,
      },
    });
    const scratch = database;
    return {
      oidc,
      server,
      careDeskUrl,
      databaseUrl: scratch.url,
      async stop() {
        await server.stop();
        await oidc.close();
        await scratch.drop();
      },
    };
  } catch (error) {
    await oidc.close();
    await database?.drop();
    throw error;
  }
}
