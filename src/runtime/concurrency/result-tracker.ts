import { HelpfulError } from "../errors.js";
import type { ProcessingFailure, ProcessingResults, ProcessingSkip, ProcessingSuccess } from "./results.js";

export interface ResultTrackerOptions<T> {
  /** How an item is named in the summary. Default: its `id`, `name` or `key` property, else `String(item)`. */
  readonly label?: (item: T) => string;
  /** Failed and skipped items listed by name in the summary before "… and N more". Default 20. */
  readonly listLimit?: number;
  /** Milliseconds clock for `durationMs`. Default `performance.now`. */
  readonly now?: () => number;
}

/** JSON.stringify, typed as it behaves: undefined for a value JSON cannot show (lib.d.ts says string). */
function jsonText(value: unknown): string | undefined {
  return JSON.stringify(value);
}

function defaultLabel(item: unknown): string {
  if (typeof item === "object" && item !== null) {
    for (const key of ["id", "name", "key"]) {
      // A non-null object; reading a missing key gives undefined, which the typeof check below handles.
      const value = (item as Record<string, unknown>)[key];
      if (typeof value === "string" || typeof value === "number") return String(value);
    }

    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- reached only when JSON has no text for the object
    return jsonText(item) ?? String(item);
  }
  return String(item);
}

/** The part of an error a summary line shows: a HelpfulError's problem, otherwise its message. */
function reasonOf(error: unknown): string {
  if (error instanceof HelpfulError) return error.whatWentWrong;
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Outcome of a script that processes entities one by one (the TXO template's result tracking):
 * each item is recorded as succeeded, skipped (with a reason) or failed (with its error), in the
 * same vocabulary as the `ProcessingResults` of `parallelMap`/`batchProcess`, which `results()`
 * returns. `isSuccess()` says whether nothing failed; `summary()` is the text to print at the end.
 */
export class ResultTracker<T = string, R = unknown> {
  readonly #succeeded: ProcessingSuccess<T, R>[] = [];
  readonly #failed: ProcessingFailure<T>[] = [];
  readonly #skipped: ProcessingSkip<T>[] = [];
  readonly #label: (item: T) => string;
  readonly #listLimit: number;
  readonly #now: () => number;
  readonly #startedAt: number;
  #next = 0;

  constructor(options: ResultTrackerOptions<T> = {}) {
    this.#label = options.label ?? defaultLabel;
    this.#listLimit = options.listLimit ?? 20;
    this.#now = options.now ?? (() => performance.now());
    this.#startedAt = this.#now();
  }

  succeeded(item: T, value?: R): void {
    // Callers omit value only for result-less work (R undefined or void); an optional parameter cannot say so.
    this.#succeeded.push({ index: this.#next++, item, value: value as R });
  }

  skipped(item: T, reason: string): void {
    this.#skipped.push({ index: this.#next++, item, reason });
  }

  failed(item: T, error: unknown, attempts = 1): void {
    this.#failed.push({ index: this.#next++, item, error, attempts });
  }

  get total(): number {
    return this.#next;
  }

  /** True when no item failed (skipped items are deliberate and do not count against it). */
  isSuccess(): boolean {
    return this.#failed.length === 0;
  }

  /** A snapshot in the `ProcessingResults` shape, items in the order they were recorded. */
  results(): ProcessingResults<T, R> {
    return {
      succeeded: [...this.#succeeded],
      failed: [...this.#failed],
      skipped: [...this.#skipped],
      total: this.#next,
      successRate: this.#next === 0 ? 1 : this.#succeeded.length / this.#next,
      durationMs: this.#now() - this.#startedAt,
    };
  }

  /** Counts on the first line, then the failed and skipped items with their reasons. */
  summary(): string {
    const head = `${this.isSuccess() ? "✅" : "❌"} ${this.#next} processed: ${this.#succeeded.length} succeeded, ${this.#skipped.length} skipped, ${this.#failed.length} failed`;
    const lines = [head];
    lines.push(
      ...this.#listing(
        "Failed",
        this.#failed.map((failure) => `${this.#label(failure.item)}: ${reasonOf(failure.error)}`),
      ),
    );
    lines.push(
      ...this.#listing(
        "Skipped",
        this.#skipped.map((skip) => `${this.#label(skip.item)}: ${skip.reason}`),
      ),
    );
    return lines.join("\n");
  }

  /** Writes `summary()` and a newline, e.g. to `process.stdout`. */
  printSummary(stream: { write(text: string): unknown } = process.stdout): void {
    stream.write(`${this.summary()}\n`);
  }

  #listing(title: string, entries: readonly string[]): string[] {
    if (entries.length === 0) return [];
    const shown = entries.slice(0, this.#listLimit).map((entry) => `  - ${entry}`);
    if (entries.length > shown.length) shown.push(`  … and ${entries.length - shown.length} more`);
    return [`${title}:`, ...shown];
  }
}
