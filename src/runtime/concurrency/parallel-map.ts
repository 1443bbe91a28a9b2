import { onAbort } from "../abort-fanout.js";
import { HelpfulError } from "../errors.js";
import { type Clock, SystemClock } from "../resilience/clock.js";
import { type RetryOptions, RetryPolicy } from "../resilience/retry.js";
import { type ProcessingProgress, type ProcessingResults, ResultsCollector } from "./results.js";

export interface ParallelOptions {
  /** Items processed at once. Default 4. */
  readonly concurrency?: number;
  /** Stops starting new items; items not yet started are reported as skipped. */
  readonly signal?: AbortSignal;
  /** Called after every item settles. */
  readonly onProgress?: (progress: ProcessingProgress) => void;
  /** Retries a failed item; the wait happens outside its concurrency slot. Default: no retries. */
  readonly retry?: RetryOptions | RetryPolicy;
  /** After the first final failure, skip every item not yet started. Default false. */
  readonly stopOnError?: boolean;
  readonly clock?: Clock;
}

export type ItemHandler<T, R> = (item: T, index: number, signal: AbortSignal) => Promise<R>;

interface Pending {
  readonly index: number;
  readonly attempt: number;
  readonly previousDelayMs: number;
  /** Error of the previous attempt, kept so a retry that never runs is still reported. */
  readonly lastError?: unknown;
}

function checkConcurrency(concurrency: number): number {
  if (!(concurrency >= 1)) {
    throw new HelpfulError({
      whatWentWrong: `concurrency must be at least 1, got ${String(concurrency)}.`,
      howToFix: "Pass how many items may be processed at the same time.",
      example: "parallelMap(items, handle, { concurrency: 4 })",
    });
  }
  return concurrency;
}

/** One bulk run: a pump that keeps up to `concurrency` items in flight and parks retries outside. */
class ParallelRun<T, R> {
  readonly #items: readonly T[];
  readonly #handler: ItemHandler<T, R>;
  readonly #concurrency: number;
  readonly #options: ParallelOptions;
  readonly #policy: RetryPolicy | undefined;
  readonly #clock: Clock;
  readonly #results: ResultsCollector<T, R>;
  readonly #signal: AbortSignal;
  readonly #ready: Pending[] = [];
  readonly #startedAt: number;
  #next = 0;
  #active = 0;
  #stopped: "aborted" | "stopped-after-failure" | undefined;
  #resolve: ((results: ProcessingResults<T, R>) => void) | undefined;
  #detachFromSignal: (() => void) | undefined;

  constructor(items: readonly T[], handler: ItemHandler<T, R>, options: ParallelOptions) {
    this.#items = items;
    this.#handler = handler;
    this.#options = options;
    this.#concurrency = checkConcurrency(options.concurrency ?? 4);
    const retry = options.retry;
    this.#policy =
      retry === undefined || retry instanceof RetryPolicy ? retry : new RetryPolicy({ clock: options.clock, ...retry });
    this.#clock = options.clock ?? this.#policy?.clock ?? new SystemClock();
    this.#results = new ResultsCollector(items.length);
    this.#signal = options.signal ?? new AbortController().signal;
    this.#startedAt = this.#clock.now();
  }

  run(): Promise<ProcessingResults<T, R>> {
    return new Promise((resolve) => {
      this.#resolve = resolve;
      this.#detachFromSignal = onAbort(this.#signal, this.#onAbort);
      if (this.#signal.aborted) this.#stopped = "aborted";
      this.#pump();
    });
  }

  readonly #onAbort = (): void => {
    this.#stopped ??= "aborted";
    this.#pump();
  };

