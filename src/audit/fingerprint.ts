import { createHash } from "node:crypto";

export interface FingerprintInput {
  ruleId: string;
  file: string;
  snippet: string;
  line: number;
  column: number;
}

/** `localeCompare`'s order (the default collator, as the spec defines it) without a collator per call. */
const compareFileNames = new Intl.Collator().compare;

function digest(parts: string[]): string {
  return createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, 32);
}

/**
 * Stable fingerprints: rule + file + the normalised text of the flagged lines, plus the index of
 * this occurrence among identical ones in the file. No line numbers, so code moving up or down
 * (an edit elsewhere in the file) keeps every fingerprint; changing the flagged code changes it.
 */
export function assignFingerprints<T extends FingerprintInput>(findings: T[]): (T & { fingerprint: string })[] {
  const ordered = [...findings].sort(
    (a, b) => compareFileNames(a.file, b.file) || a.line - b.line || a.column - b.column,
  );
  const occurrences = new Map<string, number>();
  return ordered.map((finding) => {
    const base = digest([finding.ruleId, finding.file, finding.snippet]);
    const index = occurrences.get(base) ?? 0;
    occurrences.set(base, index + 1);
    return { ...finding, fingerprint: digest([base, String(index)]) };
  });
}
