import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApiError, executeRequest, getRequestStats, parseRetryAfter, type RequestOptions, resetRequestStats } from "../src/rest-api-helpers.js";
import { type LoopbackServer, type RouteHandler, sendJson, startLoopbackServer } from "./support/loopback-server.js";

/** Tiny waits everywhere: a retry sleeps about a millisecond. */
const FAST: RequestOptions = Object.freeze({ maxRetries: 3, backoffFactor: 0.001, timeoutSeconds: 5, asyncPollIntervalSeconds: 0.001, asyncMaxWaitSeconds: 5 });

/** A backoff no test could sit out: a retry that ignores Retry-After hangs until the test times out. */
const ENDLESS_BACKOFF = 1000;

let server: LoopbackServer | undefined;

async function serve(handler: RouteHandler): Promise<LoopbackServer> {
  server = await startLoopbackServer(handler);
  return server;
}

beforeEach(() => resetRequestStats());
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("executeRequest: plain requests", () => {
  it("returns the parsed JSON body and sends JSON bodies, query parameters and the bearer token", async () => {
    const api = await serve((request, response) => sendJson(response, 200, { echoed: JSON.parse(request.body), path: request.path }));
    const result = await executeRequest<{ echoed: unknown; path: string }>(`${api.url}/items`, {
      ...FAST,
      method: "post",
      body: { name: "widget" },
      query: { page: 2, filter: undefined },
      token: "token-123",
    });
    expect(result).toEqual({ echoed: { name: "widget" }, path: "/items?page=2" });
    expect(api.requests[0].method).toBe("POST");
    expect(api.requests[0].headers.authorization).toBe("Bearer token-123");
    expect(api.requests[0].headers["content-type"]).toBe("application/json");
  });

  it("returns text bodies as text and 204 as undefined", async () => {
    const api = await serve((request, response) => {
      if (request.path === "/empty") {
        response.writeHead(204).end();
        return;
      }
      response.writeHead(200, { "Content-Type": "text/plain" }).end("plain words");
    });
    expect(await executeRequest(`${api.url}/text`, FAST)).toBe("plain words");
    expect(await executeRequest(`${api.url}/empty`, FAST)).toBeUndefined();
  });

  it("does not retry client errors and keeps the error body", async () => {
    const api = await serve((_request, response) => sendJson(response, 404, { error: "no such item" }));
    const error = await executeRequest(`${api.url}/items/9`, FAST).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, responseBody: { error: "no such item" } });
    expect(api.requests).toHaveLength(1);
  });

  it("does not retry 401", async () => {
    const api = await serve((_request, response) => sendJson(response, 401, { error: "expired" }));
    await expect(executeRequest(`${api.url}/secure`, FAST)).rejects.toMatchObject({ status: 401 });
    expect(api.requests).toHaveLength(1);
  });
});

