import { HelpfulError } from "../errors.js";
import { type Clock, SystemClock } from "../resilience/clock.js";
import { EventHub, type Listener, type ListenerFailureHandler } from "../resilience/event-hub.js";

/** What a token endpoint granted. */
export interface GrantedToken {
  readonly accessToken: string;
  /** Lifetime from `expires_in`; `undefined` when the endpoint did not say. */
  readonly expiresInSeconds: number | undefined;
  /** `token_type`, e.g. "Bearer". */
  readonly tokenType: string;
}

/**
 * One way of obtaining tokens (client credentials, a refresh token, a managed identity, …).
 * `cacheKey` names whose token it is: two grants with the same key share cached tokens.
 */
export interface TokenGrant {
  readonly cacheKey: string;
  request(signal?: AbortSignal): Promise<GrantedToken>;
  close?(): Promise<void>;
}

interface CachedToken {
  readonly accessToken: string;
  readonly tokenType: string;
  /** When to fetch a new one, on the provider clock's time line. */
  readonly refreshAt: number;
}

/** A new token was granted; deliberately without the token itself. */
export interface TokenRefresh {
  readonly cacheKey: string;
  readonly expiresInSeconds: number;
}

export interface TokenProviderEvents {
  refresh: TokenRefresh;
  /** The API refused a token (401) and it was dropped from the cache. */
  invalidated: { readonly cacheKey: string };
}

/**
 * Tokens by grant key, with at most one token request in flight per key. Share one cache between
 * providers (or clients) of the same process so they share tokens; nothing is module-global.
 */
export class TokenCache {
  readonly tokens = new Map<string, CachedToken>();
  readonly inFlight = new Map<string, Promise<CachedToken>>();

  clear(): void {
    this.tokens.clear();
    this.inFlight.clear();
  }
}

export interface TokenProviderOptions {
  readonly grant: TokenGrant;
  /** A token is renewed this long before it expires, so no request carries a dying one. Default 60 000. */
  readonly refreshSkewMs?: number;
  /** Lifetime assumed when the endpoint sends no `expires_in`. Default 300 s. */
  readonly defaultLifetimeSeconds?: number;
  /** Default: a cache of this provider's own. */
  readonly cache?: TokenCache;
  readonly clock?: Clock;
  /** Told about an event listener that threw. Default: a process warning. */
  readonly onListenerFailure?: ListenerFailureHandler;
}

function checkDuration(name: string, value: number): number {
  if (Number.isFinite(value) && value >= 0) return value;
  throw new HelpfulError({
    whatWentWrong: `TokenProvider option ${name} must be a finite number of at least 0, got ${String(value)}.`,
    howToFix: `Pass ${name} as a number.`,
    example: "new TokenProvider({ grant, refreshSkewMs: 60_000 })",
  });
}

/** Waits for `promise`, or rejects as soon as `signal` aborts (the shared request carries on for the others). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * Access tokens for API calls: cached per grant key until `refreshSkewMs` before expiry,
 * refreshed once for all concurrent callers, dropped when the API answers 401 so the next call
 * gets a fresh one. Tokens are never logged and never part of an event or an error message.
 */
export class TokenProvider {
  readonly #grant: TokenGrant;
  readonly #refreshSkewMs: number;
  readonly #defaultLifetimeMs: number;
  readonly #cache: TokenCache;
  readonly #clock: Clock;
  readonly #events: EventHub<TokenProviderEvents>;

  constructor(options: TokenProviderOptions) {
    this.#grant = options.grant;
    this.#refreshSkewMs = checkDuration("refreshSkewMs", options.refreshSkewMs ?? 60_000);
    this.#defaultLifetimeMs = checkDuration("defaultLifetimeSeconds", options.defaultLifetimeSeconds ?? 300) * 1000;
    this.#cache = options.cache ?? new TokenCache();
    this.#clock = options.clock ?? new SystemClock();
    this.#events = new EventHub(options.onListenerFailure);
  }

  on<K extends keyof TokenProviderEvents>(event: K, listener: Listener<TokenProviderEvents[K]>): () => void {
    return this.#events.on(event, listener);
  }

  /** A valid access token, from the cache or from one shared request to the grant. */
  async accessToken(signal?: AbortSignal): Promise<string> {
    return (await this.#token(signal)).accessToken;
  }

  /** The `Authorization` header value, e.g. `Bearer eyJ…`. */
  async authorization(signal?: AbortSignal): Promise<string> {
    const token = await this.#token(signal);
    return `${token.tokenType} ${token.accessToken}`;
  }

  /**
   * The API refused `authorization` (401): forget that token, unless a newer one has replaced it
   * already (another caller refreshed first), so one 401 never throws away a fresh token.
   */
  rejected(authorization: string): void {
    const key = this.#grant.cacheKey;
    const cached = this.#cache.tokens.get(key);
    if (cached === undefined || `${cached.tokenType} ${cached.accessToken}` !== authorization) return;
    this.#cache.tokens.delete(key);
    this.#events.emit("invalidated", { cacheKey: key });
  }

  /** Forgets this grant's cached token. */
  invalidate(): void {
    this.#cache.tokens.delete(this.#grant.cacheKey);
  }

  /** Closes the grant's connections (if it owns any). */
  async close(): Promise<void> {
    await this.#grant.close?.();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #token(signal: AbortSignal | undefined): Promise<CachedToken> {
    const key = this.#grant.cacheKey;
    const cached = this.#cache.tokens.get(key);
    if (cached !== undefined && cached.refreshAt > this.#clock.now()) return Promise.resolve(cached);
    let pending = this.#cache.inFlight.get(key);
    if (pending === undefined) {
      pending = this.#refresh(key).finally(() => this.#cache.inFlight.delete(key));
      this.#cache.inFlight.set(key, pending);
    }
    return untilAborted(pending, signal);
  }

  async #refresh(key: string): Promise<CachedToken> {
    const requestedAt = this.#clock.now();
    const granted = await this.#grant.request();
    const lifetimeMs =
      granted.expiresInSeconds === undefined ? this.#defaultLifetimeMs : granted.expiresInSeconds * 1000;
    // Measured from when the request left (the token's clock started no later than that); a
    // lifetime shorter than the skew still serves for half of it instead of never being reused.
    const usableMs = Math.max(lifetimeMs - this.#refreshSkewMs, lifetimeMs / 2);
    const token: CachedToken = {
      accessToken: granted.accessToken,
      tokenType: granted.tokenType,
      refreshAt: requestedAt + usableMs,
    };
    this.#cache.tokens.set(key, token);
    this.#events.emit("refresh", { cacheKey: key, expiresInSeconds: lifetimeMs / 1000 });
    return token;
  }
}
