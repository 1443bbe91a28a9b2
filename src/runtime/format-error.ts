/**
 * Renders errors for people. The terminal style uses the TXO layout (❌ Problem / ✅ Solution /
 * 📝 Example), optionally coloured; the plain style has no emoji and no colour, for log files and
 * CI output. Errors that are not `HelpfulError`s are still rendered, with their stack in debug mode.
 */
import { isHelpfulError, type ErrorContext, type HelpfulError } from "./errors.js";

export interface FormatErrorOptions {
  /** "terminal" (emoji headings) or "plain" (labels only). Default "terminal". */
  style?: "terminal" | "plain";
  /** ANSI colour for the terminal style. Default false: the caller knows whether its stream is a TTY. */
  color?: boolean;
  /** Also print stack traces and the whole cause chain. Default false. */
  debug?: boolean;
}

interface Palette {
  problem(text: string): string;
  solution(text: string): string;
  example(text: string): string;
  dim(text: string): string;
}

const ANSI = Object.freeze({
  red: "\u001B[31m",
  green: "\u001B[32m",
  cyan: "\u001B[36m",
  dim: "\u001B[2m",
  reset: "\u001B[0m",
});

const identity = (text: string): string => text;
const NO_COLOUR: Palette = Object.freeze({ problem: identity, solution: identity, example: identity, dim: identity });
const COLOUR: Palette = Object.freeze({
  problem: (text: string) => `${ANSI.red}${text}${ANSI.reset}`,
  solution: (text: string) => `${ANSI.green}${text}${ANSI.reset}`,
  example: (text: string) => `${ANSI.cyan}${text}${ANSI.reset}`,
  dim: (text: string) => `${ANSI.dim}${text}${ANSI.reset}`,
});

interface Headings {
  problem: string;
  solution: string;
  example: string;
}

const TERMINAL_HEADINGS: Headings = Object.freeze({
  problem: "❌ Problem:",
  solution: "✅ Solution:",
  example: "📝 Example:",
});
const PLAIN_HEADINGS: Headings = Object.freeze({ problem: "Problem:", solution: "Solution:", example: "Example:" });

function indent(text: string, prefix = "   "): string {
  return text
    .split("\n")
    .map((line) => (line.length === 0 ? line : `${prefix}${line}`))
    .join("\n");
}

function contextLines(context: ErrorContext | undefined): string[] {
  if (context === undefined) return [];
  const lines: string[] = [];
  if (context.operation !== undefined) lines.push(`Operation: ${context.operation}`);
  if (context.resource !== undefined) lines.push(`Resource: ${context.resource}`);
  for (const [key, value] of Object.entries(context.details ?? {}))
    lines.push(`${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
  return lines;
}

function causeChain(error: Error): Error[] {
  const chain: Error[] = [];
  for (let cause: unknown = error.cause; cause instanceof Error && chain.length < 10; cause = cause.cause)
    chain.push(cause);
  return chain;
}

function causeLines(error: Error, debug: boolean): string[] {
  const chain = causeChain(error);

  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a non-Error cause can be anything thrown; String() is the last resort
  if (chain.length === 0 && error.cause !== undefined) return [`Caused by: ${String(error.cause)}`];
  const shown = debug ? chain : chain.slice(0, 1);
  return shown.map(
    (cause) => `Caused by: ${debug && cause.stack !== undefined ? cause.stack : `${cause.name}: ${cause.message}`}`,
  );
}

function formatHelpful(error: HelpfulError, headings: Headings, palette: Palette, debug: boolean): string {
  const sections = [
    `${palette.problem(headings.problem)} ${error.whatWentWrong}`,
    `${palette.solution(headings.solution)} ${error.howToFix}`,
  ];
  if (error.example !== undefined) sections.push(`${palette.example(headings.example)}\n${indent(error.example)}`);
  const details = [...contextLines(error.context), ...causeLines(error, debug)];
  if (debug && error.stack !== undefined) details.push(error.stack);
  if (details.length > 0) sections.push(palette.dim(details.join("\n")));
  return sections.join("\n");
}

function formatOther(error: unknown, headings: Headings, palette: Palette, debug: boolean): string {
  if (!(error instanceof Error)) return `${palette.problem(headings.problem)} ${String(error)}`;
  const lines = [`${palette.problem(headings.problem)} ${error.name}: ${error.message}`];
  const details = causeLines(error, debug);
  if (debug && error.stack !== undefined) details.unshift(error.stack);
  else lines.push(palette.dim("(run with --debug for the stack trace)"));
  if (details.length > 0) lines.push(palette.dim(details.join("\n")));
  return lines.join("\n");
}

/** Renders any thrown value for a person to read. Never throws. */
export function formatError(error: unknown, options: FormatErrorOptions = {}): string {
  const style = options.style ?? "terminal";
  const headings = style === "plain" ? PLAIN_HEADINGS : TERMINAL_HEADINGS;
  const palette = style === "terminal" && options.color === true ? COLOUR : NO_COLOUR;
  const debug = options.debug ?? false;
  return isHelpfulError(error)
    ? formatHelpful(error, headings, palette, debug)
    : formatOther(error, headings, palette, debug);
}
