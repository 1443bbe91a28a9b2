import { clientClosedError, deadlineError } from "./status-errors.js";

type AbortCause = "caller" | "deadline" | "closed";

/**
 * Everything one logical request (its attempts, retry waits and polls) shares: a signal that
 * aborts when the caller aborts, the overall deadline passes or the client closes, and the
 * translation of that abort into the error the caller should see.
 */
export class CallScope {
  readonly #controller = new AbortController();
  readonly #callerSignal: AbortSignal | undefined;
  readonly #registry: Set<CallScope>;
  readonly #deadlineMs: number | undefined;
  #deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  #cause: AbortCause | undefined;

  constructor(registry: Set<CallScope>, callerSignal: AbortSignal | undefined, deadlineMs: number | undefined) {
    this.#registry = registry;
    this.#callerSignal = callerSignal;
    this.#deadlineMs = deadlineMs;
    registry.add(this);
    if (callerSignal !== undefined) {
      if (callerSignal.aborted) this.abort("caller");
      else callerSignal.addEventListener("abort", this.#onCallerAbort, { once: true });
    }
    if (deadlineMs !== undefined) {
      this.#deadlineTimer = setTimeout(() => this.abort("deadline"), deadlineMs);
      // The request's own sockets keep the process alive while it runs; the deadline need not.
      this.#deadlineTimer.unref();
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  readonly #onCallerAbort = (): void => this.abort("caller");

  abort(cause: AbortCause): void {
    if (this.#cause !== undefined) return;
    this.#cause = cause;
    this.#controller.abort(cause === "caller" ? this.#callerSignal?.reason : new Error(`request ${cause}`));
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
    this.#callerSignal?.removeEventListener("abort", this.#onCallerAbort);
  }
}

/**
 * The signal of one attempt: aborts when its call's scope aborts or when the attempt has taken
 * `timeoutMs` in total (undici's own timeouts measure silence, at one-second resolution).
 */
export class AttemptTimer {
  readonly #controller = new AbortController();
  readonly #scopeSignal: AbortSignal;
  readonly #timer: ReturnType<typeof setTimeout>;
  #timedOut = false;

  constructor(scopeSignal: AbortSignal, timeoutMs: number) {
    this.#scopeSignal = scopeSignal;
    if (scopeSignal.aborted) this.#controller.abort(scopeSignal.reason);
    else scopeSignal.addEventListener("abort", this.#onScopeAbort, { once: true });
    this.#timer = setTimeout(this.#onTimeout, timeoutMs);
    // The attempt's socket keeps the process alive while it matters; the timer need not.
    this.#timer.unref();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get timedOut(): boolean {
    return this.#timedOut;
  }

  readonly #onScopeAbort = (): void => this.#controller.abort(this.#scopeSignal.reason);

  readonly #onTimeout = (): void => {
    this.#timedOut = true;
    this.#controller.abort(new Error("attempt timed out"));
  };

  clear(): void {
    clearTimeout(this.#timer);
    this.#scopeSignal.removeEventListener("abort", this.#onScopeAbort);
  }
}
