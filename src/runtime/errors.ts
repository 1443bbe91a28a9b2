/**
 * The runtime's error types. Every error a user sees from txo-toolkit says what went wrong, how to
 * fix it, and where possible shows an example. Each class carries a stable `code` string so that
 * callers (and logs, and other processes) can tell errors apart without parsing messages.
 *
 * `instanceof` works across copies of this module: a package can end up loaded twice (the ESM
 * entry and a bundled copy, or two versions in node_modules), and a plain prototype check would
 * then fail. Every instance is branded, under a registry-wide symbol, with the codes of its class
 * chain, and each class's `Symbol.hasInstance` accepts an object whose brand holds its own code.
 */

/** Registry-wide key (shared by every copy of this module) for the class-chain codes. */
export const ERROR_CODE_BRAND: unique symbol = Symbol.for("txo-toolkit.error-code");

export interface ErrorContext {
  /** What was being attempted, e.g. "load configuration". */
  operation?: string;
  /** The thing it was attempted on, e.g. a file path or URL. */
  resource?: string;
  /** Extra, non-secret facts that help a reader. */
  details?: Record<string, unknown>;
}

export interface HelpfulErrorOptions {
  whatWentWrong: string;
  howToFix: string;
  example?: string;
  context?: ErrorContext;
  cause?: unknown;
}

/** The plain-data view of an error, used by loggers and JSON output. */
export interface HelpfulErrorJson {
  name: string;
  code: string;
  whatWentWrong: string;
  howToFix: string;
  example?: string;
  context?: ErrorContext;
  status?: number;
  cause?: string;
}

interface ErrorClassWithCode {
  readonly code: string;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- `this.constructor` is typed Function; only its prototype chain is read
function collectClassCodes(target: Function): readonly string[] {
  const codes: string[] = [];
  for (let current: unknown = target; typeof current === "function"; current = Object.getPrototypeOf(current)) {
    // The loop only reaches functions, and Object.hasOwn just found a static `code` (every class here declares a string).
    if (Object.hasOwn(current, "code")) codes.push((current as unknown as ErrorClassWithCode).code);
  }
  return Object.freeze(codes);
}

function brandOf(value: unknown): readonly string[] | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  // A non-null object; an unbranded one reads as undefined, which the Array.isArray check below handles.
  const brand = (value as Record<symbol, unknown>)[ERROR_CODE_BRAND];
  // The brand is only ever written by HelpfulError's constructor, as a frozen array of class codes.
  return Array.isArray(brand) ? (brand as readonly string[]) : undefined;
}

function describeCause(cause: unknown): string | undefined {
  if (cause === undefined) return undefined;
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;

  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a cause can be anything thrown; String() is the last resort
  return String(cause);
}

export class HelpfulError extends Error {
  /** Stable identifier of this class of error; subclasses override it. */
  static readonly code: string = "TXO_HELPFUL_ERROR";

  readonly whatWentWrong: string;
  readonly howToFix: string;
  readonly example: string | undefined;
  readonly context: ErrorContext | undefined;
  readonly code: string;

  constructor(options: HelpfulErrorOptions) {
    super(options.whatWentWrong, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.whatWentWrong = options.whatWentWrong;
    this.howToFix = options.howToFix;
    this.example = options.example;
    this.context = options.context;
    this.code = new.target.code;
  }

  /**
   * The codes of this error's class chain. A prototype getter rather than a per-instance property:
   * only a cross-copy `instanceof` reads it, so constructing an error (hot on a circuit breaker's
   * rejection path) pays nothing for it.
   */
  get [ERROR_CODE_BRAND](): readonly string[] {
    return collectClassCodes(this.constructor);
  }

  /**
   * A real prototype match wins; otherwise an object from another copy of this module matches
   * when its brand lists this class's own code. Subclasses that do not declare their own `code`
   * only match through the prototype chain, so they never swallow their parent's instances.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (!Object.hasOwn(this, "code")) return false;
    return brandOf(value)?.includes(this.code) ?? false;
  }

  toJSON(): HelpfulErrorJson {
    const json: HelpfulErrorJson = {
      name: this.name,
      code: this.code,
      whatWentWrong: this.whatWentWrong,
      howToFix: this.howToFix,
    };
    if (this.example !== undefined) json.example = this.example;
    if (this.context !== undefined) json.context = this.context;
    // Only the HTTP subclasses declare `status`; on the others it reads as undefined, as the type allows.
    const status = (this as { status?: unknown }).status;
    if (typeof status === "number") json.status = status;
    const cause = describeCause(this.cause);
    if (cause !== undefined) json.cause = cause;
    return json;
  }
}

export interface ApiOperationErrorOptions extends HelpfulErrorOptions {
  /** HTTP status of the failed response, when there was one. */
  status?: number;
  /** HTTP method of the request, e.g. "GET". */
  method?: string;
  /** URL of the request (without credentials). */
  url?: string;
}

/** A call to a remote API failed. */
export class ApiOperationError extends HelpfulError {
  static override readonly code: string = "TXO_API_OPERATION";
  readonly status: number | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;

