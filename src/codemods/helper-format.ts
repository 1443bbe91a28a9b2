import synchronizedPrettier from "@prettier/sync";
import { Node, type SourceFile, type Statement } from "ts-morph";
import { formatterConfig } from "../rewrite/project-style.js";
import { detectCodeStyle } from "./code-style.js";

/**
 * Code a split inserts (a helper and the statements that call it) laid out as the project's
 * formatter would: with the project's Prettier (or oxfmt) options when the file is already formatted
 * with them, so the file stays formatted; otherwise only the helper's signature and the call site,
 * in the file's own quotes, semicolons, indentation and line width. Every other byte stays.
 */

/** Prettier's options for a file, as far as they shape a function and a call. */
interface LayoutOptions {
  parser: "typescript" | "babel";
  printWidth: number;
  tabWidth: number;
  useTabs: boolean;
  semi: boolean;
  singleQuote: boolean;
  bracketSpacing: boolean;
  trailingComma: "all" | "es5" | "none";
  arrowParens: "always" | "avoid";
}

/** The options for the file's formatter: its config's, else what the file itself does, else Prettier's defaults. */
function layoutOptions(sourceFile: SourceFile): LayoutOptions {
  const config = formatterConfig(sourceFile.getFilePath());
  const options = config?.options ?? {};
  const style = detectCodeStyle(sourceFile);
  const pick = <T>(key: string, valid: (value: unknown) => value is T, fallback: T): T =>
    valid(options[key]) ? options[key] : fallback;
  const isBoolean = (value: unknown): value is boolean => typeof value === "boolean";
  const isNumber = (value: unknown): value is number => typeof value === "number" && value > 0;
  return {
    parser: /\.[cm]?tsx?$/.test(sourceFile.getFilePath()) ? "typescript" : "babel",
    printWidth: pick("printWidth", isNumber, config?.formatter === "oxfmt" ? 100 : 80),
    tabWidth: pick("tabWidth", isNumber, style.indent === "\t" ? 2 : style.indent.length),
    useTabs: pick("useTabs", isBoolean, style.indent === "\t"),
    semi: pick("semi", isBoolean, style.semicolons),
    singleQuote: pick("singleQuote", isBoolean, style.quote === "'"),
    bracketSpacing: pick("bracketSpacing", isBoolean, true),
    trailingComma: pick(
      "trailingComma",
      (value): value is "all" | "es5" | "none" => /^(all|es5|none)$/.test(String(value)),
      "all",
    ),
    arrowParens: pick(
      "arrowParens",
      (value): value is "always" | "avoid" => /^(always|avoid)$/.test(String(value)),
      "always",
    ),
  };
}

function format(code: string, options: LayoutOptions): string | undefined {
  try {
    return synchronizedPrettier.format(code, { ...options });
  } catch {
    // Code Prettier cannot parse on its own (a fragment using `super`, a syntax it lacks) stays as written.
    return undefined;
  }
}

/** Each file's text before its first split: whether the author's code is formatted is judged on it. */
const textsBeforeSplit = new WeakMap<SourceFile, string>();
const layouts = new WeakMap<SourceFile, { options: LayoutOptions; formatted: boolean }>();

function fileLayout(sourceFile: SourceFile): { options: LayoutOptions; formatted: boolean } {
  const known = layouts.get(sourceFile);
  if (known) return known;
  const options = layoutOptions(sourceFile);
  const text = textsBeforeSplit.get(sourceFile) ?? sourceFile.getFullText();
  const formatted = format(text, options) === text;
  // A file formatted by hand keeps its own widths: no inserted line wraps before its longest line does.
  const longest = Math.max(...text.split("\n").map((line) => line.length));
  const layout = {
    options: formatted ? options : { ...options, printWidth: Math.max(options.printWidth, longest) },
    formatted,
  };
  layouts.set(sourceFile, layout);
  return layout;
}

function widthOf(indentation: string, options: LayoutOptions): number {
  return indentation.replaceAll("\t", " ".repeat(options.tabWidth)).length;
}

/**
 * Formats code that sits at `indentation` inside a class body ("member") or a block ("statement"),
 * or at the top of the module: Prettier sees it in a wrapper of that kind, with the line width
 * narrowed by how much deeper the real place is, and the wrapper's indentation becomes the real one.
 */
function formatAt(code: string, place: "top" | "member" | "statement", indentation: string, options: LayoutOptions) {
  const unit = options.useTabs ? "\t" : " ".repeat(options.tabWidth);
  const depth = { top: 0, member: 1, statement: 2 }[place];
  const wrapped = {
    top: code,
    member: `class TxoLayout {\n${code}\n}\n`,
    statement: `async function* txoLayout() {\n  for (;;) {\n${code}\n  }\n}\n`,
  }[place];
  const printWidth = options.printWidth - widthOf(indentation, options) + depth * widthOf(unit, options);
  const formatted = format(wrapped, { ...options, printWidth: Math.max(printWidth, 20) });
  if (formatted === undefined) return undefined;
  const lines = formatted.replace(/\n$/, "").split("\n");
  const inner = depth === 0 ? lines : lines.slice(depth, lines.length - depth);
  const prefix = unit.repeat(depth);
  if (inner.some((line) => line !== "" && !line.startsWith(prefix))) return undefined;
  return inner
    .map((line, index) => (line === "" ? "" : (index === 0 ? "" : indentation) + line.slice(prefix.length)))
    .join("\n");
}

