import type { IncomingHttpHeaders } from "node:http";
import type { Dispatcher } from "undici";

/** The response body passed `maxBytes`; the exchange was cut off (the caller sees an `ApiOperationError`). */
export class BodyTooLargeError extends Error {
  constructor(
    readonly maxBytes: number,
    readonly declaredBytes: number | undefined,
  ) {
    super(`response body exceeds ${maxBytes} bytes`);
    this.name = "BodyTooLargeError";
  }
}

export interface BufferedResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/**
 * undici dispatch handler that collects a whole response into memory. Going through `dispatch`
 * rather than `request()` avoids a body stream and an `AbortSignal` per request (both costly in
 * Node 20); aborting goes through the dispatch controller instead. At most `maxBytes` of body are
 * kept: a larger `Content-Length`, or more bytes than that, cuts the exchange off.
 */
export class BufferingHandler implements Dispatcher.DispatchHandler {
  readonly promise: Promise<BufferedResponse>;
  #resolve!: (response: BufferedResponse) => void;
  #reject!: (reason: unknown) => void;
  #controller: Dispatcher.DispatchController | undefined;
  #abortReason: Error | undefined;
  #settled = false;
  #status = 0;
  #headers: IncomingHttpHeaders = {};
  #chunks: Buffer[] = [];
  #bytes = 0;
  readonly #maxBytes: number;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
    this.promise = new Promise<BufferedResponse>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    // An abort that came while the request was queued for a socket takes effect now.
    if (this.#abortReason !== undefined) controller.abort(this.#abortReason);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    if (statusCode < 200) return; // 1xx informational responses precede the real one
    this.#status = statusCode;
    this.#headers = headers;
    this.#chunks = [];
    this.#bytes = 0;
    const declared = Number(headers["content-length"]);
    if (declared > this.#maxBytes) this.abort(new BodyTooLargeError(this.#maxBytes, declared));
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#settled) return;
    this.#bytes += chunk.length;
    if (this.#bytes > this.#maxBytes) this.abort(new BodyTooLargeError(this.#maxBytes, undefined));
    else this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.#settled) return;
    let text: string;
    try {
      const chunks = this.#chunks;
      const first = chunks[0];
      if (first === undefined) text = "";
      else if (chunks.length === 1) text = first.toString("utf8");
      else text = Buffer.concat(chunks).toString("utf8");
    } catch (error) {
      // A body past V8's longest string (~512 MiB) cannot be decoded: fail instead of never settling.
      this.#fail(error);
      return;
    }
    this.#settled = true;
    this.#chunks = [];
    this.#resolve({ status: this.#status, headers: this.#headers, text });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#fail(error);
  }

  /** Cancels the exchange (queued or in flight); the promise rejects with `reason` at once. */
  abort(reason: Error): void {
    if (this.#settled) return;
    this.#abortReason = reason;
    this.#controller?.abort(reason);
    this.#fail(reason);
  }

  #fail(error: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#chunks = [];
    this.#reject(error);
  }
}
