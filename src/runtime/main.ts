/**
 * `runMain(main)` is the one sanctioned place where a thrown error becomes an exit code. It awaits
 * the (possibly async) main function, prints a `HelpfulError` as Problem / Solution / Example
 * (other errors: their message, and the stack only in debug mode), sets `process.exitCode`, and
 * waits for stdout and stderr to flush. It never calls `process.exit`, so pending output and
 * cleanup handlers are not cut off.
 */
import { colorSupported } from "./color-support.js";
import { formatError } from "./format-error.js";
import { Redactor } from "./redact.js";

/** A stream `runMain` writes to and flushes. */
export interface MainOutputStream {
  write(chunk: string, callback?: (error?: Error | null) => void): boolean;
  isTTY?: boolean;
}

export interface RunMainOptions {
  /** Print stack traces. Default: true when the command line contains `--debug`. */
  debug?: boolean;
  /** Colour the error. Default: `FORCE_COLOR`, else `NO_COLOR`, else whether stderr is a TTY. */
  color?: boolean;
  /** Exit code for a failure. Default 1. */
  failureExitCode?: number;
  /** Where errors are printed. Default `process.stderr`. */
  stderr?: MainOutputStream;
  /** Flushed before returning. Default `process.stdout`. */
  stdout?: MainOutputStream;
  /**
   * Applied to the printed error, so a token in an error message or URL is not echoed to the
   * terminal. Default: a `Redactor` with the built-in patterns; pass one with the secrets-file
   * values (`new Redactor({ secrets: secretValuesOf(config) })`) to catch those too.
   */
  redactor?: Redactor;
}

/** What `main` may return: nothing, or an exit code to set explicitly. */

// eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- `void` lets `async () => {}` and `() => {}` be a main
export type MainResult = void | undefined | number;

function flush(stream: MainOutputStream): Promise<void> {
  return new Promise((resolve) => {
    try {
      stream.write("", () => resolve());
    } catch {
      // A closed stream has nothing left to flush.
      resolve();
    }
  });
}

function wantsColour(stream: MainOutputStream): boolean {
  return colorSupported(stream);
}

function isValidExitCode(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 255;
}

/**
 * Runs `main`, turning a thrown error into a printed message and a non-zero `process.exitCode`.
 * Resolves to the exit code it set (0 on success); never rejects.
 */
export async function runMain(
  main: () => MainResult | Promise<MainResult>,
  options: RunMainOptions = {},
): Promise<number> {
  const stderr = options.stderr ?? process.stderr;
  const stdout = options.stdout ?? process.stdout;
  let exitCode = 0;
  try {
    const result = await main();
    if (isValidExitCode(result)) exitCode = result;
  } catch (error) {
    const debug = options.debug ?? process.argv.includes("--debug");
    const message = formatError(error, { style: "terminal", color: options.color ?? wantsColour(stderr), debug });
    stderr.write(`${(options.redactor ?? new Redactor()).redactString(message)}\n`);
    exitCode = options.failureExitCode ?? 1;
  }
  if (exitCode !== 0) process.exitCode = exitCode;
  await Promise.all([flush(stdout), flush(stderr)]);
  return exitCode;
}