  #pump(): void {
    if (this.#stopped !== undefined) this.#skipUnstarted(this.#stopped);
    while (this.#stopped === undefined && this.#active < this.#concurrency) {
      const pending = this.#takeNext();
      if (pending === undefined) break;
      this.#start(pending);
    }
    if (this.#results.done) this.#finish();
  }

  #takeNext(): Pending | undefined {
    const retry = this.#ready.shift();
    if (retry !== undefined) return retry;
    if (this.#next >= this.#items.length) return undefined;
    return { index: this.#next++, attempt: 0, previousDelayMs: 0 };
  }

  #skipUnstarted(reason: "aborted" | "stopped-after-failure"): void {
    for (let parked = this.#ready.shift(); parked !== undefined; parked = this.#ready.shift()) {
      this.#fail({ ...parked, attempt: parked.attempt - 1 }, parked.lastError);
    }
    while (this.#next < this.#items.length) {
      const index = this.#next++;
      this.#results.skipped.push({ index, item: this.#itemAt(index), reason });
      this.#reportProgress();
    }
  }

  #itemAt(index: number): T {
    if (!Number.isInteger(index) || index < 0 || index >= this.#items.length) {
      throw new RangeError(`parallelMap: item index ${String(index)} is outside 0..${String(this.#items.length - 1)}`);
    }
    // In range of an array of T, so the element is a T (an undefined one only when T allows it).
    return this.#items[index] as T;
  }

  #start(pending: Pending): void {
    this.#active += 1;
    const item = this.#itemAt(pending.index);
    let outcome: Promise<R>;
    try {
      outcome = this.#handler(item, pending.index, this.#signal);
    } catch (error) {
      outcome = Promise.reject(error);
    }
    outcome.then(
      (value) => {
        this.#active -= 1;
        this.#results.succeeded.push({ index: pending.index, item, value });
        this.#reportProgress();
        this.#pump();
      },
      (error: unknown) => {
        this.#active -= 1;
        this.#onFailure(pending, error);
        this.#pump();
      },
    );
  }

  #onFailure(pending: Pending, error: unknown): void {
    const decision =
      this.#stopped === undefined
        ? this.#policy?.decide(error, pending.attempt + 1, pending.previousDelayMs, this.#clock.now() - this.#startedAt)
        : undefined;
    if (decision?.retry !== true) {
      this.#fail(pending, decision === undefined ? error : decision.error);
      return;
    }
    const next: Pending = {
      index: pending.index,
      attempt: pending.attempt + 1,
      previousDelayMs: decision.delayMs,
      lastError: error,
    };
    // The wait happens here, outside any slot; the item re-enters the queue when it is over.
    this.#clock.sleep(decision.delayMs, this.#signal).then(
      () => {
        this.#ready.push(next);
        this.#pump();
      },
      () => {
        this.#fail(pending, error);
        this.#pump();
      },
    );
  }

  #fail(pending: Pending, error: unknown): void {
    this.#results.failed.push({
      index: pending.index,
      item: this.#itemAt(pending.index),
      error,
      attempts: pending.attempt + 1,
    });
    if (this.#options.stopOnError === true) this.#stopped ??= "stopped-after-failure";
    this.#reportProgress();
  }

  #reportProgress(): void {
    this.#options.onProgress?.(this.#results.progress());
  }

  #finish(): void {
    const resolve = this.#resolve;
    if (resolve === undefined) return;
    this.#resolve = undefined;
    this.#detachFromSignal?.();
    resolve(this.#results.finish(this.#clock.now() - this.#startedAt));
  }
}

/**
 * Runs `handler` over `items` with at most `concurrency` in flight. Never rejects because an item
 * failed: every item ends up in `succeeded`, `failed` (with its error) or `skipped`.
 */
export async function parallelMap<T, R>(
  items: Iterable<T>,
  handler: ItemHandler<T, R>,
  options: ParallelOptions = {},
): Promise<ProcessingResults<T, R>> {
  // Array.isArray narrows an Iterable<T> to any[]; an array that is an Iterable<T> holds T items.
  const list = Array.isArray(items) ? (items as readonly T[]) : Array.from(items);
  return new ParallelRun(list, handler, options).run();
}
