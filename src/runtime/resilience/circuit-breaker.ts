import { ApiOperationError, HelpfulError } from "../errors.js";
import { type Clock, SystemClock } from "./clock.js";
import { EventHub, type Listener, type ListenerFailureHandler } from "./event-hub.js";
import { RollingWindow } from "./rolling-window.js";

export type CircuitState = "closed" | "open" | "half-open";

/** Trip on a failure rate over a rolling window, once the window has seen enough calls. */
export interface FailureRateOptions {
  /** Fraction of failed calls (0–1] that opens the circuit, e.g. 0.5. */
  readonly threshold: number;
  /** Length of the rolling window in milliseconds. */
  readonly windowMs: number;
  /** Calls the window must hold before the rate counts (avoids opening on 1 of 1). */
  readonly minimumVolume: number;
  /** Ring-buffer buckets the window is split into. Default 10. */
  readonly buckets?: number;
}

export interface CircuitBreakerOptions {
  /** Name used in errors and events, e.g. the API's origin. */
  readonly name?: string;
  /** Consecutive failures that open the circuit. Default 5. */
  readonly failureThreshold?: number;
  /** Optional second trigger: failure rate over a rolling window. */
  readonly failureRate?: FailureRateOptions;
  /** How long the circuit stays open: a number of ms, or a backoff given how many times it has opened in a row. Default 30 000. */
  readonly resetTimeoutMs?: number | ((consecutiveOpenings: number) => number);
  /** Calls let through at once while half-open. Default 1. */
  readonly halfOpenMaxProbes?: number;
  /** Successful probes needed to close again. Default 1. */
  readonly successThreshold?: number;
  /** Which errors count against the circuit; others count as the remote side answering. Default: all. */
  readonly isFailure?: (error: unknown) => boolean;
  /** Told about a listener that threw; the breaker carries on. Default: a process warning. */
  readonly onListenerFailure?: ListenerFailureHandler;
  readonly clock?: Clock;
}

export interface CircuitStateChange {
  readonly from: CircuitState;
  readonly to: CircuitState;
  readonly name: string;
}

export interface CircuitRejection {
  readonly name: string;
  readonly state: CircuitState;
  /** Time until the circuit lets a probe through (0 while half-open probes are busy). */
  readonly retryInMs: number;
}

/** Typed events of a breaker; subscribe with `breaker.on(event, listener)`. */
export interface CircuitBreakerEvents {
  stateChange: CircuitStateChange;
  rejected: CircuitRejection;
}

/** Plain-data snapshot from `toJSON()`, accepted by `CircuitBreaker.fromJSON()`. */
export interface CircuitBreakerSnapshot {
  readonly state: CircuitState;
  readonly consecutiveFailures: number;
  readonly consecutiveOpenings: number;
  /** Time left before half-open; clocks differ between processes, so only the remainder is kept. */
  readonly remainingOpenMs: number;
}

function positive(name: string, value: number, minimum: number): number {
  if (!(value >= minimum) || Number.isNaN(value)) {
    throw new HelpfulError({
      whatWentWrong: `CircuitBreaker option ${name} must be at least ${minimum}, got ${String(value)}.`,
      howToFix: `Pass a number of ${minimum} or more for ${name}.`,
      example: "new CircuitBreaker({ failureThreshold: 5, resetTimeoutMs: 30_000 })",
    });
  }
  return value;
}

function validateFailureRate(rate: FailureRateOptions): void {
  if (!(rate.threshold > 0 && rate.threshold <= 1)) {
    throw new HelpfulError({
      whatWentWrong: `CircuitBreaker failureRate.threshold must be a fraction in (0, 1], got ${String(rate.threshold)}.`,
      howToFix: "Give the failure rate that opens the circuit as a fraction.",
      example: "failureRate: { threshold: 0.5, windowMs: 10_000, minimumVolume: 20 }",
    });
  }
  positive("failureRate.windowMs", rate.windowMs, 1);
  positive("failureRate.minimumVolume", rate.minimumVolume, 1);
  positive("failureRate.buckets", rate.buckets ?? 10, 1);
}

