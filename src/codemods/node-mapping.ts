import { Node, type SourceFile } from "ts-morph";
import type { Finding } from "./types.js";

/** Converts an ESLint finding's 1-based line/column range to character offsets in the ts-morph file. */
export function findingOffsets(sourceFile: SourceFile, finding: Finding): { start: number; end: number } {
  const compilerFile = sourceFile.compilerNode;
  const start = compilerFile.getPositionOfLineAndCharacter(finding.line - 1, finding.column - 1);
  const end = compilerFile.getPositionOfLineAndCharacter(finding.endLine - 1, finding.endColumn - 1);
  return { start, end };
}

/** Like findingOffsets, but undefined (instead of a TypeScript debug failure) when the range no longer fits the text. */
export function locateFinding(sourceFile: SourceFile, finding: Finding): { start: number; end: number } | undefined {
  const starts = sourceFile.compilerNode.getLineStarts();
  const text = sourceFile.getFullText();
  const offset = (line: number, column: number): number | undefined => {
    const lineStart = starts[line - 1];
    const lineEnd = starts[line] ?? text.length + 1;
    // An earlier rewrite of an overlapping finding can leave this one pointing past its line.
    return lineStart === undefined || lineStart + column - 1 >= lineEnd ? undefined : lineStart + column - 1;
  };
  const start = offset(finding.line, finding.column);
  const end = offset(finding.endLine, finding.endColumn);
  return start === undefined || end === undefined || end < start ? undefined : { start, end };
}

/**
 * Finds the ts-morph node whose range is exactly the finding's range. ESTree and the TypeScript
 * tree agree on where expressions start and end, so the outermost node with both bounds equal
 * is the node the rule reported, except a statement: without a semicolon `process.exit(1)` and
 * its ExpressionStatement share one range, and the rule reported the expression. Falls back to
 * the smallest node that covers the range.
 */
export function findNodeForFinding(sourceFile: SourceFile, finding: Finding): Node | undefined {
  const offsets = locateFinding(sourceFile, finding);
  if (!offsets) return undefined;
  const { start, end } = offsets;
  let node: Node | undefined = sourceFile.getDescendantAtPos(start);
  let covering: Node | undefined;
  let exact: Node | undefined;
  while (node && node !== sourceFile) {
    const nodeStart = node.getStart();
    const nodeEnd = node.getEnd();
    if (nodeStart === start && nodeEnd === end && !Node.isExpressionStatement(node)) exact = node;
    if (!covering && nodeStart <= start && nodeEnd >= end) covering = node;
    if (nodeStart < start || nodeEnd > end) {
      if (exact) break;
    }
    node = node.getParent();
  }
  return exact ?? covering;
}

const byPosition = (a: Finding, b: Finding) => a.line - b.line || a.column - b.column;

/**
 * Adding the import moved every finding down; the rule reports the same nodes in the same order,
 * so the current findings pair up with the original ones (whose lines the change table shows).
 */
export function pairWithOriginals(current: Finding[], originals: Finding[]): [Finding, Finding][] {
  const sortedCurrent = [...current].sort(byPosition);
  const sortedOriginals = [...originals].sort(byPosition);
  const aligned = sortedCurrent.length === sortedOriginals.length;
  return sortedCurrent.map((finding, index) => [finding, (aligned ? sortedOriginals[index] : undefined) ?? finding]);
}
