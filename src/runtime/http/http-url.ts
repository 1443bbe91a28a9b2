/**
 * Parses `value` as an absolute http(s) URL, or throws what `invalid` makes of it (with the parser's
 * error as the cause when it did not parse at all): base URLs and trusted origins fail the same way.
 */
export function parseHttpUrl(value: string, invalid: (value: string, cause?: unknown) => Error): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch (error) {
    throw invalid(value, error);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw invalid(value);
  return url;
}
