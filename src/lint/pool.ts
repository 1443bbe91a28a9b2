import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { HelpfulError } from "@txo-toolkit/runtime";
import type { ChildResponse, ChildSetup } from "./lint-child.js";
import { lintPath, type FileOutcome } from "./lint-file.js";

export interface LintRunOptions {
  root: string;
  concurrency: number;
  fastParser: boolean;
  /** Called after each batch with the number of files finished so far. */
  onProgress?: (done: number) => void;
  /** Bytes of each pending file, when known: decides which files may be linted in this process. */
  sizes?: ReadonlyMap<string, number>;
  /** Files of any size whose nesting cannot overflow the parser's stack here (stack-budget.ts). */
  fitParserStack?: ReadonlySet<string>;
}

/** Below this many files, starting more than one lint process costs more than it saves. */
export const PARALLEL_THRESHOLD = 150;
/**
 * Files up to this size (or cleared by the stack budget) are linted in this process when the run is small. Measured with an 8 MB
 * native stack: the smallest text that overflows oxc's parser is ~10.7 KB of nested parentheses
 * (2 bytes a level); every other construct tried needs more bytes. Larger files go to a child.
 */
export const IN_PROCESS_MAX_BYTES = 8 * 1024;
const BATCH_SIZE = 16;
/**
 * A larger young generation: linting allocates many short-lived AST and scope objects. GC on the
 * child's own thread: the pool already keeps every core busy, and helper GC threads competing for
 * them cost ~10 % more CPU in total than they save in pauses (measured on the bench's application tree).
 */
const CHILD_EXEC_ARGV = ["--max-semi-space-size=32", "--single-threaded-gc"];

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

/** Batches still to lint; after a crash, the files of the crashed batch come back one by one. */
class BatchQueue {
  private next = 0;
  private readonly retries: string[][] = [];
  readonly outcomes: FileOutcome[] = [];

  constructor(private readonly files: string[]) {}

  take(): string[] | undefined {
    const retry = this.retries.shift();
    if (retry !== undefined) return retry;
    if (this.next >= this.files.length) return undefined;
    const batch = this.files.slice(this.next, this.next + BATCH_SIZE);
    this.next += batch.length;
    return batch;
  }

  /** A child died on this batch: retry each file alone, or report the file when it was alone. */
  crashed(batch: string[], reason: string): void {
    const [only] = batch;
    if (batch.length > 1) this.retries.push(...batch.map((file) => [file]));
    // An empty batch names no file to blame (the pool never hands one out).
    else if (only !== undefined)
      this.outcomes.push({ file: only, hash: null, result: null, unreadable: null, crashed: reason });
  }
}

function crashReason(code: number | null, signal: NodeJS.Signals | null): string {
  const how = signal === null ? `exit code ${code}` : `signal ${signal}`;
  const likely =
    signal === "SIGABRT" || code === 134
      ? "it most likely ran out of memory"
      : "most likely a stack overflow on nesting deeper than the parser supports";
  return `could not be analysed: the lint process crashed on this file (${how}; ${likely}). See "Limits" in docs/audit.md.`;
}

function startChild(setup: ChildSetup): ChildProcess {
  return fork(fileURLToPath(new URL("./lint-child.js", import.meta.url)), [], {
    env: { ...process.env, TXO_AUDIT_LINT_CHILD: JSON.stringify(setup) },
    execArgv: CHILD_EXEC_ARGV,
    serialization: "advanced",
    stdio: ["ignore", "ignore", "ignore", "ipc"],
  });
}

/** One lint process taking batches until the queue is empty; a crashed one is replaced. */
function runChild(queue: BatchQueue, setup: ChildSetup, onProgress: (() => void) | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = startChild(setup);
    let inFlight: string[] | undefined;
    const sendNext = (): void => {
      inFlight = queue.take();
      if (inFlight === undefined) child.kill();
      // A send to a child that just died fails; its exit handler reports the batch.
      else
        child.send({ files: inFlight }, () => {
          // A send error surfaces as the child's 'error'/'exit' event, which the pool already handles.
        });
    };
    child.on("message", (response: ChildResponse) => {
      queue.outcomes.push(...response.outcomes);
      onProgress?.();
      sendNext();
    });
    child.on("error", (error) => reject(wrapChildError(error)));
    child.on("exit", (code, signal) => {
      if (inFlight === undefined) {
        resolve();
        return;
      }
      queue.crashed(inFlight, crashReason(code, signal));
      onProgress?.();
      runChild(queue, setup, onProgress).then(resolve, reject);
    });
    sendNext();
  });
}

function wrapChildError(error: Error): HelpfulError {
  return new HelpfulError({
    whatWentWrong: `A lint process could not be started or reached: ${error.message}`,
    howToFix: "Check that Node.js can start child processes here (process limits, memory); then run again.",
    example: "txo-audit . --concurrency 1",
    cause: error,
  });
}

function isSmallRun(files: string[], options: LintRunOptions): boolean {
  if (files.length >= PARALLEL_THRESHOLD || options.sizes === undefined) return false;
  return files.every(
    (file) =>
      options.fitParserStack?.has(file) === true ||
      (options.sizes?.get(file) ?? Number.POSITIVE_INFINITY) <= IN_PROCESS_MAX_BYTES,
  );
}

/**
 * Lints files. Small runs of small files stay in this process; everything else goes to child
 * processes (as many as --concurrency allows, fed small batches so fast ones take more), so a native
 * crash on one file costs one child, and that file is reported as not analysed.
 */
export async function lintFiles(files: string[], options: LintRunOptions): Promise<FileOutcome[]> {
  // Nothing to lint (a fully cached run): load no rules at all.
  if (files.length === 0) return [];
  // From the TypeScript sources (the test runner) there is no built child script to start.
  if (isSmallRun(files, options) || !import.meta.url.endsWith(".js")) return lintInProcess(files, options);
  const threads = Math.max(
    1,
    Math.min(options.concurrency, files.length < PARALLEL_THRESHOLD ? 1 : Math.ceil(files.length / BATCH_SIZE)),
  );
  const queue = new BatchQueue(files);
  const setup: ChildSetup = { root: options.root, fastParser: options.fastParser };
  const report = options.onProgress ? () => options.onProgress?.(queue.outcomes.length) : undefined;
  await Promise.all(Array.from({ length: threads }, () => runChild(queue, setup, report)));
  return queue.outcomes;
}
