/**
 * Time source shared by the rate limiter, the retry loop and the circuit breaker. Injecting one
 * clock into all three keeps them consistent (a retry waits on the same time line the limiter
 * counts tokens on) and lets tests drive time by hand instead of sleeping.
 */
import { onAbort } from "../abort-fanout.js";

export interface Clock {
  /** Milliseconds on a monotonic time line; only differences between readings are meaningful. */
  now(): number;
  /** Milliseconds since the Unix epoch, used to read HTTP dates such as `Retry-After`. */
  wallNow(): number;
  /** Resolves after `ms`; rejects with the signal's reason as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

/**
 * The real clock. Its timers keep the process alive while someone waits on them (a script
 * awaiting a retry must not exit early) and are cleared the moment the waiter's signal aborts,
 * so closing a client that aborts its waits leaves no timer behind.
 */
export class SystemClock implements Clock {
  now(): number {
    return performance.now();
  }

  wallNow(): number {
    return Date.now();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    if (ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        detach?.();
        resolve();
      }, ms);
      const detach =
        signal === undefined
          ? undefined
          : onAbort(signal, () => {
              clearTimeout(timer);
              reject(abortReason(signal));
            });
    });
  }
}

interface ManualTimer {
  readonly dueAt: number;
  readonly order: number;
  readonly resolve: () => void;
  readonly detach: () => void;
}

/**
 * A clock that only moves when told to. `advance()` fires due sleepers synchronously;
 * `tick()` moves from timer to timer and lets the woken code run before moving on, which is what
 * tests of async code usually want.
 */
export class ManualClock implements Clock {
  #now: number;
  #wallOffset: number;
  #timers: ManualTimer[] = [];
  #order = 0;
  /** Every positive duration passed to `sleep()`, in call order; lets tests assert exact waits. */
  readonly requestedSleeps: number[] = [];

  constructor(options: { startAt?: number; wallStartAt?: number } = {}) {
    this.#now = options.startAt ?? 0;
    this.#wallOffset = (options.wallStartAt ?? Date.UTC(2026, 0, 1)) - this.#now;
  }

  now(): number {
    return this.#now;
  }

  wallNow(): number {
    return this.#now + this.#wallOffset;
  }

  /** Number of sleepers not yet woken. */
  get pendingSleeps(): number {
    return this.#timers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    if (ms <= 0) return Promise.resolve();
    this.requestedSleeps.push(ms);
    return new Promise<void>((resolve, reject) => {
      const cancel = (): void => {
        this.#timers = this.#timers.filter((timer) => timer !== entry);
        // cancel is only attached (onAbort below) when signal is defined.
        reject(abortReason(signal as AbortSignal));
      };
      const detach = signal === undefined ? undefined : onAbort(signal, cancel);
      const entry: ManualTimer = { dueAt: this.#now + ms, order: this.#order++, resolve, detach: () => detach?.() };
      this.#timers.push(entry);
      this.#timers.sort((a, b) => a.dueAt - b.dueAt || a.order - b.order);
    });
  }

  /** Moves time forward by `ms`, waking every sleeper due by then (their code runs afterwards). */
  advance(ms: number): void {
    this.#now += ms;
    this.#fireDue();
  }

  /**
   * Moves time forward by `ms` one due timer at a time, letting woken code run (and schedule new
   * sleeps) before the next step, so chains of sleeps resolve as they would in real time.
   */
  async tick(ms: number): Promise<void> {
    const target = this.#now + ms;
    await settle();
    for (;;) {
      const next = this.#timers[0];
      if (next === undefined || next.dueAt > target) break;
      this.#now = Math.max(this.#now, next.dueAt);
      this.#fireDue();
      await settle();
    }
    this.#now = target;
    await settle();
  }

  /** Advances to the next pending sleeper and lets its code run; returns false when none waits. */
  async runNext(): Promise<boolean> {
    await settle();
    const next = this.#timers[0];
    if (next === undefined) return false;
    await this.tick(Math.max(0, next.dueAt - this.#now));
    return true;
  }

  #fireDue(): void {
    for (let timer = this.#timers[0]; timer !== undefined && timer.dueAt <= this.#now; timer = this.#timers[0]) {
      this.#timers.shift();
      timer.detach();
      timer.resolve();
    }
  }
}

/** Lets pending promise continuations (and one macrotask turn) run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
