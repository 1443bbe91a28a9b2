import { AUDIT_RULES } from "../rules/catalog.js";
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

/** `/* eslint-disable … *\/` or `/* eslint-enable … *\/`, in effect from where the comment starts. */
export interface BlockDirective {
  type: "disable" | "enable";
  line: number;
  /** 1-based, as problems' columns are. */
  column: number;
  rules: ReadonlySet<string> | "all";
}

/** What a file's directives do to txo problems. */
export interface Suppressions {
  lines: LineSuppression[];
  blocks: BlockDirective[];
}

/** Either the file must go to ESLint, or these suppressions are all its directives do to txo rules. */
export type DirectiveVerdict = { handOver: true } | ({ handOver: false } & Suppressions);

/** ESLint's directive syntax: a label at the very start of the comment, then its value, then `-- reason`. */
const LABEL = /^([a-z]+(?:-[a-z]+)*)(?:\s|$)/u;
const JUSTIFICATION = /\s-{2,}\s/u;
const LINE_LABELS = new Set(["eslint-disable-line", "eslint-disable-next-line"]);
const BLOCK_LABELS = new Set(["eslint-disable", "eslint-enable"]);
/** They change scopes (`global`, `exported`): ESLint has to run the file. */
const SCOPE_LABELS = new Set(["exported", "global", "globals"]);
const KNOWN_RULES: ReadonlySet<string> = new Set(Object.keys(AUDIT_RULES));

function parseDirective(comment: DirectiveComment): { label: string; value: string } | undefined {
  if (comment.type === "Shebang") return undefined;
  // split() always returns at least one piece: the text before the first justification.
  const [beforeJustification = ""] = comment.value.split(JUSTIFICATION);
  const directive = beforeJustification.trim();
  const label = LABEL.exec(directive)?.[1];
  return label === undefined ? undefined : { label, value: directive.slice(label.length).trim() };
}

/** The rule names of a directive as ESLint reads them: comma-separated, optionally quoted. */
function namedRules(value: string): string[] {
  return value
    .split(",")
    .map((name) => name.trim().replace(/^(['"]?)(.*)\1$/su, "$2"))
    .filter((name) => name !== "");
}

/**
 * The txo rules a directive's value names, "all" for a blanket one, null when it names none; or
 * "unknown" when it names a txo rule that does not exist (ESLint reports that as a problem itself).
 */
function txoRulesOf(value: string): ReadonlySet<string> | "all" | "unknown" | null {
  if (value === "") return "all";
  const txoRules = namedRules(value).filter((name) => name.startsWith("txo/"));
  if (txoRules.some((name) => !KNOWN_RULES.has(name))) return "unknown";
  return txoRules.length === 0 ? null : new Set(txoRules);
}

type DirectiveEffect = LineSuppression | BlockDirective | "hand over" | null;

/** What one directive comment does to txo problems. */
function effectOf(comment: DirectiveComment, label: string, value: string): DirectiveEffect {
  if (SCOPE_LABELS.has(label)) return "hand over";
  if (label === "eslint") return value.includes("txo/") ? "hand over" : null;
  const isLine = LINE_LABELS.has(label);
  if (!isLine && !BLOCK_LABELS.has(label)) return null;
  const rules = txoRulesOf(value);
  if (rules === "unknown") return "hand over";
  if (rules === null) return null;
  if (!isLine)
    return {
      type: label === "eslint-disable" ? "disable" : "enable",
      line: comment.loc.start.line,
      column: comment.loc.start.column + 1,
      rules,
    };
  // ESLint rejects line directives in block comments spanning several lines.
  if (comment.type === "Block" && comment.loc.start.line !== comment.loc.end.line) return "hand over";
  return { line: label === "eslint-disable-line" ? comment.loc.start.line : comment.loc.end.line + 1, rules };
}

/**
 * Reads a file's ESLint directive comments for what they do to txo findings. Comments about other
 * rules change nothing; `eslint-disable-line` / `eslint-disable-next-line` become line
 * suppressions and block `eslint-disable` / `eslint-enable` become ranges, which is all ESLint does
 * with them. Inline `eslint` config of txo rules, `global` and `exported`, unknown txo rule names
 * and line directives in multi-line block comments (which ESLint rejects) hand the file to ESLint.
 */
export function readDirectives(comments: readonly DirectiveComment[]): DirectiveVerdict {
  const verdict: Suppressions = { lines: [], blocks: [] };
  for (const comment of comments) {
    const directive = parseDirective(comment);
    if (directive === undefined) continue;
    // In line comments ESLint reads only the line directives (`// exported by …` is prose).
    if (comment.type === "Line" && !LINE_LABELS.has(directive.label)) continue;
    const effect = effectOf(comment, directive.label, directive.value);
    if (effect === "hand over") return { handOver: true };
    if (effect === null) continue;
    if ("type" in effect) verdict.blocks.push(effect);
    else verdict.lines.push(effect);
  }
  verdict.blocks.sort((left, right) => left.line - right.line || left.column - right.column);
  return { handOver: false, ...verdict };
}

const covers = (rules: ReadonlySet<string> | "all", ruleId: string) => rules === "all" || rules.has(ruleId);

/** ESLint's rule: the last applicable `enable` before a problem cancels every `disable` before it. */
function disabledByBlocks(
  blocks: readonly BlockDirective[],
  problem: { ruleId: string; line: number; column: number },
): boolean {
  let disabled = false;
  for (const block of blocks) {
    if (block.line > problem.line || (block.line === problem.line && block.column > problem.column)) break;
    if (covers(block.rules, problem.ruleId)) disabled = block.type === "disable";
  }
  return disabled;
}

/** Drops the problems the directives suppress (a problem belongs to the position it starts at). */
export function applySuppressions<T extends { ruleId: string; line: number; column: number }>(
  messages: T[],
  suppressions: Suppressions,
): T[] {
  if (suppressions.lines.length === 0 && suppressions.blocks.length === 0) return messages;
  return messages.filter(
    (message) =>
      !suppressions.lines.some((line) => line.line === message.line && covers(line.rules, message.ruleId)) &&
      !disabledByBlocks(suppressions.blocks, message),
  );
}
