import { requireConfig } from "../config.js";
import type { CircuitBreakerOptions } from "../resilience/circuit-breaker.js";
import type { Clock } from "../resilience/clock.js";
import type { RateLimiterOptions } from "../resilience/rate-limiter.js";
import type { RetryOptions } from "../resilience/retry.js";
import { type PollingOptions, RestClient, type RestClientOptions } from "./rest-client.js";

const SECOND = 1000;

/** Extras a caller may add to what the configuration says (none of them replace a config key). */
export interface CreateRestClientOptions {
  readonly headers?: Readonly<Record<string, string>>;
  readonly clock?: Clock;
  readonly maxOrigins?: number;
  readonly connectionsPerOrigin?: number;
}

type Config = object;

function rateLimiting(config: Config): RateLimiterOptions | false {
  if (requireConfig(config, "script-behavior", "rate-limiting", "enabled") !== true) return false;
  const perSecond = requireConfig(config, "script-behavior", "rate-limiting", "calls-per-second") as number;
  const burst = requireConfig(config, "script-behavior", "rate-limiting", "burst-size") as number;
  return { limits: [{ perSecond, burst }] };
}

function circuitBreaker(config: Config): CircuitBreakerOptions | false {
  if (requireConfig(config, "script-behavior", "circuit-breaker", "enabled") !== true) return false;
  return {
    failureThreshold: requireConfig(config, "script-behavior", "circuit-breaker", "failure-threshold") as number,
    resetTimeoutMs: (requireConfig(config, "script-behavior", "circuit-breaker", "timeout-seconds") as number) * SECOND,
  };
}

function retry(config: Config): RetryOptions {
  const timeouts = (key: string): number => requireConfig(config, "script-behavior", "api-timeouts", key) as number;
  return {
    maxRetries: timeouts("max-retries"),
    factor: timeouts("backoff-factor"),
    maxRetryAfterMs: timeouts("max-retry-after-seconds") * SECOND,
    baseDelayMs: (requireConfig(config, "script-behavior", "api-delay-seconds") as number) * SECOND,
    jitter: {
      minFactor: requireConfig(config, "script-behavior", "jitter", "min-factor") as number,
      maxFactor: requireConfig(config, "script-behavior", "jitter", "max-factor") as number,
    },
  };
}

function polling(config: Config): PollingOptions {
  return {
    maxWaitMs: (requireConfig(config, "script-behavior", "api-timeouts", "async-max-wait") as number) * SECOND,
    intervalMs: (requireConfig(config, "script-behavior", "api-timeouts", "async-poll-interval") as number) * SECOND,
  };
}

/**
 * Everything `createRestClient` takes from the TXO v3 configuration, read only through
 * `requireConfig`: a missing key is a `ConfigurationError` naming its path, never a silent default.
 * `enabled: false` turns the limiter or the breaker off (their other keys are then not read).
 */
export function restClientOptionsFromConfig(config: Config): RestClientOptions {
  return {
    baseUrl: requireConfig(config, "global", "api-base-url") as string,
    timeoutMs: (requireConfig(config, "script-behavior", "api-timeouts", "rest-timeout-seconds") as number) * SECOND,
    rateLimiter: rateLimiting(config),
    circuitBreaker: circuitBreaker(config),
    retry: retry(config),
    polling: polling(config),
  };
}

/**
 * A `RestClient` configured from the nested `script-behavior` section (base URL from
 * `global.api-base-url`). Use it with `await using` or call `close()` when done.
 */
export function createRestClient(config: Config, extras: CreateRestClientOptions = {}): RestClient {
  return new RestClient({ ...restClientOptionsFromConfig(config), ...extras });
}
