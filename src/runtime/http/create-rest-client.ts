import { requireConfig } from "../config.js";
import { ConfigurationError } from "../errors.js";
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
  readonly trustedOrigins?: readonly string[];
  readonly sensitiveHeaders?: readonly string[];
  readonly maxRedirects?: number;
  readonly maxResponseBytes?: number;
}

type Config = object;

/** `requireConfig` for paths assembled at run time (its compile-time path check needs literal tuples). */
const requireAt = requireConfig as (config: Config, ...path: readonly string[]) => unknown;

function wrongType(path: readonly string[], expected: string, value: unknown): ConfigurationError {
  const dotted = path.join(".");
  return new ConfigurationError({
    path: dotted,
    whatWentWrong: `Configuration key ${dotted} must be ${expected}, but it is ${JSON.stringify(value)}.`,
    howToFix: `Set ${dotted} to ${expected} (JSON ${expected === "true or false" ? "boolean" : "number"}, without quotes).`,
    example: '"rate-limiting": { "enabled": true, "calls-per-second": 10, "burst-size": 1 }',
  });
}

/** A required number: a quoted "10" is refused rather than coerced. */
function numberAt(config: Config, ...path: [string, ...string[]]): number {
  const value = requireAt(config, ...path);
  if (typeof value !== "number" || !Number.isFinite(value)) throw wrongType(path, "a number", value);
  return value;
}

/** A required boolean: only `true` switches a feature on, and anything but a boolean is an error. */
function enabledAt(config: Config, ...path: [string, ...string[]]): boolean {
  const value = requireAt(config, ...path, "enabled");
  if (typeof value !== "boolean") throw wrongType([...path, "enabled"], "true or false", value);
  return value;
}

function rateLimiting(config: Config): RateLimiterOptions | false {
  if (!enabledAt(config, "script-behavior", "rate-limiting")) return false;
  const perSecond = numberAt(config, "script-behavior", "rate-limiting", "calls-per-second");
  const burst = numberAt(config, "script-behavior", "rate-limiting", "burst-size");
  return { limits: [{ perSecond, burst }] };
}

function circuitBreaker(config: Config): CircuitBreakerOptions | false {
  if (!enabledAt(config, "script-behavior", "circuit-breaker")) return false;
  return {
    failureThreshold: numberAt(config, "script-behavior", "circuit-breaker", "failure-threshold"),
    resetTimeoutMs: numberAt(config, "script-behavior", "circuit-breaker", "timeout-seconds") * SECOND,
  };
}

function retry(config: Config): RetryOptions {
  const timeouts = (key: string): number => numberAt(config, "script-behavior", "api-timeouts", key);
  return {
    maxRetries: timeouts("max-retries"),
    factor: timeouts("backoff-factor"),
    maxRetryAfterMs: timeouts("max-retry-after-seconds") * SECOND,
    baseDelayMs: numberAt(config, "script-behavior", "api-delay-seconds") * SECOND,
    jitter: {
      minFactor: numberAt(config, "script-behavior", "jitter", "min-factor"),
      maxFactor: numberAt(config, "script-behavior", "jitter", "max-factor"),
    },
  };
}

function polling(config: Config): PollingOptions {
  return {
    maxWaitMs: numberAt(config, "script-behavior", "api-timeouts", "async-max-wait") * SECOND,
    intervalMs: numberAt(config, "script-behavior", "api-timeouts", "async-poll-interval") * SECOND,
  };
}

function baseUrlAt(config: Config): string {
  const value: unknown = requireConfig(config, "global", "api-base-url");
  if (typeof value !== "string") throw wrongType(["global", "api-base-url"], "a URL string", value);
  return value;
}

/**
 * Everything `createRestClient` takes from the TXO v3 configuration, read only through
 * `requireConfig`: a missing key is a `ConfigurationError` naming its path, never a silent default.
 * `enabled: false` turns the limiter or the breaker off (their other keys are then not read).
 */
export function restClientOptionsFromConfig(config: Config): RestClientOptions {
  return {
    baseUrl: baseUrlAt(config),
    timeoutMs: numberAt(config, "script-behavior", "api-timeouts", "rest-timeout-seconds") * SECOND,
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
