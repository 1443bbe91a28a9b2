import type { IncomingHttpHeaders } from "node:http";
import { ApiOperationError, HelpfulError } from "../errors.js";
import { CircuitBreaker, type CircuitBreakerOptions } from "../resilience/circuit-breaker.js";
import { type Clock, SystemClock } from "../resilience/clock.js";
import { RateLimiter, type RateLimiterOptions } from "../resilience/rate-limiter.js";
import { parseRetryAfter, type RetryOptions, RetryPolicy } from "../resilience/retry.js";
import { decodeBody, encodeBody, firstHeader, type RequestBody } from "./body.js";
import { BodyTooLargeError, BufferingHandler } from "./buffering-handler.js";
import { AttemptTimer } from "./attempt-timer.js";
import { CallScope } from "./call-scope.js";
import { CredentialPolicy } from "./credentials.js";
import { parseHttpUrl } from "./http-url.js";
import { defaultNextLink, defaultPageItems } from "./pagination.js";
import { operationFailedError, operationStatus, pollingTimeoutError } from "./polling.js";
import { PoolCache } from "./pool-cache.js";
import { decideRedirect, type RedirectDecision, type RedirectPolicy } from "./redirects.js";
import { checkedByteLimit, DEFAULT_MAX_RESPONSE_BYTES, responseTooLargeError } from "./response-limits.js";
import {
  attemptTimeoutError,
  connectionError,
  errorForStatus,
  IDEMPOTENT_METHODS,
  RETRYABLE_STATUSES,
  transientConnectionCode,
} from "./status-errors.js";

export type HttpMethod = "GET" | "HEAD" | "OPTIONS" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface PollingOptions {
  /** Longest time to poll a 202 operation before `ApiTimeoutError`. */
  readonly maxWaitMs: number;
  /** Shortest wait between polls; a longer `Retry-After` is honoured, a shorter one (or `0`) is not. */
  readonly intervalMs: number;
}

/**
 * Supplies the `Authorization` header of requests to the client's own origin (never to another
 * one) and hears when the API refused it, e.g. a `TokenProvider`.
 */
export interface RequestAuthorizer {
  authorization(signal?: AbortSignal): Promise<string>;
  /** The API answered 401 to `authorization`; the call is then sent once more with a fresh one. */
  rejected(authorization: string): void;
}

export interface RestClientOptions {
  /** Base URL that relative paths are appended to, e.g. `https://api.example.com/v1`. */
  readonly baseUrl: string;
  /** Headers sent with every request (per-call headers override them). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Per attempt: the whole exchange, response body included. Default 30 000. */
  readonly timeoutMs?: number;
  /** Overall limit for a call, retries, waits and polling included. Default none. */
  readonly deadlineMs?: number;
  /** Retry policy for idempotent calls; `false` never retries. Default `{ maxRetries: 3 }`. */
  readonly retry?: RetryOptions | false;
  /** Limiter for every attempt, retries and polls included; `false` (default) for none. */
  readonly rateLimiter?: RateLimiter | RateLimiterOptions | false;
  /** Breaker for every attempt; `false` for none. Default: a breaker with its defaults. */
  readonly circuitBreaker?: CircuitBreaker | CircuitBreakerOptions | false;
  /** 202 Accepted polling; `false` returns the 202 response as is. Default 300 s / 5 s. */
  readonly polling?: PollingOptions | false;
  /** Origins with a pool of their own before the least recently used is closed. Default 16. */
  readonly maxOrigins?: number;
  /** Sockets per origin. Default 16. */
  readonly connectionsPerOrigin?: number;
  /** Idle kept-alive sockets close after this. Default 4 000. */
  readonly keepAliveTimeoutMs?: number;
  /** Authorises requests to the base URL's origin per attempt; a 401 is retried once with a fresh credential. */
  readonly authorizer?: RequestAuthorizer;
  /** Origins besides `baseUrl`'s that may receive credentials and be redirected to. Default none. */
  readonly trustedOrigins?: readonly string[];
  /** Header names that carry credentials, besides `authorization`, `cookie` and secret-named ones. */
  readonly sensitiveHeaders?: readonly string[];
  /** Redirects followed per request (same origin or trusted only); `0` makes every 3xx an error. Default 5. */
  readonly maxRedirects?: number;
  /** Largest response body read, in bytes; a larger one fails the call. Default 64 MiB. */
  readonly maxResponseBytes?: number;
  readonly clock?: Clock;
}

