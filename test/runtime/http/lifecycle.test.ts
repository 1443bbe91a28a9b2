import { setTimeout as realDelay } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApiTimeoutError, ConfigurationError, HelpfulError } from "../../../src/runtime/errors.js";
import { createRestClient, RestClient, type RestClientOptions } from "../../../src/runtime/http/index.js";
import { ManualClock } from "../../../src/runtime/resilience/clock.js";
import { drive } from "./drive.js";
import { FaultServer, json } from "./fault-server.js";

let server: FaultServer;
let clock: ManualClock;
const clients: RestClient[] = [];

function client(options: Partial<RestClientOptions> = {}): RestClient {
  const created = new RestClient({ baseUrl: server.baseUrl, clock, retry: { baseDelayMs: 1, jitter: "none" }, ...options });
  clients.push(created);
  return created;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let step = 0; step < 2000 && !condition(); step++) await realDelay(1);
  if (!condition()) throw new Error(`gave up waiting for ${what}`);
}

function resourceCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of process.getActiveResourcesInfo()) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

function hang(): (request: unknown, response: import("node:http").ServerResponse) => void {
  return () => undefined;
}

beforeEach(async () => {
  server = await new FaultServer().start();
  clock = new ManualClock();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((created) => created.close()));
  await server.stop();
});

