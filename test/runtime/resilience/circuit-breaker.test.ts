import { describe, expect, it } from "vitest";
import { ApiOperationError, HelpfulError } from "../../../src/runtime/errors.js";
import {
  CircuitBreaker,
  type CircuitStateChange,
  ManualClock,
  RollingWindow,
} from "../../../src/runtime/resilience/index.js";
import { instanceOf } from "../../instance-of.js";

const fail = (): Promise<never> => Promise.reject(new Error("remote down"));
const succeed = (): Promise<string> => Promise.resolve("ok");

async function failTimes(breaker: CircuitBreaker, times: number): Promise<void> {
  for (let index = 0; index < times; index++) await breaker.execute(fail).catch(() => undefined);
}

describe("CircuitBreaker state machine", () => {
  it("opens after consecutive failures and rejects at once with ApiOperationError", async () => {
    const clock = new ManualClock();
    const breaker = new CircuitBreaker({ name: "billing", failureThreshold: 3, resetTimeoutMs: 1000, clock });
    await failTimes(breaker, 2);
    await breaker.execute(succeed);
    await failTimes(breaker, 2);
    expect(breaker.state).toBe("closed");
    await failTimes(breaker, 1);
    expect(breaker.state).toBe("open");
    let called = false;
    const error = await breaker.execute(() => Promise.resolve((called = true))).catch((caught: unknown) => caught);
    expect(called).toBe(false);
    expect(error).toBeInstanceOf(ApiOperationError);
    expect(instanceOf(error, ApiOperationError).message).toContain('Circuit "billing" is open');
    expect(instanceOf(error, ApiOperationError).context?.details).toEqual({ state: "open", retryInMs: 1000 });
  });

  it("admits a bounded number of half-open probes and closes after enough successes", async () => {
    const clock = new ManualClock();
    const breaker = new CircuitBreaker({
      failureThreshold: 1,
      resetTimeoutMs: 500,
      halfOpenMaxProbes: 2,
      successThreshold: 2,
      clock,
    });
    const changes: CircuitStateChange[] = [];
    breaker.on("stateChange", (change) => changes.push(change));
    await failTimes(breaker, 1);
    clock.advance(500);
    expect(breaker.state).toBe("half-open");
    const releases: (() => void)[] = [];
    const probe = (): Promise<string> => new Promise((resolve) => releases.push(() => resolve("probe")));
    const first = breaker.execute(probe);
    const second = breaker.execute(probe);
    await expect(breaker.execute(succeed)).rejects.toBeInstanceOf(ApiOperationError);
    releases.forEach((release) => release());
    await Promise.all([first, second]);
    expect(breaker.state).toBe("closed");
    expect(changes.map((change) => change.to)).toEqual(["open", "half-open", "closed"]);
  });
});

describe("CircuitBreaker reset timeout backoff", () => {
  it("re-opens on a failed probe with a growing backoff", async () => {
    const clock = new ManualClock();
    const breaker = new CircuitBreaker({
      failureThreshold: 1,
      resetTimeoutMs: (openings) => 100 * 2 ** (openings - 1),
      clock,
    });
    await failTimes(breaker, 1);
    expect(breaker.toJSON().remainingOpenMs).toBe(100);
    clock.advance(100);
    await failTimes(breaker, 1);
    expect(breaker.state).toBe("open");
    expect(breaker.toJSON()).toEqual({
      state: "open",
      consecutiveFailures: 1,
      consecutiveOpenings: 2,
      remainingOpenMs: 200,
    });
    clock.advance(200);
    await breaker.execute(succeed);
    expect(breaker.toJSON()).toEqual({
      state: "closed",
      consecutiveFailures: 0,
      consecutiveOpenings: 0,
      remainingOpenMs: 0,
    });
  });
});

describe("CircuitBreaker failure rate and filtering", () => {
  it("trips on the failure rate over a rolling window once the minimum volume is reached", async () => {
    const clock = new ManualClock();
    const breaker = new CircuitBreaker({
      failureThreshold: 1000,
      failureRate: { threshold: 0.5, windowMs: 1000, minimumVolume: 10, buckets: 10 },
      clock,
    });
    for (let index = 0; index < 4; index++) {
      await breaker.execute(succeed);
      await failTimes(breaker, 1);
    }
    expect(breaker.state).toBe("closed");
    clock.advance(1500);
    await breaker.execute(succeed);
    await failTimes(breaker, 1);
    expect(breaker.state).toBe("closed");
    for (let index = 0; index < 4; index++) {
      await breaker.execute(succeed);
      await failTimes(breaker, 1);
    }
    expect(breaker.state).toBe("open");
  });

  it("ignores errors the isFailure predicate rejects and late results of earlier states", async () => {
    const clock = new ManualClock();
    const breaker = new CircuitBreaker({
      failureThreshold: 1,
      isFailure: (error) => instanceOf(error, Error).message !== "not found",
      clock,
    });
    await breaker.execute(() => Promise.reject(new Error("not found"))).catch(() => undefined);
    expect(breaker.state).toBe("closed");
    let release: () => void = () => undefined;
    const slow = breaker.execute(() => new Promise<string>((resolve) => (release = () => resolve("late"))));
    await failTimes(breaker, 1);
    expect(breaker.state).toBe("open");
    release();
    await slow;
    expect(breaker.state).toBe("open");
  });
});

describe("CircuitBreaker snapshots, events and validation", () => {
  it("restores from a snapshot and emits rejection events", async () => {
    const clock = new ManualClock();
    const breaker = CircuitBreaker.fromJSON(
      { state: "open", consecutiveFailures: 5, consecutiveOpenings: 1, remainingOpenMs: 300 },
      { clock },
    );
    const rejections: number[] = [];
    const unsubscribe = breaker.on("rejected", (event) => rejections.push(event.retryInMs));
    await breaker.execute(succeed).catch(() => undefined);
    unsubscribe();
    await breaker.execute(succeed).catch(() => undefined);
    expect(rejections).toEqual([300]);
    clock.advance(300);
    expect(await breaker.execute(succeed)).toBe("ok");
    expect(breaker.state).toBe("closed");
  });

  it("counts a synchronous throw as a failure and validates its options", async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, clock: new ManualClock() });
    await expect(
      breaker.execute(() => {
        throw new Error("sync");
      }),
    ).rejects.toThrow("sync");
    expect(breaker.state).toBe("open");
    expect(() => new CircuitBreaker({ failureThreshold: 0 })).toThrow(HelpfulError);
    expect(() => new CircuitBreaker({ failureRate: { threshold: 2, windowMs: 1000, minimumVolume: 1 } })).toThrow(
      /fraction/,
    );
  });
});

describe("RollingWindow", () => {
  it("expires whole buckets as time passes", () => {
    const window = new RollingWindow(1000, 4, 0);
    window.record(0, true);
    window.record(300, false);
    window.record(600, true);
    expect(window.volume(600)).toBe(3);
    expect(window.failureRate(600)).toBeCloseTo(2 / 3);
    expect(window.volume(1000)).toBe(2);
    expect(window.volume(1300)).toBe(1);
    expect(window.failureRate(1300)).toBe(1);
    expect(window.volume(50_000)).toBe(0);
    expect(window.failureRate(50_000)).toBe(0);
  });
});
