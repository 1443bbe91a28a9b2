import { describe, expect } from "vitest";
import {
  ApiAuthenticationError,
  ApiOperationError,
  ApiRateLimitError,
  ApiTimeoutError,
  EntityNotFoundError,
} from "../../../src/runtime/errors.js";
import { RestClient, type RestClientOptions } from "../../../src/runtime/http/index.js";
import { drive } from "./drive.js";
import { json } from "./fault-server.js";
import { type HttpTestBed, httpTest } from "./test-bed.js";
import { instanceOf } from "../../instance-of.js";

function client(bed: HttpTestBed, options: Partial<RestClientOptions> = {}): RestClient {
  return bed.client({ baseUrl: `${bed.server.baseUrl}/v1`, retry: { baseDelayMs: 10, jitter: "none" }, ...options });
}

describe("RestClient basics", () => {
  httpTest("joins the base path, sends query and JSON bodies, and parses JSON or text", async ({ bed }) => {
    bed.server.route("/v1/users", (request, response, _hit, body) => {
      const parsed: unknown = body === "" ? null : JSON.parse(body);
      json(response, 200, {
        url: request.url,
        method: request.method,
        body: parsed,
        type: request.headers["content-type"] ?? null,
      });
    });
    bed.server.route("/v1/text", (_request, response) => response.end("plain words"));
    bed.server.route("/v1/empty", (_request, response) => response.writeHead(204).end());
    const api = client(bed);
    expect(await api.get("/users", { query: { page: 2, q: "a b", skip: undefined } })).toEqual({
      url: "/v1/users?page=2&q=a+b",
      method: "GET",
      body: null,
      type: null,
    });
    expect(await api.post("users", { name: "Ada" })).toEqual({
      url: "/v1/users",
      method: "POST",
      body: { name: "Ada" },
      type: "application/json",
    });
    expect(await api.get("/text")).toBe("plain words");
    expect(await api.delete("/empty")).toBeUndefined();
    const response = await api.send("PUT", "/users", { body: [1, 2] });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ method: "PUT", body: [1, 2] });
  });

  httpTest("maps statuses to typed errors without retrying client errors", async ({ bed }) => {
    bed.server.route("/v1/auth", (_q, response) => json(response, 401, { error: "expired token" }));
    bed.server.route("/v1/missing", (_q, response) => json(response, 404, { error: "no such user" }));
    bed.server.route("/v1/bad", (_q, response) => json(response, 400, { error: "bad field" }));
    const api = client(bed);
    await expect(api.get("/auth")).rejects.toBeInstanceOf(ApiAuthenticationError);
    const missing = await api.get("/missing").catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(EntityNotFoundError);
    expect(instanceOf(missing, EntityNotFoundError).status).toBe(404);
    expect(instanceOf(missing, EntityNotFoundError).message).toContain("no such user");
    const bad = await api.get("/bad").catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(ApiOperationError);
    expect(instanceOf(bad, ApiOperationError).status).toBe(400);
    expect([bed.server.hitsOf("/v1/auth"), bed.server.hitsOf("/v1/missing"), bed.server.hitsOf("/v1/bad")]).toEqual([
      1, 1, 1,
    ]);
  });
});

describe("RestClient retries of server errors", () => {
  httpTest("retries 500s of a GET and then succeeds, with exponential waits", async ({ bed }) => {
    bed.server.route("/v1/flaky", (_q, response, hit) =>
      hit <= 2 ? json(response, 500, { error: "boom" }) : json(response, 200, { ok: hit }),
    );
    const result = await drive(client(bed).get("/flaky"), bed.clock);
    expect(result).toEqual({ ok: 3 });
    expect(bed.server.hitsOf("/v1/flaky")).toBe(3);
    expect(bed.clock.requestedSleeps).toEqual([10, 20]);
  });

  httpTest("gives up after maxRetries with the last typed error", async ({ bed }) => {
    bed.server.route("/v1/down", (_q, response) => json(response, 503, { error: "maintenance" }));
    const error = await drive(
      client(bed, { retry: { maxRetries: 2, baseDelayMs: 1, jitter: "none" } }).get("/down"),
      bed.clock,
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiOperationError);
    expect(instanceOf(error, ApiOperationError).status).toBe(503);
    expect(bed.server.hitsOf("/v1/down")).toBe(3);
  });
});

