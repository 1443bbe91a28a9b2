import { describe, expect, it } from "vitest";
import { ApiRateLimitError, HelpfulError } from "../../../src/runtime/errors.js";
import {
  ManualClock,
  parseRetryAfter,
  retry,
  RetryPolicy,
  SystemClock,
} from "../../../src/runtime/resilience/index.js";
import { instanceOf } from "../../instance-of.js";

function failing(
  times: number,
  error: (attempt: number) => unknown = () => new Error("flaky"),
): (attempt: number) => Promise<string> {
  return (attempt) => (attempt < times ? Promise.reject(error(attempt)) : Promise.resolve(`done after ${attempt}`));
}

async function run<T>(clock: ManualClock, promise: Promise<T>): Promise<T> {
  // An object, so the loop re-reads what the callback wrote (a `let` looks constant to the checker).
  const state = { settled: false };
  const watched = promise.finally(() => (state.settled = true));
  watched.catch(() => undefined);
  while (!state.settled) if (!(await clock.runNext())) await new Promise((resolve) => setImmediate(resolve));
  return watched;
}

describe("parseRetryAfter", () => {
  it("reads delay-seconds, including 0", () => {
    expect(parseRetryAfter("0", undefined, 0)).toBe(0);
    expect(parseRetryAfter(" 120 ", undefined, 0)).toBe(120_000);
    expect(parseRetryAfter("1.5", undefined, 0)).toBe(1500);
  });

  it("measures an HTTP-date against the response Date, else the wall clock", () => {
    const date = "Wed, 21 Oct 2015 07:28:00 GMT";
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", date, 0)).toBe(30_000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", undefined, Date.parse(date) + 10_000)).toBe(20_000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:27:00 GMT", date, 0)).toBe(0);
  });

  it("returns undefined for absent or unparsable values", () => {
    expect(parseRetryAfter(undefined, undefined, 0)).toBeUndefined();
    expect(parseRetryAfter("soon", undefined, 0)).toBeUndefined();
    expect(parseRetryAfter("-5", undefined, 0)).toBeUndefined();
  });
});

describe("RetryPolicy delays", () => {
  it("grows exponentially up to maxDelay without jitter", () => {
    const policy = new RetryPolicy({ baseDelayMs: 100, factor: 2, maxDelayMs: 500, jitter: "none" });
    expect([1, 2, 3, 4, 5].map((retryNumber) => policy.backoffDelay(retryNumber, 0))).toEqual([
      100, 200, 400, 500, 500,
    ]);
  });

  it("applies full, factor-range and decorrelated jitter within their bounds", () => {
    const low = new RetryPolicy({ baseDelayMs: 100, jitter: "full", random: () => 0 });
    const high = new RetryPolicy({ baseDelayMs: 100, jitter: "full", random: () => 0.999 });
    expect(low.backoffDelay(3, 0)).toBe(0);
    expect(high.backoffDelay(3, 0)).toBeCloseTo(399.6);
    const factors = new RetryPolicy({
      baseDelayMs: 100,
      jitter: { minFactor: 0.5, maxFactor: 1.5 },
      random: () => 0.5,
    });
    expect(factors.backoffDelay(2, 0)).toBe(200);
    const decorrelated = new RetryPolicy({
      baseDelayMs: 100,
      maxDelayMs: 1000,
      jitter: "decorrelated",
      random: () => 1,
    });
    expect(decorrelated.backoffDelay(1, 100)).toBe(300);
    expect(decorrelated.backoffDelay(2, 300)).toBe(900);
    expect(decorrelated.backoffDelay(3, 900)).toBe(1000);
  });

  it("rejects nonsensical options", () => {
    expect(() => new RetryPolicy({ maxRetries: -1 })).toThrow(HelpfulError);
    expect(() => new RetryPolicy({ jitter: { minFactor: 2, maxFactor: 1 } })).toThrow(/minFactor/);
  });
});

describe("retry loop", () => {
  it("retries until success, waiting the computed delays", async () => {
    const clock = new ManualClock();
    const result = await run(clock, retry(failing(3), { clock, baseDelayMs: 10, jitter: "none" }));
    expect(result).toBe("done after 3");
    expect(clock.requestedSleeps).toEqual([10, 20, 40]);
  });

  it("stops at maxRetries with the last error and skips non-retryable errors", async () => {
    const clock = new ManualClock();
    await expect(
      run(
        clock,
        retry(
          failing(9, (attempt) => new Error(`attempt ${attempt}`)),
          { clock, maxRetries: 2, jitter: "none" },
        ),
      ),
    ).rejects.toThrow("attempt 2");
    const calls: number[] = [];
    const fatal = retry(
      (attempt) => {
        calls.push(attempt);
        return Promise.reject(new TypeError("bug"));
      },
      { clock, isRetryable: (error) => !(error instanceof TypeError) },
    );
    await expect(fatal).rejects.toBeInstanceOf(TypeError);
    expect(calls).toEqual([0]);
  });
});

describe("retry with server delays, budgets and signals", () => {
  it("uses the server's delay exactly and refuses one longer than maxRetryAfter", async () => {
    const clock = new ManualClock();
    const withServerDelay = (ms: number) => () => Object.assign(new Error("429"), { retryAfterMs: ms });
    const waits: boolean[] = [];
    await run(
      clock,
      retry(failing(1, withServerDelay(2500)), {
        clock,
        jitter: "full",
        onRetry: (info) => waits.push(info.fromServer),
      }),
    );
    expect(clock.requestedSleeps).toEqual([2500]);
    expect(waits).toEqual([true]);
    const error = await retry(failing(1, withServerDelay(200_000)), { clock, maxRetryAfterMs: 60_000 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ApiRateLimitError);
    expect(instanceOf(error, ApiRateLimitError).retryAfterMs).toBe(200_000);
    expect(instanceOf(error, ApiRateLimitError).cause).toBeInstanceOf(Error);
  });

  it("does not start a wait that would overrun the total budget", async () => {
    const clock = new ManualClock();
    const error = await run(
      clock,
      retry(
        failing(10, (attempt) => new Error(`attempt ${attempt}`)),
        { clock, baseDelayMs: 100, jitter: "none", maxRetries: 10, budgetMs: 350 },
      ),
    ).catch((caught: unknown) => caught);
    expect(instanceOf(error, Error).message).toBe("attempt 2");
    expect(clock.requestedSleeps).toEqual([100, 200]);
  });

  it("stops waiting as soon as the signal aborts, leaving no timer", async () => {
    const controller = new AbortController();
    const pending = retry(failing(5), {
      clock: new SystemClock(),
      baseDelayMs: 60_000,
      jitter: "none",
      signal: controller.signal,
    });
    await new Promise((resolve) => setImmediate(resolve));
    const before = process.getActiveResourcesInfo().filter((name) => name === "Timeout").length;
    controller.abort(new Error("cancelled"));
    await expect(pending).rejects.toThrow("cancelled");
    expect(process.getActiveResourcesInfo().filter((name) => name === "Timeout").length).toBe(before - 1);
  });
});
