import { setTimeout as realDelay } from "node:timers/promises";
import { describe, expect } from "vitest";
import { ApiTimeoutError, ConfigurationError, HelpfulError } from "../../../src/runtime/errors.js";
import { createRestClient, RestClient, type RestClientOptions } from "../../../src/runtime/http/index.js";
import { consecutiveGaps } from "../consecutive-gaps.js";
import { drive } from "./drive.js";
import { FaultServer, json } from "./fault-server.js";
import { type HttpTestBed, httpTest } from "./test-bed.js";
import { instanceOf } from "../../instance-of.js";

function client(bed: HttpTestBed, options: Partial<RestClientOptions> = {}): RestClient {
  return bed.client(options);
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

describe("cancellation and deadlines", () => {
  httpTest("rejects an aborted request with the caller's reason and drops its socket", async ({ bed }) => {
    bed.server.route("/hang", hang());
    const controller = new AbortController();
    const pending = client(bed).get("/hang", { signal: controller.signal });
    await until(() => bed.server.hitsOf("/hang") === 1, "the request to arrive");
    const reason = new Error("user cancelled");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await until(() => bed.server.openSockets === 0, "the aborted socket to close");
    expect(bed.server.hitsOf("/hang")).toBe(1);
  });

  httpTest("rejects at once when the signal is already aborted", async ({ bed }) => {
    bed.server.route("/any", (_q, response) => json(response, 200, {}));
    const reason = new Error("too late");
    await expect(client(bed).get("/any", { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(bed.server.hitsOf("/any")).toBe(0);
  });

  httpTest("enforces the overall deadline across attempts", async ({ bed }) => {
    bed.server.route("/hang", hang());
    const error = await client(bed, { deadlineMs: 30 })
      .get("/hang")
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiTimeoutError);
    expect(instanceOf(error, ApiTimeoutError).timeoutMs).toBe(30);
  });

  httpTest("close() cancels calls in flight with a clear error", async ({ bed }) => {
    bed.server.route("/hang", hang());
    const api = client(bed);
    const outcome = api.get("/hang").catch((caught: unknown) => caught);
    await until(() => bed.server.hitsOf("/hang") === 1, "the request to arrive");
    await api.close();
    const error = await outcome;
    expect(error).toBeInstanceOf(HelpfulError);
    expect(instanceOf(error, HelpfulError).message).toContain("closed");
    await expect(api.get("/hang")).rejects.toThrow(/already closed/);
  });
});

describe("cancellation of queued and waiting calls", () => {
  httpTest("aborts a request still queued for a socket without disturbing the one in flight", async ({ bed }) => {
    let release: () => void = () => undefined;
    bed.server.route("/slow", (_q, response) => (release = () => json(response, 200, { slow: true })));
    const api = client(bed, { connectionsPerOrigin: 1 });
    const first = api.get("/slow");
    await until(() => bed.server.hitsOf("/slow") === 1, "the first request to arrive");
    const controller = new AbortController();
    const queued = api.get("/slow", { signal: controller.signal });
    const reason = new Error("no longer needed");
    controller.abort(reason);
    await expect(queued).rejects.toBe(reason);
    release();
    expect(await first).toEqual({ slow: true });
    expect(bed.server.hitsOf("/slow")).toBe(1);
  });

  httpTest("does not count a cancelled request against the circuit", async ({ bed }) => {
    bed.server.route("/hang", hang());
    const api = client(bed, { circuitBreaker: { failureThreshold: 1 } });
    for (let call = 0; call < 3; call++) {
      const reason = new Error(`cancel ${call}`);
      await expect(api.get("/hang", { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
      const controller = new AbortController();
      const pending = api.get("/hang", { signal: controller.signal });
      await until(() => bed.server.hitsOf("/hang") === call + 1, "the request to arrive");
      controller.abort(reason);
      await expect(pending).rejects.toBe(reason);
    }
    expect(api.circuitBreaker?.state).toBe("closed");
  });

  httpTest("close() ends a call waiting to retry, leaving no timer", async ({ bed }) => {
    bed.server.route("/down", (_q, response) => json(response, 503, {}));
    const api = new RestClient({ baseUrl: bed.server.baseUrl, retry: { baseDelayMs: 60_000, jitter: "none" } });
    const outcome = api.get("/down").catch((caught: unknown) => caught);
    await until(() => bed.server.hitsOf("/down") === 1, "the first attempt");
    await realDelay(5);
    const timersWhileWaiting = resourceCounts().get("Timeout") ?? 0;
    await api.close();
    expect(instanceOf(await outcome, HelpfulError).message).toContain("closed");
    expect(resourceCounts().get("Timeout") ?? 0).toBeLessThan(timersWhileWaiting);
  });
});

describe("rate limiting through the client", () => {
  httpTest("never starts requests faster than the configured rate, retries included", async ({ bed }) => {
    const arrivals: number[] = [];
    bed.server.route("/limited", (_q, response, hit) => {
      arrivals.push(bed.clock.now());
      if (hit === 2) json(response, 503, {});
      else json(response, 200, { hit });
    });
    const api = client(bed, { rateLimiter: { limits: [{ perSecond: 2, burst: 1 }] } });
    const results = await drive(Promise.all([1, 2, 3, 4].map(() => api.get("/limited"))), bed.clock);
    expect(results).toHaveLength(4);
    expect(arrivals).toHaveLength(5);
    for (const gap of consecutiveGaps(arrivals)) expect(gap).toBeGreaterThanOrEqual(500);
  });
});

describe("pools and resources", () => {
  httpTest("leaves no socket or timer behind after close()", async ({ bed }) => {
    bed.server.route("/ok", (_q, response) => json(response, 200, { ok: true }));
    const before = resourceCounts();
    const api = new RestClient({
      baseUrl: bed.server.baseUrl,
      timeoutMs: 5_000,
      deadlineMs: 5_000,
      rateLimiter: { limits: [{ perSecond: 1000, burst: 100 }] },
    });
    await Promise.all(Array.from({ length: 8 }, () => api.get("/ok")));
    expect(bed.server.openSockets).toBeGreaterThan(0);
    await api.close();
    await until(() => bed.server.openSockets === 0, "the server to see every socket close");
    const after = resourceCounts();
    expect(after.get("TCPSocketWrap") ?? 0).toBeLessThanOrEqual(before.get("TCPSocketWrap") ?? 0);
    expect(after.get("Timeout") ?? 0).toBeLessThanOrEqual(before.get("Timeout") ?? 0);
  });

  httpTest("closes the least recently used origin's pool when the bound is reached", async ({ bed }) => {
    const other = await new FaultServer().start();
    try {
      bed.server.route("/a", (_q, response) => json(response, 200, "a"));
      other.route("/b", (_q, response) => json(response, 200, "b"));
      const api = client(bed, { maxOrigins: 1 });
      expect(await api.get("/a")).toBe("a");
      expect(bed.server.openSockets).toBe(1);
      expect(await api.get(`${other.baseUrl}/b`)).toBe("b");
      await until(() => bed.server.openSockets === 0, "the evicted pool to close its socket");
      expect(other.openSockets).toBe(1);
    } finally {
      await other.stop();
    }
  });

  httpTest("works with await using", async ({ bed }) => {
    bed.server.route("/ok", (_q, response) => json(response, 200, { ok: true }));
    {
      await using api = new RestClient({ baseUrl: bed.server.baseUrl });
      expect(await api.get("/ok")).toEqual({ ok: true });
    }
    await until(() => bed.server.openSockets === 0, "the disposed client's socket to close");
  });
});

describe("pagination", () => {
  httpTest("follows nextLink in the body and Link: rel=next in the headers", async ({ bed }) => {
    bed.server.route("/items", (request, response) => {
      const page = new URL(request.url ?? "", "http://x").searchParams.get("page");
      if (page === "1") json(response, 200, { value: [1, 2], nextLink: `${bed.server.baseUrl}/items?page=2` });
      else if (page === "2")
        json(response, 200, [3], { link: '</items?page=3>; rel="next", </items?page=1>; rel="first"' });
      else json(response, 200, { value: [4] });
    });
    const seen: number[] = [];
    for await (const item of client(bed).paginate<number>("/items", { query: { page: 1 } })) seen.push(item);
    expect(seen).toEqual([1, 2, 3, 4]);
  });
});

describe("createRestClient", () => {
  const config = (baseUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    global: { "api-base-url": baseUrl, "tenant-id": "acme" },
    "script-behavior": {
      "api-delay-seconds": 0.001,
      "rate-limiting": { enabled: true, "calls-per-second": 1000, "burst-size": 5 },
      "circuit-breaker": { enabled: false },
      "api-timeouts": {
        "rest-timeout-seconds": 5,
        "max-retries": 2,
        "backoff-factor": 2,
        "max-retry-after-seconds": 120,
        "async-max-wait": 300,
        "async-poll-interval": 5,
      },
      jitter: { "min-factor": 0.5, "max-factor": 1.5 },
      ...overrides,
    },
  });

  httpTest("builds a working client from the nested script-behavior configuration", async ({ bed }) => {
    bed.server.route("/ping", (_q, response, hit) =>
      hit === 1 ? json(response, 502, {}) : json(response, 200, { pong: true }),
    );
    const api = createRestClient(config(bed.server.baseUrl));
    bed.track(api);
    expect(api.rateLimiter).toBeDefined();
    expect(api.circuitBreaker).toBeUndefined();
    expect(await api.get("/ping")).toEqual({ pong: true });
  });

  httpTest("names the missing key instead of falling back to a default", ({ bed }) => {
    const broken = config(bed.server.baseUrl, { "rate-limiting": { enabled: true, "burst-size": 1 } });
    expect(() => createRestClient(broken)).toThrow(ConfigurationError);
    expect(() => createRestClient(broken)).toThrow(/script-behavior\.rate-limiting\.calls-per-second/);
    expect(() => createRestClient({ "script-behavior": {} })).toThrow(/global/);
    expect(() => createRestClient(config(bed.server.baseUrl, { "circuit-breaker": { enabled: "false" } }))).toThrow(
      /circuit-breaker\.enabled must be true or false/,
    );
    expect(() => createRestClient(config(bed.server.baseUrl, { "api-delay-seconds": "1" }))).toThrow(
      /api-delay-seconds must be a number/,
    );
  });
});
