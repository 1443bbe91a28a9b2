import type { BufferingHandler } from "./buffering-handler.js";

/**
 * Limits one attempt to `timeoutMs` in total, response body included (undici's own timeouts
 * measure silence, at one-second resolution). Unreferenced: the attempt's socket keeps the
 * process alive while it matters.
 */
export class AttemptTimer {
  readonly #handler: BufferingHandler;
  readonly #timer: ReturnType<typeof setTimeout>;
  #timedOut = false;

  constructor(handler: BufferingHandler, timeoutMs: number) {
    this.#handler = handler;
    this.#timer = setTimeout(this.#onTimeout, timeoutMs);
    this.#timer.unref();
  }

  get timedOut(): boolean {
    return this.#timedOut;
  }

  readonly #onTimeout = (): void => {
    this.#timedOut = true;
    this.#handler.abort(new Error("attempt timed out"));
  };

  clear(): void {
    clearTimeout(this.#timer);
  }
}
