import { HelpfulError } from "../errors.js";
import { onAbort } from "../abort-fanout.js";
import { type Clock, SystemClock } from "./clock.js";
import { EventHub, type Listener, type ListenerFailureHandler } from "./event-hub.js";

/** One limit: `perSecond` tokens refill continuously into a bucket holding at most `burst`. */
export interface RateLimit {
  /** Sustained rate in calls per second (fractions allowed: `1 / 60` is one call a minute). */
  readonly perSecond: number;
  /** Calls allowed back to back after a quiet period. Default 1: perfectly smooth spacing. */
  readonly burst?: number;
}

export interface RateLimiterOptions {
  /** One or more limits enforced together, e.g. `[{ perSecond: 4 }, { perSecond: 1, burst: 60 }]`. */
  readonly limits: readonly RateLimit[];
  /** Told about a listener that threw; the limiter carries on. Default: a process warning. */
  readonly onListenerFailure?: ListenerFailureHandler;
  readonly clock?: Clock;
}

/** A caller that had to queue was let through after `waitedMs`; `stillWaiting` are behind it. */
export interface RateLimiterWait {
  readonly waitedMs: number;
  readonly stillWaiting: number;
}

/** Typed events of a limiter; subscribe with `limiter.on(event, listener)`. */
export interface RateLimiterEvents {
  wait: RateLimiterWait;
}

/** Continuous token bucket: refilled by elapsed time, never in window-sized steps. */
class TokenBucket {
  readonly #perMs: number;
  readonly #capacity: number;
  #tokens: number;
  #refilledAt: number;

  constructor(limit: RateLimit, now: number) {
    this.#perMs = limit.perSecond / 1000;
    this.#capacity = limit.burst ?? 1;
    this.#tokens = this.#capacity;
    this.#refilledAt = now;
  }

  /** Earliest time a whole token is available (`now` when one already is). */
  readyAt(now: number): number {
    this.#refill(now);
    if (this.#tokens >= 1) return now;
    return now + (1 - this.#tokens) / this.#perMs;
  }

  /** Refills up to `now` and says whether a whole token is there (fast path: one pass). */
  hasToken(now: number): boolean {
    this.#refill(now);
    return this.#tokens >= 1;
  }

  take(now: number): void {
    this.#refill(now);
    this.#tokens -= 1;
  }

  #refill(now: number): void {
    const elapsed = now - this.#refilledAt;
    if (elapsed <= 0) return;
    this.#tokens = Math.min(this.#capacity, this.#tokens + elapsed * this.#perMs);
    this.#refilledAt = now;
  }
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  /** Stops listening to `signal` (one shared listener per signal: see abort-fanout.ts). */
  detach: (() => void) | undefined;
  readonly queuedAt: number;
  cancelled: boolean;
}

function validateLimits(limits: readonly RateLimit[]): void {
  if (limits.length === 0) {
    throw new HelpfulError({
      whatWentWrong: "RateLimiter was created without any limit.",
      howToFix: "Pass at least one limit with a positive perSecond.",
      example: "new RateLimiter({ limits: [{ perSecond: 10, burst: 1 }] })",
    });
  }
  for (const limit of limits) {
    const burst = limit.burst ?? 1;
    if (!(limit.perSecond > 0) || !Number.isFinite(limit.perSecond) || !(burst >= 1) || !Number.isFinite(burst)) {
      throw new HelpfulError({
        whatWentWrong: `RateLimiter got an invalid limit ${JSON.stringify(limit)}.`,
        howToFix: "Use a finite perSecond above 0 and a finite burst of at least 1.",
        example: "{ perSecond: 4, burst: 1 }",
      });
    }
  }
}

function closedError(): HelpfulError {
  return new HelpfulError({
    whatWentWrong: "The rate limiter was closed while this call was waiting for its turn.",
    howToFix: "Close the limiter (or the client that owns it) only after its calls have finished.",
  });
}

/**
 * Token-bucket rate limiter shared by concurrent callers. Callers are served strictly first come,
 * first served; `acquire()` costs O(number of limits) and no timer when a token is free.
 * `pauseFor()` holds everybody back when a server asks for it (`Retry-After`).
 */
export class RateLimiter {
  readonly #clock: Clock;
  readonly #buckets: TokenBucket[];
  readonly #queue: (Waiter | undefined)[] = [];
  #head = 0;
  #live = 0;
  #pausedUntil = Number.NEGATIVE_INFINITY;
  #drainTimer: AbortController | undefined;
  #closed = false;
  readonly #events: EventHub<RateLimiterEvents>;

  constructor(options: RateLimiterOptions) {
    validateLimits(options.limits);
    this.#clock = options.clock ?? new SystemClock();
    this.#events = new EventHub(options.onListenerFailure);
    const now = this.#clock.now();
    this.#buckets = options.limits.map((limit) => new TokenBucket(limit, now));
  }

  /** Number of callers waiting for a token. */
  get waiting(): number {
    return this.#live;
  }

