import {
  ApiAuthenticationError,
  ApiOperationError,
  ApiRateLimitError,
  ApiTimeoutError,
  EntityNotFoundError,
  HelpfulError,
} from "../errors.js";

/** Statuses worth retrying: throttling and the server-side failures that are usually transient. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** Methods that may be repeated without changing the outcome (RFC 9110 §9.2.2). */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]);

/** Socket-level failures where trying again on a fresh connection often succeeds. */
const TRANSIENT_CONNECTION_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

export interface FailedResponse {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly bodyText: string;
  readonly retryAfterMs: number | undefined;
  /** The client kept its credentials back because the URL's origin is not trusted. */
  readonly credentialsWithheld?: boolean;
}

const WITHHELD_HINT =
  " The client did not send its credentials there: that origin is neither the baseUrl's nor in trustedOrigins. Add it to trustedOrigins if it should receive them.";

function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; typeof current === "object" && current !== null && depth < 5; depth++) {
    // The loop condition makes current a non-null object; a missing `code` reads as undefined.
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && TRANSIENT_CONNECTION_CODES.has(code)) return code;
    // Still the non-null object checked by the loop; a missing `cause` ends the loop as undefined.
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The transient socket error code inside `error` (or its causes), if any. */
export function transientConnectionCode(error: unknown): string | undefined {
  return errorCode(error);
}

function snippet(bodyText: string): string {
  const trimmed = bodyText.trim();
  return trimmed.length > 300 ? `${trimmed.slice(0, 300)}…` : trimmed;
}

function describe(response: FailedResponse): string {
  const body = snippet(response.bodyText);
  return `${response.method} ${response.url} answered ${response.status}${body === "" ? "" : `: ${body}`}`;
}

/** The typed error for a non-success HTTP status. */
export function errorForStatus(response: FailedResponse): ApiOperationError {
  const common = {
    status: response.status,
    method: response.method,
    url: response.url,
    context: { operation: `${response.method} request`, resource: response.url },
  };
  const what = describe(response);
  switch (response.status) {
    case 401:
      return new ApiAuthenticationError({
        ...common,
        whatWentWrong: `${what} (not authenticated).`,
        howToFix: `Check the credentials or token sent with the request and that they have not expired.${response.credentialsWithheld === true ? WITHHELD_HINT : ""}`,
        example:
          response.credentialsWithheld === true
            ? 'new RestClient({ baseUrl, trustedOrigins: ["https://status.example.com"] })'
            : 'headers: { authorization: "Bearer <token>" }',
      });
    case 404:
      return new EntityNotFoundError({
        ...common,
        whatWentWrong: `${what} (not found).`,
        howToFix: "Check the path and the identifier in it; the resource may have been deleted.",
        example: 'client.get("/users/42")',
      });
    case 429:
      return new ApiRateLimitError({
        ...common,
        retryAfterMs: response.retryAfterMs,
        whatWentWrong: `${what} (too many requests).`,
        howToFix: "Lower calls-per-second in script-behavior.rate-limiting, or wait retryAfterMs before calling again.",
        example: '"rate-limiting": { "enabled": true, "calls-per-second": 2, "burst-size": 1 }',
      });
    default:
      return new ApiOperationError({
        ...common,
        whatWentWrong: `${what}.`,
        howToFix:
          response.status >= 500
            ? "The server failed; retry later or contact the API's owner if it persists."
            : "Check the request (path, body, headers) against the API's documentation.",
      });
  }
}

export function connectionError(method: string, url: string, cause: unknown, code: string): ApiOperationError {
  return new ApiOperationError({
    method,
    url,
    cause,
    whatWentWrong: `${method} ${url} failed at the connection level (${code}).`,
    howToFix: "Check that the server is reachable and healthy; transient resets are retried for idempotent requests.",
    context: { operation: `${method} request`, resource: url, details: { code } },
  });
}

export function attemptTimeoutError(method: string, url: string, timeoutMs: number): ApiTimeoutError {
  return new ApiTimeoutError({
    method,
    url,
    timeoutMs,
    whatWentWrong: `${method} ${url} did not complete within ${timeoutMs} ms.`,
    howToFix:
      "Raise api-timeouts.rest-timeout-seconds (or the call's timeoutMs) if the endpoint is legitimately slow, or check the server.",
    example: 'client.get("/reports", { timeoutMs: 120_000 })',
  });
}

export function deadlineError(method: string, url: string, deadlineMs: number): ApiTimeoutError {
  return new ApiTimeoutError({
    method,
    url,
    timeoutMs: deadlineMs,
    whatWentWrong: `${method} ${url} did not finish within its overall deadline of ${deadlineMs} ms (retries and waits included).`,
    howToFix: "Raise the deadline (deadlineMs) or lower max-retries so the attempts fit into it.",
    example: 'client.get("/items", { deadlineMs: 60_000 })',
  });
}

export function clientClosedError(method: string, url: string): HelpfulError {
  return new HelpfulError({
    whatWentWrong: `${method} ${url} was cancelled because its RestClient was closed.`,
    howToFix: "Close the client only after its requests have finished (await them, or use `await using`).",
    example: "await using client = createRestClient(config);",
  });
}