describe("executeRequest: retries", () => {
  it("retries 500 and 503 and then succeeds", async () => {
    const api = await serve((_request, response, requests) => {
      if (requests.length === 1) sendJson(response, 500, { error: "boom" });
      else if (requests.length === 2) sendJson(response, 503, { error: "busy" });
      else sendJson(response, 200, { ok: true });
    });
    expect(await executeRequest(`${api.url}/flaky`, FAST)).toEqual({ ok: true });
    expect(api.requests).toHaveLength(3);
    expect(getRequestStats()).toMatchObject({ total: 1, retried: 2, failed: 0 });
  });

  it("gives up after maxRetries with the last server error", async () => {
    const api = await serve((_request, response) => sendJson(response, 502, { error: "bad gateway" }));
    await expect(executeRequest(`${api.url}/down`, { ...FAST, maxRetries: 2 })).rejects.toMatchObject({ name: "ApiError", status: 502 });
    expect(api.requests).toHaveLength(3);
    expect(getRequestStats()).toMatchObject({ total: 1, retried: 2, failed: 1 });
  });

  it("honours Retry-After seconds on 429 instead of the backoff", async () => {
    const api = await serve((_request, response, requests) => {
      if (requests.length === 1) sendJson(response, 429, { error: "slow down" }, { "Retry-After": "0" });
      else sendJson(response, 200, { ok: true });
    });
    expect(await executeRequest(`${api.url}/limited`, { ...FAST, backoffFactor: ENDLESS_BACKOFF })).toEqual({ ok: true });
    expect(api.requests).toHaveLength(2);
  });

  it("honours Retry-After given as an HTTP date", async () => {
    const api = await serve((_request, response, requests) => {
      if (requests.length === 1) sendJson(response, 429, {}, { "Retry-After": new Date(Date.now() - 5000).toUTCString() });
      else sendJson(response, 200, { ok: true });
    });
    expect(await executeRequest(`${api.url}/limited`, { ...FAST, backoffFactor: ENDLESS_BACKOFF })).toEqual({ ok: true });
  });

  it("caps a long Retry-After at maxRetryAfterSeconds", async () => {
    const api = await serve((_request, response, requests) => {
      if (requests.length < 3) sendJson(response, 429, {}, { "Retry-After": "3600" });
      else sendJson(response, 200, { ok: true });
    });
    expect(await executeRequest(`${api.url}/limited`, { ...FAST, maxRetryAfterSeconds: 0.001 })).toEqual({ ok: true });
    expect(api.requests).toHaveLength(3);
  });

  it("reports a 429 that never clears as a rate-limit error", async () => {
    const api = await serve((_request, response) => sendJson(response, 429, {}, { "Retry-After": "0" }));
    await expect(executeRequest(`${api.url}/limited`, { ...FAST, maxRetries: 1 })).rejects.toMatchObject({ status: 429 });
    expect(api.requests).toHaveLength(2);
  });

  it("times out a request that gets no answer", async () => {
    const api = await serve(() => {
      // Never answer: the client's timeout has to end the request.
    });
    const error = await executeRequest(`${api.url}/silent`, { ...FAST, timeoutSeconds: 0.05, maxRetries: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toMatch(/timed out/);
    expect(api.requests).toHaveLength(2);
  });
});

describe("executeRequest: 202 Accepted", () => {
  it("polls Location until the operation succeeds and fetches the created resource", async () => {
    const api = await serve((request, response) => {
      const polls = api.requests.filter((seen) => seen.path === "/operations/7").length;
      if (request.path === "/jobs" && request.method === "POST") {
        sendJson(response, 202, { id: 7 }, { Location: "/operations/7", "Retry-After": "0" });
      } else if (request.path === "/operations/7" && polls === 1) {
        sendJson(response, 202, {}, { "Retry-After": "0" });
      } else if (request.path === "/operations/7" && polls === 2) {
        sendJson(response, 200, { status: "Running", percentComplete: 50 });
      } else if (request.path === "/operations/7") {
        sendJson(response, 200, { status: "Succeeded", resourceLocation: "/jobs/7" });
      } else {
        sendJson(response, 200, { id: 7, state: "done" });
      }
    });
    const result = await executeRequest(`${api.url}/jobs`, { ...FAST, method: "POST", body: { task: "export" } });
    expect(result).toEqual({ id: 7, state: "done" });
    expect(api.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      "POST /jobs",
      "GET /operations/7",
      "GET /operations/7",
      "GET /operations/7",
      "GET /jobs/7",
    ]);
    expect(getRequestStats().polled).toBe(3);
  });

  it("prefers Operation-Location and returns an inline result", async () => {
    const api = await serve((request, response) => {
      if (request.path === "/reports") sendJson(response, 202, {}, { "Operation-Location": "/status/1", Location: "/wrong" });
      else if (request.path === "/status/1") sendJson(response, 200, { status: "succeeded", result: { rows: 12 } });
      else sendJson(response, 500, {});
    });
    expect(await executeRequest(`${api.url}/reports`, { ...FAST, method: "POST" })).toEqual({ rows: 12 });
  });

  it("rejects when the operation fails, with the service's reason", async () => {
    const api = await serve((request, response) => {
      if (request.path === "/imports") sendJson(response, 202, {}, { Location: "/status/2" });
      else sendJson(response, 200, { status: "Failed", error: { message: "quota exceeded" } });
    });
    await expect(executeRequest(`${api.url}/imports`, { ...FAST, method: "POST" })).rejects.toThrow(/quota exceeded/);
  });

  it("gives up after asyncMaxWaitSeconds", async () => {
    const api = await serve((_request, response) => sendJson(response, 202, {}, { Location: "/status/3" }));
    await expect(
      executeRequest(`${api.url}/slow`, { ...FAST, method: "POST", asyncPollIntervalSeconds: 0.01, asyncMaxWaitSeconds: 0.05 }),
    ).rejects.toThrow(/did not finish/);
  });

  it("returns the body of a 202 without a Location", async () => {
    const api = await serve((_request, response) => sendJson(response, 202, { queued: true }));
    expect(await executeRequest(`${api.url}/fire-and-forget`, { ...FAST, method: "POST" })).toEqual({ queued: true });
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates and ignores nonsense", () => {
    const now = Date.parse("2024-01-01T00:00:00Z");
    expect(parseRetryAfter("2", now)).toBe(2000);
    expect(parseRetryAfter("Mon, 01 Jan 2024 00:00:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
