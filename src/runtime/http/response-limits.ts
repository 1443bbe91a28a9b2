import { constants } from "node:buffer";
import { ApiOperationError, HelpfulError } from "../errors.js";
import type { BodyTooLargeError } from "./buffering-handler.js";
import { describeUrl } from "./redirects.js";

/**
 * 64 MiB: far above any JSON page an API should send, low enough that a runaway body costs a few
 * hundred MB at most (bytes, then the decoded string, then the parsed value).
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** A body is decoded into one string, so it can be no longer than V8's longest string. */
const LARGEST_DECODABLE_BODY = constants.MAX_STRING_LENGTH;

/** `maxResponseBytes` after checking it is a whole number of bytes a string can hold. */
export function checkedByteLimit(maxBytes: number): number {
  if (Number.isInteger(maxBytes) && maxBytes > 0 && maxBytes <= LARGEST_DECODABLE_BODY) return maxBytes;
  throw new HelpfulError({
    whatWentWrong: `maxResponseBytes must be a whole number of bytes from 1 to ${LARGEST_DECODABLE_BODY}, got ${String(maxBytes)}.`,
    howToFix: `Pass the largest response body the client should read (default ${DEFAULT_MAX_RESPONSE_BYTES}, 64 MiB); stream larger downloads with undici directly.`,
    example: "new RestClient({ baseUrl, maxResponseBytes: 256 * 1024 * 1024 })",
  });
}

export function responseTooLargeError(method: string, url: string, cause: BodyTooLargeError): ApiOperationError {
  const declared = cause.declaredBytes === undefined ? "" : ` (Content-Length: ${cause.declaredBytes})`;
  return new ApiOperationError({
    method,
    url: describeUrl(url),
    cause,
    whatWentWrong: `${method} ${describeUrl(url)} sent a response body larger than maxResponseBytes, ${cause.maxBytes} bytes${declared}; the client stopped reading it.`,
    howToFix:
      "Ask for smaller pages (a page size or filter), or raise maxResponseBytes if the API legitimately returns bodies this large.",
    example: "new RestClient({ baseUrl, maxResponseBytes: 256 * 1024 * 1024 })",
    context: {
      operation: `${method} request`,
      resource: describeUrl(url),
      details: { maxResponseBytes: cause.maxBytes },
    },
  });
}
