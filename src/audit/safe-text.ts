/**
 * C0 and C1 control characters (ESC starts terminal escape sequences), DEL, and the Unicode
 * bidirectional overrides and isolates that reorder what a reader sees ("Trojan Source").
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;
const HAS_UNSAFE = new RegExp(UNSAFE.source, "u");

/**
 * Makes text from the audited tree (file names, messages quoting its code) safe to print: every
 * unsafe character becomes its visible escape (`\x1B`, `\u202E`), so a file name cannot drive the
 * terminal or hide itself in the Markdown report. Text without such characters is returned as is.
 */
export function escapeControlCharacters(text: string): string {
  if (!HAS_UNSAFE.test(text)) return text;
  return text.replace(UNSAFE, (character) => {
    const code = character.codePointAt(0) ?? 0;
    return code <= 0xff
      ? `\\x${code.toString(16).toUpperCase().padStart(2, "0")}`
      : `\\u${code.toString(16).toUpperCase()}`;
  });
}
