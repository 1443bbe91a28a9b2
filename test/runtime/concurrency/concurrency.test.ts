import { describe, expect, it } from "vitest";
import {
  batchProcess,
  parallelMap,
  type ProcessingProgress,
  rateLimitedParallel,
} from "../../../src/runtime/concurrency/index.js";
import { HelpfulError } from "../../../src/runtime/errors.js";
import { ManualClock, RateLimiter } from "../../../src/runtime/resilience/index.js";
import { instanceOf } from "../../instance-of.js";

async function settleWith<T>(clock: ManualClock, promise: Promise<T>): Promise<T> {
  // An object, so the loop re-reads what the callback wrote (a `let` looks constant to the checker).
  const state = { settled: false };
  const watched = promise.finally(() => (state.settled = true));
  while (!state.settled) if (!(await clock.runNext())) await new Promise((resolve) => setImmediate(resolve));
  return watched;
}

describe("parallelMap results", () => {
  it("keeps at most `concurrency` in flight and reports every item in order", async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await parallelMap(
      [1, 2, 3, 4, 5, 6, 7],
      async (item) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight -= 1;
        if (item % 3 === 0) throw new Error(`bad ${item}`);
        return item * 10;
      },
      { concurrency: 2 },
    );
    expect(peak).toBe(2);
    expect(results.succeeded.map((entry) => [entry.index, entry.value])).toEqual([
      [0, 10],
      [1, 20],
      [3, 40],
      [4, 50],
      [6, 70],
    ]);
    expect(results.failed.map((entry) => [entry.item, instanceOf(entry.error, Error).message, entry.attempts])).toEqual(
      [
        [3, "bad 3", 1],
        [6, "bad 6", 1],
      ],
    );
    expect(results.skipped).toEqual([]);
    expect(results.total).toBe(7);
    expect(results.successRate).toBeCloseTo(5 / 7);
  });

  it("handles empty input, synchronous throws and iterables", async () => {
    const empty = await parallelMap([], () => Promise.resolve(1));
    expect(empty).toMatchObject({ total: 0, successRate: 1 });
    const results = await parallelMap(new Set(["a", "b"]), (item) => {
      if (item === "a") throw new Error("sync");
      return Promise.resolve(item.toUpperCase());
    });
    expect(results.failed.map((entry) => entry.item)).toEqual(["a"]);
    expect(results.succeeded.map((entry) => entry.value)).toEqual(["B"]);
    await expect(parallelMap([1], () => Promise.resolve(1), { concurrency: 0 })).rejects.toBeInstanceOf(HelpfulError);
  });
});

describe("parallelMap retries and cancellation", () => {
  it("retries outside the slot: other items run while one waits to retry", async () => {
    const clock = new ManualClock();
    const started: string[] = [];
    let attemptsOfA = 0;
    const promise = parallelMap(
      ["a", "b", "c"],
      (item) => {
        started.push(`${item}@${clock.now()}`);
        if (item === "a" && ++attemptsOfA < 3) return Promise.reject(new Error("transient"));
        return Promise.resolve(item);
      },
      { concurrency: 1, clock, retry: { baseDelayMs: 1000, jitter: "none", maxRetries: 5 } },
    );
    const results = await settleWith(clock, promise);
    expect(started).toEqual(["a@0", "b@0", "c@0", "a@1000", "a@3000"]);
    expect(results.succeeded).toHaveLength(3);
  });

  it("skips unstarted items after abort and keeps the failure of an item waiting to retry", async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const progress: ProcessingProgress[] = [];
    const promise = parallelMap(
      [0, 1, 2, 3],
      (item) => {
        if (item === 0) return Promise.reject(new Error("first fails"));
        if (item === 1) controller.abort();
        return Promise.resolve(item);
      },
      {
        concurrency: 1,
        clock,
        signal: controller.signal,
        retry: { baseDelayMs: 5000, jitter: "none" },
        onProgress: (entry) => progress.push(entry),
      },
    );
    const results = await settleWith(clock, promise);
    expect(results.succeeded.map((entry) => entry.item)).toEqual([1]);
    expect(results.failed.map((entry) => [entry.item, instanceOf(entry.error, Error).message])).toEqual([
      [0, "first fails"],
    ]);
    expect(results.skipped.map((entry) => [entry.item, entry.reason])).toEqual([
      [2, "aborted"],
      [3, "aborted"],
    ]);
    expect(progress.at(-1)).toEqual({ completed: 4, total: 4, succeeded: 1, failed: 1, skipped: 2 });
    expect(clock.pendingSleeps).toBe(0);
  });

  it("stops after the first final failure when asked to", async () => {
    const results = await parallelMap(
      [1, 2, 3],
      (item) => {
        if (item === 1) return Promise.reject(new Error("stop here"));
        return Promise.resolve(item);
      },
      { concurrency: 1, stopOnError: true },
    );
    expect(results.failed).toHaveLength(1);
    expect(results.skipped.map((entry) => entry.reason)).toEqual(["stopped-after-failure", "stopped-after-failure"]);
  });
});

