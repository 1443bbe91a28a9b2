import { describe, expect, it } from "vitest";
import { ApiOperationError, ApiTimeoutError } from "../../../src/runtime/errors.js";
import {
  BreakerPolicy,
  BulkheadPolicy,
  CircuitBreaker,
  LimiterPolicy,
  type ListenerFailure,
  listenTo,
  ManualClock,
  type PolicyContext,
  RetryingPolicy,
  TimeoutPolicy,
  wrap,
} from "../../../src/runtime/resilience/index.js";
import { instanceOf } from "../../instance-of.js";

/** Resolves when the next macrotask runs: every pending rejection has been reported by then. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function withoutUnhandledRejections(action: () => Promise<void>): Promise<unknown[]> {
  const unhandled: unknown[] = [];
  const record = (reason: unknown): void => void unhandled.push(reason);
  process.on("unhandledRejection", record);
  try {
    await action();
    await nextTurn();
    await nextTurn();
  } finally {
    process.off("unhandledRejection", record);
  }
  return unhandled;
}

describe("wrap()", () => {
  it("runs the first policy outermost: retries wrap the breaker, which wraps each attempt's timeout", async () => {
    const clock = new ManualClock();
    const retry = new RetryingPolicy({ maxRetries: 3, baseDelayMs: 10, jitter: "none", clock });
    const breaker = new BreakerPolicy({ failureThreshold: 2, resetTimeoutMs: 1000, clock });
    const policy = wrap(retry, breaker, new TimeoutPolicy({ timeoutMs: 50, clock }));
    const seen: string[] = [];
    listenTo(policy, {
      attempt: ({ attempt }) => void seen.push(`attempt ${attempt}`),
      retry: ({ delayMs }) => void seen.push(`retry in ${delayMs}`),
      breakerStateChange: ({ to }) => void seen.push(`breaker ${to}`),
      breakerRejected: () => void seen.push("rejected"),
    });
    let calls = 0;
    const pending = policy.execute(() => {
      calls += 1;
      return Promise.reject(new Error(`failure ${calls}`));
    });
    const outcome = pending.catch((error: unknown) => error);
    while (await clock.runNext());
    const error = await outcome;
    // Two real failures open the breaker; the next two retries are rejected by it without a call.
    expect(calls).toBe(2);
    expect(error).toBeInstanceOf(ApiOperationError);
    expect(seen).toEqual([
      "attempt 0",
      "retry in 10",
      "attempt 1",
      "breaker open",
      "retry in 20",
      "attempt 2",
      "rejected",
      "retry in 40",
      "attempt 3",
      "rejected",
    ]);
  });

  it("hands the timeout's signal to the operation, which sees it abort when time runs out", async () => {
    const clock = new ManualClock();
    const timeouts: number[] = [];
    const policy = wrap(new RetryingPolicy({ maxRetries: 0, clock }), new TimeoutPolicy({ timeoutMs: 100, clock }));
    policy.on("timeout", ({ timeoutMs }) => void timeouts.push(timeoutMs));
    let seenSignal: AbortSignal | undefined;
    const pending = policy.execute((context: PolicyContext) => {
      seenSignal = context.signal;
      return new Promise<never>(() => undefined);
    });
    const outcome = pending.catch((error: unknown) => error);
    await clock.tick(100);
    expect(await outcome).toBeInstanceOf(ApiTimeoutError);
    expect(seenSignal?.aborted).toBe(true);
    expect(seenSignal?.reason).toBeInstanceOf(ApiTimeoutError);
    expect(timeouts).toEqual([100]);
    expect(clock.pendingSleeps).toBe(0);
  });

  it("passes an outer abort through to the operation's signal", async () => {
    const controller = new AbortController();
    const policy = wrap(new TimeoutPolicy({ timeoutMs: 60_000 }));
    const pending = policy.execute(
      ({ signal }) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener("abort", () => reject(signal.reason));
        }),
      controller.signal,
    );
    controller.abort(new Error("caller gave up"));
    await expect(pending).rejects.toThrow("caller gave up");
  });
});

describe("listener isolation", () => {
  it("a throwing breaker stateChange listener is reported, the call is unaffected, and nothing is left unhandled", async () => {
    const failures: ListenerFailure[] = [];
    const breaker = new CircuitBreaker({
      failureThreshold: 1,
      onListenerFailure: (failure) => void failures.push(failure),
    });
    breaker.on("stateChange", () => {
      throw new Error("metrics exporter is down");
    });
    const asyncChanges: string[] = [];
    breaker.on("stateChange", (change) => {
      asyncChanges.push(change.to);
      return Promise.reject(new Error("async exporter failed"));
    });
    const unhandled = await withoutUnhandledRejections(async () => {
      await expect(breaker.execute(() => Promise.reject(new Error("remote down")))).rejects.toThrow("remote down");
    });
    expect(unhandled).toEqual([]);
    expect(breaker.state).toBe("open");
    expect(asyncChanges).toEqual(["open"]);
    expect(failures.map((failure) => [failure.event, instanceOf(failure.error, Error).message])).toEqual([
      ["stateChange", "metrics exporter is down"],
      ["stateChange", "async exporter failed"],
    ]);
  });

  it("reports a failing listener as a process warning by default", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const policy = new RetryingPolicy({ maxRetries: 1, baseDelayMs: 0, jitter: "none" });
      policy.on("retry", () => {
        throw new TypeError("cannot read the gauge");
      });
      let calls = 0;
      expect(await policy.execute(async () => (++calls === 1 ? Promise.reject(new Error("flaky")) : "ok"))).toBe("ok");
      await nextTurn();
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.map((warning) => warning.message)).toEqual([
      'A "retry" listener threw, and was skipped: TypeError: cannot read the gauge',
    ]);
  });

  it("survives a failure handler that throws too", async () => {
    const breaker = new CircuitBreaker({
      failureThreshold: 1,
      onListenerFailure: () => {
        throw new Error("the reporter is broken as well");
      },
    });
    breaker.on("stateChange", () => {
      throw new Error("listener");
    });
    const unhandled = await withoutUnhandledRejections(async () => {
      await breaker.execute(() => Promise.reject(new Error("down"))).catch(() => undefined);
    });
    expect(unhandled).toEqual([]);
    expect(breaker.state).toBe("open");
  });
});

describe("LimiterPolicy and BulkheadPolicy", () => {
  it("reports how long a queued call waited for its rate-limit token", async () => {
    const clock = new ManualClock();
    const policy = new LimiterPolicy({ limits: [{ perSecond: 10 }], clock });
    const waits: number[] = [];
    policy.on("limiterWait", ({ waitedMs }) => void waits.push(waitedMs));
    const results = Promise.all([1, 2, 3].map((value) => policy.execute(() => Promise.resolve(value))));
    while (await clock.runNext());
    expect(await results).toEqual([1, 2, 3]);
    expect(waits).toEqual([100, 200]);
  });

  it("lets maxConcurrent runs through, queues maxQueued, and rejects the rest at once", async () => {
    const policy = new BulkheadPolicy({ maxConcurrent: 2, maxQueued: 1, name: "reports" });
    const rejected: number[] = [];
    policy.on("bulkheadRejected", ({ active, queued }) => void rejected.push(active * 10 + queued));
    const releases: (() => void)[] = [];
    let running = 0;
    let peak = 0;
    const slow = (): Promise<string> =>
      new Promise((resolve) => {
        running += 1;
        peak = Math.max(peak, running);
        releases.push(() => {
          running -= 1;
          resolve("done");
        });
      });
    const calls = [policy.execute(slow), policy.execute(slow), policy.execute(slow)];
    const overflow = await policy.execute(slow).catch((error: unknown) => error);
    expect(overflow).toBeInstanceOf(ApiOperationError);
    expect(instanceOf(overflow, ApiOperationError).message).toContain(
      'Bulkhead "reports" is full (2 running, 1 queued)',
    );
    expect(rejected).toEqual([21]);
    while (releases.length > 0) {
      releases.shift()?.();
      await nextTurn();
    }
    expect(await Promise.all(calls)).toEqual(["done", "done", "done"]);
    expect(peak).toBe(2);
    expect(policy.bulkhead.active).toBe(0);
  });
});

describe("policy options", () => {
  it("refuses a timeout that is not a positive finite number", () => {
    for (const timeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => new TimeoutPolicy({ timeoutMs })).toThrow(/finite timeoutMs above 0/);
    expect(() => new BulkheadPolicy({ maxConcurrent: 0 })).toThrow(
      /maxConcurrent must be a whole number of at least 1/,
    );
  });
});
