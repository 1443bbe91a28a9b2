import { Node, type SourceFile, SyntaxKind } from "ts-morph";
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

/**
 * Whether the file writes named imports and exports as `{ a, b }` (true) or `{a, b}` (false), by
 * majority; undefined when it has none (Prettier's default, with spaces, then applies).
 */
function braceSpacingOf(sourceFile: SourceFile): boolean | undefined {
  let spaced = 0;
  let tight = 0;
  const lists = [
    ...sourceFile.getImportDeclarations().map((declaration) => declaration.getImportClause()?.getNamedBindings()),
    ...sourceFile
      .getExportDeclarations()
      .map((declaration) => declaration.getFirstChildByKind(SyntaxKind.NamedExports)),
  ];
  for (const list of lists) {
    if (!list || (!Node.isNamedImports(list) && !Node.isNamedExports(list))) continue;
    const text = list.getText();
    if (text === "{}" || text.includes("\n")) continue;
    if (/^\{\s/.test(text)) spaced++;
    else tight++;
  }
  if (spaced === tight) return undefined;
  return spaced > tight;
}

/** `{ a }` as `{a}` in a file that writes its braces that way. */
export function matchBraceSpacing(text: string, sourceFile: SourceFile): string {
  return braceSpacingOf(sourceFile) === false ? text.replace(/\{ ([^{}]*?) \}/, "{$1}") : text;
}
