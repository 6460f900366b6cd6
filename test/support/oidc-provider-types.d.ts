// oidc-provider ships no type declarations (they live in DefinitelyTyped, not installed here):
// the part of its API the test provider (oidc-provider.ts) uses.
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  export type AccountClaims = { sub: string; [claim: string]: unknown };
  export type Account = { accountId: string; claims(): Promise<AccountClaims> | AccountClaims };

  export type ClientMetadata = {
    client_id: string;
    client_secret?: string;
    redirect_uris: string[];
    grant_types?: string[];
    response_types?: string[];
    token_endpoint_auth_method?: string;
  };

  export type Interaction = {
    uid: string;
    prompt: { name: string; details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> } };
    params: Record<string, unknown> & { client_id: string };
    session?: { accountId: string };
    grantId?: string;
  };

  export type TokenEndpointContext = { body?: Record<string, unknown> };

  export type Configuration = {
    clients: ClientMetadata[];
    findAccount(context: unknown, sub: string): Promise<Account | undefined> | Account | undefined;
    claims: Record<string, string[]>;
    conformIdTokenClaims?: boolean;
    cookies?: { keys: string[] };
    features?: { devInteractions?: { enabled: boolean } };
    pkce?: { required(context: unknown, client: unknown): boolean };
    interactions?: { url(context: unknown, interaction: { uid: string }): string | Promise<string> };
    renderError?(context: { type: string; body: unknown }, out: Record<string, string>, error: Error): Promise<void> | void;
    clientBasedCORS?(context: unknown, origin: string, client: unknown): boolean;
    ttl?: Record<string, number>;
  };

  export class Grant {
    constructor(properties: { accountId: string; clientId: string });
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(indicator: string, scope: string): void;
    save(): Promise<string>;
    static find(id: string): Promise<Grant | undefined>;
  }

  export class Provider {
    constructor(issuer: string, configuration: Configuration);
    readonly issuer: string;
    readonly Grant: typeof Grant;
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
    interactionDetails(request: IncomingMessage, response: ServerResponse): Promise<Interaction>;
    interactionFinished(request: IncomingMessage, response: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
    on(event: "grant.success", listener: (context: TokenEndpointContext) => void): this;
    on(event: "server_error", listener: (context: unknown, error: Error) => void): this;
  }

  export default Provider;
}
