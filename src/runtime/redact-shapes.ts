/**
 * Values whose JSON form hides or betrays their contents, and what the logger prints instead.
 * `JSON.stringify` prints a `Map`, a `Set` and `Headers` as `{}` (their contents lost), and a
 * `Buffer` or typed array as its bytes, which anyone can decode back into the secret they hold.
 */

/** Returned by `loggableShapeOf` for every value that is printed as it is. */
export const NOT_A_SHAPE: unique symbol = Symbol("not a special shape");

/** Bytes are never printed: their length says what a reader needs, the contents may be a secret. */
function binarySummary(value: { readonly byteLength: number }): string {
  return `[binary: ${value.byteLength} bytes]`;
}

/** A `Map` with string (or number) keys as an object, so secret keys are blanked; else its entries. */
function mapForm(map: ReadonlyMap<unknown, unknown>): unknown {
  const entries = [...map];
  if (!entries.every(([key]) => typeof key === "string" || typeof key === "number")) return entries;
  const form: Record<string, unknown> = {};
  for (const [key, value] of entries)
    Object.defineProperty(form, String(key), { value, enumerable: true, writable: true, configurable: true });
  return form;
}

/** `Headers`, `FormData` (any class with string `entries()`): an object of their entries, one value per name. */
function entriesForm(value: { entries(): Iterable<[string, unknown]> }): Record<string, unknown> {
  const form: Record<string, unknown> = {};
  for (const [key, item] of value.entries())
    Object.defineProperty(form, key, { value: item, enumerable: true, writable: true, configurable: true });
  return form;
}

/**
 * What to print for `value` instead of its JSON form, or `NOT_A_SHAPE`. The result is redacted
 * like any other value (an object by its keys, strings by their text).
 */
export function loggableShapeOf(value: object): unknown {
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof SharedArrayBuffer)
    return binarySummary(value);
  if (value instanceof Map) return mapForm(value);
  if (value instanceof Set) return [...value];
  if (value instanceof URLSearchParams) return value.toString();
  const tag = Object.prototype.toString.call(value);
  if (tag === "[object Headers]" || tag === "[object FormData]")
    // The tag just read identifies a WHATWG Headers or FormData, both of which have entries().
    return entriesForm(value as { entries(): Iterable<[string, unknown]> });
  return NOT_A_SHAPE;
}
