/**
 * A small structured logger: one JSON object per line, redacted (see `Redactor`), with context
 * (org id, anything else) and the elapsed time since the logger was created. It is created by a
 * factory and passed to whoever needs it — there is no global logger.
 */
import { ConfigurationError } from "./errors.js";
import { Redactor, type RedactorOptions } from "./redact.js";

export const LOG_LEVELS = Object.freeze({
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
});

export type LogLevel = keyof typeof LOG_LEVELS;
export type LogFields = Record<string, unknown>;

/** Anything with a `write(text)` method: `process.stderr`, a file stream, an in-memory collector. */
export interface LogStream {
  write(chunk: string): unknown;
}

export interface LoggerContext extends LogFields {
  /** Organisation the run is for; added to every line. */
  orgId?: string;
}

export interface CreateLoggerOptions {
  /** Where lines go. */
  stream: LogStream;
  /** Lowest level written. Default "info". */
  level?: LogLevel;
  /** Fields added to every line (org id, run id, …). */
  context?: LoggerContext;
  /** Values that must never be printed, e.g. `secretValuesOf(config)`. */
  secrets?: readonly string[];
  /** Further redaction settings (extra secret key names, keys to leave alone). */
  redaction?: Omit<RedactorOptions, "secrets">;
  /** Milliseconds clock for the elapsed time; default `performance.now`. */
  now?: () => number;
  /** Wall clock for the `time` field; default `Date.now`. */
  wallClock?: () => number;
}

export interface Logger {
  trace(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  fatal(message: string, fields?: LogFields): void;
  /** True when a line at this level would be written (to skip building expensive fields). */
  isLevelEnabled(level: LogLevel): boolean;
  /** A logger writing to the same stream, with extra context and the same start time. */
  child(context: LogFields): Logger;
  readonly level: LogLevel;
}

const MINUTE_MS = 60_000;

/**
 * `new Date(ms).toISOString()`, reusing the date-and-minute part while lines stay in the same
 * minute: formatting a full date costs about a third of serialising a whole log line.
 */
class IsoTimestamps {
  #minuteStart = Number.NaN;
  #minutePrefix = "";

  format(ms: number): string {
    const time = Math.trunc(ms);
    const offset = time - this.#minuteStart;
    if (!(offset >= 0 && offset < MINUTE_MS)) return this.#startMinute(time);
    const seconds = Math.floor(offset / 1000);
    const millis = offset % 1000;
    return `${this.#minutePrefix}${seconds < 10 ? "0" : ""}${seconds}.${millis < 100 ? (millis < 10 ? "00" : "0") : ""}${millis}Z`;
  }

  #startMinute(time: number): string {
    const iso = new Date(time).toISOString();
    // Every ISO string ends in "ss.sssZ", whatever the year's width.
    this.#minuteStart = time - (((time % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
    this.#minutePrefix = iso.slice(0, -7);
    return iso;
  }
}

interface LoggerCore {
  stream: LogStream;
  threshold: number;
  level: LogLevel;
  redactor: Redactor;
  startedAt: number;
  now: () => number;
  wallClock: () => number;
  timestamps: IsoTimestamps;
}

const RESERVED_FIELDS = Object.freeze(["time", "level", "msg", "elapsedMs"]);

function validateLevel(level: string): LogLevel {
  // Object.hasOwn just found level among LOG_LEVELS' keys, which LogLevel is.
  if (Object.hasOwn(LOG_LEVELS, level)) return level as LogLevel;
  throw new ConfigurationError({
    whatWentWrong: `Unknown log level "${level}".`,
    howToFix: `Use one of: ${Object.keys(LOG_LEVELS).join(", ")}.`,
    example: 'createLogger({ stream: process.stderr, level: "debug" })',
  });
}

class JsonLinesLogger implements Logger {
  readonly #core: LoggerCore;
  readonly #context: LogFields;

  constructor(core: LoggerCore, context: LogFields) {
    this.#core = core;
    this.#context = context;
  }

  get level(): LogLevel {
    return this.#core.level;
  }

  isLevelEnabled(level: LogLevel): boolean {
    return LOG_LEVELS[level] >= this.#core.threshold;
  }

  child(context: LogFields): Logger {
    return new JsonLinesLogger(this.#core, { ...this.#context, ...context });
  }

  trace(message: string, fields?: LogFields): void {
    this.#write("trace", message, fields);
  }

  debug(message: string, fields?: LogFields): void {
    this.#write("debug", message, fields);
  }

  info(message: string, fields?: LogFields): void {
    this.#write("info", message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.#write("warn", message, fields);
  }

  error(message: string, fields?: LogFields): void {
    this.#write("error", message, fields);
  }

  fatal(message: string, fields?: LogFields): void {
    this.#write("fatal", message, fields);
  }

  // `message: unknown`: JavaScript callers may log a value that is not a string.
  #write(level: LogLevel, message: unknown, fields: LogFields | undefined): void {
    if (LOG_LEVELS[level] < this.#core.threshold) return;
    const { redactor, now, startedAt, wallClock, timestamps } = this.#core;
    const line: LogFields = { level, msg: String(message), elapsedMs: Math.round(now() - startedAt) };
    appendFields(line, this.#context);
    if (fields !== undefined) appendFields(line, fields);
    // The time is written in front of the redacted rest: a timestamp needs no redaction, and a new
    // string on every line would only fill the redactor's memory of clean strings.
    let rest = redactor.stringify(line);
    if (!rest.startsWith("{"))
      rest = redactor.stringify({
        level,
        msg: line.msg,
        elapsedMs: line.elapsedMs,
        logError: "the fields could not be read (a getter threw)",
      });
    this.#core.stream.write(`{"time":"${timestamps.format(wallClock())}",${rest.slice(1)}\n`);
  }
}

/** A field's value; logging must not throw because a getter does. */
function readField(fields: LogFields, key: string): unknown {
  try {
    return fields[key];
  } catch {
    return "[unreadable: its getter threw]";
  }
}

/** Copies fields into the line; fields named like the line's own keys get a `field.` prefix. */
function appendFields(line: LogFields, fields: LogFields): void {
  for (const key of Object.keys(fields)) {
    const target = RESERVED_FIELDS.includes(key) ? `field.${key}` : key;
    const value = readField(fields, key);
    // Plain assignment keeps the line a fast object; only "__proto__" needs defineProperty.
    if (target === "__proto__")
      Object.defineProperty(line, target, { value, enumerable: true, writable: true, configurable: true });
    else line[target] = value;
  }
}

/** Creates a logger; pass it to the code that logs instead of importing a shared one. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const level = validateLevel(options.level ?? "info");
  const now = options.now ?? (() => performance.now());
  const core: LoggerCore = {
    stream: options.stream,
    level,
    threshold: LOG_LEVELS[level],
    redactor: new Redactor({ ...options.redaction, secrets: options.secrets ?? [] }),
    startedAt: now(),
    now,
    wallClock: options.wallClock ?? Date.now,
    timestamps: new IsoTimestamps(),
  };
  return new JsonLinesLogger(core, { ...options.context });
}
