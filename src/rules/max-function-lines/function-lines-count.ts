import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";

/** A function-like node whose length the rule measures. */
export type MeasuredFunction =
  TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression | TSESTree.StaticBlock;

export interface LineCountOptions {
  /** Leave out lines holding only whitespace. */
  skipBlankLines?: boolean;
  /** Leave out lines holding only comments (and whitespace). */
  skipComments?: boolean;
}

type SourceCode = Readonly<TSESLint.SourceCode>;

const BLANK_LINE = /^\s*$/u;

/**
 * A method's body is a FunctionExpression hanging off its MethodDefinition or Property; like core
 * `max-lines-per-function`, the method is measured from its own start (modifiers, key), not from
 * the parameter list.
 */
export function isMethodBody(node: MeasuredFunction): boolean {
  const parent = node.parent;
  if (node.type !== AST_NODE_TYPES.FunctionExpression) return false;
  if (parent.type === AST_NODE_TYPES.MethodDefinition) return parent.value === node;
  if (parent.type === AST_NODE_TYPES.Property)
    return parent.value === node && (parent.method || parent.kind !== "init");
  return false;
}

/** The node whose lines are counted: the method for a method body, otherwise the function itself. */
export function measuredNodeOf(node: MeasuredFunction): TSESTree.Node {
  return isMethodBody(node) ? node.parent : node;
}

/** `(function () { … })()` and `(() => { … })()`: called where it is written. */
export function isImmediatelyInvoked(node: MeasuredFunction): boolean {
  if (node.type !== AST_NODE_TYPES.FunctionExpression && node.type !== AST_NODE_TYPES.ArrowFunctionExpression)
    return false;
  const parent = node.parent;
  return parent.type === AST_NODE_TYPES.CallExpression && parent.callee === node;
}

function linesTouchedBy(items: readonly TSESTree.Node[] | readonly TSESTree.Token[], into: Set<number>): Set<number> {
  for (const item of items) {
    for (let line = item.loc.start.line; line <= item.loc.end.line; line++) into.add(line);
  }
  return into;
}

/**
 * Lines that hold a comment and no code token. A line where a token ends before a comment, or
 * begins after one, is a code line; this is the same set core `max-lines-per-function` skips.
 */
function commentOnlyLines(sourceCode: SourceCode): Set<number> {
  const comments = sourceCode.getAllComments();
  if (comments.length === 0) return new Set();
  const commentLines = linesTouchedBy(comments, new Set());
  const codeLines = linesTouchedBy(sourceCode.ast.tokens, new Set());
  for (const line of codeLines) commentLines.delete(line);
  return commentLines;
}

/**
 * Counts the lines of the functions of one file. Create one per file: the comment-only lines are
 * worked out once, on the first function long enough to need them.
 */
export class FunctionLineCounter {
  readonly #sourceCode: SourceCode;
  readonly #options: LineCountOptions;
  #commentLines: Set<number> | undefined;

  constructor(sourceCode: SourceCode, options: LineCountOptions) {
    this.#sourceCode = sourceCode;
    this.#options = options;
  }

  /** Lines the function spans before any skipping: an upper bound of `count`. */
  span(node: MeasuredFunction): number {
    const measured = measuredNodeOf(node);
    return measured.loc.end.line - measured.loc.start.line + 1;
  }

  count(node: MeasuredFunction): number {
    const { loc } = measuredNodeOf(node);
    const { skipBlankLines = false, skipComments = false } = this.#options;
    if (!skipBlankLines && !skipComments) return loc.end.line - loc.start.line + 1;
    const lines = this.#sourceCode.lines;
    const commentLines = skipComments ? this.#commentOnlyLines() : undefined;
    let counted = 0;
    for (let line = loc.start.line; line <= loc.end.line; line++) {
      if (commentLines?.has(line)) continue;
      if (skipBlankLines && BLANK_LINE.test(lines[line - 1] ?? "")) continue;
      counted++;
    }
    return counted;
  }

  #commentOnlyLines(): Set<number> {
    this.#commentLines ??= commentOnlyLines(this.#sourceCode);
    return this.#commentLines;
  }
}

/**
 * Lines of one function, counted exactly like ESLint core `max-lines-per-function` with the same
 * `skipBlankLines`/`skipComments` (methods from their start, comment-only lines as core sees them).
 * For many functions of one file, create a `FunctionLineCounter` instead.
 */
export function countFunctionLines(
  node: MeasuredFunction,
  sourceCode: SourceCode,
  options: LineCountOptions = {},
): number {
  return new FunctionLineCounter(sourceCode, options).count(node);
}
