import { Node, type SourceFile } from "ts-morph";
import type { StatementGroup } from "./statement-groups.js";

const STOP_WORDS = new Set(["the", "a", "an", "and", "then", "we", "it", "this", "that", "now", "first", "next", "finally", "step", "todo", "note", "all", "any", "each", "one"]);
/** Words after which a comment stops naming the action: "Validate the order before doing…" → validateOrder. */
const BOUNDARY_WORDS = new Set(["before", "after", "while", "when", "so", "because", "by", "with", "for", "in", "on", "into", "from", "to", "of", "per", "if", "unless", "until", "using", "via", "as", "at"]);
const RESERVED = new Set(["break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield", "let", "static", "await", "async", "newFunction", "newMethod"]);

function camelCase(words: string[]): string {
  return words.map((word, index) => (index === 0 ? word.toLowerCase() : word[0].toUpperCase() + word.slice(1).toLowerCase())).join("");
}

/** A function name from the comment that introduced a group: "// Validate the input" → validateInput. */
export function nameFromComment(comment: string | undefined): string | undefined {
  if (!comment) return undefined;
  const words: string[] = [];
  for (const word of comment.replace(/'s\b/g, "").replace(/[^A-Za-z0-9\s]/g, " ").split(/\s+/)) {
    const lower = word.toLowerCase();
    if (!word || STOP_WORDS.has(lower) || /^\d/.test(word)) continue;
    if (words.length > 0 && BOUNDARY_WORDS.has(lower)) break;
    words.push(word);
    if (words.length === 3) break;
  }
  const name = camelCase(words);
  return /^[a-z][A-Za-z0-9]{2,}$/.test(name) && !RESERVED.has(name) ? name : undefined;
}

function pascal(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9]/g, "");
  return cleaned ? cleaned[0].toUpperCase() + cleaned.slice(1) : "";
}

function nameFromStatement(group: StatementGroup): string | undefined {
  const first = group.statements[0];
  if (Node.isVariableStatement(first)) {
    const declared = first.getDeclarations()[0]?.getName();
    if (declared && /^[A-Za-z_$][\w$]*$/.test(declared)) return `compute${pascal(declared)}`;
  }
  if (Node.isForOfStatement(first) || Node.isForInStatement(first)) return `processEach${pascal(first.getExpression().getText().split(".").pop() ?? "")}`;
  if (Node.isIfStatement(first) && group.statements.every((statement) => Node.isIfStatement(statement))) {
    const subject = first.getExpression().getFirstDescendant((node) => Node.isIdentifier(node));
    if (subject) return `validate${pascal(subject.getText())}`;
  }
  if (Node.isTryStatement(first)) return undefined;
  const call = first.getFirstDescendant((node) => Node.isCallExpression(node));
  if (call && Node.isCallExpression(call)) {
    const callee = call.getExpression().getText().split(".").pop() ?? "";
    if (/^[A-Za-z_$][\w$]*$/.test(callee)) return `run${pascal(callee)}`;
  }
  return undefined;
}

function isNameTaken(sourceFile: SourceFile, name: string): boolean {
  return sourceFile.getDescendants().some((node) => Node.isIdentifier(node) && node.getText() === name);
}

/**
 * Names an extracted function after the comment that introduced its statements, or after what
 * they do (the value they compute, what they loop over, what they call), never `newFunction`;
 * unique in the file.
 */
export function chooseExtractedName(sourceFile: SourceFile, group: StatementGroup, ownerName: string): string {
  const base = nameFromComment(group.comment) ?? nameFromStatement(group) ?? `${ownerName}Part`;
  const safeBase = RESERVED.has(base) ? `${base}Step` : base;
  if (!isNameTaken(sourceFile, safeBase)) return safeBase;
  for (let suffix = 2; ; suffix++) if (!isNameTaken(sourceFile, `${safeBase}${suffix}`)) return `${safeBase}${suffix}`;
}
