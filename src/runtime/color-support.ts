/** The part of a stream colour detection looks at. */
export interface ColorTarget {
  isTTY?: boolean;
}

/**
 * Whether text written to `stream` should carry ANSI colours, decided the way Node's own
 * `tty.hasColors()` and chalk decide it: `FORCE_COLOR` wins (`0`/`false` turn colour off, any other
 * value, even empty, turns it on, also for pipes, as CI logs want), then a non-empty `NO_COLOR` turns
 * it off (no-color.org), and otherwise only a terminal gets colour.
 */
export function colorSupported(stream: ColorTarget, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  const noColor = env.NO_COLOR;
  if (noColor !== undefined && noColor !== "") return false;
  return stream.isTTY === true;
}
