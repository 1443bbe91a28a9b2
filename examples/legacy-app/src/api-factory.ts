/**
 * Builds API clients from the application configuration: base URL, rate limiting, circuit
 * breaker and retry settings.
 *
 * Legacy shape: every setting has a silent built-in default, so a typo in the configuration
 * file is never noticed, and clients live in a module-level cache shared by the whole process.
 */
import { type AppConfig, ConfigSection } from "./config-loader.js";
import { logger } from "./logger.js";
import { ApiError, executeRequest, type JitterRange, type RequestOptions, sleep } from "./rest-api-helpers.js";

export interface RateLimitSettings {
  enabled: boolean;
  callsPerSecond: number;
  burstSize: number;
}

export interface CircuitBreakerSettings {
  enabled: boolean;
  failureThreshold: number;
  timeoutSeconds: number;
}

export interface ClientTuning {
  baseUrl: string;
  delaySeconds: number;
  rateLimit: RateLimitSettings;
  circuitBreaker: CircuitBreakerSettings;
  request: Required<Pick<RequestOptions, "timeoutSeconds" | "maxRetries" | "backoffFactor" | "maxRetryAfterSeconds" | "asyncMaxWaitSeconds" | "asyncPollIntervalSeconds">> & { jitter: JitterRange };
}

export interface ApiClientOptions {
  /** Called before every request; its token goes into the Authorization header. */
  tokenProvider?: () => Promise<string>;
  /** Reuse the cached client for this configuration (the default). */
  useCache?: boolean;
}

export interface CallOptions {
  query?: RequestOptions["query"];
  headers?: Record<string, string>;
}

export interface ApiClient {
  readonly baseUrl: string;
  readonly tuning: ClientTuning;
  get<T = unknown>(path: string, call?: CallOptions): Promise<T>;
  post<T = unknown>(path: string, body: unknown, call?: CallOptions): Promise<T>;
  put<T = unknown>(path: string, body: unknown, call?: CallOptions): Promise<T>;
  delete<T = unknown>(path: string, call?: CallOptions): Promise<T>;
}

const apiCache = new Map<string, ApiClient>();

/** Spaces calls evenly: at most `callsPerSecond`, with up to `burstSize` calls back to back. */
export class RateLimiter {
  private readonly intervalMs: number;
  private nextSlot = 0;

  constructor(callsPerSecond: number, private readonly burstSize: number) {
    this.intervalMs = 1000 / callsPerSecond;
  }

  async acquire(): Promise<void> {
    const now = Date.now();
    const earliest = now - (this.burstSize - 1) * this.intervalMs;
    const slot = Math.max(this.nextSlot, earliest);
    this.nextSlot = slot + this.intervalMs;
    if (slot > now) await sleep(slot - now);
  }
}

/** Opens after `failureThreshold` consecutive failures and lets one call through after the timeout. */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openedAt: number | undefined;

  constructor(private readonly failureThreshold: number, private readonly timeoutMs: number) {}

  get isOpen(): boolean {
    return this.openedAt !== undefined && Date.now() - this.openedAt < this.timeoutMs;
  }

  async call<T>(operation: () => Promise<T>, description: string): Promise<T> {
    if (this.isOpen) {
      throw new ApiError(`Circuit breaker is open; not calling ${description}`, 503, description);
    }
    try {
      const result = await operation();
      this.consecutiveFailures = 0;
      this.openedAt = undefined;
      return result;
    } catch (error) {
      this.consecutiveFailures += 1;
      if (this.consecutiveFailures >= this.failureThreshold) {
        this.openedAt = Date.now();
        logger.warn(`Circuit breaker opened after ${this.consecutiveFailures} failures (${description})`);
      }
      throw error;
    }
  }
}

export function readClientTuning(config: AppConfig): ClientTuning {
  const scriptBehavior = config["script-behavior"] ?? {};
  const rateLimiting = scriptBehavior["rate-limiting"] ?? {};
  const timeouts = scriptBehavior["api-timeouts"] ?? {};
  const breakerConfig = new ConfigSection(scriptBehavior["circuit-breaker"]);
  const jitterConfig = new ConfigSection(scriptBehavior.jitter);
  return {
    baseUrl: process.env.ACME_API_URL || config.global["api-base-url"],
    delaySeconds: scriptBehavior["api-delay-seconds"] ?? 1,
    rateLimit: {
      enabled: rateLimiting.enabled ?? true,
      callsPerSecond: rateLimiting["calls-per-second"] || 10,
      burstSize: rateLimiting["burst-size"] ?? 1,
    },
    circuitBreaker: {
      enabled: breakerConfig.get("enabled", true),
      failureThreshold: breakerConfig.get("failure-threshold", 5),
      timeoutSeconds: breakerConfig.get("timeout-seconds", 60),
    },
    request: {
      timeoutSeconds: timeouts["rest-timeout-seconds"] ?? 60,
      maxRetries: timeouts["max-retries"] ?? 3,
      backoffFactor: timeouts["backoff-factor"] || 2,
      maxRetryAfterSeconds: timeouts["max-retry-after-seconds"] ?? 120,
      asyncMaxWaitSeconds: timeouts["async-max-wait"] ?? 300,
      asyncPollIntervalSeconds: timeouts["async-poll-interval"] ?? 5,
      jitter: {
        min: jitterConfig.get("min-factor", 0.5),
        max: jitterConfig.get("max-factor", 1.5),
      },
    },
  };
}

function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

function buildClient(tuning: ClientTuning, options: ApiClientOptions): ApiClient {
  const limiter = tuning.rateLimit.enabled ? new RateLimiter(tuning.rateLimit.callsPerSecond, tuning.rateLimit.burstSize) : undefined;
  const breaker = tuning.circuitBreaker.enabled
    ? new CircuitBreaker(tuning.circuitBreaker.failureThreshold, tuning.circuitBreaker.timeoutSeconds * 1000)
    : undefined;

  async function send<T>(method: string, path: string, body: unknown, call: CallOptions = {}): Promise<T> {
    const url = joinUrl(tuning.baseUrl, path);
    await limiter?.acquire();
    const token = options.tokenProvider ? await options.tokenProvider() : undefined;
    const request = (): Promise<T> => executeRequest<T>(url, { ...tuning.request, method, body, token, query: call.query, headers: call.headers });
    try {
      return breaker ? await breaker.call(request, `${method} ${url}`) : await request();
    } finally {
      if (tuning.delaySeconds > 0) await sleep(tuning.delaySeconds * 1000);
    }
  }

  return {
    baseUrl: tuning.baseUrl,
    tuning,
    get: (path, call) => send("GET", path, undefined, call),
    post: (path, body, call) => send("POST", path, body, call),
    put: (path, body, call) => send("PUT", path, body, call),
    delete: (path, call) => send("DELETE", path, undefined, call),
  };
}

/** One client per organisation, environment and base URL, shared by every caller. */
export function createApiClient(config: AppConfig, options: ApiClientOptions = {}): ApiClient {
  const tuning = readClientTuning(config);
  const cacheKey = `${config._orgId}:${config._envType}:${tuning.baseUrl}`;
  const cached = apiCache.get(cacheKey);
  if (cached && options.useCache !== false) return cached;

  const client = buildClient(tuning, options);
  apiCache.set(cacheKey, client);
  logger.info(`Created API client for ${tuning.baseUrl}`, { rateLimit: tuning.rateLimit.enabled, circuitBreaker: tuning.circuitBreaker.enabled });
  return client;
}

export function clearApiCache(): void {
  apiCache.clear();
}

export function cachedClientCount(): number {
  return apiCache.size;
}
