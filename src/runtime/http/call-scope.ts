import { onAbort } from "../abort-fanout.js";
import type { BufferingHandler } from "./buffering-handler.js";
import { clientClosedError, deadlineError } from "./status-errors.js";

type AbortCause = "caller" | "deadline" | "closed";

/**
 * Everything one logical request (its attempts, retry waits and polls) shares: cancellation when
 * the caller aborts, the overall deadline passes or the client closes, and the translation of
 * that cancellation into the error the caller should see. The `AbortSignal` used for waits is
 * created only when a wait happens: creating one per request costs more than undici itself.
 */
export class CallScope {
  readonly #registry: Set<CallScope>;
  readonly #callerSignal: AbortSignal | undefined;
  readonly #deadlineMs: number | undefined;
  #deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  #controller: AbortController | undefined;
  #inFlight: BufferingHandler | undefined;
  #cause: AbortCause | undefined;
  #reason: Error | undefined;
  #detachFromCaller: (() => void) | undefined;

  constructor(registry: Set<CallScope>, callerSignal: AbortSignal | undefined, deadlineMs: number | undefined) {
    this.#registry = registry;
    this.#callerSignal = callerSignal;
    this.#deadlineMs = deadlineMs;
    registry.add(this);
    if (callerSignal !== undefined) {
      if (callerSignal.aborted) this.abort("caller");
      else this.#detachFromCaller = onAbort(callerSignal, this.#onCallerAbort);
    }
    if (deadlineMs !== undefined) {
      this.#deadlineTimer = setTimeout(this.#onDeadline, deadlineMs);
      // The request's own sockets keep the process alive while it runs; the deadline need not.
      this.#deadlineTimer.unref();
    }
  }

  get aborted(): boolean {
    return this.#cause !== undefined;
  }

  /** Why the scope was aborted (thrown by attempts that start afterwards). */
  get reason(): Error | undefined {
    return this.#reason;
  }

  /** Signal for waits (limiter, retry back-off, polling); created on first use. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#cause !== undefined) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  readonly #onCallerAbort = (): void => this.abort("caller");
  readonly #onDeadline = (): void => this.abort("deadline");

  /** Registers the exchange in flight so an abort reaches it. */
  track(handler: BufferingHandler | undefined): void {
    this.#inFlight = handler;
  }

  abort(cause: AbortCause): void {
    if (this.#cause !== undefined) return;
    this.#cause = cause;
    const callerReason: unknown = cause === "caller" ? this.#callerSignal?.reason : undefined;
    this.#reason = callerReason instanceof Error ? callerReason : new Error(`request ${cause}`);
    this.#controller?.abort(this.#reason);
    this.#inFlight?.abort(this.#reason);
  }

  /** The error to surface for a failure: the abort's own meaning when the scope was aborted. */
  translate(error: unknown, method: string, url: string): unknown {
    switch (this.#cause) {
      case "caller":
        return this.#callerSignal?.reason ?? error;
      case "deadline":
        return Object.assign(deadlineError(method, url, this.#deadlineMs ?? 0), { cause: error });
      case "closed":
        return clientClosedError(method, url);
      default:
        return error;
    }
  }

  dispose(): void {
    this.#registry.delete(this);
    if (this.#deadlineTimer !== undefined) clearTimeout(this.#deadlineTimer);
    this.#detachFromCaller?.();
  }
}
