/** A listener of one event; it may return a promise, whose rejection is reported like a throw. */
export type Listener<T> = (event: T) => unknown;

/** A listener that threw (or rejected): which event it was listening to, and what it threw. */
export interface ListenerFailure {
  readonly event: string;
  readonly error: unknown;
}

export type ListenerFailureHandler = (failure: ListenerFailure) => void;

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
}

/**
 * Default handler: a process warning (printed once per failure on stderr, observable with
 * `process.on("warning")`), never an exception in the caller's path. Only the error's name and
 * message are printed, not the event payload.
 */
export function warnAboutListenerFailure(failure: ListenerFailure): void {
  process.emitWarning(`A "${failure.event}" listener threw, and was skipped: ${describe(failure.error)}`, {
    code: "TXO_LISTENER_FAILED",
  });
}

/**
 * Typed events whose listeners are isolated from the code that emits them: a listener that throws
 * or returns a rejected promise is reported to `onListenerFailure` and the remaining listeners
 * still run. A metrics or tracing bridge can therefore never break the call it observes, nor
 * crash the process with an unhandled rejection.
 */
export class EventHub<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>();
  readonly #onListenerFailure: ListenerFailureHandler;

  constructor(onListenerFailure: ListenerFailureHandler = warnAboutListenerFailure) {
    this.#onListenerFailure = onListenerFailure;
  }

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    let listeners = this.#listeners.get(event);
    if (listeners === undefined) {
      listeners = new Set();
      this.#listeners.set(event, listeners);
    }
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }

  /** Whether anybody listens, so callers can skip building a payload nobody reads. */
  has(event: keyof Events): boolean {
    return (this.#listeners.get(event)?.size ?? 0) > 0;
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    // on() stores under each event only listeners typed for that event's payload.
    const listeners = this.#listeners.get(event) as Set<Listener<Events[K]>> | undefined;
    if (listeners === undefined) return;
    for (const listener of listeners) {
      try {
        const result = listener(payload);
        if (result instanceof Promise) result.catch((error: unknown) => this.#report(event, error));
      } catch (error) {
        this.#report(event, error);
      }
    }
  }

  #report(event: keyof Events, error: unknown): void {
    try {
      this.#onListenerFailure({ event: String(event), error });
    } catch {
      // The failure handler is user code too; it must not turn an isolated failure into a crash.
    }
  }
}
