import type { IncomingMessage } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ClientCredentialsGrant,
  clientCredentialsFromConfig,
  type ClientCredentialsOptions,
  TokenCache,
  TokenProvider,
} from "../../../src/runtime/auth/index.js";
import { ApiAuthenticationError, ApiOperationError, ConfigurationError } from "../../../src/runtime/errors.js";
import { RestClient } from "../../../src/runtime/http/index.js";
import { ManualClock } from "../../../src/runtime/resilience/clock.js";
import { drive } from "../http/drive.js";
import { FaultServer, json } from "../http/fault-server.js";
import { instanceOf } from "../../instance-of.js";

const SECRET = "s3cret-Client-Credential-0042";

/** A loopback token endpoint that numbers the tokens it grants: token-1, token-2, … */
class TokenEndpoint {
  readonly forms: URLSearchParams[] = [];
  granted = 0;
  expiresIn: number | undefined = 3600;
  /** Answers of the next requests (status), before normal service resumes. */
  readonly failures: number[] = [];
  delayMs = 0;

  constructor(readonly server: FaultServer) {
    server.route("/acme/oauth2/token", (_request, response, _hit, body) => {
      this.forms.push(new URLSearchParams(body));
      const failure = this.failures.shift();
      if (failure !== undefined) {
        json(response, failure, { error: failure === 400 ? "invalid_client" : "unavailable" });
        return;
      }
      this.granted += 1;
      const answer = {
        access_token: `token-${this.granted}`,
        token_type: "bearer",
        ...(this.expiresIn === undefined ? {} : { expires_in: this.expiresIn }),
      };
      setTimeout(() => json(response, 200, answer), this.delayMs);
    });
  }

  get url(): string {
    return `${this.server.baseUrl}/acme/oauth2/token`;
  }
}

let tokenServer: FaultServer;
let apiServer: FaultServer;
let endpoint: TokenEndpoint;
const closers: (() => Promise<void>)[] = [];

beforeEach(async () => {
  tokenServer = await new FaultServer().start();
  apiServer = await new FaultServer().start();
  endpoint = new TokenEndpoint(tokenServer);
});

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
  await Promise.all([tokenServer.stop(), apiServer.stop()]);
});

function grant(overrides: Partial<ClientCredentialsOptions> = {}): ClientCredentialsGrant {
  const created = new ClientCredentialsGrant({
    tokenUrl: endpoint.url,
    tenantId: "acme",
    clientId: "reporting",
    clientSecret: SECRET,
    scope: "api://reports/.default",
    ...overrides,
  });
  closers.push(() => created.close());
  return created;
}

function authorizationOf(request: IncomingMessage): string | undefined {
  return request.headers.authorization;
}

