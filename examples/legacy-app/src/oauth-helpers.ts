/**
 * OAuth 2.0 client-credentials tokens for the API.
 *
 * Legacy shape: the token, the in-flight token request and the client are module-level
 * variables, so two configurations in one process share (and overwrite) one token, and tests
 * must remember to reset everything.
 */
import type { AppConfig } from "./config-loader.js";
import { logger } from "./logger.js";
import { ApiError } from "./rest-api-helpers.js";

export interface TokenResponse {
  access_token: string;
  token_type?: string;
  expires_in?: number;
}

interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

/** Tokens are renewed this long before they expire, so a request never carries a dying token. */
const TOKEN_REFRESH_MARGIN_MS = 60_000;

let cachedToken: CachedToken | undefined;
let pendingTokenRequest: Promise<string> | undefined;
let defaultClient: OAuthClient | undefined;

export class OAuthClient {
  constructor(
    readonly tokenUrl: string,
    readonly clientId: string,
    private readonly clientSecret: string,
    readonly scope: string,
  ) {}

  async requestToken(): Promise<TokenResponse> {
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: this.clientId,
      client_secret: this.clientSecret,
      scope: this.scope,
    });
    const response = await fetch(this.tokenUrl, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: form,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new ApiError(`Token request to ${this.tokenUrl} failed with ${response.status}`, response.status, this.tokenUrl, text);
    }
    const tokenResponse = JSON.parse(text) as Partial<TokenResponse>;
    if (typeof tokenResponse.access_token !== "string") {
      throw new ApiError(`Token response from ${this.tokenUrl} has no access_token`, response.status, this.tokenUrl);
    }
    return { ...tokenResponse, access_token: tokenResponse.access_token };
  }
}

function tokenUrlFor(tenantId: string | undefined): string {
  return process.env.ACME_TOKEN_URL || `https://login.example.com/${tenantId}/oauth2/v2.0/token`;
}

/** The process-wide client, built from the first configuration it is asked for. */
export function getDefaultClient(config: AppConfig): OAuthClient {
  if (!defaultClient) {
    const clientSecret = config["_client-secret"] || process.env.ACME_CLIENT_SECRET;
    if (!clientSecret) {
      logger.error("No client secret: add client-secret to the secrets file or set ACME_CLIENT_SECRET");
      process.exit(1);
    }
    const tenantId = config.global?.["tenant-id"];
    const clientId = config.global["client-id"] || "public-client-id";
    const { "oauth-scope": scope = `${config.global["api-base-url"]}/.default` } = config.global;
    defaultClient = new OAuthClient(tokenUrlFor(tenantId), clientId, clientSecret, scope);
    logger.info(`OAuth client created for tenant ${tenantId}`);
  }
  return defaultClient;
}

async function fetchNewToken(config: AppConfig): Promise<string> {
  const tokenResponse = await getDefaultClient(config).requestToken();
  const lifetimeSeconds = tokenResponse.expires_in ?? 3600;
  cachedToken = { accessToken: tokenResponse.access_token, expiresAt: Date.now() + lifetimeSeconds * 1000 };
  logger.debug(`New access token, valid for ${lifetimeSeconds} s`);
  return cachedToken.accessToken;
}

/** A valid access token: the cached one while it lasts; concurrent callers share one request. */
export async function getAccessToken(config: AppConfig): Promise<string> {
  if (cachedToken && cachedToken.expiresAt - TOKEN_REFRESH_MARGIN_MS > Date.now()) {
    return cachedToken.accessToken;
  }
  if (!pendingTokenRequest) {
    pendingTokenRequest = fetchNewToken(config).finally(() => {
      pendingTokenRequest = undefined;
    });
  }
  return pendingTokenRequest;
}

/** Forget the cached token, e.g. after the API answered 401. */
export function clearTokenCache(): void {
  cachedToken = undefined;
}

/** Forget the token and the default client, so the next call builds both from its configuration. */
export function resetOAuthState(): void {
  cachedToken = undefined;
  pendingTokenRequest = undefined;
  defaultClient = undefined;
}
