/**
 * One interface for every resilience policy, and `wrap()` to compose them the way cockatiel does:
 * `wrap(retry, breaker, timeout).execute(fn)` runs `fn` inside the timeout, inside the breaker,
 * inside the retry loop (the first policy is the outermost). Each policy hands the operation a
 * context whose `signal` aborts when that policy (or any outer one) gives up on the call.
 */
import { ApiTimeoutError, HelpfulError } from "../errors.js";
import {
  CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitRejection,
  type CircuitStateChange,
} from "./circuit-breaker.js";
import { type Clock, SystemClock } from "./clock.js";
import { EventHub, type Listener, type ListenerFailureHandler } from "./event-hub.js";
import { RateLimiter, type RateLimiterOptions, type RateLimiterWait } from "./rate-limiter.js";
import { type RetryAttemptInfo, type RetryOptions, RetryPolicy } from "./retry.js";
import { Bulkhead, type BulkheadOptions, type BulkheadRejection } from "./bulkhead.js";

export interface PolicyContext {
  /** Aborts when the caller or an enclosing policy (a timeout, say) abandons this run. */
  readonly signal: AbortSignal | undefined;
}

/** Every event a policy can report, for logging, metrics or an OpenTelemetry bridge. */
export interface PolicyEvents {
  /** An attempt is about to start (0 for the first; retries count up). */
  attempt: { readonly attempt: number };
  /** An attempt failed and the retry policy waits `delayMs` before the next. */
  retry: RetryAttemptInfo;
  breakerStateChange: CircuitStateChange;
  breakerRejected: CircuitRejection;
  /** A call queued for a rate-limit token and was let through after `waitedMs`. */
  limiterWait: RateLimiterWait;
  timeout: { readonly timeoutMs: number };
  bulkheadRejected: BulkheadRejection;
}

export type PolicyListeners = { readonly [K in keyof PolicyEvents]?: Listener<PolicyEvents[K]> };

export interface Policy {
  execute<T>(operation: (context: PolicyContext) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Subscribes to the events of this policy (and, for `wrap()`, of every policy inside it). */
  on<K extends keyof PolicyEvents>(event: K, listener: Listener<PolicyEvents[K]>): () => void;
}

/** Anything with typed `on(event, listener)`: a policy, a client, an `EventHub`. */
export interface Observable<Events extends object> {
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void;
}

/** Subscribes every listener of `listeners` to `target`; returns one function that unsubscribes all. */
export function listenTo<Events extends object>(
  target: Observable<Events>,
  listeners: NoInfer<{ readonly [K in keyof Events]?: Listener<Events[K]> }>,
): () => void {
  // Object.keys lists the listener map's own keys, each one an event name of Events.
  const unsubscribers = (Object.keys(listeners) as (keyof Events)[]).map((event) =>
    // listeners is keyed by event name, so its value at event listens to that event's payload.
    target.on(event, listeners[event] as Listener<Events[typeof event]>),
  );
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}

export interface PolicyOptions {
  /** Told about a listener that threw; the policy carries on. Default: a process warning. */
  readonly onListenerFailure?: ListenerFailureHandler;
}

/** Base of the single policies: one event hub, and the listener-failure handler it reports to. */
abstract class SinglePolicy implements Policy {
  protected readonly events: EventHub<PolicyEvents>;

  constructor(options: PolicyOptions) {
    this.events = new EventHub(options.onListenerFailure);
  }

  on<K extends keyof PolicyEvents>(event: K, listener: Listener<PolicyEvents[K]>): () => void {
    return this.events.on(event, listener);
  }

  abstract execute<T>(operation: (context: PolicyContext) => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** Retries a failed operation with backoff and jitter (see `RetryOptions`); emits `attempt` and `retry`. */
export class RetryingPolicy extends SinglePolicy {
  readonly #retry: RetryPolicy;

  constructor(options: RetryOptions & PolicyOptions = {}) {
    super(options);
    this.#retry = new RetryPolicy({ ...options, onRetry: (info) => this.events.emit("retry", info) });
    if (options.onRetry !== undefined) this.events.on("retry", options.onRetry);
  }

  execute<T>(operation: (context: PolicyContext) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.#retry.execute((attempt) => {
      this.events.emit("attempt", { attempt });
      return operation({ signal });
    }, signal);
  }
}

/** Runs the operation through a circuit breaker (given, or created from options). */
export class BreakerPolicy extends SinglePolicy {
  readonly breaker: CircuitBreaker;

  constructor(breaker: CircuitBreaker | (CircuitBreakerOptions & PolicyOptions) = {}) {
    super(breaker instanceof CircuitBreaker ? {} : breaker);
    this.breaker = breaker instanceof CircuitBreaker ? breaker : new CircuitBreaker(breaker);
    this.breaker.on("stateChange", (change) => this.events.emit("breakerStateChange", change));
    this.breaker.on("rejected", (rejection) => this.events.emit("breakerRejected", rejection));
  }

