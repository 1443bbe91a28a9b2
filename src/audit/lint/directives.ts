import type { SourceLocation } from "./line-index.js";

/** A comment as the fast parser gives it. */
export interface DirectiveComment {
  type: string;
  value: string;
  loc: SourceLocation;
}

/** Problems of these rules (or all rules) starting on this line are not reported. */
export interface LineSuppression {
  line: number;
  rules: ReadonlySet<string> | "all";
}

/** Either the file must go to ESLint, or these line suppressions are all its directives do to txo rules. */
export type DirectiveVerdict = { handOver: true } | { handOver: false; suppressions: LineSuppression[] };

/** ESLint's directive syntax: a label at the very start of the comment, then its value, then `-- reason`. */
const LABEL = /^([a-z]+(?:-[a-z]+)*)(?:\s|$)/u;
const JUSTIFICATION = /\s-{2,}\s/u;
const LINE_LABELS = new Set(["eslint-disable-line", "eslint-disable-next-line"]);
const RANGE_LABELS = new Set(["eslint-disable", "eslint-enable"]);
/** They change scopes (`global`, `exported`): ESLint has to run the file. */
const SCOPE_LABELS = new Set(["exported", "global", "globals"]);

function parseDirective(comment: DirectiveComment): { label: string; value: string } | undefined {
  if (comment.type === "Shebang") return undefined;
  const directive = comment.value.split(JUSTIFICATION)[0].trim();
  const label = LABEL.exec(directive)?.[1];
  return label === undefined ? undefined : { label, value: directive.slice(label.length).trim() };
}

function namedRules(value: string): string[] {
  return value.split(",").map((name) => name.trim()).filter((name) => name !== "");
}

/** What one line directive suppresses for txo rules; null when it names none of them. */
function lineSuppression(comment: DirectiveComment, label: string, value: string): LineSuppression | null {
  const line = label === "eslint-disable-line" ? comment.loc.start.line : comment.loc.end.line + 1;
  if (value === "") return { line, rules: "all" };
  const txoRules = namedRules(value).filter((name) => name.startsWith("txo/"));
  return txoRules.length === 0 ? null : { line, rules: new Set(txoRules) };
}

/**
 * Reads a file's ESLint directive comments for what they do to txo findings. Comments about other
 * rules change nothing; `eslint-disable-line` / `eslint-disable-next-line` (blanket or naming txo
 * rules) become line suppressions, which is all ESLint does with them; block `eslint-disable` /
 * `eslint-enable` that could cover txo rules, inline `eslint` config of txo rules, `global` and
 * `exported`, and line directives in multi-line block comments (which ESLint rejects) hand the file
 * to ESLint.
 */
export function readDirectives(comments: readonly DirectiveComment[]): DirectiveVerdict {
  const suppressions: LineSuppression[] = [];
  for (const comment of comments) {
    const directive = parseDirective(comment);
    if (directive === undefined) continue;
    const { label, value } = directive;
    // In line comments ESLint reads only the line directives (`// exported by …` is prose).
    if (comment.type === "Line" && !LINE_LABELS.has(label)) continue;
    if (SCOPE_LABELS.has(label)) return { handOver: true };
    if (label === "eslint" && value.includes("txo/")) return { handOver: true };
    if (RANGE_LABELS.has(label) && (value === "" || value.includes("txo/"))) return { handOver: true };
    if (!LINE_LABELS.has(label)) continue;
    if (comment.type === "Block" && comment.loc.start.line !== comment.loc.end.line) return { handOver: true };
    const suppression = lineSuppression(comment, label, value);
    if (suppression !== null) suppressions.push(suppression);
  }
  return { handOver: false, suppressions };
}

/** Drops the problems the line directives suppress (a problem belongs to the line it starts on). */
export function applySuppressions<T extends { ruleId: string; line: number }>(messages: T[], suppressions: readonly LineSuppression[]): T[] {
  if (suppressions.length === 0) return messages;
  return messages.filter((message) => !suppressions.some((suppression) => suppression.line === message.line && (suppression.rules === "all" || suppression.rules.has(message.ruleId))));
}
