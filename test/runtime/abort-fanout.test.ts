import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getEventListeners } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onAbort } from "../../src/runtime/abort-fanout.js";
import { parallelMap, rateLimitedParallel } from "../../src/runtime/concurrency/index.js";
import { RestClient } from "../../src/runtime/http/index.js";
import { RateLimiter } from "../../src/runtime/resilience/rate-limiter.js";
import { SystemClock } from "../../src/runtime/resilience/clock.js";

describe("onAbort", () => {
  it("keeps one listener on the signal for any number of callbacks, and calls each once", () => {
    const controller = new AbortController();
    const calls: number[] = [];
    const detachers = Array.from({ length: 50 }, (_, index) => onAbort(controller.signal, () => calls.push(index)));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    detachers[3]?.();
    controller.abort();
    controller.abort();
    expect(calls).toHaveLength(49);
    expect(calls).not.toContain(3);
  });

  it("removes the signal's listener when the last callback unsubscribes", () => {
    const controller = new AbortController();
    const first = onAbort(controller.signal, () => undefined);
    const second = onAbort(controller.signal, () => undefined);
    first();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    second();
    second();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    onAbort(controller.signal, () => undefined);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
  });
});

describe("no MaxListenersExceededWarning above concurrency 10", () => {
  let server: Server;
  let baseUrl = "";
  const warnings: string[] = [];
  const onWarning = (warning: Error): void => {
    warnings.push(`${warning.name}: ${warning.message}`);
  };

  beforeAll(async () => {
    server = createServer((_request, response) => {
      setTimeout(() => response.writeHead(200, { "content-type": "application/json" }).end("{}"), 5);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.on("warning", onWarning);
  });

  afterAll(async () => {
    process.off("warning", onWarning);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("parallelMap and rateLimitedParallel with 32 slots sharing one signal across client calls", async () => {
    await using client = new RestClient({ baseUrl });
    const items = Array.from({ length: 64 }, (_, index) => index);
    const controller = new AbortController();
    const mapped = await parallelMap(items, (item, _index, signal) => client.get(`/items/${item}`, { signal }), {
      concurrency: 32,
      signal: controller.signal,
    });
    const limited = await rateLimitedParallel(
      items,
      (item, _index, signal) => client.get(`/items/${item}`, { signal }),
      { concurrency: 32, perSecond: 10_000, signal: controller.signal },
    );
    expect(mapped.failed).toEqual([]);
    expect(limited.failed).toEqual([]);
    // Node emits the warning on the next tick at the latest.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings).toEqual([]);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("limiter waits and clock sleeps sharing one signal", async () => {
    const limiter = new RateLimiter({ limits: [{ perSecond: 1000 }] });
    const controller = new AbortController();
    const clock = new SystemClock();
    await Promise.all(
      Array.from({ length: 30 }, () =>
        Promise.all([limiter.acquire(controller.signal), clock.sleep(2, controller.signal)]),
      ),
    );
    limiter.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings).toEqual([]);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});
