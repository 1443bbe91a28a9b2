import { ApiOperationError, HelpfulError } from "../errors.js";

export interface BulkheadOptions {
  /** Runs allowed at once. */
  readonly maxConcurrent: number;
  /** Runs allowed to wait for a free slot; beyond that a call is rejected at once. Default 0. */
  readonly maxQueued?: number;
  /** Name used in errors, e.g. the API's origin. Default "bulkhead". */
  readonly name?: string;
  /** Called for every rejected call (the policy layer turns this into an isolated event). */
  readonly onRejected?: (rejection: BulkheadRejection) => void;
}

export interface BulkheadRejection {
  readonly name: string;
  readonly active: number;
  readonly queued: number;
}

interface QueuedRun {
  readonly start: () => void;
  readonly cancel: (reason: unknown) => void;
}

function checkCount(name: string, value: number, minimum: number): number {
  if (Number.isInteger(value) && value >= minimum) return value;
  throw new HelpfulError({
    whatWentWrong: `Bulkhead option ${name} must be a whole number of at least ${minimum}, got ${String(value)}.`,
    howToFix: `Pass ${name} as a whole number.`,
    example: "new Bulkhead({ maxConcurrent: 8, maxQueued: 100 })",
  });
}

/**
 * Limits how many runs of an operation are in flight, so one slow dependency cannot take every
 * socket or every worker; a bounded queue absorbs short bursts, the rest fail fast.
 */
export class Bulkhead {
  readonly #maxConcurrent: number;
  readonly #maxQueued: number;
  readonly #name: string;
  readonly #onRejected: ((rejection: BulkheadRejection) => void) | undefined;
  readonly #queue: QueuedRun[] = [];
  #active = 0;

  constructor(options: BulkheadOptions) {
    this.#maxConcurrent = checkCount("maxConcurrent", options.maxConcurrent, 1);
    this.#maxQueued = checkCount("maxQueued", options.maxQueued ?? 0, 0);
    this.#name = options.name ?? "bulkhead";
    this.#onRejected = options.onRejected;
  }

  get active(): number {
    return this.#active;
  }

  get queued(): number {
    return this.#queue.length;
  }

  run<T>(operation: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    if (this.#active < this.#maxConcurrent) return this.#start(operation);
    if (this.#queue.length >= this.#maxQueued) return Promise.reject(this.#rejection());
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.#queue.indexOf(entry);
        if (index !== -1) this.#queue.splice(index, 1);
        reject(signal?.reason);
      };
      const entry: QueuedRun = {
        start: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        cancel: reject,
      };
      this.#queue.push(entry);
      signal?.addEventListener("abort", onAbort, { once: true });
    }).then(() => this.#start(operation, true));
  }

  async #start<T>(operation: () => Promise<T>, slotHandedOver = false): Promise<T> {
    if (!slotHandedOver) this.#active += 1;
    try {
      return await operation();
    } finally {
      const next = this.#queue.shift();
      // A waiting run inherits the slot directly, so a newcomer cannot jump the queue.
      if (next === undefined) this.#active -= 1;
      else next.start();
    }
  }

  #rejection(): ApiOperationError {
    const rejection = { name: this.#name, active: this.#active, queued: this.#queue.length };
    this.#onRejected?.(rejection);
    return new ApiOperationError({
      whatWentWrong: `Bulkhead "${this.#name}" is full (${rejection.active} running, ${rejection.queued} queued), so this call was not started.`,
      howToFix:
        "Lower the number of parallel calls, or raise maxConcurrent / maxQueued if the dependency can take more.",
      example: "new BulkheadPolicy({ maxConcurrent: 8, maxQueued: 100 })",
      context: { operation: "bulkhead", resource: this.#name, details: rejection },
    });
  }
}
