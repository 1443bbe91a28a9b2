import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Node, type SourceFile } from "ts-morph";

/** How the file writes code, so inserted imports and statements look like the lines around them. */
export interface CodeStyle {
  quote: '"' | "'";
  semicolons: boolean;
  /** One level of indentation: a tab or some spaces. */
  indent: string;
}

interface PartialStyle {
  quote?: '"' | "'";
  semicolons?: boolean;
  indent?: string;
}

const DEFAULT_STYLE: CodeStyle = { quote: '"', semicolons: true, indent: "  " };

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

const TERMINATED = (node: Node) => Node.isExpressionStatement(node) || Node.isVariableStatement(node) || Node.isImportDeclaration(node) || Node.isReturnStatement(node) || Node.isThrowStatement(node);

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

/** The most common step from a line that opens a block to the line after it. */
export function indentOf(text: string): string | undefined {
  const lines = text.split("\n");
  const counts = new Map<string, number>();
  for (let index = 0; index + 1 < lines.length; index++) {
    if (!/[{([]\s*$/.test(lines[index]) || !lines[index + 1].trim()) continue;
    const outer = /^[\t ]*/.exec(lines[index])?.[0] ?? "";
    const inner = /^[\t ]*/.exec(lines[index + 1])?.[0] ?? "";
    if (inner.length > outer.length && inner.startsWith(outer)) counts.set(inner.slice(outer.length), (counts.get(inner.slice(outer.length)) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    const data = JSON.parse(readFileSync(path, "utf8")) as unknown;
    return data !== null && typeof data === "object" ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Prettier's `singleQuote`, `semi`, `useTabs`, `tabWidth` from .prettierrc(.json) or package.json. */
function prettierStyle(directory: string): PartialStyle | undefined {
  const options = readJson(join(directory, ".prettierrc")) ?? readJson(join(directory, ".prettierrc.json")) ?? (readJson(join(directory, "package.json"))?.prettier as Record<string, unknown> | undefined);
  if (!options || typeof options !== "object") return undefined;
  const style: PartialStyle = {};
  if (typeof options.singleQuote === "boolean") style.quote = options.singleQuote ? "'" : '"';
  if (typeof options.semi === "boolean") style.semicolons = options.semi;
  if (options.useTabs === true) style.indent = "\t";
  else if (typeof options.tabWidth === "number") style.indent = " ".repeat(options.tabWidth);
  return style;
}

/** `indent_style` / `indent_size` of .editorconfig's sections that match every file or JS/TS files. */
function editorConfigStyle(directory: string): PartialStyle | undefined {
  const path = join(directory, ".editorconfig");
  if (!existsSync(path)) return undefined;
  let applies = false;
  const style: PartialStyle = {};
  for (const line of readFileSync(path, "utf8").split(/\r?\n/)) {
    const section = /^\s*\[(.*)\]\s*$/.exec(line);
    if (section) applies = section[1] === "*" || /\bts\b|\bjs\b/.test(section[1]);
    const setting = /^\s*(indent_style|indent_size)\s*=\s*(\S+)/.exec(line);
    if (!applies || !setting) continue;
    if (setting[1] === "indent_style" && setting[2] === "tab") style.indent = "\t";
    if (setting[1] === "indent_size" && /^\d+$/.test(setting[2]) && style.indent !== "\t") style.indent = " ".repeat(Number(setting[2]));
  }
  return style;
}

/** The project's formatter settings, from the file's directory up to the nearest package.json. */
function projectStyle(filePath: string): PartialStyle {
  const merged: PartialStyle = {};
  for (let directory = dirname(filePath); ; directory = dirname(directory)) {
    for (const found of [prettierStyle(directory), editorConfigStyle(directory)]) {
      if (found) for (const [key, value] of Object.entries(found)) (merged as Record<string, unknown>)[key] ??= value;
    }
    if (existsSync(join(directory, "package.json")) || existsSync(join(directory, ".git")) || dirname(directory) === directory) return merged;
  }
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

/** A string literal in the given quote style. */
export function quoted(value: string, quote: '"' | "'"): string {
  if (quote === '"') return JSON.stringify(value);
  return `'${JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** A double-quoted string literal (as JSON.stringify writes it) in the given quote style; any other source text as it is. */
export function requote(source: string, quote: '"' | "'"): string {
  if (quote === '"' || !/^"(?:[^"\\]|\\.)*"$/.test(source)) return source;
  try {
    return quoted(JSON.parse(source) as string, quote);
  } catch {
    return source;
  }
}