  execute<T>(operation: (context: PolicyContext) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.breaker.execute(() => operation({ signal }));
  }
}

/** Waits for a rate-limit token before the operation; emits `limiterWait` when it had to queue. */
export class LimiterPolicy extends SinglePolicy {
  readonly limiter: RateLimiter;

  constructor(limiter: RateLimiter | (RateLimiterOptions & PolicyOptions)) {
    super(limiter instanceof RateLimiter ? {} : limiter);
    this.limiter = limiter instanceof RateLimiter ? limiter : new RateLimiter(limiter);
    this.limiter.on("wait", (wait) => this.events.emit("limiterWait", wait));
  }

  execute<T>(operation: (context: PolicyContext) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.limiter.run(() => operation({ signal }), signal);
  }
}

export interface TimeoutOptions extends PolicyOptions {
  readonly timeoutMs: number;
  readonly clock?: Clock;
}

/**
 * Gives up on the operation after `timeoutMs`: the caller gets an `ApiTimeoutError` at once and
 * the operation's `context.signal` aborts, so cooperative code stops its work too.
 */
export class TimeoutPolicy extends SinglePolicy {
  readonly timeoutMs: number;
  readonly #clock: Clock;

  constructor(options: TimeoutOptions) {
    super(options);
    if (!(options.timeoutMs > 0) || !Number.isFinite(options.timeoutMs))
      throw new HelpfulError({
        whatWentWrong: `TimeoutPolicy needs a finite timeoutMs above 0, got ${String(options.timeoutMs)}.`,
        howToFix: "Pass the time limit in milliseconds.",
        example: "new TimeoutPolicy({ timeoutMs: 10_000 })",
      });
    this.timeoutMs = options.timeoutMs;
    this.#clock = options.clock ?? new SystemClock();
  }

  async execute<T>(operation: (context: PolicyContext) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const inner = new AbortController();
    const timer = new AbortController();
    const onOuterAbort = (): void => inner.abort(signal?.reason);
    signal?.addEventListener("abort", onOuterAbort, { once: true });
    if (signal?.aborted === true) onOuterAbort();
    const expiry = this.#clock.sleep(this.timeoutMs, timer.signal).then(() => {
      const error = this.#timeoutError();
      inner.abort(error);
      this.events.emit("timeout", { timeoutMs: this.timeoutMs });
      throw error;
    });
    // The losing branch of the race must not surface as an unhandled rejection.
    expiry.catch(() => undefined);
    try {
      return await Promise.race([operation({ signal: inner.signal }), expiry]);
    } finally {
      timer.abort();
      signal?.removeEventListener("abort", onOuterAbort);
    }
  }

  #timeoutError(): ApiTimeoutError {
    return new ApiTimeoutError({
      timeoutMs: this.timeoutMs,
      whatWentWrong: `The operation did not complete within ${this.timeoutMs} ms.`,
      howToFix: "Raise the timeout if the work is legitimately slow, or find out why it hangs.",
      example: "new TimeoutPolicy({ timeoutMs: 30_000 })",
    });
  }
}

/** Caps concurrent runs (and the queue behind them); rejects the overflow at once. */
export class BulkheadPolicy extends SinglePolicy {
  readonly bulkhead: Bulkhead;

  constructor(options: BulkheadOptions & PolicyOptions) {
    super(options);
    this.bulkhead = new Bulkhead({
      ...options,
      onRejected: (rejection) => this.events.emit("bulkheadRejected", rejection),
    });
  }

  execute<T>(operation: (context: PolicyContext) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.bulkhead.run(() => operation({ signal }), signal);
  }
}

/**
 * Composes policies, the first one outermost: `wrap(retry, breaker, timeout)` retries calls that
 * the breaker lets through and that each get their own time limit. `on()` subscribes to the events
 * of every policy inside.
 */
export function wrap(...policies: readonly Policy[]): Policy {
  return {
    execute<T>(operation: (context: PolicyContext) => Promise<T>, signal?: AbortSignal): Promise<T> {
      const chain = policies.reduceRight<(context: PolicyContext) => Promise<T>>(
        (inner, policy) => (context) => policy.execute(inner, context.signal),
        operation,
      );
      return chain({ signal });
    },
    on<K extends keyof PolicyEvents>(event: K, listener: Listener<PolicyEvents[K]>): () => void {
      const unsubscribers = policies.map((policy) => policy.on(event, listener));
      return () => {
        for (const unsubscribe of unsubscribers) unsubscribe();
      };
    },
  };
}
