import type { IncomingHttpHeaders } from "node:http";
import { firstHeader } from "./body.js";

/** Items of one page: the body itself when it is an array, else its `value`, `items` or `data` array. */
export function defaultPageItems(body: unknown): readonly unknown[] {
  if (Array.isArray(body)) return body;
  if (typeof body !== "object" || body === null) return [];
  for (const key of ["value", "items", "data", "results"]) {
    // A non-null object; a missing key reads as undefined, which Array.isArray below rejects.
    const candidate = (body as Record<string, unknown>)[key];
    if (Array.isArray(candidate)) return candidate;
  }
  return [];
}

const LINK_NEXT = /<([^>]+)>\s*;[^,]*\brel="?next"?/i;

/** The next page: `@odata.nextLink`, `nextLink` or `next` in the body, else `Link: <…>; rel="next"`. */
export function defaultNextLink(body: unknown, headers: IncomingHttpHeaders): string | undefined {
  if (typeof body === "object" && body !== null && !Array.isArray(body)) {
    for (const key of ["@odata.nextLink", "nextLink", "next"]) {
      // A non-null, non-array object; a missing key reads as undefined, which the typeof check below rejects.
      const candidate = (body as Record<string, unknown>)[key];
      if (typeof candidate === "string" && candidate !== "") return candidate;
    }
  }
  const link = firstHeader(headers, "link");
  return link === undefined ? undefined : LINK_NEXT.exec(link)?.[1];
}
