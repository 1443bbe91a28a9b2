import { RateLimiter } from "../resilience/rate-limiter.js";
import { type ItemHandler, type ParallelOptions, parallelMap } from "./parallel-map.js";
import type { ProcessingResults } from "./results.js";

export interface RateLimitedOptions extends ParallelOptions {
  /** Calls started per second (continuous token bucket). Ignored when `limiter` is given. */
  readonly perSecond?: number;
  /** Calls allowed back to back after a quiet period. Default 1. */
  readonly burst?: number;
  /** A limiter shared with other work (e.g. a RestClient's); takes precedence over `perSecond`. */
  readonly limiter?: RateLimiter;
}

function ownLimiter(options: RateLimitedOptions): RateLimiter {
  if (options.perSecond === undefined) {
    // The constructor's validation produces the helpful message for the missing rate.
    return new RateLimiter({ limits: [], clock: options.clock });
  }
  return new RateLimiter({ limits: [{ perSecond: options.perSecond, burst: options.burst }], clock: options.clock });
}

/**
 * `parallelMap` whose calls (retries included) each take a token from a rate limiter first. The
 * token is taken once the item holds its slot, so calls start no faster than the rate even when
 * slots free up together.
 */
export async function rateLimitedParallel<T, R>(
  items: Iterable<T>,
  handler: ItemHandler<T, R>,
  options: RateLimitedOptions,
): Promise<ProcessingResults<T, R>> {
  const limiter = options.limiter ?? ownLimiter(options);
  const limited: ItemHandler<T, R> = async (item, index, signal) => {
    await limiter.acquire(signal);
    return handler(item, index, signal);
  };
  try {
    return await parallelMap(items, limited, { concurrency: 16, ...options });
  } finally {
    if (options.limiter === undefined) limiter.close();
  }
}