export interface RequestOptions {
  readonly signal?: AbortSignal;
  readonly headers?: Readonly<Record<string, string>>;
  /** Overrides the client's per-attempt timeout. */
  readonly timeoutMs?: number;
  /** Overrides the client's overall deadline. */
  readonly deadlineMs?: number;
  /** Query parameters appended to the path (undefined values are left out). */
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** `true` retries even a non-idempotent method (the caller vouches it is safe); `false` never retries. */
  readonly retry?: boolean;
}

export interface SendOptions extends RequestOptions {
  readonly body?: RequestBody;
}

export interface RestResponse<T = unknown> {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: T;
  /** URL of the response that produced the body (the monitor URL after 202 polling). */
  readonly url: string;
}

export interface PaginateOptions extends RequestOptions {
  /** Items of a page. Default: the array body, or its `value`/`items`/`data`/`results` array. */
  readonly items?: (body: unknown) => readonly unknown[];
  /** URL of the next page, `undefined` at the end. Default: `@odata.nextLink`/`nextLink`/`next`, then `Link: rel="next"`. */
  readonly nextLink?: (body: unknown, headers: IncomingHttpHeaders) => string | undefined;
}

interface Target {
  readonly origin: string;
  readonly path: string;
  readonly url: string;
}

interface Attempt {
  readonly method: string;
  readonly target: Target;
  readonly payload: string | Uint8Array | undefined;
  /** Every header of the call; those carrying credentials reach untrusted origins only as `callHeaders`. */
  readonly headers: Readonly<Record<string, string>>;
  /** The origin the caller named (its path or absolute URL), where its own headers may go. */
  readonly callOrigin: string | undefined;
  readonly callHeaders: Readonly<Record<string, string>> | undefined;
  readonly timeoutMs: number;
  readonly scope: CallScope;
}

/** An attempt ended by the caller, the deadline or `close()`: reported past the breaker, never counted by it. */
interface Cancelled {
  readonly cancelled: unknown;
}

interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  readonly url: string;
}

function invalidBaseUrl(baseUrl: string, cause?: unknown): HelpfulError {
  return new HelpfulError({
    whatWentWrong: `RestClient baseUrl "${baseUrl}" is not an absolute http(s) URL.`,
    howToFix: "Set global.api-base-url (or baseUrl) to the API's absolute URL.",
    example: '"global": { "api-base-url": "https://api.example.com/v1" }',
    cause,
  });
}

function parseBaseUrl(baseUrl: string): { origin: string; basePath: string } {
  const parsed = parseHttpUrl(baseUrl, invalidBaseUrl);
  return { origin: parsed.origin, basePath: parsed.pathname.replace(/\/+$/, "") };
}

function targetOf(url: URL): Target {
  return { origin: url.origin, path: `${url.pathname}${url.search}`, url: url.href };
}

function appendQuery(path: string, query: RequestOptions["query"]): string {
  if (query === undefined) return path;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) search.append(key, String(value));
  const text = search.toString();
  if (text === "") return path;
  return `${path}${path.includes("?") ? "&" : "?"}${text}`;
}

function ownedOrGiven<T, O>(
  value: T | O | false | undefined,
  fallback: O | undefined,
  create: (options: O) => T,
  isInstance: (value: unknown) => value is T,
): { instance: T | undefined; owned: boolean } {
  if (value === false) return { instance: undefined, owned: false };
  if (isInstance(value)) return { instance: value, owned: false };
  const options = value ?? fallback;
  return options === undefined ? { instance: undefined, owned: false } : { instance: create(options), owned: true };
}

/**
 * HTTP client for JSON APIs on undici, with its own dispatcher (never the global one): a bounded
 * LRU of keep-alive pools, per-attempt timeouts and an overall deadline, retries of idempotent
 * calls honouring `Retry-After`, a rate limiter and a circuit breaker applied to every attempt,
 * 202 Accepted polling, typed errors, and `close()` (or `await using`) that frees every socket.
 */
