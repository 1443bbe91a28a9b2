import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { HelpfulError } from "../../runtime/errors.js";
import { lintPath, type FileOutcome } from "./lint-file.js";
import type { WorkerResponse, WorkerSetup } from "./worker.js";

export interface LintRunOptions {
  root: string;
  concurrency: number;
  fastParser: boolean;
  /** Called after each batch with the number of files finished so far. */
  onProgress?: (done: number) => void;
}

/** Below this many files, starting workers costs more than it saves. */
export const PARALLEL_THRESHOLD = 150;
const BATCH_SIZE = 16;
const YOUNG_GENERATION_MB = 96;

async function lintInProcess(files: string[], options: LintRunOptions): Promise<FileOutcome[]> {
  // Loaded on demand: a fully cached run never pays for ESLint, TypeScript and the rules.
  const { FileLinter } = await import("./engine.js");
  const linter = new FileLinter(options.root, { fastParser: options.fastParser });
  const outcomes: FileOutcome[] = [];
  for (const file of files) {
    outcomes.push(lintPath(linter, file, join(options.root, file)));
    if (outcomes.length % BATCH_SIZE === 0) options.onProgress?.(outcomes.length);
  }
  options.onProgress?.(outcomes.length);
  return outcomes;
}

class BatchQueue {
  private next = 0;
  readonly outcomes: FileOutcome[] = [];

  constructor(private readonly files: string[]) {}

  take(): string[] | undefined {
    if (this.next >= this.files.length) return undefined;
    const batch = this.files.slice(this.next, this.next + BATCH_SIZE);
    this.next += batch.length;
    return batch;
  }
}

function workerUrl(): URL {
  return new URL("./worker.js", import.meta.url);
}

function runWorker(queue: BatchQueue, setup: WorkerSetup, onProgress: (() => void) | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    // A larger young generation: linting allocates many short-lived AST and scope objects, and the
    // default semi-space makes the scavenger promote (and later mark) most of them.
    const worker = new Worker(workerUrl(), { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    const sendNext = (): void => {
      const batch = queue.take();
      if (batch === undefined) void worker.terminate().then(() => resolve());
      else worker.postMessage({ files: batch });
    };
    worker.on("message", (response: WorkerResponse) => {
      queue.outcomes.push(...response.outcomes);
      onProgress?.();
      sendNext();
    });
    worker.on("error", (error) => reject(wrapWorkerError(error)));
    sendNext();
  });
}

function wrapWorkerError(error: Error): HelpfulError {
  return new HelpfulError({
    whatWentWrong: `A lint worker failed: ${error.message}`,
    howToFix: "Re-run with --concurrency 1 to lint in one thread; if it still fails, report the file named in the message.",
    example: "txo-audit . --concurrency 1",
    cause: error,
  });
}

/**
 * Lints files, in worker threads (each with its own parser and rules, fed small batches so fast
 * workers take more) when the tree is large and more than one thread is allowed.
 */
export async function lintFiles(files: string[], options: LintRunOptions): Promise<FileOutcome[]> {
  const threads = Math.min(options.concurrency, Math.ceil(files.length / BATCH_SIZE));
  if (threads <= 1 || files.length < PARALLEL_THRESHOLD || !import.meta.url.endsWith(".js")) {
    return lintInProcess(files, options);
  }
  const queue = new BatchQueue(files);
  const setup: WorkerSetup = { root: options.root, fastParser: options.fastParser };
  const report = options.onProgress ? () => options.onProgress?.(queue.outcomes.length) : undefined;
  await Promise.all(Array.from({ length: threads }, () => runWorker(queue, setup, report)));
  return queue.outcomes;
}
