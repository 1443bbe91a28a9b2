import { HelpfulError } from "../errors.js";
import { type ParallelOptions, parallelMap } from "./parallel-map.js";
import { type ProcessingProgress, type ProcessingResults, ResultsCollector } from "./results.js";

export interface BatchInfo {
  readonly batchIndex: number;
  /** Index in the input of the batch's first item. */
  readonly startIndex: number;
  readonly signal: AbortSignal;
}

/** Handles one batch; may return one value per item, in the batch's order. */

// eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- `void` lets a handler that only writes be `async (batch) => {...}`
export type BatchHandler<T, R> = (batch: readonly T[], info: BatchInfo) => Promise<readonly R[] | void>;

export interface BatchOptions extends ParallelOptions {
  /** Items per batch. */
  readonly batchSize: number;
}

function checkBatchSize(batchSize: number): number {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new HelpfulError({
      whatWentWrong: `batchSize must be a whole number of at least 1, got ${String(batchSize)}.`,
      howToFix: "Pass how many items each call of the handler receives.",
      example: "batchProcess(items, saveMany, { batchSize: 100 })",
    });
  }
  return batchSize;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}

function mismatchError(batchIndex: number, expected: number, actual: number): HelpfulError {
  return new HelpfulError({
    whatWentWrong: `The batch handler returned ${actual} values for batch ${batchIndex} of ${expected} items.`,
    howToFix: "Return one value per item in the batch's order, or nothing at all.",
    example: "async (batch) => batch.map((item) => save(item))",
  });
}

/** Spreads per-batch outcomes back onto the items, so results stay per item. */
function expand<T, R>(
  items: readonly T[],
  batchSize: number,
  batchResults: ProcessingResults<readonly T[], readonly R[] | undefined>,
  durationMs: number,
): ProcessingResults<T, R | undefined> {
  const collector = new ResultsCollector<T, R | undefined>(items.length);
  for (const { index: batchIndex, item: batch, value } of batchResults.succeeded) {
    const mismatch =
      value !== undefined && value.length !== batch.length
        ? mismatchError(batchIndex, batch.length, value.length)
        : undefined;
    batch.forEach((item, offset) => {
      const index = batchIndex * batchSize + offset;
      if (mismatch === undefined) collector.succeeded.push({ index, item, value: value?.[offset] });
      else collector.failed.push({ index, item, error: mismatch, attempts: 1 });
    });
  }
  for (const { index: batchIndex, item: batch, error, attempts } of batchResults.failed) {
    batch.forEach((item, offset) =>
      collector.failed.push({ index: batchIndex * batchSize + offset, item, error, attempts }),
    );
  }
  for (const { index: batchIndex, item: batch, reason } of batchResults.skipped) {
    batch.forEach((item, offset) => collector.skipped.push({ index: batchIndex * batchSize + offset, item, reason }));
  }
  return collector.finish(durationMs);
}

/**
 * Processes items in batches of `batchSize` (one batch at a time unless `concurrency` says
 * otherwise). A failed batch marks each of its items failed with the batch's error; results and
 * progress are reported per item.
 */
export async function batchProcess<T, R>(
  items: Iterable<T>,
  handler: BatchHandler<T, R>,
  options: BatchOptions,
): Promise<ProcessingResults<T, R | undefined>> {
  const size = checkBatchSize(options.batchSize);
  // Array.isArray narrows an Iterable<T> to any[]; an array that is an Iterable<T> holds T items.
  const list = Array.isArray(items) ? (items as readonly T[]) : Array.from(items);
  const batches = chunk(list, size);
  const onProgress = options.onProgress;
  const progress = (batchProgress: ProcessingProgress): void =>
    onProgress?.(itemProgress(batchProgress, batches, list.length));
  const batchResults = await parallelMap(
    batches,
    async (batch, batchIndex, signal) =>
      (await handler(batch, { batchIndex, startIndex: batchIndex * size, signal })) ?? undefined,
    { concurrency: 1, ...options, onProgress: onProgress === undefined ? undefined : progress },
  );
  return expand(list, size, batchResults, batchResults.durationMs);
}

/** Batch-level counts turned into item counts (only the last batch can be short). */
function itemProgress(
  batchProgress: ProcessingProgress,
  batches: readonly (readonly unknown[])[],
  total: number,
): ProcessingProgress {
  const full = batches[0]?.length ?? 0;
  const scale = (count: number): number => Math.min(total, count * full);
  return {
    completed: batchProgress.completed === batches.length ? total : scale(batchProgress.completed),
    total,
    succeeded: scale(batchProgress.succeeded),
    failed: scale(batchProgress.failed),
    skipped: scale(batchProgress.skipped),
  };
}
