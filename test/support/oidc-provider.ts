// A real OpenID provider for the single sign-on tests: oidc-provider (authorization code, PKCE
// required, client_secret_basic) on a free loopback port, over plain http. Its sign-in page is a
// one-field form (the account's id, no password) that tests fill in a browser or post over HTTP;
// consent is given at once, as a company's own provider does for its own applications. Accounts'
// email, name and groups can be changed while it runs: the next sign-in carries the new claims.
import { randomBytes } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Interaction } from "oidc-provider";

export type TestAccount = { email?: string; name?: string; groups?: string[]; emailVerified?: boolean };

export type TestOidcProvider = {
  /** The issuer, e.g. http://127.0.0.1:PORT (AUTH_OIDC_ISSUER). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Adds or replaces an account (its id is what the sign-in form asks for, and its `sub`). */
  setAccount(accountId: string, account: TestAccount): void;
  /** Every token the provider issued (access and ID tokens), so tests can look for them where they must not be. */
  issuedTokens: string[];
  /** Errors the provider met while answering (a test expects none). */
  serverErrors: string[];
  close(): Promise<void>;
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function signInPage(uid: string, message?: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head><body>
<main><h1>Test identity provider</h1>${message ? `<p role="alert">${escapeHtml(message)}</p>` : ""}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label>Username <input name="login" autocomplete="off" autofocus></label>
<button type="submit">Continue</button></form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort"><button type="submit">Cancel</button></form></main></body></html>`;
}

async function formBody(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/** Gives the consent the provider asks for: every scope and claim the client requested. */
async function grantConsent(provider: Provider, details: Interaction): Promise<{ consent: { grantId?: string } }> {
  const { prompt, params, session } = details;
  const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId: session!.accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(" "));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(" "));
  const grantId = await grant.save();
  return { consent: details.grantId ? {} : { grantId } };
}

export async function startTestOidcProvider(options: { redirectUris: string[] }): Promise<TestOidcProvider> {
  const accounts = new Map<string, TestAccount>();
  const issuedTokens: string[] = [];
  const serverErrors: string[] = [];
  const clientId = `caredesk-${randomBytes(4).toString("hex")}`;
  const clientSecret = randomBytes(24).toString("base64url");

  // The issuer names the port, so the server listens before the provider exists.
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    findAccount(_context, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, email: account.email, email_verified: account.emailVerified ?? true, name: account.name, groups: account.groups ?? [] }),
      };
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    // The claims go into the ID token too, as company providers (Entra ID, Okta, Keycloak) put them there.
    conformIdTokenClaims: false,
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: { url: (_context, interaction) => `/interaction/${interaction.uid}` },
    // Plain text: the built-in page loads a web font from the internet.
    renderError(context, out) {
      context.type = "text";
      context.body = Object.entries(out).map(([key, value]) => `${key}: ${value}`).join("\n");
    },
    clientBasedCORS: () => false,
  });
  provider.on("grant.success", (context) => {
    for (const name of ["access_token", "id_token", "refresh_token"]) {
      const token = context.body?.[name];
      if (typeof token === "string") issuedTokens.push(token);
    }
  });
  provider.on("server_error", (_context, error) => serverErrors.push(error.message));

  const answerProvider = provider.callback();
  server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    const match = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec(request.url ?? "");
    if (!match) return answerProvider(request, response);
    void answerInteraction(request, response, match[2]).catch((error: unknown) => {
      serverErrors.push(error instanceof Error ? error.message : String(error));
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
      response.end("interaction failed");
    });
  });

  async function answerInteraction(request: IncomingMessage, response: ServerResponse, step: string | undefined) {
    const details = await provider.interactionDetails(request, response);
    if (details.prompt.name === "consent") return provider.interactionFinished(request, response, await grantConsent(provider, details), { mergeWithLastSubmission: true });
    if (request.method === "POST" && step === "/abort") {
      return provider.interactionFinished(request, response, { error: "access_denied", error_description: "The person cancelled signing in." }, { mergeWithLastSubmission: false });
    }
    if (request.method === "POST" && step === "/login") {
      const accountId = (await formBody(request)).get("login")?.trim() ?? "";
      if (accounts.has(accountId)) return provider.interactionFinished(request, response, { login: { accountId } }, { mergeWithLastSubmission: false });
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return response.end(signInPage(details.uid, "No such account."));
    }
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(signInPage(details.uid));
  }

  return {
    issuer,
    clientId,
    clientSecret,
    setAccount: (accountId, account) => void accounts.set(accountId, account),
    issuedTokens,
    serverErrors,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