/** Settings resolved once so the hot path reads plain fields. */
class BreakerSettings {
  readonly name: string;
  readonly failureThreshold: number;
  readonly halfOpenMaxProbes: number;
  readonly successThreshold: number;
  readonly resetTimeout: number | ((consecutiveOpenings: number) => number);
  readonly isFailure: ((error: unknown) => boolean) | undefined;
  readonly failureRate: FailureRateOptions | undefined;
  readonly failureRateBuckets: number;

  constructor(options: CircuitBreakerOptions) {
    this.name = options.name ?? "circuit";
    this.failureThreshold = positive("failureThreshold", options.failureThreshold ?? 5, 1);
    this.halfOpenMaxProbes = positive("halfOpenMaxProbes", options.halfOpenMaxProbes ?? 1, 1);
    this.successThreshold = positive("successThreshold", options.successThreshold ?? 1, 1);
    this.resetTimeout = options.resetTimeoutMs ?? 30_000;
    if (typeof this.resetTimeout === "number") positive("resetTimeoutMs", this.resetTimeout, 0);
    this.isFailure = options.isFailure;
    this.failureRate = options.failureRate;
    this.failureRateBuckets = options.failureRate?.buckets ?? 10;
    if (this.failureRate !== undefined) validateFailureRate(this.failureRate);
  }

  openDuration(consecutiveOpenings: number): number {
    return typeof this.resetTimeout === "number" ? this.resetTimeout : this.resetTimeout(consecutiveOpenings);
  }
}

/**
 * Circuit breaker: closed → open after `failureThreshold` consecutive failures (or a failure rate
 * over a rolling window) → half-open after the reset timeout, letting a bounded number of probes
 * through → closed after `successThreshold` successful probes. While open, calls fail at once with
 * an `ApiOperationError` instead of waiting on a remote side that is down. No timers: state moves
 * on by reading the clock when a call arrives.
 */
export class CircuitBreaker {
  readonly #settings: BreakerSettings;
  readonly #clock: Clock;
  readonly #window: RollingWindow | undefined;
  readonly #events: EventHub<CircuitBreakerEvents>;
  #state: CircuitState = "closed";
  /** Bumped on every transition so late results of calls admitted earlier are not miscounted. */
  #generation = 0;
  #consecutiveFailures = 0;
  #consecutiveOpenings = 0;
  #openUntil = 0;
  #probesInFlight = 0;
  #probeSuccesses = 0;

