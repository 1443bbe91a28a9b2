/**
 * "Did you mean" suggestions for misspelt configuration keys, by edit distance. A key is a near
 * miss when few edits (relative to its length) turn it into a known key, or when the two differ
 * only in case or separators (`callsPerSecond` vs `calls-per-second`).
 */

/** Levenshtein distance with two rolling rows (insert, delete, substitute each cost 1). */
export function editDistance(left: string, right: string): number {
  if (left === right) return 0;
  if (left.length === 0) return right.length;
  if (right.length === 0) return left.length;
  let previousRow = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row += 1) {
    const currentRow = [row];
    for (let column = 1; column <= right.length; column += 1) {
      const substitution = cell(previousRow, column - 1) + (left.charAt(row - 1) === right.charAt(column - 1) ? 0 : 1);
      currentRow.push(Math.min(cell(previousRow, column) + 1, cell(currentRow, column - 1) + 1, substitution));
    }
    previousRow = currentRow;
  }
  return cell(previousRow, right.length);
}

/** A row's entry; every row holds `right.length + 1` entries, so a miss is a bug in the loop bounds. */
function cell(row: readonly number[], column: number): number {
  const value = row[column];
  if (value === undefined) throw new RangeError(`editDistance: column ${String(column)} is outside its row`);
  return value;
}

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s.]/g, "");
}

/** The allowed edits for a key of this length: about one edit per three characters, at most 3. */
function toleranceFor(key: string): number {
  return Math.min(3, Math.max(1, Math.floor(key.length / 3)));
}

/** The closest known key to `key` if it is a near miss, otherwise undefined. */
export function suggestKey(key: string, knownKeys: readonly string[]): string | undefined {
  const normalised = normaliseKey(key);
  const sameAfterNormalising = knownKeys.find((known) => normaliseKey(known) === normalised);
  if (sameAfterNormalising !== undefined) return sameAfterNormalising;
  let best: { key: string; distance: number } | undefined;
  for (const known of knownKeys) {
    const distance = editDistance(normalised, normaliseKey(known));
    if (distance <= toleranceFor(known) && (best === undefined || distance < best.distance))
      best = { key: known, distance };
  }
  return best?.key;
}

/** ` Did you mean "x"?` or "" — ready to append to a sentence. */
export function didYouMeanSuffix(key: string, knownKeys: readonly string[]): string {
  const suggestion = suggestKey(key, knownKeys);
  return suggestion === undefined ? "" : ` Did you mean "${suggestion}"?`;
}