export class RestClient {
  readonly #origin: string;
  readonly #basePath: string;
  readonly #defaultHeaders: Readonly<Record<string, string>>;
  readonly #timeoutMs: number;
  readonly #deadlineMs: number | undefined;
  readonly #polling: PollingOptions | false;
  readonly #clock: Clock;
  readonly #pools: PoolCache;
  readonly #retry: RetryPolicy | undefined;
  readonly #limiter: RateLimiter | undefined;
  readonly #ownsLimiter: boolean;
  readonly #breaker: CircuitBreaker | undefined;
  /** Errors this client produced for transient conditions, with any server-requested delay. */
  readonly #transient = new WeakMap<object, number | undefined>();
  readonly #scopes = new Set<CallScope>();
  readonly #authorizer: RequestAuthorizer | undefined;
  /** Calls that already replayed a 401 with a fresh credential (once per call). */
  readonly #reauthorized = new WeakSet<CallScope>();
  readonly #credentials: CredentialPolicy;
  readonly #redirects: RedirectPolicy;
  readonly #maxResponseBytes: number;
  #closed = false;

  constructor(options: RestClientOptions) {
    ({ origin: this.#origin, basePath: this.#basePath } = parseBaseUrl(options.baseUrl));
    this.#defaultHeaders = { accept: "application/json", ...options.headers };
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#deadlineMs = options.deadlineMs;
    this.#polling = options.polling ?? { maxWaitMs: 300_000, intervalMs: 5_000 };
    this.#clock = options.clock ?? new SystemClock();
    this.#pools = new PoolCache(options.maxOrigins ?? 16, {
      connections: options.connectionsPerOrigin ?? 16,
      keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? 4_000,
    });
    const limiter = ownedOrGiven(
      options.rateLimiter,
      undefined,
      (o: RateLimiterOptions) => new RateLimiter({ clock: this.#clock, ...o }),
      (v): v is RateLimiter => v instanceof RateLimiter,
    );
    this.#limiter = limiter.instance;
    this.#ownsLimiter = limiter.owned;
    this.#breaker = ownedOrGiven(
      options.circuitBreaker,
      {},
      (o: CircuitBreakerOptions) => new CircuitBreaker({ clock: this.#clock, name: this.#origin, ...o }),
      (v): v is CircuitBreaker => v instanceof CircuitBreaker,
    ).instance;
    this.#retry = options.retry === false ? undefined : this.#retryPolicy(options.retry ?? {});
    this.#authorizer = options.authorizer;
    this.#credentials = new CredentialPolicy({
      ownOrigin: this.#origin,
      trustedOrigins: options.trustedOrigins,
      sensitiveHeaders: options.sensitiveHeaders,
    });
    this.#redirects = {
      maxRedirects: options.maxRedirects ?? 5,
      mayFollowTo: (origin) => this.#credentials.isTrusted(origin),
    };
    this.#maxResponseBytes = checkedByteLimit(options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
  }

  /** The client's circuit breaker (to observe its events or state), if it has one. */
  get circuitBreaker(): CircuitBreaker | undefined {
    return this.#breaker;
  }

  /** The client's rate limiter, if it has one (share it with other work to keep one budget). */
  get rateLimiter(): RateLimiter | undefined {
    return this.#limiter;
  }