describe("TokenProvider with client credentials", () => {
  it("requests a token with the configured client and scope, and serves it from the cache afterwards", async () => {
    const provider = new TokenProvider({ grant: grant() });
    expect(await provider.authorization()).toBe("Bearer token-1");
    expect(await provider.accessToken()).toBe("token-1");
    expect(endpoint.forms).toHaveLength(1);
    expect(Object.fromEntries(endpoint.forms.at(0) ?? [])).toEqual({
      grant_type: "client_credentials",
      scope: "api://reports/.default",
      client_id: "reporting",
      client_secret: SECRET,
    });
  });

  it("keeps one token per (tenant, client, scope) in a shared cache", async () => {
    const cache = new TokenCache();
    const reports = new TokenProvider({ grant: grant(), cache });
    const sameIdentity = new TokenProvider({ grant: grant(), cache });
    const otherScope = new TokenProvider({ grant: grant({ scope: "api://billing/.default" }), cache });
    const otherTenant = new TokenProvider({ grant: grant({ tenantId: "globex" }), cache });
    expect(await reports.accessToken()).toBe("token-1");
    expect(await sameIdentity.accessToken()).toBe("token-1");
    expect(await otherScope.accessToken()).toBe("token-2");
    expect(await otherTenant.accessToken()).toBe("token-3");
    expect(cache.tokens.size).toBe(3);
  });

  it("renews a token refreshSkewMs before it expires, measured from when it was requested", async () => {
    const clock = new ManualClock();
    endpoint.expiresIn = 120;
    const provider = new TokenProvider({ grant: grant({ clock }), clock, refreshSkewMs: 30_000 });
    expect(await provider.accessToken()).toBe("token-1");
    clock.advance(89_999);
    expect(await provider.accessToken()).toBe("token-1");
    clock.advance(1);
    expect(await provider.accessToken()).toBe("token-2");
    expect(endpoint.forms).toHaveLength(2);
  });

  it("still reuses a token whose lifetime is shorter than the skew (for half of it)", async () => {
    const clock = new ManualClock();
    endpoint.expiresIn = 10;
    const provider = new TokenProvider({ grant: grant({ clock }), clock, refreshSkewMs: 60_000 });
    await provider.accessToken();
    clock.advance(4_999);
    expect(await provider.accessToken()).toBe("token-1");
    clock.advance(1);
    expect(await provider.accessToken()).toBe("token-2");
  });

  it("makes one token request for many concurrent callers", async () => {
    endpoint.delayMs = 30;
    const provider = new TokenProvider({ grant: grant() });
    const tokens = await Promise.all(Array.from({ length: 25 }, () => provider.accessToken()));
    expect(new Set(tokens)).toEqual(new Set(["token-1"]));
    expect(endpoint.forms).toHaveLength(1);
  });

  it("lets a caller stop waiting without cancelling the shared request of the others", async () => {
    endpoint.delayMs = 50;
    const provider = new TokenProvider({ grant: grant() });
    const controller = new AbortController();
    const impatient = provider.accessToken(controller.signal);
    const patient = provider.accessToken();
    controller.abort(new Error("user pressed Ctrl-C"));
    await expect(impatient).rejects.toThrow("user pressed Ctrl-C");
    expect(await patient).toBe("token-1");
    expect(endpoint.forms).toHaveLength(1);
  });

  it("fails every waiting caller with a typed error when the endpoint refuses, without the secret, and tries again on the next call", async () => {
    endpoint.failures.push(400);
    const provider = new TokenProvider({ grant: grant() });
    const errors = await Promise.all([
      provider.accessToken().catch((error: unknown) => error),
      provider.accessToken().catch((error: unknown) => error),
    ]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(ApiOperationError);
      expect(instanceOf(error, ApiOperationError).status).toBe(400);
      expect(JSON.stringify(instanceOf(error, ApiOperationError).toJSON())).not.toContain(SECRET);
      expect(String(instanceOf(error, Error).stack)).not.toContain(SECRET);
    }
    expect(endpoint.forms).toHaveLength(1);
    expect(await provider.accessToken()).toBe("token-1");
  });

  it("retries a token endpoint that is briefly unavailable", async () => {
    const clock = new ManualClock();
    endpoint.failures.push(503, 503);
    const provider = new TokenProvider({ grant: grant({ clock }), clock });
    expect(await drive(provider.accessToken(), clock)).toBe("token-1");
    expect(endpoint.forms).toHaveLength(3);
  });

  it("refuses a 200 answer without an access_token", async () => {
    tokenServer.route("/acme/oauth2/token", (_request, response) => json(response, 200, { token_type: "bearer" }));
    const error = await new TokenProvider({ grant: grant() }).accessToken().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiAuthenticationError);
    expect(instanceOf(error, ApiAuthenticationError).whatWentWrong).toContain("without an access_token");
  });

  it("sends the client credentials in a Basic header when asked to", async () => {
    let header: string | undefined;
    tokenServer.route("/acme/oauth2/token", (request, response, _hit, body) => {
      header = authorizationOf(request);
      endpoint.forms.push(new URLSearchParams(body));
      json(response, 200, { access_token: "basic-token", expires_in: 60 });
    });
    await new TokenProvider({ grant: grant({ clientAuthentication: "basic" }) }).accessToken();
    expect(header).toBe(`Basic ${Buffer.from(`reporting:${SECRET}`).toString("base64")}`);
    expect(endpoint.forms[0]?.has("client_secret")).toBe(false);
  });
});

