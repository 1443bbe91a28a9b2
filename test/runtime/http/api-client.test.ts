import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TokenCache, TokenProvider, clientCredentialsGrantFromConfig } from "../../../src/runtime/auth/index.js";
import { ApiOperationError, ConfigurationError } from "../../../src/runtime/errors.js";
import { createApiClient, type ApiClient } from "../../../src/runtime/http/index.js";
import { createLogger } from "../../../src/runtime/logger.js";
import type { CircuitStateChange, ListenerFailure } from "../../../src/runtime/resilience/index.js";
import { FaultServer, json } from "./fault-server.js";
import { instanceOf } from "../../instance-of.js";

const SECRET = "factory-Client-Secret-9931";

let tokenServer: FaultServer;
let apiServer: FaultServer;
const clients: ApiClient[] = [];

beforeEach(async () => {
  tokenServer = await new FaultServer().start();
  apiServer = await new FaultServer().start();
  tokenServer.route("/acme/token", (_request, response, hit) =>
    json(response, 200, { access_token: `tok-${hit}-${"x".repeat(24)}`, token_type: "Bearer", expires_in: 3600 }),
  );
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all([tokenServer.stop(), apiServer.stop()]);
});

/** The v3 configuration as loadConfig returns it: secrets merged at the top level. */
function appConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    global: {
      "api-base-url": `${apiServer.baseUrl}/v1`,
      "tenant-id": "acme",
      "client-id": "reporting",
      "oauth-scope": "api://reports/.default",
      "oauth-token-url": `${tokenServer.baseUrl}/{tenant-id}/token`,
    },
    "script-behavior": {
      "api-delay-seconds": 0.001,
      "rate-limiting": { enabled: true, "calls-per-second": 1000, "burst-size": 1 },
      "circuit-breaker": { enabled: true, "failure-threshold": 2, "timeout-seconds": 60 },
      "api-timeouts": {
        "rest-timeout-seconds": 5,
        "max-retries": 2,
        "backoff-factor": 2,
        "max-retry-after-seconds": 5,
        "async-max-wait": 5,
        "async-poll-interval": 0.001,
      },
      jitter: { "min-factor": 1, "max-factor": 1 },
      ...overrides,
    },
    "client-secret": SECRET,
    _orgId: "acme",
    _envType: "test",
  };
}

function track(client: ApiClient): ApiClient {
  clients.push(client);
  return client;
}

function capturedLogger(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  return {
    lines,
    logger: createLogger({
      stream: { write: (chunk: string) => lines.push(chunk) },
      level: "debug",
      secrets: [SECRET],
    }),
  };
}

describe("createApiClient", () => {
  it("builds a client that fetches its own token from the configured tenant, retries and logs without the token", async () => {
    const tokens: (string | undefined)[] = [];
    apiServer.route("/v1/users", (request, response, hit) => {
      tokens.push(request.headers.authorization);
      if (hit === 1) json(response, 503, { error: "warming up" });
      else json(response, 200, [{ id: 1 }]);
    });
    const { lines, logger } = capturedLogger();
    const client = track(createApiClient(appConfig(), { logger }));
    expect(await client.get("/users")).toEqual([{ id: 1 }]);
    expect(tokens).toEqual([`Bearer tok-1-${"x".repeat(24)}`, `Bearer tok-1-${"x".repeat(24)}`]);
    expect(tokenServer.hitsOf("/acme/token")).toBe(1);
    const log = lines.join("");
    expect(log).toContain("Retry 1 in 1 ms after:");
    expect(log).not.toContain("tok-1");
    expect(log).not.toContain(SECRET);
  });

  it("reports breaker state changes to the logger and to metrics listeners, isolating a listener that throws", async () => {
    apiServer.route("/v1/down", (_request, response) => json(response, 500, { error: "down" }));
    const { lines, logger } = capturedLogger();
    const changes: CircuitStateChange[] = [];
    const failures: ListenerFailure[] = [];
    const client = track(
      createApiClient(
        appConfig({
          "api-timeouts": {
            "rest-timeout-seconds": 5,
            "max-retries": 0,
            "backoff-factor": 2,
            "max-retry-after-seconds": 5,
            "async-max-wait": 5,
            "async-poll-interval": 0.001,
          },
        }),
        {
          logger,
          listeners: { breakerStateChange: (change) => void changes.push(change) },
          onListenerFailure: (failure) => void failures.push(failure),
        },
      ),
    );
    client.on("breakerStateChange", () => {
      throw new Error("exporter offline");
    });
    for (let call = 0; call < 2; call++) await expect(client.get("/down")).rejects.toBeInstanceOf(ApiOperationError);
    const rejected = await client.get("/down").catch((error: unknown) => error);
    expect(instanceOf(rejected, ApiOperationError).message).toContain("is open");
    expect(apiServer.hitsOf("/v1/down")).toBe(2);
    expect(changes.map((change) => change.to)).toEqual(["open"]);
    expect(failures.map((failure) => instanceOf(failure.error, Error).message)).toEqual(["exporter offline"]);
    expect(lines.join("")).toContain("went from closed to open");
  });

  it("keeps no cache between calls: each client has its own breaker, limiter and token cache unless one is shared", async () => {
    apiServer.route("/v1/ping", (_request, response) => json(response, 200, { pong: true }));
    const first = track(createApiClient(appConfig()));
    const second = track(createApiClient(appConfig()));
    expect(first).not.toBe(second);
    expect(first.circuitBreaker).not.toBe(second.circuitBreaker);
    await first.get("/ping");
    await second.get("/ping");
    expect(tokenServer.hitsOf("/acme/token")).toBe(2);
    const cache = new TokenCache();
    const shared = (): TokenProvider =>
      new TokenProvider({ grant: clientCredentialsGrantFromConfig(appConfig()), cache });
    const providers = [shared(), shared()];
    for (const provider of providers)
      await track(createApiClient(appConfig(), { tokenProvider: provider })).get("/ping");
    expect(tokenServer.hitsOf("/acme/token")).toBe(3);
    await Promise.all(providers.map((provider) => provider.close()));
  });

  it("names a missing configuration key or secret before any request is made", () => {
    const { "client-secret": _secret, ...withoutSecret } = appConfig();
    expect(() => createApiClient(withoutSecret)).toThrow(ConfigurationError);
    expect(() => createApiClient(withoutSecret)).toThrow(/client-secret/);
    const noTokenUrl = appConfig();
    // The config's global section is an object in this fixture.
    delete (noTokenUrl.global as Record<string, unknown>)["oauth-token-url"];
    expect(() => createApiClient(noTokenUrl)).toThrow(/global\.oauth-token-url/);
    expect(() => createApiClient(noTokenUrl, { tokenProvider: false })).not.toThrow();
  });

  it("frees its sockets and the token provider's when closed", async () => {
    apiServer.route("/v1/ping", (_request, response) => json(response, 200, { pong: true }));
    const client = createApiClient(appConfig());
    await client.get("/ping");
    await client.close();
    await expect(client.get("/ping")).rejects.toThrow(/already closed/);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(apiServer.openSockets + tokenServer.openSockets).toBe(0);
  });
});