describe("RestClient and Retry-After", () => {
  httpTest("honours Retry-After in seconds exactly, without jitter, and pauses the limiter", async ({ bed }) => {
    bed.server.route("/v1/throttled", (_q, response, hit) =>
      hit === 1 ? json(response, 429, {}, { "retry-after": "3" }) : json(response, 200, { ok: true }),
    );
    const api = client(bed, {
      retry: { baseDelayMs: 10, jitter: "full" },
      rateLimiter: { limits: [{ perSecond: 1000, burst: 10 }] },
    });
    expect(await drive(api.get("/throttled"), bed.clock)).toEqual({ ok: true });
    expect(bed.clock.requestedSleeps[0]).toBe(3000);
    expect(bed.server.hitsOf("/v1/throttled")).toBe(2);
  });

  httpTest("honours Retry-After 0 by retrying at once", async ({ bed }) => {
    bed.server.route("/v1/zero", (_q, response, hit) =>
      hit === 1 ? json(response, 503, {}, { "retry-after": "0" }) : json(response, 200, { ok: true }),
    );
    expect(await drive(client(bed).get("/zero"), bed.clock)).toEqual({ ok: true });
    expect(bed.clock.requestedSleeps).toEqual([]);
  });

  httpTest("measures an HTTP-date Retry-After against the response's Date header", async ({ bed }) => {
    const serverNow = Date.UTC(2030, 5, 1, 12, 0, 0);
    bed.server.route("/v1/dated", (_q, response, hit) =>
      hit === 1
        ? json(
            response,
            429,
            {},
            { date: new Date(serverNow).toUTCString(), "retry-after": new Date(serverNow + 7000).toUTCString() },
          )
        : json(response, 200, { ok: true }),
    );
    expect(await drive(client(bed).get("/dated"), bed.clock)).toEqual({ ok: true });
    expect(bed.clock.requestedSleeps).toEqual([7000]);
  });

  httpTest("raises ApiRateLimitError with retryAfterMs when Retry-After exceeds maxRetryAfter", async ({ bed }) => {
    bed.server.route("/v1/slow-down", (_q, response) => json(response, 429, {}, { "retry-after": "600" }));
    const error = await client(bed, { retry: { maxRetryAfterMs: 120_000 } })
      .get("/slow-down")
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiRateLimitError);
    expect(instanceOf(error, ApiRateLimitError).retryAfterMs).toBe(600_000);
    expect(bed.server.hitsOf("/v1/slow-down")).toBe(1);
    expect(bed.clock.requestedSleeps).toEqual([]);
  });
});

describe("RestClient retries of connection faults and timeouts", () => {
  httpTest("retries a connection reset in the middle of a response", async ({ bed }) => {
    bed.server.route("/v1/reset", (_q, response, hit) => {
      if (hit > 1) {
        json(response, 200, { complete: true });
        return;
      }
      response.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      response.write('{"partial":');
      setTimeout(() => response.socket?.destroy(), 5);
    });
    expect(await drive(client(bed).get("/reset"), bed.clock)).toEqual({ complete: true });
    expect(bed.server.hitsOf("/v1/reset")).toBe(2);
  });

  httpTest("does not retry a POST unless the call says so", async ({ bed }) => {
    bed.server.route("/v1/create", (_q, response, hit) =>
      hit === 1 ? json(response, 503, {}) : json(response, 201, { id: 7 }),
    );
    const api = client(bed);
    await expect(api.post("/create", { a: 1 })).rejects.toMatchObject({ status: 503 });
    expect(bed.server.hitsOf("/v1/create")).toBe(1);
    expect(await drive(api.post("/create", { a: 1 }, { retry: true }), bed.clock)).toEqual({ id: 7 });
    expect(bed.server.methods.filter((entry) => entry === "POST /v1/create")).toHaveLength(2);
  });

  httpTest("times out a response slower than timeoutMs, retrying it for idempotent calls", async ({ bed }) => {
    bed.server.route("/v1/slow", (_q, response) => {
      const timer = setTimeout(() => json(response, 200, { late: true }), 2000);
      response.on("close", () => clearTimeout(timer));
    });
    const api = client(bed, { timeoutMs: 40, retry: { maxRetries: 1, baseDelayMs: 1, jitter: "none" } });
    const error = await drive(api.get("/slow"), bed.clock).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiTimeoutError);
    expect(instanceOf(error, ApiTimeoutError).timeoutMs).toBe(40);
    expect(bed.server.hitsOf("/v1/slow")).toBe(2);
  });
});