describe("rateLimitedParallel", () => {
  it("starts calls no faster than perSecond, even with free slots", async () => {
    const clock = new ManualClock();
    const starts: number[] = [];
    const promise = rateLimitedParallel(
      [1, 2, 3, 4, 5],
      (item) => {
        starts.push(clock.now());
        return Promise.resolve(item);
      },
      { perSecond: 5, concurrency: 5, clock },
    );
    const results = await settleWith(clock, promise);
    expect(starts).toEqual([0, 200, 400, 600, 800]);
    expect(results.successRate).toBe(1);
  });

  it("shares a given limiter and requires a rate otherwise", async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ limits: [{ perSecond: 1, burst: 2 }], clock });
    const starts: number[] = [];
    await settleWith(
      clock,
      rateLimitedParallel(["a", "b", "c"], () => Promise.resolve(starts.push(clock.now())), { limiter, clock }),
    );
    expect(starts).toEqual([0, 0, 1000]);
    await expect(rateLimitedParallel([1], () => Promise.resolve(1), {})).rejects.toBeInstanceOf(HelpfulError);
  });
});

describe("batchProcess", () => {
  it("hands out batches and spreads batch outcomes over their items", async () => {
    const seen: number[][] = [];
    const progress: ProcessingProgress[] = [];
    const results = await batchProcess(
      [1, 2, 3, 4, 5, 6, 7],
      (batch, info) => {
        seen.push([...batch]);
        if (info.batchIndex === 1) return Promise.reject(new Error("batch 1 failed"));
        return Promise.resolve(batch.map((item) => item * 2));
      },
      { batchSize: 3, onProgress: (entry) => progress.push(entry) },
    );
    expect(seen).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(results.succeeded.map((entry) => [entry.index, entry.value])).toEqual([
      [0, 2],
      [1, 4],
      [2, 6],
      [6, 14],
    ]);
    expect(results.failed.map((entry) => entry.index)).toEqual([3, 4, 5]);
    expect(results.total).toBe(7);
    expect(progress.at(-1)?.completed).toBe(7);
  });

  it("reports a handler returning the wrong number of values, and validates batchSize", async () => {
    const results = await batchProcess([1, 2], () => Promise.resolve([1]), { batchSize: 2 });
    expect(results.failed).toHaveLength(2);
    expect(instanceOf(results.failed[0]?.error, Error).message).toContain("returned 1 values");
    const untyped = await batchProcess(["x"], () => Promise.resolve(undefined), { batchSize: 5 });
    expect(untyped.succeeded).toEqual([{ index: 0, item: "x", value: undefined }]);
    await expect(batchProcess([1], () => Promise.resolve(undefined), { batchSize: 0 })).rejects.toBeInstanceOf(
      HelpfulError,
    );
  });
});
