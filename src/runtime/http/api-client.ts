/**
 * The composition root of an API client (the TXO template's `ApiFactory`, without its global
 * cache): one call turns the v3 configuration into a `RestClient` with rate limiter, circuit
 * breaker, retries with jitter, timeouts, 202 polling and OAuth tokens, wired to a logger and to
 * optional metrics listeners. Each call builds a new client; closing it frees everything it built.
 */
import { clientCredentialsGrantFromConfig } from "../auth/client-credentials.js";
import { TokenProvider } from "../auth/token-provider.js";
import type { Logger } from "../logger.js";
import type { Clock } from "../resilience/clock.js";
import { EventHub, type Listener, type ListenerFailureHandler } from "../resilience/event-hub.js";
import { listenTo, type PolicyEvents } from "../resilience/policy.js";
import type { RetryAttemptInfo } from "../resilience/retry.js";
import { type CreateRestClientOptions, restClientOptionsFromConfig } from "./create-rest-client.js";
import { type RequestAuthorizer, RestClient, type RestClientOptions } from "./rest-client.js";

export interface CreateApiClientOptions extends CreateRestClientOptions {
  /** Receives breaker state changes (warn), retries (info) and rate-limit waits (debug). Tokens are never logged. */
  readonly logger?: Pick<Logger, "debug" | "info" | "warn">;
  /**
   * Authorises requests. Default: a `TokenProvider` with the client-credentials grant read from
   * the configuration (`global.oauth-token-url`, `tenant-id`, `client-id`, `oauth-scope` and the
   * secrets file's `client-secret`), owned and closed by the client. `false`: no authorization.
   */
  readonly tokenProvider?: RequestAuthorizer | false;
  /** Listeners for metrics or tracing: retries, breaker state changes, rate-limit waits. */
  readonly listeners?: ApiClientListeners;
  /** Told about a listener (or logger) that threw; the call carries on. Default: a process warning. */
  readonly onListenerFailure?: ListenerFailureHandler;
}

/** Events an `ApiClient` reports, for logging, metrics or tracing. */
export type ApiClientEvents = Pick<PolicyEvents, "retry" | "breakerStateChange" | "breakerRejected" | "limiterWait">;

export type ApiClientListeners = { readonly [K in keyof ApiClientEvents]?: Listener<ApiClientEvents[K]> };

function describeRetry(info: RetryAttemptInfo): string {
  const reason = info.error instanceof Error ? info.error.message : "unknown error";
  return `Retry ${info.retry} in ${Math.round(info.delayMs)} ms${info.fromServer ? " (the server's Retry-After)" : ""} after: ${reason}`;
}

/** What the client tells its logger: outages loudly, retries as information, waits for debugging. */
function loggingListeners(logger: NonNullable<CreateApiClientOptions["logger"]>): ApiClientListeners {
  return {
    retry: (info) =>
      logger.info(describeRetry(info), {
        retry: info.retry,
        delayMs: Math.round(info.delayMs),
        fromServer: info.fromServer,
      }),
    breakerStateChange: (change) =>
      logger.warn(`Circuit breaker "${change.name}" went from ${change.from} to ${change.to}`, {
        from: change.from,
        to: change.to,
      }),
    limiterWait: (wait) =>
      logger.debug(`Waited ${Math.round(wait.waitedMs)} ms for the rate limit`, {
        waitedMs: Math.round(wait.waitedMs),
        stillWaiting: wait.stillWaiting,
      }),
  };
}

/** A `RestClient` whose policy events can be observed with `on()`, and that closes the token provider it created. */
export class ApiClient extends RestClient {
  readonly #events: EventHub<ApiClientEvents>;
  readonly #ownedTokenProvider: TokenProvider | undefined;

  constructor(
    options: RestClientOptions,
    events: EventHub<ApiClientEvents>,
    ownedTokenProvider: TokenProvider | undefined,
  ) {
    super(options);
    this.#events = events;
    this.#ownedTokenProvider = ownedTokenProvider;
    this.circuitBreaker?.on("stateChange", (change) => events.emit("breakerStateChange", change));
    this.circuitBreaker?.on("rejected", (rejection) => events.emit("breakerRejected", rejection));
    this.rateLimiter?.on("wait", (wait) => events.emit("limiterWait", wait));
  }

  /** Subscribes to retries, breaker state changes and rejections, and rate-limit waits; returns the unsubscriber. */
  on<K extends keyof ApiClientEvents>(event: K, listener: Listener<ApiClientEvents[K]>): () => void {
    return this.#events.on(event, listener);
  }

  override async close(): Promise<void> {
    await Promise.all([super.close(), this.#ownedTokenProvider?.close()]);
  }
}

function ownTokenProvider(
  config: object,
  clock: Clock | undefined,
  onListenerFailure: ListenerFailureHandler | undefined,
): TokenProvider {
  return new TokenProvider({ grant: clientCredentialsGrantFromConfig(config, { clock }), clock, onListenerFailure });
}

/**
 * Builds a ready client from the configuration. Use `await using client = createApiClient(config,
 * { logger })`, or call `close()`; the client owns its limiter, breaker, sockets and (unless one is
 * passed) its token provider. A missing or mistyped configuration key is a `ConfigurationError`.
 */
export function createApiClient(config: object, options: CreateApiClientOptions = {}): ApiClient {
  const { logger, tokenProvider, listeners = {}, onListenerFailure, ...extras } = options;
  const fromConfig = restClientOptionsFromConfig(config);
  const events = new EventHub<ApiClientEvents>(onListenerFailure);
  if (logger !== undefined) listenTo(events, loggingListeners(logger));
  listenTo(events, listeners);
  const owned = tokenProvider === undefined ? ownTokenProvider(config, extras.clock, onListenerFailure) : undefined;
  const retry =
    fromConfig.retry === false
      ? false
      : { ...fromConfig.retry, onRetry: (info: RetryAttemptInfo) => events.emit("retry", info) };
  return new ApiClient(
    { ...fromConfig, ...extras, retry, authorizer: tokenProvider === false ? undefined : (tokenProvider ?? owned) },
    events,
    owned,
  );
}
