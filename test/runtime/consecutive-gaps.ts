/** The differences between neighbouring values: `[a, b, c]` gives `[b - a, c - b]`. */
export function consecutiveGaps(values: readonly number[]): number[] {
  const gaps: number[] = [];
  let previous: number | undefined;
  for (const value of values) {
    if (previous !== undefined) gaps.push(value - previous);
    previous = value;
  }
  return gaps;
}
