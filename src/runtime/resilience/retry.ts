import { ApiRateLimitError, HelpfulError } from "../errors.js";
import { type Clock, SystemClock } from "./clock.js";
import { EventHub, type ListenerFailureHandler } from "./event-hub.js";

/**
 * How the exponential delay is randomised: `full` picks uniformly in [0, delay]; `decorrelated`
 * picks in [base, previous × 3] (AWS "decorrelated jitter"); `none` uses the delay as is; a factor
 * range multiplies the delay by a uniform factor (the TXO `jitter.min-factor`/`max-factor`).
 */
export type JitterMode = "full" | "decorrelated" | "none" | { readonly minFactor: number; readonly maxFactor: number };

export interface RetryAttemptInfo {
  /** 1 for the first retry. */
  readonly retry: number;
  readonly delayMs: number;
  readonly error: unknown;
  /** True when the delay came from the server (`Retry-After`) and was used exactly. */
  readonly fromServer: boolean;
}

export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  readonly maxRetries?: number;
  /** Delay before the first retry, before jitter. Default 100 ms. */
  readonly baseDelayMs?: number;
  /** Growth per retry. Default 2. */
  readonly factor?: number;
  /** Ceiling of a computed (not server-given) delay. Default 30 000 ms. */
  readonly maxDelayMs?: number;
  /** Default `"full"`. */
  readonly jitter?: JitterMode;
  /** Total time for all attempts and waits; a wait that would overrun it is not started. Default unlimited. */
  readonly budgetMs?: number;
  /** Longest server-requested wait accepted; a longer one raises `ApiRateLimitError`. Default 120 000 ms. */
  readonly maxRetryAfterMs?: number;
  /** Whether an error is worth retrying. Default: every error. */
  readonly isRetryable?: (error: unknown) => boolean;
  /** The server-requested delay carried by an error. Default: its numeric `retryAfterMs` property. */
  readonly retryAfterOf?: (error: unknown) => number | undefined;
  /** Called before each wait, e.g. to pause a shared rate limiter for a server's `Retry-After`; a throw is reported, not raised. */
  readonly onRetry?: (info: RetryAttemptInfo) => void;
  /** Told about an `onRetry` that threw; the retries carry on. Default: a process warning. */
  readonly onListenerFailure?: ListenerFailureHandler;
  readonly clock?: Clock;
  /** Random source in [0, 1); injectable for reproducible tests. Default `Math.random`. */
  readonly random?: () => number;
}

