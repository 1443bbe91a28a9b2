/** `value` as an instance of `Class`, failing the test when it is not one: a checked `value as Class`. */
export function instanceOf<Instance>(value: unknown, Class: abstract new (...args: never[]) => Instance): Instance {
  if (!(value instanceof Class)) throw new Error(`expected an instance of ${Class.name}, got ${String(value)}`);
  return value;
}
