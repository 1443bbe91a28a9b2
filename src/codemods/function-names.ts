import { Node, type SourceFile } from "ts-morph";
import type { StatementGroup } from "./statement-groups.js";

const STOP_WORDS = new Set(["the", "a", "an", "then", "we", "it", "this", "that", "now", "first", "next", "finally", "step", "todo", "note", "all", "any", "each", "one"]);
/** Words after which a comment stops naming the action: "Validate the order before doing…" → validateOrder. */
const BOUNDARY_WORDS = new Set(["before", "after", "while", "when", "so", "because", "by", "with", "for", "in", "on", "into", "from", "to", "of", "per", "if", "unless", "until", "using", "via", "as", "at"]);
const RESERVED = new Set(["break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield", "let", "static", "await", "async", "newFunction", "newMethod"]);

function camelCase(words: string[]): string {
  return words.map((word, index) => (index === 0 ? word.toLowerCase() : word[0].toUpperCase() + word.slice(1).toLowerCase())).join("");
}

/** A function name from the comment that introduced a group: "// Validate the input" → validateInput. */
/** Tool directives (`eslint-disable-next-line`, `@ts-expect-error`, `prettier-ignore`) say nothing about what code does. */
const DIRECTIVE = /^\s*(eslint[-\s]|@ts-|prettier-ignore|istanbul\s|c8\s|v8\s|jshint|global\s|#region|#endregion)/i;

export function nameFromComment(comment: string | undefined): string | undefined {
  if (!comment || DIRECTIVE.test(comment)) return undefined;
  const words: string[] = [];
  for (const word of comment.replace(/'s\b/g, "").replace(/[^A-Za-z0-9\s]/g, " ").split(/\s+/)) {
    const lower = word.toLowerCase();
    if (!word || STOP_WORDS.has(lower) || /^\d/.test(word)) continue;
    if (words.length > 0 && BOUNDARY_WORDS.has(lower)) break;
    // "Record the failure and fall back" names one action; "Sort and dedupe" needs both verbs.
    if (lower === "and" || lower === "or") {
      if (words.length >= 2) break;
      continue;
    }
    words.push(word);
    if (words.length === 3) break;
  }
  const name = camelCase(words);
  return /^[a-z][A-Za-z0-9]{2,}$/.test(name) && !RESERVED.has(name) ? name : undefined;
}

/** "userName", "USER_NAME", "user-name" → "UserName": words of an identifier, capitalised. */
function pascal(text: string): string {
  const words = text.replace(/([a-z0-9])([A-Z])/g, "$1 $2").split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words.map((word) => word[0].toUpperCase() + (word === word.toUpperCase() ? word.slice(1).toLowerCase() : word.slice(1))).join("");
}

function declarationOf(node: Node): Node | undefined {
  return node.getSymbol()?.getDeclarations()[0];
}

/** Variables declared before the group that the group assigns: what the helper computes. */
function assignedOuterNames(group: StatementGroup): string[] {
  const names = new Set<string>();
  for (const statement of group.statements) {
    for (const node of statement.getDescendants()) {
      if (!Node.isBinaryExpression(node) || !/^[-+*/%&|^]?=$|^(\?\?|\|\||&&)=$/.test(node.getOperatorToken().getText())) continue;
      const target = node.getLeft();
      const declaration = Node.isIdentifier(target) ? declarationOf(target) : undefined;
      if (declaration && declaration.getStart() < group.start) names.add(target.getText());
    }
  }
  return [...names];
}

function nameFromStatement(group: StatementGroup): string | undefined {
  const first = group.statements[0];
  if (Node.isVariableStatement(first)) {
    const declared = first.getDeclarations()[0]?.getName();
    if (declared && /^[A-Za-z_$][\w$]*$/.test(declared)) return `compute${pascal(declared)}`;
  }
  if (Node.isForOfStatement(first) || Node.isForInStatement(first)) {
    const loopVariable = first.getInitializer().getFirstDescendant((node) => Node.isVariableDeclaration(node));
    const element = loopVariable && Node.isVariableDeclaration(loopVariable) ? loopVariable.getNameNode() : undefined;
    if (element && Node.isIdentifier(element) && element.getText().length > 2) return `process${pascal(element.getText())}`;
    return `processEach${pascal(first.getExpression().getText().split(/[.(]/)[0] ?? "")}`;
  }
  if (Node.isIfStatement(first) && group.statements.every((statement) => Node.isIfStatement(statement))) {
    const subject = first.getExpression().getFirstDescendant((node) => Node.isIdentifier(node));
    if (subject) return `validate${pascal(subject.getText())}`;
  }
  const assigned = assignedOuterNames(group);
  if (assigned.length > 0) return `compute${pascal(assigned[0])}`;
  if (Node.isSwitchStatement(first)) return `handle${pascal(first.getExpression().getText().split(".").pop() ?? "")}`;
  if (Node.isTryStatement(first)) return undefined;
  const declaring = group.statements.find((statement) => Node.isVariableStatement(statement));
  const declared = declaring && Node.isVariableStatement(declaring) ? declaring.getDeclarations()[0]?.getName() : undefined;
  if (declared && /^[A-Za-z_$][\w$]*$/.test(declared)) return `compute${pascal(declared)}`;
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
 * unique in the file. A numbered name is the last resort, after the other sources and the
 * owner-qualified form (`validateInputOfParse`).
 */
export function chooseExtractedName(sourceFile: SourceFile, group: StatementGroup, ownerName: string): string {
  const sources = [nameFromComment(group.comment), nameFromStatement(group)].filter((name): name is string => name !== undefined && /^[a-z][A-Za-z0-9]{2,}$/.test(name));
  const bases = sources.length > 0 ? sources : [`${ownerName}Step`];
  // A helper's helper is qualified by the original owner, not by a name that already has an "Of".
  const owner = ownerName.split(/Of(?=[A-Z])/)[0];
  const options = [...bases, ...bases.map((base) => `${base}Of${pascal(owner)}`)].map((name) => (RESERVED.has(name) ? `${name}Step` : name));
  const free = options.find((name) => !isNameTaken(sourceFile, name));
  if (free) return free;
  for (let suffix = 2; ; suffix++) if (!isNameTaken(sourceFile, `${options[0]}${suffix}`)) return `${options[0]}${suffix}`;
}
