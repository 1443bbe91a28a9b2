import { ApiOperationError, ApiTimeoutError } from "../errors.js";

/** Statuses of an asynchronous operation's JSON body that end polling. */
const TERMINAL_STATUSES: ReadonlyMap<string, "succeeded" | "failed"> = new Map([
  ["succeeded", "succeeded"],
  ["failed", "failed"],
  ["canceled", "failed"],
  ["cancelled", "failed"],
]);

/** `succeeded`/`failed` for a terminal `status` field, `running` for another, `none` without one. */
export function operationStatus(body: unknown): "succeeded" | "failed" | "running" | "none" {
  if (typeof body !== "object" || body === null) return "none";
  // A non-null object; a body without `status` reads as undefined, as the type allows.
  const status = (body as { status?: unknown }).status;
  if (typeof status !== "string") return "none";
  return TERMINAL_STATUSES.get(status.toLowerCase()) ?? "running";
}

export function operationFailedError(
  method: string,
  url: string,
  monitorUrl: string,
  body: unknown,
): ApiOperationError {
  // Only called once operationStatus found status "failed" in this body, so it is an object with `status`.
  const status = (body as { status?: unknown }).status;
  return new ApiOperationError({
    method,
    url,
    whatWentWrong: `The asynchronous operation started by ${method} ${url} ended as ${String(status)}.`,
    howToFix:
      "Read the operation's error details (context.details.body) and correct the request before starting it again.",
    context: { operation: "poll asynchronous operation", resource: monitorUrl, details: { body } },
  });
}

export function pollingTimeoutError(
  method: string,
  url: string,
  monitorUrl: string,
  maxWaitMs: number,
): ApiTimeoutError {
  return new ApiTimeoutError({
    method,
    url,
    timeoutMs: maxWaitMs,
    whatWentWrong: `The asynchronous operation started by ${method} ${url} (202 Accepted) was not finished after ${Math.round(maxWaitMs / 1000)} s of polling ${monitorUrl}.`,
    howToFix:
      "Raise api-timeouts.async-max-wait if the operation is legitimately long, or check its status later at the monitor URL.",
    example: '"api-timeouts": { "async-max-wait": 900, "async-poll-interval": 5 }',
    context: { operation: "poll asynchronous operation", resource: monitorUrl },
  });
}
