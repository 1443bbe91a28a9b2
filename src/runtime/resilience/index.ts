export { type Clock, ManualClock, SystemClock } from "./clock.js";
export { type RateLimit, RateLimiter, type RateLimiterOptions } from "./rate-limiter.js";
export {
  CircuitBreaker,
  type CircuitBreakerEvents,
  type CircuitBreakerOptions,
  type CircuitBreakerSnapshot,
  type CircuitRejection,
  type CircuitState,
  type CircuitStateChange,
  type FailureRateOptions,
} from "./circuit-breaker.js";
export { RollingWindow } from "./rolling-window.js";
export { type JitterMode, parseRetryAfter, retry, type RetryAttemptInfo, type RetryOptions, RetryPolicy, retryAfterFromError } from "./retry.js";
