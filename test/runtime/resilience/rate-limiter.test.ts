import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HelpfulError } from "../../../src/runtime/errors.js";
import { ManualClock, RateLimiter, SystemClock } from "../../../src/runtime/resilience/index.js";
import { consecutiveGaps } from "../consecutive-gaps.js";

/** Acquires `count` tokens concurrently, recording the clock time each caller is let through. */
async function grantTimes(limiter: RateLimiter, clock: ManualClock, count: number): Promise<number[]> {
  const times: number[] = [];
  let grantedCount = 0;
  const all = Promise.all(
    Array.from({ length: count }, (_, index) =>
      limiter.acquire().then(() => {
        times[index] = clock.now();
        grantedCount += 1;
      }),
    ),
  );
  while (grantedCount < count) {
    if (!(await clock.runNext())) await new Promise((resolve) => setImmediate(resolve));
  }
  await all;
  return times;
}

describe("RateLimiter spacing", () => {
  it("spaces calls evenly with burst 1 (no burst at window edges)", async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ limits: [{ perSecond: 4 }], clock });
    expect(await grantTimes(limiter, clock, 6)).toEqual([0, 250, 500, 750, 1000, 1250]);
  });

  it("allows a burst after a quiet period, then the sustained rate", async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ limits: [{ perSecond: 2, burst: 3 }], clock });
    expect(await grantTimes(limiter, clock, 5)).toEqual([0, 0, 0, 500, 1000]);
    clock.advance(10_000);
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
  });

  it("enforces several limits at once (4/s and 6 per 2 s)", async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({
      limits: [
        { perSecond: 4, burst: 4 },
        { perSecond: 3, burst: 6 },
      ],
      clock,
    });
    const times = await grantTimes(limiter, clock, 10);
    expect(times.slice(0, 4)).toEqual([0, 0, 0, 0]);
    for (const gap of consecutiveGaps(times.slice(3))) expect(gap).toBeGreaterThanOrEqual(250 - 1e-9);
    const inFirstTwoSeconds = times.filter((time) => time < 2000).length;
    expect(inFirstTwoSeconds).toBeLessThanOrEqual(6 + 3 * 2);
  });
});

describe("RateLimiter fairness, pauses and cancellation", () => {
  it("serves waiters first come, first served", async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ limits: [{ perSecond: 10 }], clock });
    const order: number[] = [];
    const waits = [0, 1, 2, 3, 4].map((index) => limiter.acquire().then(() => order.push(index)));
    expect(limiter.tryAcquire()).toBe(false);
    while (order.length < 5) await clock.runNext();
    await Promise.all(waits);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it("pauses every caller for a server's Retry-After", async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ limits: [{ perSecond: 100, burst: 100 }], clock });
    limiter.pauseFor(5000);
    limiter.pauseFor(1000);
    expect(await grantTimes(limiter, clock, 2)).toEqual([5000, 5000]);
  });

  it("cancels a waiting acquire on abort without consuming a token, and drops its timer", async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ limits: [{ perSecond: 1 }], clock });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    expect(limiter.waiting).toBe(1);
    expect(clock.pendingSleeps).toBe(1);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    expect(limiter.waiting).toBe(0);
    expect(clock.pendingSleeps).toBe(0);
    clock.advance(1000);
    expect(limiter.tryAcquire()).toBe(true);
  });
});

describe("RateLimiter lifecycle and invariants", () => {
  it("rejects waiters on close and refuses invalid limits", async () => {
    const limiter = new RateLimiter({ limits: [{ perSecond: 1 }], clock: new SystemClock() });
    await limiter.acquire();
    const waiting = limiter.acquire();
    limiter.close();
    await expect(waiting).rejects.toBeInstanceOf(HelpfulError);
    await expect(limiter.acquire()).rejects.toThrow(/closed/);
    expect(() => new RateLimiter({ limits: [] })).toThrow(HelpfulError);
    expect(() => new RateLimiter({ limits: [{ perSecond: 0 }] })).toThrow(/perSecond/);
  });

  it("never grants more than burst + rate × window in any window (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 30 }),
        async (perSecond, burst, gaps) => {
          const clock = new ManualClock();
          const limiter = new RateLimiter({ limits: [{ perSecond, burst }], clock });
          const granted: number[] = [];
          const pending: Promise<unknown>[] = [];
          for (const gap of gaps) {
            await clock.tick(gap);
            pending.push(limiter.acquire().then(() => granted.push(clock.now())));
          }
          while (granted.length < gaps.length) await clock.runNext();
          await Promise.all(pending);
          for (const [start, first] of granted.entries()) {
            for (const [offset, last] of granted.slice(start).entries()) {
              const window = last - first;
              expect(offset + 1).toBeLessThanOrEqual(burst + (perSecond * window) / 1000 + 1e-6);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
