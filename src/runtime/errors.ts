/**
 * First cut of the runtime's error type (the runtime-core issue completes the hierarchy and
 * formatters). Every error a user sees from txo-toolkit says what went wrong, how to fix it,
 * and where possible shows an example.
 */

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

export class HelpfulError extends Error {
  readonly whatWentWrong: string;
  readonly howToFix: string;
  readonly example: string | undefined;
  readonly context: ErrorContext | undefined;
  readonly code: string = "TXO_HELPFUL_ERROR";

  constructor(options: HelpfulErrorOptions) {
    super(options.whatWentWrong, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.whatWentWrong = options.whatWentWrong;
    this.howToFix = options.howToFix;
    this.example = options.example;
    this.context = options.context;
  }
}
