import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cachedClientCount, clearApiCache, createApiClient, readClientTuning } from "../src/api-factory.js";
import { clearConfigCache, loadConfig } from "../src/config-loader.js";
import { completeConfig } from "./support/app-config.js";
import { type LoopbackServer, type RouteHandler, sendJson, startLoopbackServer } from "./support/loopback-server.js";

let server: LoopbackServer | undefined;

async function serve(handler: RouteHandler): Promise<LoopbackServer> {
  server = await startLoopbackServer(handler);
  return server;
}

beforeEach(() => {
  clearApiCache();
  clearConfigCache();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("readClientTuning", () => {
  it("takes every setting from the production configuration", () => {
    const tuning = readClientTuning(loadConfig("acme", "prod"));
    expect(tuning).toEqual({
      baseUrl: "https://api.example.com/v1",
      delaySeconds: 1,
      rateLimit: { enabled: true, callsPerSecond: 10, burstSize: 1 },
      circuitBreaker: { enabled: true, failureThreshold: 5, timeoutSeconds: 60 },
      request: {
        timeoutSeconds: 60,
        maxRetries: 3,
        backoffFactor: 2,
        maxRetryAfterSeconds: 120,
        asyncMaxWaitSeconds: 300,
        asyncPollIntervalSeconds: 5,
        jitter: { min: 0.5, max: 1.5 },
      },
    });
  });

  // The behaviour hardening changes on purpose: acme-test-config.json lacks the circuit breaker,
  // the jitter, the burst size and three timeouts, and the legacy code quietly invents them.
  // Hardened code either rejects this file, naming the missing keys, or reads the old defaults
  // that the codemod wrote into it.
  it("fills the keys missing from the incomplete test configuration with built-in defaults", () => {
    const tuning = readClientTuning(loadConfig("acme", "test"));
    expect(tuning.rateLimit).toEqual({ enabled: true, callsPerSecond: 1000, burstSize: 1 });
    expect(tuning.circuitBreaker).toEqual({ enabled: true, failureThreshold: 5, timeoutSeconds: 60 });
    expect(tuning.request).toMatchObject({ timeoutSeconds: 5, maxRetries: 2, backoffFactor: 0.01, maxRetryAfterSeconds: 120, asyncMaxWaitSeconds: 300, asyncPollIntervalSeconds: 5 });
    expect(tuning.request.jitter).toEqual({ min: 0.5, max: 1.5 });
  });
});

describe("createApiClient", () => {
  it("sends requests under the base URL with the provider's token and parses the answers", async () => {
    const api = await serve((request, response) => sendJson(response, 200, { method: request.method, path: request.path, body: request.body }));
    const client = createApiClient(completeConfig(`${api.url}/v1/`), { tokenProvider: async () => "token-abc" });
    expect(await client.get("/users", { query: { active: true } })).toEqual({ method: "GET", path: "/v1/users?active=true", body: "" });
    expect(await client.post("users", { name: "Ada" })).toEqual({ method: "POST", path: "/v1/users", body: '{"name":"Ada"}' });
    expect(await client.put("/users/1", { name: "Ada L." })).toMatchObject({ method: "PUT", path: "/v1/users/1" });
    expect(await client.delete("/users/1")).toMatchObject({ method: "DELETE", path: "/v1/users/1" });
    expect(api.requests.every((request) => request.headers.authorization === "Bearer token-abc")).toBe(true);
  });

  it("shares one client per configuration until the cache is cleared", async () => {
    const api = await serve((_request, response) => sendJson(response, 200, {}));
    const config = completeConfig(api.url);
    const first = createApiClient(config);
    expect(createApiClient(config)).toBe(first);
    expect(createApiClient(config, { useCache: false })).not.toBe(first);
    expect(cachedClientCount()).toBe(1);
    clearApiCache();
    expect(cachedClientCount()).toBe(0);
    expect(createApiClient(config)).not.toBe(first);
  });

  it("retries server errors as configured", async () => {
    const api = await serve((_request, response, requests) => sendJson(response, requests.length < 3 ? 503 : 200, { attempt: requests.length }));
    const config = completeConfig(api.url);
    config["script-behavior"]!["api-timeouts"]!["max-retries"] = 2;
    expect(await createApiClient(config).get("/items")).toEqual({ attempt: 3 });
  });

  it("opens the circuit breaker after the configured number of failures", async () => {
    const api = await serve((_request, response) => sendJson(response, 500, { error: "down" }));
    const client = createApiClient(completeConfig(api.url));
    await expect(client.get("/items")).rejects.toMatchObject({ status: 500 });
    await expect(client.get("/items")).rejects.toMatchObject({ status: 500 });
    await expect(client.get("/items")).rejects.toThrow(/Circuit breaker is open/);
    expect(api.requests).toHaveLength(2);
  });

  it("keeps calling a failing service when the breaker is switched off", async () => {
    const api = await serve((_request, response) => sendJson(response, 500, { error: "down" }));
    const config = completeConfig(api.url);
    config["script-behavior"]!["circuit-breaker"]!.enabled = false;
    config["script-behavior"]!["rate-limiting"]!.enabled = false;
    const client = createApiClient(config);
    for (let call = 0; call < 3; call++) await expect(client.get("/items")).rejects.toMatchObject({ status: 500 });
    expect(api.requests).toHaveLength(3);
  });
});
