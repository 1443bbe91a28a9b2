import { describe, expect } from "vitest";
import { ApiOperationError, ApiTimeoutError } from "../../../src/runtime/errors.js";
import { RestClient, type RestClientOptions } from "../../../src/runtime/http/index.js";
import type { CircuitStateChange } from "../../../src/runtime/resilience/circuit-breaker.js";
import { drive } from "./drive.js";
import { json } from "./fault-server.js";
import { type HttpTestBed, httpTest } from "./test-bed.js";
import { instanceOf } from "../../instance-of.js";

function client(bed: HttpTestBed, options: Partial<RestClientOptions> = {}): RestClient {
  return bed.client({ polling: { maxWaitMs: 60_000, intervalMs: 2_000 }, ...options });
}

describe("202 Accepted polling", () => {
  httpTest("polls Location, honouring Retry-After, until the operation completes after N polls", async ({ bed }) => {
    bed.server.route("/jobs", (_q, response) =>
      json(response, 202, { status: "Running" }, { location: "/jobs/1/status", "retry-after": "3" }),
    );
    bed.server.route("/jobs/1/status", (_q, response, hit) =>
      hit < 4 ? json(response, 202, { status: "Running" }) : json(response, 200, { status: "Succeeded", result: 42 }),
    );
    const response = await drive(client(bed).send("POST", "/jobs", { body: { run: true } }), bed.clock);
    expect(response.body).toEqual({ status: "Succeeded", result: 42 });
    expect(response.url).toBe(`${bed.server.baseUrl}/jobs/1/status`);
    expect(bed.server.hitsOf("/jobs/1/status")).toBe(4);
    expect(bed.clock.requestedSleeps).toEqual([3000, 2000, 2000, 2000]);
  });

  httpTest("reads a JSON status at Operation-Location and reports a Failed operation", async ({ bed }) => {
    bed.server.route("/import", (_q, response) =>
      json(response, 202, {}, { "operation-location": `${bed.server.baseUrl}/ops/9` }),
    );
    bed.server.route("/ops/9", (_q, response, hit) =>
      json(response, 200, hit < 2 ? { status: "InProgress" } : { status: "Failed", error: { message: "bad row 7" } }),
    );
    const error = await drive(client(bed).post("/import", { rows: 10 }), bed.clock).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiOperationError);
    expect(instanceOf(error, ApiOperationError).message).toContain("Failed");
    expect(instanceOf(error, ApiOperationError).context?.details).toEqual({
      body: { status: "Failed", error: { message: "bad row 7" } },
    });
    expect(bed.server.hitsOf("/ops/9")).toBe(2);
  });

  httpTest("raises ApiTimeoutError when the operation never completes within asyncMaxWait", async ({ bed }) => {
    bed.server.route("/forever", (_q, response) => json(response, 202, {}, { location: "/forever/status" }));
    bed.server.route("/forever/status", (_q, response) => json(response, 202, { status: "Running" }));
    const api = client(bed, { polling: { maxWaitMs: 10_000, intervalMs: 3_000 } });
    const error = await drive(api.post("/forever", {}), bed.clock).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiTimeoutError);
    expect(instanceOf(error, ApiTimeoutError).timeoutMs).toBe(10_000);
    expect(bed.server.hitsOf("/forever/status")).toBe(3);
  });

  httpTest("returns a 202 as is when polling is switched off or no monitor URL is given", async ({ bed }) => {
    bed.server.route("/queued", (_q, response) => json(response, 202, { queued: true }));
    expect(await client(bed).post("/queued", {})).toEqual({ queued: true });
    bed.server.route("/later", (_q, response) => json(response, 202, { id: 1 }, { location: "/later/1" }));
    expect((await client(bed, { polling: false }).send("POST", "/later", {})).status).toBe(202);
  });
});

describe("circuit breaker in the client", () => {
  httpTest("opens after the threshold, fails fast while open, and recovers through half-open", async ({ bed }) => {
    let healthy = false;
    bed.server.route("/svc", (_q, response) =>
      healthy ? json(response, 200, { ok: true }) : json(response, 500, { error: "down" }),
    );
    const api = client(bed, { retry: false, circuitBreaker: { failureThreshold: 3, resetTimeoutMs: 30_000 } });
    const changes: CircuitStateChange[] = [];
    api.circuitBreaker?.on("stateChange", (change) => changes.push(change));
    for (let call = 0; call < 3; call++) await expect(api.get("/svc")).rejects.toMatchObject({ status: 500 });
    expect(api.circuitBreaker?.state).toBe("open");
    const rejected = await api.get("/svc").catch((caught: unknown) => caught);
    expect(rejected).toBeInstanceOf(ApiOperationError);
    expect(instanceOf(rejected, ApiOperationError).message).toMatch(/circuit .* is open/i);
    expect(bed.server.hitsOf("/svc")).toBe(3);
    healthy = true;
    bed.clock.advance(30_000);
    expect(await api.get("/svc")).toEqual({ ok: true });
    expect(api.circuitBreaker?.state).toBe("closed");
    expect(changes.map((change) => `${change.from}->${change.to}`)).toEqual([
      "closed->open",
      "open->half-open",
      "half-open->closed",
    ]);
  });

  httpTest("does not count 4xx answers against the circuit", async ({ bed }) => {
    bed.server.route("/nope", (_q, response) => json(response, 404, {}));
    const api = client(bed, { circuitBreaker: { failureThreshold: 2 } });
    for (let call = 0; call < 5; call++) await expect(api.get("/nope")).rejects.toMatchObject({ status: 404 });
    expect(api.circuitBreaker?.state).toBe("closed");
  });
});
