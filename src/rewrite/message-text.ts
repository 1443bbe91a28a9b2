/**
 * A log or error message as literal text and interpolated expressions, and the source text made
 * from it: pure string work, shared by the exit-to-throw codemod and the no-process-exit-in-library
 * suggestion, which each break their own syntax tree's message into parts.
 */
import { type HelpfulErrorFields, TODO_HOW_TO_FIX, TODO_WHAT_WENT_WRONG } from "./fix-text.js";

/** A message as a list of literal text and interpolated expressions, whatever syntax built it. */
export type MessagePart = { text: string } | { expression: string };

function isTextPart(part: MessagePart): part is { text: string } {
  return "text" in part;
}

const HINT_WORDS =
  "please|try|run|check|make sure|ensure|set|create|add|use|verify|install|reinstall|fix|hint|to fix|pass|provide|define|configure|see|you (?:can|may|should|must)";
export const HINT_START = new RegExp(`^(${HINT_WORDS})\\b`, "i");
const HINT_BOUNDARY = new RegExp(`([.!?:;])\\s+(?=(${HINT_WORDS})\\b)`, "i");

/** Adjacent literal pieces become one, so a sentence boundary across two log arguments is still seen. */
export function mergeTextParts(parts: MessagePart[]): MessagePart[] {
  const merged: MessagePart[] = [];
  for (const part of parts) {
    const last = merged.at(-1);
    if (last && "text" in last && "text" in part) merged[merged.length - 1] = { text: last.text + part.text };
    else merged.push(part);
  }
  return merged;
}

function escapeTemplateText(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${");
}

/** Source text for the parts: a plain string literal when there is nothing to interpolate. */
export function renderParts(parts: MessagePart[]): string {
  if (parts.every(isTextPart)) return JSON.stringify(parts.map((part) => part.text).join(""));
  const only = parts.length === 1 ? parts.at(0) : undefined;
  if (only && "expression" in only) return `String(${only.expression})`;
  return `\`${parts.map((part) => ("text" in part ? escapeTemplateText(part.text) : `\${${part.expression}}`)).join("")}\``;
}

function trimParts(parts: MessagePart[]): MessagePart[] {
  const copy = parts.map((part) => ({ ...part }));
  const first = copy.at(0);
  const last = copy.at(-1);
  if (first && "text" in first) first.text = first.text.trimStart();
  if (last && "text" in last) last.text = last.text.trimEnd();
  return copy.filter((part) => !("text" in part) || part.text !== "");
}

/** Splits "X went wrong. Please do Y" into what went wrong and how to fix it, at a sentence boundary. */
export function splitHint(parts: MessagePart[]): { what: MessagePart[]; how: MessagePart[] } | undefined {
  for (const [index, part] of parts.entries()) {
    if (!("text" in part)) continue;
    const match = HINT_BOUNDARY.exec(part.text);
    if (!match) continue;
    // The boundary starts with the one punctuation character that closes the sentence.
    const cut = match.index + 1;
    const before = part.text.slice(0, cut).replace(/[;:]$/, "");
    const after = part.text.slice(cut).trimStart();
    const what = trimParts([...parts.slice(0, index), { text: before }]);
    const how = trimParts([{ text: after.charAt(0).toUpperCase() + after.slice(1) }, ...parts.slice(index + 1)]);
    if (what.length > 0 && how.length > 0) return { what, how };
  }
  return undefined;
}

/** Logging methods whose call right before an exit says what went wrong. */
export const LOG_METHODS: ReadonlySet<string> = new Set([
  "error",
  "fatal",
  "critical",
  "crit",
  "emerg",
  "alert",
  "warn",
  "log",
]);
/** Receivers that are loggers: console, the common logging libraries, and anything named like a logger. */
export const LOGGER_RECEIVER =
  /^(console|consola|signale|winston|pino|log|logger|this\.log|this\.logger|\w*[Ll]og(?:ger)?)$/;
/** A last log argument with such a name is the error that caused the exit: it becomes `cause`. */
export const ERROR_LIKE_NAME = /^(e|ex|err|error|cause|reason)$|Error$|Err$/;

/** A hint ("Please run …", "Check …") written in a comment, without the comment markers; undefined for any other comment. */
export function hintFromComment(comment: string): string | undefined {
  const text = comment.replace(/^\/\/\s?|^\/\*+\s?|\s?\*+\/$/g, "").trim();
  return HINT_START.test(text) ? text : undefined;
}

/** The message of the log folded into the throw, and its error argument. */
export interface LogParts {
  parts: MessagePart[];
  cause: string | undefined;
}

/** A second log line is howToFix when it starts like a hint. */
function hintFromLogParts(parts: MessagePart[] | undefined): string | undefined {
  const first = parts?.[0];
  return parts && first && "text" in first && HINT_START.test(first.text.trim()) ? renderParts(parts) : undefined;
}

function deriveWhatAndHow(
  log: LogParts,
  hintLog: MessagePart[] | undefined,
  commentHint: string | undefined,
): { what: string; how: string | undefined } {
  const split = splitHint(log.parts);
  if (split) return { what: renderParts(split.what), how: renderParts(split.how) };
  const how = hintFromLogParts(hintLog) ?? (commentHint ? JSON.stringify(commentHint) : undefined);
  return { what: renderParts(log.parts), how };
}

/**
 * The HelpfulError fields for an exit: the folded log's message as whatWentWrong (split at a hint
 * into howToFix), else a second log line or a comment that reads like a hint as howToFix, the log's
 * error argument as cause; TODO text for whatever the code does not say. `howToFixDerived` is true
 * when the code said both.
 */
export function exitErrorFields(
  log: LogParts | undefined,
  hintLog: MessagePart[] | undefined,
  commentHint: string | undefined,
): HelpfulErrorFields & { howToFixDerived: boolean } {
  const derived = log
    ? deriveWhatAndHow(log, hintLog, commentHint)
    : { what: undefined, how: commentHint ? JSON.stringify(commentHint) : undefined };
  return {
    whatWentWrong: derived.what ?? TODO_WHAT_WENT_WRONG,
    howToFix: derived.how ?? TODO_HOW_TO_FIX,
    cause: log?.cause,
    howToFixDerived: derived.how !== undefined && derived.what !== undefined,
  };
}