describe("cancellation and deadlines", () => {
  it("rejects an aborted request with the caller's reason and drops its socket", async () => {
    server.route("/hang", hang());
    const controller = new AbortController();
    const pending = client().get("/hang", { signal: controller.signal });
    await until(() => server.hitsOf("/hang") === 1, "the request to arrive");
    const reason = new Error("user cancelled");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await until(() => server.openSockets === 0, "the aborted socket to close");
    expect(server.hitsOf("/hang")).toBe(1);
  });

  it("rejects at once when the signal is already aborted", async () => {
    server.route("/any", (_q, response) => json(response, 200, {}));
    const reason = new Error("too late");
    await expect(client().get("/any", { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(server.hitsOf("/any")).toBe(0);
  });

  it("enforces the overall deadline across attempts", async () => {
    server.route("/hang", hang());
    const error = await client({ deadlineMs: 30 }).get("/hang").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiTimeoutError);
    expect((error as ApiTimeoutError).timeoutMs).toBe(30);
  });

  it("close() cancels calls in flight with a clear error", async () => {
    server.route("/hang", hang());
    const api = client();
    const outcome = api.get("/hang").catch((caught: unknown) => caught);
    await until(() => server.hitsOf("/hang") === 1, "the request to arrive");
    await api.close();
    const error = await outcome;
    expect(error).toBeInstanceOf(HelpfulError);
    expect((error as HelpfulError).message).toContain("closed");
    await expect(api.get("/hang")).rejects.toThrow(/already closed/);
  });
});

describe("rate limiting through the client", () => {
  it("never starts requests faster than the configured rate, retries included", async () => {
    const arrivals: number[] = [];
    server.route("/limited", (_q, response, hit) => {
      arrivals.push(clock.now());
      if (hit === 2) json(response, 503, {});
      else json(response, 200, { hit });
    });
    const api = client({ rateLimiter: { limits: [{ perSecond: 2, burst: 1 }] } });
    const results = await drive(Promise.all([1, 2, 3, 4].map(() => api.get("/limited"))), clock);
    expect(results).toHaveLength(4);
    expect(arrivals).toHaveLength(5);
    for (let index = 1; index < arrivals.length; index++) {
      expect((arrivals[index] as number) - (arrivals[index - 1] as number)).toBeGreaterThanOrEqual(500);
    }
  });
});

describe("pools and resources", () => {
  it("leaves no socket or timer behind after close()", async () => {
    server.route("/ok", (_q, response) => json(response, 200, { ok: true }));
    const before = resourceCounts();
    const api = new RestClient({ baseUrl: server.baseUrl, timeoutMs: 5_000, deadlineMs: 5_000, rateLimiter: { limits: [{ perSecond: 1000, burst: 100 }] } });
    await Promise.all(Array.from({ length: 8 }, () => api.get("/ok")));
    expect(server.openSockets).toBeGreaterThan(0);
    await api.close();
    await until(() => server.openSockets === 0, "the server to see every socket close");
    const after = resourceCounts();
    expect(after.get("TCPSocketWrap") ?? 0).toBeLessThanOrEqual(before.get("TCPSocketWrap") ?? 0);
    expect(after.get("Timeout") ?? 0).toBeLessThanOrEqual(before.get("Timeout") ?? 0);
  });

  it("closes the least recently used origin's pool when the bound is reached", async () => {
    const other = await new FaultServer().start();
    try {
      server.route("/a", (_q, response) => json(response, 200, "a"));
      other.route("/b", (_q, response) => json(response, 200, "b"));
      const api = client({ maxOrigins: 1 });
      expect(await api.get("/a")).toBe("a");
      expect(server.openSockets).toBe(1);
      expect(await api.get(`${other.baseUrl}/b`)).toBe("b");
      await until(() => server.openSockets === 0, "the evicted pool to close its socket");
      expect(other.openSockets).toBe(1);
    } finally {
      await other.stop();
    }
  });

  it("works with await using", async () => {
    server.route("/ok", (_q, response) => json(response, 200, { ok: true }));
    {
      await using api = new RestClient({ baseUrl: server.baseUrl });
      expect(await api.get("/ok")).toEqual({ ok: true });
    }
    await until(() => server.openSockets === 0, "the disposed client's socket to close");
  });
});

describe("pagination", () => {
  it("follows nextLink in the body and Link: rel=next in the headers", async () => {
    server.route("/items", (request, response) => {
      const page = new URL(request.url ?? "", "http://x").searchParams.get("page");
      if (page === "1") json(response, 200, { value: [1, 2], nextLink: `${server.baseUrl}/items?page=2` });
      else if (page === "2") json(response, 200, [3], { link: '</items?page=3>; rel="next", </items?page=1>; rel="first"' });
      else json(response, 200, { value: [4] });
    });
    const seen: number[] = [];
    for await (const item of client().paginate<number>("/items", { query: { page: 1 } })) seen.push(item);
    expect(seen).toEqual([1, 2, 3, 4]);
  });
});

describe("createRestClient", () => {
  const config = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    global: { "api-base-url": server.baseUrl, "tenant-id": "acme" },
    "script-behavior": {
      "api-delay-seconds": 0.001,
      "rate-limiting": { enabled: true, "calls-per-second": 1000, "burst-size": 5 },
      "circuit-breaker": { enabled: false },
      "api-timeouts": { "rest-timeout-seconds": 5, "max-retries": 2, "backoff-factor": 2, "max-retry-after-seconds": 120, "async-max-wait": 300, "async-poll-interval": 5 },
      jitter: { "min-factor": 0.5, "max-factor": 1.5 },
      ...overrides,
    },
  });

  it("builds a working client from the nested script-behavior configuration", async () => {
    server.route("/ping", (_q, response, hit) => (hit === 1 ? json(response, 502, {}) : json(response, 200, { pong: true })));
    const api = createRestClient(config());
    clients.push(api);
    expect(api.rateLimiter).toBeDefined();
    expect(api.circuitBreaker).toBeUndefined();
    expect(await api.get("/ping")).toEqual({ pong: true });
  });

  it("names the missing key instead of falling back to a default", () => {
    const broken = config({ "rate-limiting": { enabled: true, "burst-size": 1 } });
    expect(() => createRestClient(broken)).toThrow(ConfigurationError);
    expect(() => createRestClient(broken)).toThrow(/script-behavior\.rate-limiting\.calls-per-second/);
    expect(() => createRestClient({ "script-behavior": {} })).toThrow(/global/);
  });
});
