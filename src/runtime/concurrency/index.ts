export { type ItemHandler, type ParallelOptions, parallelMap } from "./parallel-map.js";
export { type RateLimitedOptions, rateLimitedParallel } from "./rate-limited.js";
export { type BatchHandler, type BatchInfo, type BatchOptions, batchProcess } from "./batch.js";
export type {
  ProcessingFailure,
  ProcessingProgress,
  ProcessingResults,
  ProcessingSkip,
  ProcessingSuccess,
} from "./results.js";
export { ResultTracker, type ResultTrackerOptions } from "./result-tracker.js";
