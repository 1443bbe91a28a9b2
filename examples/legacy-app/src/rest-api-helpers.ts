/**
 * REST helpers on Node's global `fetch`: retries with exponential backoff, 429 Retry-After,
 * and 202 Accepted long-running operations.
 *
 * Legacy shape: one 150-line `executeRequest` that does everything, a polling loop in one
 * function, and request statistics kept in module state shared by every caller.
 */
import { logger } from "./logger.js";

export interface JitterRange {
  min: number;
  max: number;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Query parameters appended to the URL; undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** Bearer token for the Authorization header. */
  token?: string;
  timeoutSeconds?: number;
  maxRetries?: number;
  /** Delay before retry n (0-based) is `backoffFactor * 2^n` seconds, times a random jitter factor. */
  backoffFactor?: number;
  maxRetryAfterSeconds?: number;
  asyncMaxWaitSeconds?: number;
  asyncPollIntervalSeconds?: number;
  jitter?: JitterRange;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly url: string,
    readonly responseBody?: unknown,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "ApiError";
  }
}

export interface RequestStats {
  total: number;
  retried: number;
  failed: number;
  polled: number;
}

const RETRYABLE_STATUS_CODES: readonly number[] = Object.freeze([429, 500, 502, 503, 504]);

const STATUS_DESCRIPTIONS: Readonly<Record<number, string>> = Object.freeze({
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
});

const RUNNING_STATES: readonly string[] = Object.freeze(["notstarted", "queued", "running", "inprogress", "accepted"]);
const FAILED_STATES: readonly string[] = Object.freeze(["failed", "canceled", "cancelled"]);

const requestStats: RequestStats = { total: 0, retried: 0, failed: 0, polled: 0 };

export function getRequestStats(): RequestStats {
  return { ...requestStats };
}

export function resetRequestStats(): void {
  requestStats.total = 0;
  requestStats.retried = 0;
  requestStats.failed = 0;
  requestStats.polled = 0;
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, milliseconds)));
}

