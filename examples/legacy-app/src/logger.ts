/**
 * The application logger. A module-level logger is the one piece of shared state the hardening
 * programme keeps: every module logs through the same sink and nobody reconfigures it per call.
 */

export type LogLevel = "debug" | "info" | "warn" | "error";

const LEVEL_RANK: Readonly<Record<LogLevel, number>> = Object.freeze({ debug: 10, info: 20, warn: 30, error: 40 });

export interface LogSink {
  write(line: string): unknown;
}

export class Logger {
  private threshold: LogLevel;

  constructor(
    private readonly name: string,
    threshold: LogLevel,
    private readonly sink: LogSink,
  ) {
    this.threshold = threshold;
  }

  setLevel(level: LogLevel): void {
    this.threshold = level;
  }

  isEnabled(level: LogLevel): boolean {
    return LEVEL_RANK[level] >= LEVEL_RANK[this.threshold];
  }

  debug(message: string, details?: Record<string, unknown>): void {
    this.log("debug", message, details);
  }

  info(message: string, details?: Record<string, unknown>): void {
    this.log("info", message, details);
  }

  warn(message: string, details?: Record<string, unknown>): void {
    this.log("warn", message, details);
  }

  error(message: string, details?: Record<string, unknown>): void {
    this.log("error", message, details);
  }

  private log(level: LogLevel, message: string, details: Record<string, unknown> | undefined): void {
    if (!this.isEnabled(level)) return;
    const suffix = details === undefined ? "" : ` ${JSON.stringify(details)}`;
    this.sink.write(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} [${this.name}] ${message}${suffix}\n`);
  }
}

export function createLogger(name: string, level: LogLevel = "info", sink: LogSink = process.stderr): Logger {
  return new Logger(name, level, sink);
}

/** Tests and quiet runs raise the threshold with `LEGACY_APP_LOG_LEVEL=error`. */
function levelFromEnvironment(value: string | undefined): LogLevel {
  return value !== undefined && value in LEVEL_RANK ? (value as LogLevel) : "info";
}

export const logger = createLogger("legacy-app", levelFromEnvironment(process.env.LEGACY_APP_LOG_LEVEL));
