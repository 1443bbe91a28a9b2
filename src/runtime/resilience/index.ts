export { type Clock, ManualClock, SystemClock } from "./clock.js";
export {
  type RateLimit,
  RateLimiter,
  type RateLimiterEvents,
  type RateLimiterOptions,
  type RateLimiterWait,
} from "./rate-limiter.js";
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
export {
  type JitterMode,
  parseRetryAfter,
  retry,
  type RetryAttemptInfo,
  type RetryOptions,
  RetryPolicy,
  retryAfterFromError,
} from "./retry.js";
export { Bulkhead, type BulkheadOptions, type BulkheadRejection } from "./bulkhead.js";
export {
  EventHub,
  type Listener,
  type ListenerFailure,
  type ListenerFailureHandler,
  warnAboutListenerFailure,
} from "./event-hub.js";
export {
  BreakerPolicy,
  BulkheadPolicy,
  LimiterPolicy,
  listenTo,
  type Observable,
  type Policy,
  type PolicyContext,
  type PolicyEvents,
  type PolicyListeners,
  type PolicyOptions,
  RetryingPolicy,
  type TimeoutOptions,
  TimeoutPolicy,
  wrap,
} from "./policy.js";
