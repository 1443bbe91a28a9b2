export interface ProcessingSuccess<T, R> {
  readonly index: number;
  readonly item: T;
  readonly value: R;
}

export interface ProcessingFailure<T> {
  readonly index: number;
  readonly item: T;
  readonly error: unknown;
  /** Attempts made, retries included. */
  readonly attempts: number;
}

export interface ProcessingSkip<T> {
  readonly index: number;
  readonly item: T;
  /**
   * Why the item was never attempted (or not attempted again): "aborted" or
   * "stopped-after-failure" from the bulk helpers, the caller's own words from a `ResultTracker`.
   */
  readonly reason: "aborted" | "stopped-after-failure" | (string & {});
}

/**
 * Outcome of a bulk run: every item lands in exactly one list, in input order, so nothing is lost
 * the way a first-rejection `Promise.all` or an `AggregateError` loses it.
 */
export interface ProcessingResults<T, R> {
  readonly succeeded: readonly ProcessingSuccess<T, R>[];
  readonly failed: readonly ProcessingFailure<T>[];
  readonly skipped: readonly ProcessingSkip<T>[];
  readonly total: number;
  /** succeeded / total (1 for an empty input). */
  readonly successRate: number;
  readonly durationMs: number;
}

export interface ProcessingProgress {
  readonly completed: number;
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly skipped: number;
}

const byIndex = (a: { index: number }, b: { index: number }): number => a.index - b.index;

/** Collects outcomes as they arrive (in any order) and hands out the ordered results. */
export class ResultsCollector<T, R> {
  readonly succeeded: ProcessingSuccess<T, R>[] = [];
  readonly failed: ProcessingFailure<T>[] = [];
  readonly skipped: ProcessingSkip<T>[] = [];
  readonly #total: number;

  constructor(total: number) {
    this.#total = total;
  }

  get completed(): number {
    return this.succeeded.length + this.failed.length + this.skipped.length;
  }

  get done(): boolean {
    return this.completed >= this.#total;
  }

  progress(): ProcessingProgress {
    return {
      completed: this.completed,
      total: this.#total,
      succeeded: this.succeeded.length,
      failed: this.failed.length,
      skipped: this.skipped.length,
    };
  }

  finish(durationMs: number): ProcessingResults<T, R> {
    return {
      succeeded: this.succeeded.sort(byIndex),
      failed: this.failed.sort(byIndex),
      skipped: this.skipped.sort(byIndex),
      total: this.#total,
      successRate: this.#total === 0 ? 1 : this.succeeded.length / this.#total,
      durationMs,
    };
  }
}