  constructor(options: ApiOperationErrorOptions) {
    super(options);
    this.status = options.status;
    this.method = options.method;
    this.url = options.url;
  }
}

/** The API rejected the credentials (HTTP 401). */
export class ApiAuthenticationError extends ApiOperationError {
  static override readonly code: string = "TXO_API_AUTHENTICATION";

  constructor(options: ApiOperationErrorOptions) {
    super({ ...options, status: options.status ?? 401 });
  }
}

export interface ApiTimeoutErrorOptions extends ApiOperationErrorOptions {
  /** The time limit that was exceeded, in milliseconds. */
  timeoutMs?: number;
}

/** The API did not answer within the time limit. */
export class ApiTimeoutError extends ApiOperationError {
  static override readonly code: string = "TXO_API_TIMEOUT";
  readonly timeoutMs: number | undefined;

  constructor(options: ApiTimeoutErrorOptions) {
    super(options);
    this.timeoutMs = options.timeoutMs;
  }
}

export interface ApiRateLimitErrorOptions extends ApiOperationErrorOptions {
  /** How long the server asked us to wait (from `Retry-After`), in milliseconds. */
  retryAfterMs?: number;
}

/** The API is throttling us (HTTP 429). */
export class ApiRateLimitError extends ApiOperationError {
  static override readonly code: string = "TXO_API_RATE_LIMIT";
  readonly retryAfterMs: number | undefined;

  constructor(options: ApiRateLimitErrorOptions) {
    super({ ...options, status: options.status ?? 429 });
    this.retryAfterMs = options.retryAfterMs;
  }
}

export interface EntityNotFoundErrorOptions extends ApiOperationErrorOptions {
  /** Kind of thing that was looked up, e.g. "user". */
  entityType?: string;
  /** Identifier that was looked up. */
  entityId?: string;
}

/** The thing asked for does not exist (HTTP 404). */
export class EntityNotFoundError extends ApiOperationError {
  static override readonly code: string = "TXO_ENTITY_NOT_FOUND";
  readonly entityType: string | undefined;
  readonly entityId: string | undefined;

  constructor(options: EntityNotFoundErrorOptions) {
    super({ ...options, status: options.status ?? 404 });
    this.entityType = options.entityType;
    this.entityId = options.entityId;
  }
}

export interface ConfigurationErrorOptions extends HelpfulErrorOptions {
  /** Dotted path of the offending key, e.g. "script-behavior.rate-limiting.enabled". */
  path?: string;
  /** File the key lives in (or should live in). */
  file?: string;
  /** Every problem found, when there were several (schema validation reports all at once). */
  issues?: readonly ValidationIssue[];
}

/** Configuration is missing, malformed or invalid. */
export class ConfigurationError extends HelpfulError {
  static override readonly code: string = "TXO_CONFIGURATION";
  readonly path: string | undefined;
  readonly file: string | undefined;
  readonly issues: readonly ValidationIssue[];

  constructor(options: ConfigurationErrorOptions) {
    super(options);
    this.path = options.path;
    this.file = options.file;
    this.issues = Object.freeze([...(options.issues ?? [])]);
  }
}

/** One problem found while validating data. */
export interface ValidationIssue {
  /** Dotted path of the value, "" for the whole document. */
  path: string;
  message: string;
  /** 1-based line in the file the value came from, when known. */
  line?: number;
}

export interface ValidationErrorOptions extends HelpfulErrorOptions {
  issues?: readonly ValidationIssue[];
}

/** Data (input, a response, a file) does not have the required shape. */
export class ValidationError extends HelpfulError {
  static override readonly code: string = "TXO_VALIDATION";
  readonly issues: readonly ValidationIssue[];

  constructor(options: ValidationErrorOptions) {
    super(options);
    this.issues = Object.freeze([...(options.issues ?? [])]);
  }
}

export interface FileOperationErrorOptions extends HelpfulErrorOptions {
  /** The file or directory involved. */
  path?: string;
  /** What was attempted, e.g. "read" or "write". */
  fileOperation?: string;
}

/** Reading, writing or finding a file failed. */
export class FileOperationError extends HelpfulError {
  static override readonly code: string = "TXO_FILE_OPERATION";
  readonly path: string | undefined;
  readonly fileOperation: string | undefined;

  constructor(options: FileOperationErrorOptions) {
    super(options);
    this.path = options.path;
    this.fileOperation = options.fileOperation;
  }
}

/** True for any txo-toolkit error, including ones created by another copy of this module. */
export function isHelpfulError(value: unknown): value is HelpfulError {
  return value instanceof HelpfulError;
}
