import { Node, type SourceFile } from "ts-morph";
import { type CodeStyle, DEFAULT_STYLE, indentOf } from "../rewrite/fix-text.js";
import { projectStyle } from "../rewrite/project-style.js";

export { type CodeStyle, indentOf, quoted, requote } from "../rewrite/fix-text.js";

/** The quote most string literals in the file use (JSX attributes and strings containing a quote aside). */
function quoteOf(sourceFile: SourceFile): '"' | "'" | undefined {
  let single = 0;
  let double = 0;
  for (const node of sourceFile.getDescendants()) {
    if (!Node.isStringLiteral(node) || Node.isJsxAttribute(node.getParent())) continue;
    const text = node.getText();
    if (text.slice(1, -1).includes(text.startsWith("'") ? '"' : "'")) continue;
    if (text.startsWith("'")) single++;
    else double++;
  }
  if (single === double) return undefined;
  return single > double ? "'" : '"';
}

const TERMINATED = (node: Node) =>
  Node.isExpressionStatement(node) ||
  Node.isVariableStatement(node) ||
  Node.isImportDeclaration(node) ||
  Node.isReturnStatement(node) ||
  Node.isThrowStatement(node);

/** Whether statements end with `;`: the file's majority, or undefined when it has none to judge by. */
function semicolonsOf(sourceFile: SourceFile): boolean | undefined {
  let withSemicolon = 0;
  let without = 0;
  for (const node of sourceFile.getDescendants()) {
    if (!TERMINATED(node)) continue;
    if (node.getText().endsWith(";")) withSemicolon++;
    else without++;
  }
  if (withSemicolon === without) return undefined;
  return withSemicolon > without;
}

/**
 * The style for inserted code: what the file itself does (its quotes, semicolons, indentation),
 * else the project's Prettier or EditorConfig settings, else double quotes, semicolons, two spaces.
 */
export function detectCodeStyle(sourceFile: SourceFile): CodeStyle {
  const project = projectStyle(sourceFile.getFilePath());
  return {
    quote: quoteOf(sourceFile) ?? project.quote ?? DEFAULT_STYLE.quote,
    semicolons: semicolonsOf(sourceFile) ?? project.semicolons ?? DEFAULT_STYLE.semicolons,
    indent: indentOf(sourceFile.getFullText()) ?? project.indent ?? DEFAULT_STYLE.indent,
  };
}
