import { requireConfig } from "../config.js";
import { ApiAuthenticationError, ConfigurationError } from "../errors.js";
import type { Clock } from "../resilience/clock.js";
import { RestClient, type RestResponse } from "../http/rest-client.js";
import type { GrantedToken, TokenGrant } from "./token-provider.js";

export interface ClientCredentialsOptions {
  /** The token endpoint, e.g. `https://login.example.com/acme/oauth2/v2.0/token`. */
  readonly tokenUrl: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope: string;
  /** `body` (default) sends the credentials as form fields; `basic` in an `Authorization: Basic` header. */
  readonly clientAuthentication?: "body" | "basic";
  /** Per token request. Default 30 000. */
  readonly timeoutMs?: number;
  readonly clock?: Clock;
}

const TOKEN_URL_EXAMPLE = '"global": { "oauth-token-url": "https://login.example.com/{tenant-id}/oauth2/v2.0/token" }';

function stringAt(config: object, path: readonly string[]): string {
  // requireConfig's typed signature only takes literal path tuples; at run time it accepts any string path.
  const value: unknown = (requireConfig as (config: object, ...path: readonly string[]) => unknown)(config, ...path);
  if (typeof value === "string" && value.length > 0) return value;
  const dotted = path.join(".");
  throw new ConfigurationError({
    path: dotted,
    whatWentWrong: `Configuration key ${dotted} must be a non-empty string.`,
    howToFix: `Set ${dotted} to a string.`,
    example: TOKEN_URL_EXAMPLE,
  });
}

/**
 * Client-credentials settings from the TXO configuration: `global.oauth-token-url` (where
 * `{tenant-id}` is replaced by `global.tenant-id`), `global.client-id`, `global.oauth-scope`, and
 * `client-secret` from the secrets file. A missing key is a `ConfigurationError` naming it.
 */
export function clientCredentialsFromConfig(config: object): ClientCredentialsOptions {
  const tenantId = stringAt(config, ["global", "tenant-id"]);
  const template = stringAt(config, ["global", "oauth-token-url"]);
  const tokenUrl = template.replaceAll("{tenant-id}", encodeURIComponent(tenantId));
  return {
    tokenUrl,
    tenantId,
    clientId: stringAt(config, ["global", "client-id"]),
    scope: stringAt(config, ["global", "oauth-scope"]),
    clientSecret: stringAt(config, ["client-secret"]),
  };
}

interface TokenEndpointBody {
  readonly access_token?: unknown;
  readonly expires_in?: unknown;
  readonly token_type?: unknown;
}

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4). Requests go through a `RestClient` of the grant's
 * own (its connections closed by `close()`), retried on 5xx and connection resets like any
 * idempotent call: a token request has no side effect worth protecting.
 */
export class ClientCredentialsGrant implements TokenGrant {
  readonly cacheKey: string;
  readonly #options: ClientCredentialsOptions;
  readonly #client: RestClient;
  readonly #path: string;

  constructor(options: ClientCredentialsOptions) {
    this.#options = options;
    this.cacheKey = JSON.stringify([options.tenantId, options.clientId, options.scope]);
    const url = new URL(options.tokenUrl);
    this.#path = `${url.pathname}${url.search}`;
    this.#client = new RestClient({
      baseUrl: url.origin,
      timeoutMs: options.timeoutMs ?? 30_000,
      circuitBreaker: false,
      polling: false,
      retry: { maxRetries: 2, baseDelayMs: 200 },
      clock: options.clock,
    });
  }

  async request(signal?: AbortSignal): Promise<GrantedToken> {
    const { clientId, clientSecret, scope } = this.#options;
    const form = new URLSearchParams({ grant_type: "client_credentials", scope });
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
    if (this.#options.clientAuthentication === "basic") {
      headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString("base64")}`;
    } else {
      form.set("client_id", clientId);
      form.set("client_secret", clientSecret);
    }
    const response = await this.#client.send("POST", this.#path, {
      body: form.toString(),
      headers,
      retry: true,
      signal,
    });
    return this.#parse(response);
  }

  async close(): Promise<void> {
    await this.#client.close();
  }

  #parse(response: RestResponse): GrantedToken {
    // The endpoint may answer anything; an object is read field by field below, anything else as {}.
    const body: TokenEndpointBody = typeof response.body === "object" && response.body !== null ? response.body : {};
    const expiresIn = typeof body.expires_in === "string" ? Number(body.expires_in) : body.expires_in;
    if (typeof body.access_token !== "string" || body.access_token.length === 0) {
      throw new ApiAuthenticationError({
        status: response.status,
        method: "POST",
        url: response.url,
        whatWentWrong: `The token endpoint ${response.url} answered ${response.status} without an access_token.`,
        howToFix:
          "Check global.oauth-token-url: it must be the OAuth 2.0 token endpoint of the tenant, not a login page.",
        example: TOKEN_URL_EXAMPLE,
      });
    }
    return {
      accessToken: body.access_token,
      expiresInSeconds:
        typeof expiresIn === "number" && Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : undefined,
      // RFC 6750 token types are case-insensitive; "bearer" is sent as the canonical "Bearer".
      tokenType:
        typeof body.token_type === "string" && body.token_type !== "" && body.token_type.toLowerCase() !== "bearer"
          ? body.token_type
          : "Bearer",
    };
  }
}

/** A `ClientCredentialsGrant` from the configuration (see `clientCredentialsFromConfig`). */
export function clientCredentialsGrantFromConfig(
  config: object,
  extras: Pick<ClientCredentialsOptions, "timeoutMs" | "clock" | "clientAuthentication"> = {},
): ClientCredentialsGrant {
  return new ClientCredentialsGrant({ ...clientCredentialsFromConfig(config), ...extras });
}
