/** True for any non-null object (arrays included): the shape check before reading parsed JSON's fields. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