  /** Subscribes to an event (`wait`: a queued caller got its turn); returns the unsubscriber. */
  on<K extends keyof RateLimiterEvents>(event: K, listener: Listener<RateLimiterEvents[K]>): () => void {
    return this.#events.on(event, listener);
  }

  /** Takes a token now if one is free and nobody is queued; never waits. */
  tryAcquire(): boolean {
    if (this.#closed || this.#live > 0) return false;
    const now = this.#clock.now();
    if (this.#pausedUntil > now) return false;
    const buckets = this.#buckets;
    for (const bucket of buckets) if (!bucket.hasToken(now)) return false;
    this.#take(now);
    return true;
  }

  /** Runs `operation` once a token is available; no extra promise when one is free right away. */
  run<T>(operation: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.tryAcquire()) return operation();
    return this.acquire(signal).then(operation);
  }

  /** Resolves when the caller may proceed; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (this.#closed) return Promise.reject(closedError());
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    if (this.tryAcquire()) return Promise.resolve();
    return this.#enqueue(signal);
  }

  /** Holds every caller back for `ms` (e.g. a server's `Retry-After`). Pauses never shorten. */
  pauseFor(ms: number): void {
    this.pauseUntil(this.#clock.now() + ms);
  }

  /** Holds every caller back until the clock reads `time` (same time line as `clock.now()`). */
  pauseUntil(time: number): void {
    if (time <= this.#pausedUntil) return;
    this.#pausedUntil = time;
    if (this.#live > 0) this.#scheduleDrain();
  }

  /** Rejects every waiter and cancels the internal timer; later acquires reject at once. */
  close(): void {
    this.#closed = true;
    this.#cancelDrainTimer();
    const error = closedError();
    for (let index = this.#head; index < this.#queue.length; index++) {
      const waiter = this.#queue[index];
      if (waiter !== undefined && !waiter.cancelled) this.#settle(waiter).reject(error);
    }
    this.#queue.length = 0;
    this.#head = 0;
    this.#live = 0;
  }

  #readyAt(now: number): number {
    let readyAt = this.#pausedUntil > now ? this.#pausedUntil : now;
    for (const bucket of this.#buckets) {
      const bucketReadyAt = bucket.readyAt(now);
      if (bucketReadyAt > readyAt) readyAt = bucketReadyAt;
    }
    return readyAt;
  }

  #take(now: number): void {
    for (const bucket of this.#buckets) bucket.take(now);
  }

  #enqueue(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        detach: undefined,
        queuedAt: this.#clock.now(),
        cancelled: false,
      };
      if (signal !== undefined) waiter.detach = onAbort(signal, () => this.#cancel(waiter));
      this.#queue.push(waiter);
      this.#live += 1;
      if (this.#live === 1) this.#scheduleDrain();
    });
  }

  #cancel(waiter: Waiter): void {
    if (waiter.cancelled) return;
    this.#settle(waiter).reject(waiter.signal?.reason);
    this.#live -= 1;
    // With nobody left to serve, the drain timer must not keep the process alive.
    if (this.#live === 0) this.#cancelDrainTimer();
  }

  #settle(waiter: Waiter): Waiter {
    waiter.cancelled = true;
    waiter.detach?.();
    return waiter;
  }

  #drain(): void {
    this.#drainTimer = undefined;
    for (;;) {
      const waiter = this.#peekLive();
      if (waiter === undefined) return;
      const now = this.#clock.now();
      if (this.#readyAt(now) > now) {
        this.#scheduleDrain();
        return;
      }
      this.#take(now);
      this.#queue[this.#head++] = undefined;
      this.#live -= 1;
      this.#compactQueue();
      this.#settle(waiter).resolve();
      if (this.#events.has("wait"))
        this.#events.emit("wait", { waitedMs: now - waiter.queuedAt, stillWaiting: this.#live });
    }
  }

  /** Drops served slots in bulk so a limiter that is never idle does not grow its queue forever. */
  #compactQueue(): void {
    if (this.#head < 1024 || this.#head * 2 < this.#queue.length) return;
    this.#queue.splice(0, this.#head);
    this.#head = 0;
  }

  #peekLive(): Waiter | undefined {
    while (this.#head < this.#queue.length) {
      const waiter = this.#queue[this.#head];
      if (waiter !== undefined && !waiter.cancelled) return waiter;
      this.#head += 1;
    }
    this.#queue.length = 0;
    this.#head = 0;
    return undefined;
  }

  #scheduleDrain(): void {
    this.#cancelDrainTimer();
    const now = this.#clock.now();
    const timer = new AbortController();
    this.#drainTimer = timer;
    this.#clock.sleep(Math.max(0, this.#readyAt(now) - now), timer.signal).then(
      () => this.#drain(),
      () => undefined,
    );
  }

  #cancelDrainTimer(): void {
    this.#drainTimer?.abort();
    this.#drainTimer = undefined;
  }
}