/** `Retry-After` is either delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

async function readResponseBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return undefined;
  const contentType = response.headers.get("content-type") ?? "";
  if (!contentType.includes("json")) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError(`Response from ${response.url} is not valid JSON`, response.status, response.url, text, { cause: error });
  }
}

export async function executeRequest<T = unknown>(url: string, options: RequestOptions = {}): Promise<T> {
  const method = (options.method ?? "GET").toUpperCase();
  const maxRetries = options.maxRetries ?? 3;
  const backoffFactor = options.backoffFactor ?? 2;
  const timeoutMs = (options.timeoutSeconds ?? 60) * 1000;
  const maxRetryAfterMs = (options.maxRetryAfterSeconds ?? 120) * 1000;
  const jitterMin = options.jitter?.min ?? 1;
  const jitterMax = options.jitter?.max ?? 1;

  // Build the request once; every attempt sends the same bytes.
  if (options.query) {
    const target = new URL(url);
    for (const [name, value] of Object.entries(options.query)) {
      if (value !== undefined) target.searchParams.set(name, String(value));
    }
    url = target.href;
  }
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    if (typeof options.body === "string") {
      body = options.body;
    } else {
      body = JSON.stringify(options.body);
      headers["Content-Type"] = "application/json";
    }
  }
  if (options.token) {
    headers.Authorization = `Bearer ${options.token}`;
  }
  requestStats.total += 1;
  const startedAt = Date.now();
  logger.debug(`${method} ${url}`, { maxRetries, timeoutMs });

  let lastError: unknown;
  for (let attempt = 0; attempt <= maxRetries; attempt++) {
    if (attempt > 0) {
      requestStats.retried += 1;
      logger.debug(`Retrying ${method} ${url}`, { attempt });
    }

    // Exponential backoff with jitter, used after network errors and 5xx responses.
    const jitterFactor = jitterMin + Math.random() * (jitterMax - jitterMin);
    const backoffMs = backoffFactor * 2 ** attempt * 1000 * jitterFactor;

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body, signal: controller.signal });
    } catch (error) {
      clearTimeout(timer);
      lastError = error;
      const timedOut = (error as Error).name === "AbortError";
      const reason = timedOut ? `timed out after ${timeoutMs} ms` : `failed: ${(error as Error).message}`;
      logger.warn(`${method} ${url} ${reason}`, { attempt });
      if (attempt < maxRetries) {
        await sleep(backoffMs);
        continue;
      }
      requestStats.failed += 1;
      throw new ApiError(`${method} ${url} ${reason} (after ${attempt + 1} attempts)`, 0, url, undefined, { cause: error });
    }

    // Rate limited: the server says how long to wait; never wait longer than the configured cap.
    if (response.status === 429) {
      clearTimeout(timer);
      const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
      const waitMs = Math.min(retryAfterMs === undefined ? backoffMs : retryAfterMs, maxRetryAfterMs);
      const rateLimitBody = await response.text();
      lastError = new ApiError(`${method} ${url} was rate limited (429)`, 429, url, rateLimitBody);
      if (attempt < maxRetries) {
        logger.warn(`Rate limited on ${method} ${url}; waiting ${waitMs} ms`, { attempt });
        await sleep(waitMs);
        continue;
      }
      requestStats.failed += 1;
      throw lastError;
    }

    // Server errors are worth another try; client errors are not.
    if (RETRYABLE_STATUS_CODES.includes(response.status)) {
      clearTimeout(timer);
      const errorBody = await response.text();
      const description = STATUS_DESCRIPTIONS[response.status] ?? "Server Error";
      lastError = new ApiError(`${method} ${url} failed with ${response.status} ${description}`, response.status, url, errorBody);
      if (attempt < maxRetries) {
        logger.warn(`${method} ${url} returned ${response.status}; retrying in ${Math.round(backoffMs)} ms`, { attempt });
        await sleep(backoffMs);
        continue;
      }
      requestStats.failed += 1;
      throw lastError;
    }

    // Long-running operation: poll until it finishes.
    if (response.status === 202) {
      clearTimeout(timer);
      return handleAsyncOperation<T>(response, url, options);
    }

    // An expired token is not worth retrying with the same header.
    if (response.status === 401) {
      clearTimeout(timer);
      const authBody = await response.text();
      requestStats.failed += 1;
      logger.error(`${method} ${url} was rejected (401): the access token is missing or expired`);
      throw new ApiError(`${method} ${url} failed with 401 Unauthorized`, 401, url, authBody);
    }

    if (!response.ok) {
      clearTimeout(timer);
      let errorBody: unknown;
      try {
        errorBody = await readResponseBody(response);
      } catch {
        errorBody = undefined;
      }
      requestStats.failed += 1;
      const description = STATUS_DESCRIPTIONS[response.status] ?? "Error";
      throw new ApiError(`${method} ${url} failed with ${response.status} ${description}`, response.status, url, errorBody);
    }

    if (response.status === 204) {
      clearTimeout(timer);
      return undefined as T;
    }

    // Success: the body is read under the same timeout as the headers.
    try {
      const result = (await readResponseBody(response)) as T;
      logger.debug(`${method} ${url} -> ${response.status} in ${Date.now() - startedAt} ms`, { attempts: attempt + 1 });
      return result;
    } catch (error) {
      if (error instanceof ApiError) {
        requestStats.failed += 1;
        throw error;
      }
      lastError = error;
      logger.warn(`Reading the response of ${method} ${url} failed: ${(error as Error).message}`, { attempt });
      if (attempt < maxRetries) {
        await sleep(backoffMs);
        continue;
      }
      requestStats.failed += 1;
      throw new ApiError(`${method} ${url} response could not be read`, response.status, url, undefined, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  requestStats.failed += 1;
  throw lastError instanceof Error ? lastError : new ApiError(`${method} ${url} failed`, 0, url);
}

export async function handleAsyncOperation<T = unknown>(accepted: Response, requestUrl: string, options: RequestOptions = {}): Promise<T> {
  const pollIntervalMs = (options.asyncPollIntervalSeconds ?? 5) * 1000;
  const maxWaitMs = (options.asyncMaxWaitSeconds ?? 300) * 1000;
  const maxRetryAfterMs = (options.maxRetryAfterSeconds ?? 120) * 1000;
  const timeoutMs = (options.timeoutSeconds ?? 60) * 1000;
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  if (options.token) {
    headers.Authorization = `Bearer ${options.token}`;
  }

  // Where to poll: Azure-style Operation-Location first, then the standard Location.
  const location = accepted.headers.get("operation-location") || accepted.headers.get("location");
  const acceptedBody = await readResponseBody(accepted);
  if (!location) {
    logger.warn(`202 Accepted from ${requestUrl} without a Location header; returning its body`);
    return acceptedBody as T;
  }
  const operationUrl = new URL(location, requestUrl).href;
  logger.info(`Waiting for operation ${operationUrl}`);

  const startedAt = Date.now();
  let waitMs = Math.min(parseRetryAfter(accepted.headers.get("retry-after")) ?? pollIntervalMs, maxRetryAfterMs);
  let polls = 0;
  while (Date.now() - startedAt + waitMs <= maxWaitMs) {
    await sleep(waitMs);
    polls += 1;
    requestStats.polled += 1;

    const response = await fetch(operationUrl, { headers, signal: AbortSignal.timeout(timeoutMs) });
    logger.debug(`Poll ${polls} of ${operationUrl} -> ${response.status}`);
    const nextWaitMs = Math.min(parseRetryAfter(response.headers.get("retry-after")) ?? pollIntervalMs, maxRetryAfterMs);
    if (response.status === 202) {
      await response.text();
      waitMs = nextWaitMs;
      continue;
    }
    if (!response.ok) {
      const errorBody = await readResponseBody(response).catch(() => undefined);
      throw new ApiError(`Polling ${operationUrl} failed with ${response.status}`, response.status, operationUrl, errorBody);
    }

    // 200 from the status endpoint: either the result itself or an operation status document.
    const body = (await readResponseBody(response)) as Record<string, unknown> | undefined;
    const state = typeof body?.status === "string" ? body.status.toLowerCase() : undefined;
    if (state !== undefined && RUNNING_STATES.includes(state)) {
      // Services that report progress get it logged; the others just get polled.
      const percentComplete = body?.percentComplete;
      if (typeof percentComplete === "number") {
        logger.info(`Operation ${operationUrl} is ${percentComplete}% complete`);
      }
      waitMs = nextWaitMs;
      continue;
    }
    if (state !== undefined && FAILED_STATES.includes(state)) {
      const error = body?.error as { message?: string } | undefined;
      const reason = error?.message ?? `operation ended as ${state}`;
      throw new ApiError(`Operation ${operationUrl} failed: ${reason}`, response.status, operationUrl, body);
    }
    logger.info(`Operation ${operationUrl} finished after ${polls} polls`);

    // A finished operation may point at the resource it created.
    const resourceLocation = body?.resourceLocation;
    if (typeof resourceLocation === "string") {
      const resourceUrl = new URL(resourceLocation, operationUrl).href;
      return executeRequest<T>(resourceUrl, { ...options, method: "GET", body: undefined });
    }
    if (state === "succeeded" && body !== undefined && !("result" in body)) {
      logger.warn(`Operation ${operationUrl} succeeded without a result or resourceLocation`);
      return body as T;
    }
    if (body !== undefined && "result" in body) {
      return body.result as T;
    }
    return body as T;
  }

  throw new ApiError(
    `Operation ${operationUrl} did not finish within ${maxWaitMs / 1000} s (${polls} polls)`,
    202,
    operationUrl,
  );
}
