import type { IncomingHttpHeaders } from "node:http";

/** A request body: serialised as JSON unless it already is raw bytes or text. */
export type RequestBody = string | Uint8Array | Record<string, unknown> | readonly unknown[] | number | boolean | null;

export interface EncodedBody {
  readonly payload: string | Uint8Array | undefined;
  readonly contentType: string | undefined;
}

const NO_BODY: EncodedBody = { payload: undefined, contentType: undefined };

export function encodeBody(body: RequestBody | undefined): EncodedBody {
  if (body === undefined) return NO_BODY;
  if (typeof body === "string") return { payload: body, contentType: "text/plain; charset=utf-8" };
  if (body instanceof Uint8Array) return { payload: body, contentType: "application/octet-stream" };
  return { payload: JSON.stringify(body), contentType: "application/json" };
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function firstHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  return headerValue(headers, name);
}

/**
 * The body as the caller wants it: parsed JSON for JSON media types (`application/json`,
 * `application/problem+json`, …), text otherwise, `undefined` when empty.
 */
export function decodeBody(text: string, headers: IncomingHttpHeaders): unknown {
  if (text === "") return undefined;
  const contentType = headerValue(headers, "content-type");
  if (contentType?.includes("json") === true) return JSON.parse(text);
  return text;
}