function lineIndentation(text: string, position: number): string {
  const lineStart = text.lastIndexOf("\n", position - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? "";
}

/** A string or template whose text spans lines: its lines are content, which re-indenting would change. */
function spansLines(node: Node): boolean {
  return (
    (Node.isNoSubstitutionTemplateLiteral(node) ||
      Node.isTemplateHead(node) ||
      Node.isTemplateMiddle(node) ||
      Node.isTemplateTail(node) ||
      Node.isStringLiteral(node)) &&
    node.getText().includes("\n")
  );
}

interface TextEdit {
  start: number;
  end: number;
  text: string;
}

function helperNamed(sourceFile: SourceFile, name: string) {
  return sourceFile
    .getDescendants()
    .find((node) => (Node.isFunctionDeclaration(node) || Node.isMethodDeclaration(node)) && node.getName() === name);
}

/** The helper in the file's layout: all of it in a formatted file, else its signature only. */
function helperEdit(sourceFile: SourceFile, name: string, options: LayoutOptions, formatted: boolean): TextEdit[] {
  const helper = helperNamed(sourceFile, name);
  const body =
    helper && (Node.isFunctionDeclaration(helper) || Node.isMethodDeclaration(helper)) ? helper.getBody() : undefined;
  if (!helper || !body) return [];
  const text = sourceFile.getFullText();
  const place = Node.isMethodDeclaration(helper) ? "member" : "top";
  const indentation = lineIndentation(text, helper.getStart());
  const whole = formatted && !helper.getDescendants().some(spansLines);
  const code = whole ? helper.getText() : `${text.slice(helper.getStart(), body.getStart()).trimEnd()} {}`;
  const laidOut = formatAt(code, place, indentation, options);
  if (laidOut === undefined) return [];
  if (whole) return [{ start: helper.getStart(), end: helper.getEnd(), text: laidOut }];
  if (!laidOut.endsWith("{}")) return [];
  return [{ start: helper.getStart(), end: body.getStart(), text: laidOut.slice(0, -2) }];
}

/** The statements that call the helper, and those right after that read what the call returned. */
function callSiteRuns(sourceFile: SourceFile, name: string): Statement[][] {
  const calls = sourceFile.getDescendants().filter((node) => {
    if (!Node.isCallExpression(node)) return false;
    const callee = node.getExpression();
    return Node.isIdentifier(callee)
      ? callee.getText() === name
      : Node.isPropertyAccessExpression(callee) && callee.getName() === name;
  });
  return calls.flatMap((call) => {
    const statement = call.getFirstAncestor(
      (node): node is Statement => Node.isStatement(node) && Node.isBlock(node.getParent()),
    );
    if (!statement) return [];
    const declared = Node.isVariableStatement(statement) ? statement.getDeclarations()[0]?.getName() : undefined;
    const run = [statement];
    for (let next = statement.getNextSibling(); next && Node.isStatement(next); next = next.getNextSibling()) {
      if (declared === undefined || !new RegExp(`\\b${declared}\\b`).test(next.getText())) break;
      run.push(next);
    }
    return [run];
  });
}

function callSiteEdits(sourceFile: SourceFile, name: string, options: LayoutOptions): TextEdit[] {
  const text = sourceFile.getFullText();
  return callSiteRuns(sourceFile, name).flatMap((run) => {
    const first = run[0];
    const last = run.at(-1);
    if (!first || !last || run.some((statement) => statement.getDescendants().some(spansLines))) return [];
    const indentation = lineIndentation(text, first.getStart());
    const code = text.slice(first.getStart(), last.getEnd());
    const laidOut = formatAt(code, "statement", indentation, options);
    return laidOut === undefined || laidOut === code
      ? []
      : [{ start: first.getStart(), end: last.getEnd(), text: laidOut }];
  });
}

/** Lays out a helper the split just inserted, and its call site, as the file's formatter would. */
function layOutInsertedHelper(sourceFile: SourceFile, name: string): void {
  const { options, formatted } = fileLayout(sourceFile);
  const edits = [...helperEdit(sourceFile, name, options, formatted), ...callSiteEdits(sourceFile, name, options)].sort(
    (a, b) => b.start - a.start,
  );
  if (edits.length === 0) return;
  let text = sourceFile.getFullText();
  for (const edit of edits) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  sourceFile.replaceWithText(text);
}

function declaredHelperNames(sourceFile: SourceFile): Set<string> {
  const names = new Set<string>();
  for (const node of sourceFile.getDescendants()) {
    const name = Node.isFunctionDeclaration(node) || Node.isMethodDeclaration(node) ? node.getName() : undefined;
    if (name !== undefined) names.add(name);
  }
  return names;
}

/** The functions and methods a file declares before a split: the helper a split adds is the one not among them. */
export interface HelperSnapshot {
  names: Set<string>;
}

export function snapshotHelpers(sourceFile: SourceFile): HelperSnapshot {
  if (!textsBeforeSplit.has(sourceFile)) textsBeforeSplit.set(sourceFile, sourceFile.getFullText());
  return { names: declaredHelperNames(sourceFile) };
}

/** Lays out every helper added since the snapshot, and the code that calls it, as the file's formatter would. */
export function layOutNewHelpers(sourceFile: SourceFile, before: HelperSnapshot): void {
  for (const name of declaredHelperNames(sourceFile))
    if (!before.names.has(name)) layOutInsertedHelper(sourceFile, name);
}