  constructor(options: CircuitBreakerOptions = {}) {
    this.#settings = new BreakerSettings(options);
    this.#clock = options.clock ?? new SystemClock();
    this.#events = new EventHub(options.onListenerFailure);
    const rate = this.#settings.failureRate;
    this.#window =
      rate === undefined
        ? undefined
        : new RollingWindow(rate.windowMs, this.#settings.failureRateBuckets, this.#clock.now());
  }

  /** Rebuilds a breaker from `toJSON()` output, e.g. after a process restart. */
  static fromJSON(snapshot: CircuitBreakerSnapshot, options: CircuitBreakerOptions = {}): CircuitBreaker {
    const breaker = new CircuitBreaker(options);
    breaker.#restore(snapshot);
    return breaker;
  }

  /** Current state, moving open → half-open if the reset timeout has passed. */
  get state(): CircuitState {
    if (this.#state === "open" && this.#clock.now() >= this.#openUntil) this.#transition("half-open");
    return this.#state;
  }

  get name(): string {
    return this.#settings.name;
  }

  /**
   * Subscribes to an event; returns the function that unsubscribes. A listener that throws is
   * reported to `onListenerFailure` and never reaches the call being counted.
   */
  on<K extends keyof CircuitBreakerEvents>(event: K, listener: Listener<CircuitBreakerEvents[K]>): () => void {
    return this.#events.on(event, listener);
  }

  /** Runs `operation` through the breaker: rejected at once while open, counted otherwise. */
  execute<T>(operation: () => Promise<T>): Promise<T> {
    const probe = this.#admit();
    if (typeof probe !== "boolean") return Promise.reject(probe);
    const generation = this.#generation;
    let pending: Promise<T>;
    try {
      pending = operation();
    } catch (error) {
      this.#recordFailure(generation, probe, error);
      return Promise.reject(error);
    }
    // Observe the outcome on a side branch and hand back the caller's own promise: no re-throw,
    // no extra promise in the caller's chain. Reactions run in registration order, so the
    // breaker has counted the outcome before the caller's continuation runs.
    pending.then(
      () => this.#recordSuccess(generation, probe),
      (error: unknown) => this.#recordFailure(generation, probe, error),
    );
    return pending;
  }

  /** Forces the circuit closed and forgets past failures. */
  reset(): void {
    this.#consecutiveOpenings = 0;
    this.#transition("closed");
  }

  toJSON(): CircuitBreakerSnapshot {
    const state = this.state;
    return {
      state,
      consecutiveFailures: this.#consecutiveFailures,
      consecutiveOpenings: this.#consecutiveOpenings,
      remainingOpenMs: state === "open" ? Math.max(0, this.#openUntil - this.#clock.now()) : 0,
    };
  }

  /** Whether the admitted call is a half-open probe, or the rejection when the call may not run. */
  #admit(): boolean | ApiOperationError {
    if (this.#state === "closed") return false;
    const state = this.state;
    if (state === "half-open" && this.#probesInFlight < this.#settings.halfOpenMaxProbes) {
      this.#probesInFlight += 1;
      return true;
    }
    return this.#rejection(state);
  }

  #recordSuccess(generation: number, probe: boolean): void {
    if (generation !== this.#generation) return;
    if (probe) {
      this.#probesInFlight -= 1;
      this.#probeSuccesses += 1;
      if (this.#probeSuccesses >= this.#settings.successThreshold) this.reset();
      return;
    }
    this.#consecutiveFailures = 0;
    this.#window?.record(this.#clock.now(), false);
  }

  #recordFailure(generation: number, probe: boolean, error: unknown): void {
    const isFailure = this.#settings.isFailure;
    if (isFailure !== undefined && !isFailure(error)) {
      this.#recordSuccess(generation, probe);
      return;
    }
    if (generation !== this.#generation) return;
    if (probe) {
      this.#open();
      return;
    }
    this.#consecutiveFailures += 1;
    const now = this.#clock.now();
    this.#window?.record(now, true);
    if (this.#consecutiveFailures >= this.#settings.failureThreshold || this.#rateTripped(now)) this.#open();
  }

  #rateTripped(now: number): boolean {
    const rate = this.#settings.failureRate;
    if (rate === undefined || this.#window === undefined) return false;
    return this.#window.volume(now) >= rate.minimumVolume && this.#window.failureRate(now) >= rate.threshold;
  }

  #open(): void {
    this.#consecutiveOpenings += 1;
    this.#openUntil = this.#clock.now() + this.#settings.openDuration(this.#consecutiveOpenings);
    this.#transition("open");
  }

  #transition(to: CircuitState): void {
    const from = this.#state;
    this.#generation += 1;
    this.#state = to;
    this.#probesInFlight = 0;
    this.#probeSuccesses = 0;
    if (to === "closed") {
      this.#consecutiveFailures = 0;
      this.#window?.reset(this.#clock.now());
    }
    if (from !== to) this.#emit("stateChange", { from, to, name: this.#settings.name });
  }

  #rejection(state: CircuitState): ApiOperationError {
    const retryInMs = state === "open" ? Math.max(0, this.#openUntil - this.#clock.now()) : 0;
    this.#emit("rejected", { name: this.#settings.name, state, retryInMs });
    return new ApiOperationError({
      whatWentWrong: `Circuit "${this.#settings.name}" is open: recent calls kept failing, so this call was not attempted.`,
      howToFix: `Wait about ${Math.ceil(retryInMs / 1000)} s for the circuit to let a probe call through, and check that the remote service is healthy.`,
      example: 'breaker.on("stateChange", (change) => logger.warn(change))',
      context: { operation: "circuit breaker", resource: this.#settings.name, details: { state, retryInMs } },
    });
  }

  #emit<K extends keyof CircuitBreakerEvents>(event: K, payload: CircuitBreakerEvents[K]): void {
    this.#events.emit(event, payload);
  }

  #restore(snapshot: CircuitBreakerSnapshot): void {
    this.#consecutiveFailures = snapshot.consecutiveFailures;
    this.#consecutiveOpenings = snapshot.consecutiveOpenings;
    this.#state = snapshot.state;
    this.#openUntil = this.#clock.now() + (snapshot.state === "open" ? snapshot.remainingOpenMs : 0);
  }
}
