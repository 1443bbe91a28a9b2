import { HelpfulError } from "../errors.js";
import { Redactor } from "../redact.js";
import { parseHttpUrl } from "./http-url.js";

/**
 * Header names that always carry credentials. Any other header the logger would redact by name
 * (`x-api-key`, `x-auth-token`, `x-client-secret`, …) counts as one too: one rule for "secret
 * name" serves both.
 */
export const DEFAULT_SENSITIVE_HEADERS: readonly string[] = Object.freeze([
  "authorization",
  "proxy-authorization",
  "cookie",
  "ocp-apim-subscription-key",
]);

const namingRule = new Redactor();

export interface CredentialPolicyOptions {
  /** The client's own origin (from `baseUrl`). */
  readonly ownOrigin: string;
  /** Further origins trusted with the client's credentials, as URLs or origins. */
  readonly trustedOrigins?: readonly string[];
  /** Further header names that carry credentials. */
  readonly sensitiveHeaders?: readonly string[];
}

function invalidTrustedOrigin(value: string, cause?: unknown): HelpfulError {
  return new HelpfulError({
    whatWentWrong: `trustedOrigins holds "${value}", which is not an absolute http(s) URL.`,
    howToFix:
      "List each origin that may receive the client's credentials as scheme, host and port (a path is ignored).",
    example: 'new RestClient({ baseUrl, trustedOrigins: ["https://login.example.com"] })',
    cause,
  });
}

function originOf(value: string): string {
  return parseHttpUrl(value, invalidTrustedOrigin).origin;
}

/**
 * Which origins may receive credentials (the `Authorization`, `Cookie` and other sensitive
 * headers): the client's own origin and the ones listed as trusted. Every other origin, reached by
 * an absolute URL, a 202 monitor URL, a next link or a redirect, gets the request without them.
 */
export class CredentialPolicy {
  readonly #trusted: ReadonlySet<string>;
  readonly #sensitive: ReadonlySet<string>;

  constructor(options: CredentialPolicyOptions) {
    this.#trusted = new Set([options.ownOrigin, ...(options.trustedOrigins ?? []).map(originOf)]);
    this.#sensitive = new Set(
      [...DEFAULT_SENSITIVE_HEADERS, ...(options.sensitiveHeaders ?? [])].map((name) => name.toLowerCase()),
    );
  }

  isTrusted(origin: string): boolean {
    return this.#trusted.has(origin);
  }

  isSensitive(headerName: string): boolean {
    const lower = headerName.toLowerCase();
    return this.#sensitive.has(lower) || namingRule.isSecretKey(lower);
  }

  /**
   * `headers` as they may be sent to `origin`: unchanged for a trusted origin; otherwise without
   * its sensitive headers, except the names in `keep` (headers the caller passed for this very
   * origin).
   */
  headersFor(
    headers: Readonly<Record<string, string>>,
    origin: string,
    keep?: Readonly<Record<string, string>>,
  ): Readonly<Record<string, string>> {
    if (this.#trusted.has(origin)) return headers;
    const allowed: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (!this.isSensitive(name) || (keep !== undefined && Object.hasOwn(keep, name))) allowed[name] = value;
    }
    return allowed;
  }
}