  get<T = unknown>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>("GET", path, options);
  }

  delete<T = unknown>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>("DELETE", path, options);
  }

  post<T = unknown>(path: string, body?: RequestBody, options?: RequestOptions): Promise<T> {
    return this.request<T>("POST", path, { ...options, body });
  }

  put<T = unknown>(path: string, body?: RequestBody, options?: RequestOptions): Promise<T> {
    return this.request<T>("PUT", path, { ...options, body });
  }

  patch<T = unknown>(path: string, body?: RequestBody, options?: RequestOptions): Promise<T> {
    return this.request<T>("PATCH", path, { ...options, body });
  }

  /** Sends a request and resolves to its parsed body (JSON, text, or undefined when empty). */
  async request<T = unknown>(method: HttpMethod, path: string, options: SendOptions = {}): Promise<T> {
    return (await this.send<T>(method, path, options)).body;
  }

  /** Sends a request and resolves to status, headers and parsed body. */
  send<T = unknown>(method: HttpMethod, path: string, options: SendOptions = {}): Promise<RestResponse<T>> {
    return this.#send<T>(method, path, options, undefined);
  }

  /** `callOrigin`: where the caller's own headers may go when `path` came from a server (a next link). */
  async #send<T>(
    method: HttpMethod,
    path: string,
    options: SendOptions,
    callOrigin: string | undefined,
  ): Promise<RestResponse<T>> {
    const target = this.#target(path, options.query);
    if (this.#closed) throw this.#closedError(method, target.url);
    const scope = new CallScope(this.#scopes, options.signal, options.deadlineMs ?? this.#deadlineMs);
    try {
      const attempt = this.#prepare(method, target, options, scope, callOrigin ?? target.origin);
      const raw = await this.#exchange(attempt, options.retry);
      const final = raw.status === 202 && this.#polling !== false ? await this.#poll(attempt, raw, this.#polling) : raw;
      // T is the caller's declared shape of the decoded body; the client does not check it at run time.
      return { status: final.status, headers: final.headers, body: this.#decode(final, method) as T, url: final.url };
    } catch (error) {
      throw scope.translate(error, method, target.url);
    } finally {
      scope.dispose();
    }
  }

  /**
   * Yields every item of a paged collection, following next links (same origin or not; credentials
   * go only to the client's own and trusted origins, and the caller's headers to the first page's).
   */
  async *paginate<T = unknown>(path: string, options: PaginateOptions = {}): AsyncGenerator<T, void, undefined> {
    const itemsOf = options.items ?? defaultPageItems;
    const nextOf = options.nextLink ?? defaultNextLink;
    const callOrigin = this.#target(path, undefined).origin;
    let next: string | undefined = path;
    let query = options.query;
    while (next !== undefined) {
      const page: RestResponse = await this.#send("GET", next, { ...options, query }, callOrigin);
      // T is the caller's declared item type; itemsOf only proves the page holds an array.
      yield* itemsOf(page.body) as readonly T[];
      const link = nextOf(page.body, page.headers);
      next = link === undefined ? undefined : new URL(link, page.url).href;
      query = undefined;
    }
  }

  /** Cancels every running call and closes every pool; resolves once all sockets are gone. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const scope of this.#scopes) scope.abort("closed");
    if (this.#ownsLimiter) this.#limiter?.close();
    await this.#pools.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #retryPolicy(options: RetryOptions): RetryPolicy {
    return new RetryPolicy({
      clock: this.#clock,
      ...options,
      // #transient is a WeakMap keyed by objects; has() and get() are false/undefined for any other value.
      isRetryable: (error) => this.#transient.has(error as object) && (options.isRetryable?.(error) ?? true),
      // Same WeakMap lookup: get() is undefined for anything not recorded as transient.
      retryAfterOf: (error) => this.#transient.get(error as object),
      onRetry: (info) => {
        // A server's Retry-After holds back every caller of this client, not just this one.
        if (info.fromServer) this.#limiter?.pauseFor(info.delayMs);
        options.onRetry?.(info);
      },
    });
  }

  #target(path: string, query: RequestOptions["query"]): Target {
    if (/^https?:\/\//i.test(path)) return targetOf(new URL(appendQuery(path, query)));
    const relative = appendQuery(`${this.#basePath}${path.startsWith("/") ? "" : "/"}${path}`, query);
    return { origin: this.#origin, path: relative, url: `${this.#origin}${relative}` };
  }

  #prepare(method: string, target: Target, options: SendOptions, scope: CallScope, callOrigin: string): Attempt {
    const { payload, contentType } = encodeBody(options.body);
    let headers = this.#defaultHeaders;
    if (contentType !== undefined || options.headers !== undefined) {
      headers = {
        ...headers,
        ...(contentType === undefined ? {} : { "content-type": contentType }),
        ...options.headers,
      };
    }
    return {
      method,
      target,
      payload,
      headers,
      callOrigin,
      callHeaders: options.headers,
      timeoutMs: options.timeoutMs ?? this.#timeoutMs,
      scope,
    };
  }

  /** The attempt with its retries, then each redirect the policy allows (redirects.ts); a 3xx is never a result. */
  async #exchange(first: Attempt, retryOverride: boolean | undefined): Promise<RawResponse> {
    let attempt = first;
    const visited = new Set([first.target.url]);
    for (;;) {
      const raw = await this.#withRetries(attempt, retryOverride);
      const decision = decideRedirect(
        { method: attempt.method, url: raw.url, headers: attempt.headers },
        raw.status,
        raw.headers,
        visited,
        this.#redirects,
      );
      if (decision.kind === "final") return raw;
      if (decision.kind === "error") throw decision.error;
      visited.add(decision.url.href);
      attempt = redirected(attempt, decision);
    }
  }

  /** The headers `attempt` may send to its target's origin (credentials.ts). */
  #headersFor(attempt: Attempt): Readonly<Record<string, string>> {
    const { target, headers, callOrigin, callHeaders } = attempt;
    if (target.origin === this.#origin) return headers;
    return this.#credentials.headersFor(headers, target.origin, target.origin === callOrigin ? callHeaders : undefined);
  }

  #withRetries(attempt: Attempt, retryOverride: boolean | undefined): Promise<RawResponse> {
    const retrying = retryOverride ?? IDEMPOTENT_METHODS.has(attempt.method);
    if (!retrying || this.#retry === undefined) return this.#attempt(attempt);
    // The scope's signal is fetched only if a back-off wait actually starts.
    return this.#retry.execute(
      () => this.#attempt(attempt),
      () => attempt.scope.signal,
    );
  }

  /** One attempt: its credential, a token from the limiter, then the request through the breaker. */
  async #attempt(attempt: Attempt): Promise<RawResponse> {
    const sent = await this.#authorize(attempt);
    const limiter = this.#limiter;
    if (limiter !== undefined && !limiter.tryAcquire()) await limiter.acquire(attempt.scope.signal);
    const raw =
      this.#breaker === undefined
        ? await this.#dispatch(sent)
        : await this.#breaker.execute(() => this.#dispatch(sent));
    // Cancellation and client errors are not outages: they are raised outside the breaker.
    if ("cancelled" in raw) throw raw.cancelled;
    if (raw.status === 401 && sent !== attempt && this.#replayWithFreshCredential(sent)) return this.#attempt(attempt);
    if (raw.status >= 400) throw this.#statusError(attempt, raw);
    return raw;
  }

  /** The attempt with the authorizer's header, for the client's own origin only (unless the caller set one). */
  async #authorize(attempt: Attempt): Promise<Attempt> {
    if (this.#authorizer === undefined || attempt.target.origin !== this.#origin || "authorization" in attempt.headers)
      return attempt;
    const authorization = await this.#authorizer.authorization(attempt.scope.signal);
    return { ...attempt, headers: { ...attempt.headers, authorization } };
  }

  #replayWithFreshCredential(sent: Attempt): boolean {
    const authorization = sent.headers.authorization;
    if (this.#authorizer === undefined || authorization === undefined || this.#reauthorized.has(sent.scope))
      return false;
    this.#reauthorized.add(sent.scope);
    this.#authorizer.rejected(authorization);
    return true;
  }

  /** Sends on the origin's pool and reads the whole body; server failures throw (and count against the breaker). */
  async #dispatch(attempt: Attempt): Promise<RawResponse | Cancelled> {
    const { method, target, payload, timeoutMs, scope } = attempt;
    if (scope.aborted) return { cancelled: scope.reason };
    const headers = this.#headersFor(attempt);
    const handler = new BufferingHandler(this.#maxResponseBytes);
    const timer = new AttemptTimer(handler, timeoutMs);
    scope.track(handler);
    let raw: RawResponse;
    try {
      this.#pools.get(target.origin).dispatch({ path: target.path, method, headers, body: payload }, handler);
      const response = await handler.promise;
      raw = { status: response.status, headers: response.headers, text: response.text, url: target.url };
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the scope can abort during the await; TS keeps the narrowing from the check at the top
      if (scope.aborted) return { cancelled: error };
      throw this.#transportError(attempt, error, timer.timedOut);
    } finally {
      timer.clear();
      scope.track(undefined);
    }
    if (raw.status >= 500) throw this.#statusError(attempt, raw);
    return raw;
  }

  #statusError(attempt: Attempt, raw: RawResponse): ApiOperationError {
    const retryAfterMs = parseRetryAfter(
      firstHeader(raw.headers, "retry-after"),
      firstHeader(raw.headers, "date"),
      this.#clock.wallNow(),
    );
    const withheld = raw.status === 401 && this.#credentialsWithheld(attempt);
    const error = errorForStatus({
      method: attempt.method,
      url: raw.url,
      status: raw.status,
      bodyText: raw.text,
      retryAfterMs,
      credentialsWithheld: withheld,
    });
    if (RETRYABLE_STATUSES.has(raw.status)) this.#transient.set(error, retryAfterMs);
    return error;
  }

  #credentialsWithheld(attempt: Attempt): boolean {
    const sent = this.#headersFor(attempt);
    return (
      sent !== attempt.headers &&
      Object.keys(attempt.headers).some((name) => this.#credentials.isSensitive(name) && !Object.hasOwn(sent, name))
    );
  }

  #transportError(attempt: Attempt, error: unknown, timedOut: boolean): unknown {
    let typed: ApiOperationError;
    if (error instanceof BodyTooLargeError) return responseTooLargeError(attempt.method, attempt.target.url, error);
    if (timedOut) {
      typed = Object.assign(attemptTimeoutError(attempt.method, attempt.target.url, attempt.timeoutMs), {
        cause: error,
      });
    } else {
      const code = transientConnectionCode(error);
      if (code === undefined) return error;
      typed = connectionError(attempt.method, attempt.target.url, error, code);
    }
    this.#transient.set(typed, undefined);
    return typed;
  }

  #decode(raw: RawResponse, method: string): unknown {
    try {
      return decodeBody(raw.text, raw.headers);
    } catch (error) {
      throw new ApiOperationError({
        method,
        url: raw.url,
        status: raw.status,
        cause: error,
        whatWentWrong: `${method} ${raw.url} answered ${raw.status} with a body that claims to be JSON but does not parse.`,
        howToFix: "Check the API's response (content-type and body); the server may be returning an error page.",
      });
    }
  }

  /** Polls the monitor URL of a 202 until the operation ends or `maxWaitMs` passes. */
  async #poll(origin: Attempt, accepted: RawResponse, polling: PollingOptions): Promise<RawResponse> {
    const giveUpAt = this.#clock.now() + polling.maxWaitMs;
    let current = accepted;
    let monitor = this.#monitorUrl(accepted, undefined);
    if (monitor === undefined) return accepted;
    for (;;) {
      // The interval is a floor: `Retry-After: 0` (or a date in the past) would otherwise poll in a busy loop.
      const delayMs = Math.max(
        polling.intervalMs,
        parseRetryAfter(
          firstHeader(current.headers, "retry-after"),
          firstHeader(current.headers, "date"),
          this.#clock.wallNow(),
        ) ?? 0,
      );
      if (this.#clock.now() + delayMs > giveUpAt)
        throw pollingTimeoutError(origin.method, origin.target.url, monitor, polling.maxWaitMs);
      await this.#clock.sleep(delayMs, origin.scope.signal);
      const target = this.#target(monitor, undefined);
      current = await this.#exchange(
        { ...origin, method: "GET", target, payload: undefined, headers: this.#defaultHeaders, callHeaders: undefined },
        undefined,
      );
      const status = operationStatus(this.#decode(current, "GET"));
      if (status === "failed")
        throw operationFailedError(origin.method, origin.target.url, monitor, this.#decode(current, "GET"));
      if (status === "succeeded" || (current.status !== 202 && status === "none")) return current;
      monitor = this.#monitorUrl(current, monitor) ?? monitor;
    }
  }

  #monitorUrl(response: RawResponse, previous: string | undefined): string | undefined {
    const header = firstHeader(response.headers, "operation-location") ?? firstHeader(response.headers, "location");
    return header === undefined ? previous : new URL(header, response.url).href;
  }

  #closedError(method: string, url: string): HelpfulError {
    return new HelpfulError({
      whatWentWrong: `${method} ${url} was called on a RestClient that is already closed.`,
      howToFix: "Create a new client, or keep this one open until all of its calls are made.",
      example: "await using client = createRestClient(config);",
    });
  }
}

/** The next hop of a redirect: a 303 (or a 301/302 after POST) becomes a GET without its body. */
function redirected(attempt: Attempt, decision: Extract<RedirectDecision, { kind: "follow" }>): Attempt {
  const target = targetOf(decision.url);
  if (!decision.dropBody) return { ...attempt, target };
  const headers = Object.fromEntries(
    Object.entries(attempt.headers).filter(([name]) => name.toLowerCase() !== "content-type"),
  );
  return { ...attempt, target, method: decision.method, payload: undefined, headers };
}
