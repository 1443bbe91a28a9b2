import type { IncomingHttpHeaders } from "node:http";
import { ApiOperationError } from "../errors.js";
import { firstHeader } from "./body.js";

/** Statuses that point to another URL through `Location`. */
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const CONDITIONAL_HEADERS = Object.freeze(["if-none-match", "if-modified-since"]);

export interface RedirectRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

export type RedirectDecision =
  | { readonly kind: "final" }
  | { readonly kind: "follow"; readonly url: URL; readonly method: string; readonly dropBody: boolean }
  | { readonly kind: "error"; readonly error: ApiOperationError };

/** Scheme, host and path only: a server's URL may carry a signature or token in its query. */
export function describeUrl(url: string | URL): string {
  const parsed = typeof url === "string" ? URL.parse(url) : url;
  return parsed === null ? "(an unparsable URL)" : `${parsed.origin}${parsed.pathname}`;
}

function redirectError(
  request: RedirectRequest,
  status: number,
  whatWentWrong: string,
  howToFix: string,
): ApiOperationError {
  return new ApiOperationError({
    method: request.method,
    url: describeUrl(request.url),
    status,
    whatWentWrong: `${request.method} ${describeUrl(request.url)} answered ${status}: ${whatWentWrong}`,
    howToFix,
    example: 'new RestClient({ baseUrl, maxRedirects: 5, trustedOrigins: ["https://files.example.com"] })',
    context: { operation: "follow redirect", resource: describeUrl(request.url) },
  });
}

function isConditional(headers: Readonly<Record<string, string>>): boolean {
  return Object.keys(headers).some((name) => CONDITIONAL_HEADERS.includes(name.toLowerCase()));
}

/** What a 303, or a 301/302 answering a POST, turns the next request into (as browsers do). */
function methodAfter(status: number, method: string): { method: string; dropBody: boolean } {
  if (
    (status === 303 && method !== "HEAD" && method !== "GET") ||
    ((status === 301 || status === 302) && method === "POST")
  )
    return { method: "GET", dropBody: true };
  return { method, dropBody: false };
}

export interface RedirectPolicy {
  readonly maxRedirects: number;
  /** True when the redirect may lead to `origin` (the client's own or a trusted one). */
  readonly mayFollowTo: (origin: string) => boolean;
}

/**
 * What to do with a response: return it (`final`, any status below 300 or from 400), follow its
 * redirect, or fail. A 3xx is never handed back as a success: a redirect to an origin that is not
 * the current one nor trusted, past `maxRedirects`, back to a URL already visited, or without a
 * usable `Location` is an `ApiOperationError`. A 304 is returned only to a conditional request.
 */
export function decideRedirect(
  request: RedirectRequest,
  status: number,
  headers: IncomingHttpHeaders,
  visited: ReadonlySet<string>,
  policy: RedirectPolicy,
): RedirectDecision {
  if (status < 300 || status >= 400) return { kind: "final" };
  if (status === 304 && isConditional(request.headers)) return { kind: "final" };
  const location = firstHeader(headers, "location");
  if (!REDIRECT_STATUSES.has(status) || location === undefined) {
    return {
      kind: "error",
      error: redirectError(
        request,
        status,
        "a redirection without a Location to follow is not a result.",
        "Call the URL the API documents for this operation; a 304 is only expected with If-None-Match or If-Modified-Since.",
      ),
    };
  }
  const target = URL.parse(location, request.url);
  if (target === null || (target.protocol !== "http:" && target.protocol !== "https:")) {
    return {
      kind: "error",
      error: redirectError(
        request,
        status,
        "its Location is not an http(s) URL.",
        "Check the API's response; the client only follows http(s) redirects.",
      ),
    };
  }
  target.hash = "";
  const refusal = refusalToFollow(request, status, target, visited, policy);
  if (refusal !== undefined) return { kind: "error", error: refusal };
  return { kind: "follow", url: target, ...methodAfter(status, request.method) };
}

/** Why the redirect to the http(s) URL `target` must not be followed, or undefined when it may be. */
function refusalToFollow(
  request: RedirectRequest,
  status: number,
  target: URL,
  visited: ReadonlySet<string>,
  policy: RedirectPolicy,
): ReturnType<typeof redirectError> | undefined {
  if (target.origin !== new URL(request.url).origin && !policy.mayFollowTo(target.origin)) {
    return redirectError(
      request,
      status,
      `it redirects to another origin, ${target.origin}, which is not trusted.`,
      `Add ${target.origin} to trustedOrigins if it may receive this client's requests and credentials, or call it directly.`,
    );
  }
  if (visited.has(target.href))
    return redirectError(
      request,
      status,
      `redirect loop: ${describeUrl(target)} was already visited.`,
      "Fix the server's redirects; the client stops at the first repeated URL.",
    );
  if (visited.size > policy.maxRedirects)
    return redirectError(
      request,
      status,
      `more than ${policy.maxRedirects} redirects.`,
      "Raise maxRedirects if the chain is legitimate, or call the final URL directly.",
    );
  return undefined;
}