describe("RestClient with a TokenProvider as authorizer", () => {
  /** The API accepts only the newest token the endpoint granted. */
  function acceptNewestToken(path: string): void {
    apiServer.route(path, (request, response) => {
      if (authorizationOf(request) === `Bearer token-${endpoint.granted}`)
        json(response, 200, { ok: true, token: authorizationOf(request) });
      else json(response, 401, { error: "invalid_token" });
    });
  }

  function apiClient(provider: TokenProvider, clock?: ManualClock): RestClient {
    const client = new RestClient({
      baseUrl: `${apiServer.baseUrl}/v1`,
      authorizer: provider,
      retry: { maxRetries: 0 },
      clock,
    });
    closers.push(() => client.close());
    return client;
  }

  it("sends the token, and after a 401 for a token revoked early refreshes once and retries once", async () => {
    acceptNewestToken("/v1/items");
    const provider = new TokenProvider({ grant: grant() });
    const client = apiClient(provider);
    expect(await client.get("/items")).toEqual({ ok: true, token: "Bearer token-1" });
    // The server rotates its keys: token-1 is still cached here but no longer accepted.
    endpoint.granted += 1;
    expect(await client.post("/items", { name: "x" })).toEqual({ ok: true, token: "Bearer token-3" });
    expect(apiServer.hitsOf("/v1/items")).toBe(3);
    expect(endpoint.forms).toHaveLength(2);
  });

  it("refreshes a token that expired during the run before using it, and retries a 401 only once", async () => {
    const clock = new ManualClock();
    endpoint.expiresIn = 120;
    acceptNewestToken("/v1/items");
    const provider = new TokenProvider({ grant: grant({ clock }), clock, refreshSkewMs: 10_000 });
    const client = apiClient(provider, clock);
    expect(await client.get("/items")).toMatchObject({ token: "Bearer token-1" });
    clock.advance(115_000);
    expect(await client.get("/items")).toMatchObject({ token: "Bearer token-2" });
    apiServer.route("/v1/items", (_request, response) => json(response, 401, { error: "account disabled" }));
    const error = await client.get("/items").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiAuthenticationError);
    expect(apiServer.hitsOf("/v1/items")).toBe(4);
    expect(endpoint.forms).toHaveLength(3);
  });

  it("never sends the token to another origin", async () => {
    const seen: (string | undefined)[] = [];
    apiServer.route("/v1/own", (request, response) => {
      seen.push(authorizationOf(request));
      json(response, 200, {});
    });
    tokenServer.route("/elsewhere", (request, response) => {
      seen.push(authorizationOf(request));
      json(response, 200, {});
    });
    const client = apiClient(new TokenProvider({ grant: grant() }));
    await client.get("/own");
    await client.get(`${tokenServer.baseUrl}/elsewhere`);
    expect(seen).toEqual(["Bearer token-1", undefined]);
  });
});

describe("clientCredentialsFromConfig", () => {
  const config = {
    global: {
      "api-base-url": "https://api.example.com/v1",
      "tenant-id": "acme corp",
      "client-id": "reporting",
      "oauth-scope": "api://reports/.default",
      "oauth-token-url": "https://login.example.com/{tenant-id}/oauth2/v2.0/token",
    },
    "client-secret": SECRET,
  };

  it("reads the token endpoint and tenant from the configuration and the secret from the secrets file", () => {
    expect(clientCredentialsFromConfig(config)).toEqual({
      tokenUrl: "https://login.example.com/acme%20corp/oauth2/v2.0/token",
      tenantId: "acme corp",
      clientId: "reporting",
      scope: "api://reports/.default",
      clientSecret: SECRET,
    });
  });

  it("names the missing secret without printing any value", () => {
    const { "client-secret": _secret, ...withoutSecret } = config;
    let error: unknown;
    try {
      clientCredentialsFromConfig(withoutSecret);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(instanceOf(error, ConfigurationError).path).toBe("client-secret");
  });
});