/** Reads `retryAfterMs` from errors such as `ApiRateLimitError`. */
export function retryAfterFromError(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  // A non-null object; a missing `retryAfterMs` reads as undefined, which the check below rejects.
  const value = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

const DELAY_SECONDS = /^\s*(\d+(?:\.\d+)?)\s*$/;
/** All three HTTP-date forms (IMF-fixdate, RFC 850, asctime) start with a day name. */
const HTTP_DATE_START = /^\s*[A-Za-z]{3}/;

/**
 * Milliseconds a `Retry-After` header asks for: delay-seconds (including `0`) or an HTTP-date,
 * which is measured against the response's own `Date` header when present (so a skewed local
 * clock does not distort it) and otherwise against `wallNow`. Unparsable values give `undefined`.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  responseDate: string | null | undefined,
  wallNow: number,
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const seconds = DELAY_SECONDS.exec(value);
  if (seconds !== null) return Math.round(Number(seconds[1]) * 1000);
  const at = HTTP_DATE_START.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  const reference = responseDate === null || responseDate === undefined ? Number.NaN : Date.parse(responseDate);
  return Math.max(0, at - (Number.isNaN(reference) ? wallNow : reference));
}

function checkNumber(name: string, value: number, minimum: number): number {
  if (Number.isNaN(value) || value < minimum) {
    throw new HelpfulError({
      whatWentWrong: `Retry option ${name} must be a number of at least ${minimum}, got ${String(value)}.`,
      howToFix: `Pass ${name} as a number ≥ ${minimum}.`,
      example: "retry(call, { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 30_000 })",
    });
  }
  return value;
}

function checkJitter(jitter: JitterMode): JitterMode {
  if (typeof jitter === "object" && !(jitter.minFactor >= 0 && jitter.maxFactor >= jitter.minFactor)) {
    throw new HelpfulError({
      whatWentWrong: `Retry jitter factors must satisfy 0 ≤ minFactor ≤ maxFactor, got ${JSON.stringify(jitter)}.`,
      howToFix: "Give a factor range such as 0.5 to 1.5.",
      example: "jitter: { minFactor: 0.5, maxFactor: 1.5 }",
    });
  }
  return jitter;
}

/** What a failed attempt leads to: wait `delayMs` and try again, or give up with `error`. */
type Decision =
  | { readonly retry: true; readonly delayMs: number; readonly fromServer: boolean }
  | { readonly retry: false; readonly error: unknown };

/**
 * A retry policy with its options resolved once; `execute()` can be called many times and from
 * many callers at once (each call keeps its own backoff state).
 */
export class RetryPolicy {
  readonly maxRetries: number;
  readonly #baseDelayMs: number;
  readonly #factor: number;
  readonly #maxDelayMs: number;
  readonly #jitter: JitterMode;
  readonly #budgetMs: number;
  readonly #maxRetryAfterMs: number;
  readonly #isRetryable: (error: unknown) => boolean;
  readonly #retryAfterOf: (error: unknown) => number | undefined;
  readonly #events: EventHub<{ retry: RetryAttemptInfo }>;
  readonly #random: () => number;
  readonly clock: Clock;

  constructor(options: RetryOptions = {}) {
    this.maxRetries = checkNumber("maxRetries", options.maxRetries ?? 3, 0);
    this.#baseDelayMs = checkNumber("baseDelayMs", options.baseDelayMs ?? 100, 0);
    this.#factor = checkNumber("factor", options.factor ?? 2, 1);
    this.#maxDelayMs = checkNumber("maxDelayMs", options.maxDelayMs ?? 30_000, 0);
    this.#jitter = checkJitter(options.jitter ?? "full");
    this.#budgetMs = checkNumber("budgetMs", options.budgetMs ?? Number.POSITIVE_INFINITY, 0);
    this.#maxRetryAfterMs = checkNumber("maxRetryAfterMs", options.maxRetryAfterMs ?? 120_000, 0);
    this.#isRetryable = options.isRetryable ?? (() => true);
    this.#retryAfterOf = options.retryAfterOf ?? retryAfterFromError;
    this.#events = new EventHub(options.onListenerFailure);
    if (options.onRetry !== undefined) this.#events.on("retry", options.onRetry);
    this.#random = options.random ?? Math.random;
    this.clock = options.clock ?? new SystemClock();
  }

  /**
   * Computed delay before retry number `retry` (1-based); `previousDelayMs` feeds decorrelated
   * jitter. Exposed for tests and for callers that schedule retries themselves.
   */
  backoffDelay(retry: number, previousDelayMs: number): number {
    const jitter = this.#jitter;
    if (jitter === "decorrelated") {
      const low = this.#baseDelayMs;
      const high = Math.max(low, previousDelayMs * 3);
      return Math.min(this.#maxDelayMs, low + this.#random() * (high - low));
    }
    const exponential = Math.min(this.#maxDelayMs, this.#baseDelayMs * this.#factor ** (retry - 1));
    if (jitter === "none") return exponential;
    if (jitter === "full") return this.#random() * exponential;
    return Math.min(
      this.#maxDelayMs,
      exponential * (jitter.minFactor + this.#random() * (jitter.maxFactor - jitter.minFactor)),
    );
  }

  /**
   * Decides what follows a failure of attempt `retry - 1`: the error itself when it is not
   * retryable or retries/budget are spent, `ApiRateLimitError` when the server asks for a wait
   * longer than `maxRetryAfterMs`, otherwise the wait (exactly the server's when it gave one).
   */
  decide(error: unknown, retry: number, previousDelayMs: number, elapsedMs: number): Decision {
    if (retry > this.maxRetries || !this.#isRetryable(error)) return { retry: false, error };
    const serverDelay = this.#retryAfterOf(error);
    if (serverDelay !== undefined && serverDelay > this.#maxRetryAfterMs) {
      return { retry: false, error: this.#retryAfterTooLong(serverDelay, error) };
    }
    const delayMs = serverDelay ?? this.backoffDelay(retry, previousDelayMs);
    if (elapsedMs + delayMs > this.#budgetMs) return { retry: false, error };
    return { retry: true, delayMs, fromServer: serverDelay !== undefined };
  }

  /**
   * Runs `operation` (given the 0-based attempt number) until it succeeds or the policy gives up.
   * `signal` cancels back-off waits; it may be a function returning the signal, called only when
   * a wait starts, for callers that would rather not create a signal for calls that never wait.
   */
  async execute<T>(operation: (attempt: number) => Promise<T>, signal?: AbortSignal | (() => AbortSignal)): Promise<T> {
    const startedAt = this.clock.now();
    let previousDelayMs = this.#baseDelayMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await operation(attempt);
      } catch (error) {
        if (typeof signal === "object" && signal.aborted) throw error;
        const decision = this.decide(error, attempt + 1, previousDelayMs, this.clock.now() - startedAt);
        if (!decision.retry) throw decision.error;
        if (!decision.fromServer) previousDelayMs = decision.delayMs;
        this.#events.emit("retry", {
          retry: attempt + 1,
          delayMs: decision.delayMs,
          error,
          fromServer: decision.fromServer,
        });
        await this.clock.sleep(decision.delayMs, typeof signal === "function" ? signal() : signal);
      }
    }
  }

  #retryAfterTooLong(retryAfterMs: number, cause: unknown): ApiRateLimitError {
    const base =
      typeof cause === "object" && cause !== null
        ? // The condition just checked cause is a non-null object; each field read is optional and unknown.
          (cause as { status?: unknown; method?: unknown; url?: unknown })
        : {};
    return new ApiRateLimitError({
      whatWentWrong: `The server asked to wait ${Math.ceil(retryAfterMs / 1000)} s before retrying, longer than the ${Math.ceil(this.#maxRetryAfterMs / 1000)} s this client accepts.`,
      howToFix:
        "Retry later (after retryAfterMs), lower the request rate, or raise max-retry-after-seconds if waiting that long is acceptable.",
      example: '"api-timeouts": { "max-retry-after-seconds": 300 }',
      retryAfterMs,
      status: typeof base.status === "number" ? base.status : undefined,
      method: typeof base.method === "string" ? base.method : undefined,
      url: typeof base.url === "string" ? base.url : undefined,
      cause,
    });
  }
}

/** Runs `operation` with retries; shorthand for `new RetryPolicy(options).execute(operation, signal)`. */
export function retry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions & { readonly signal?: AbortSignal } = {},
): Promise<T> {
  return new RetryPolicy(options).execute(operation, options.signal);
}
