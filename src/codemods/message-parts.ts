import { Node } from "ts-morph";

/** A message as a list of literal text and interpolated expressions, whatever syntax built it. */
export type MessagePart = { text: string } | { expression: string };

const HINT_WORDS = "please|try|run|check|make sure|ensure|set|create|add|use|verify|install|reinstall|fix|hint|to fix|pass|provide|define|configure|see|you (?:can|may|should|must)";
export const HINT_START = new RegExp(`^(${HINT_WORDS})\\b`, "i");
const HINT_BOUNDARY = new RegExp(`([.!?:;])\\s+(?=(${HINT_WORDS})\\b)`, "i");

function isStringy(node: Node): boolean {
  return Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node) || Node.isTemplateExpression(node) || (Node.isBinaryExpression(node) && node.getOperatorToken().getText() === "+" && (isStringy(node.getLeft()) || isStringy(node.getRight())));
}

/** Breaks a message expression (string, template, or `+` concatenation) into parts. */
export function messageParts(node: Node): MessagePart[] {
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return [{ text: node.getLiteralText() }];
  if (Node.isTemplateExpression(node)) {
    const parts: MessagePart[] = [{ text: node.getHead().getLiteralText() }];
    for (const span of node.getTemplateSpans()) parts.push({ expression: span.getExpression().getText() }, { text: span.getLiteral().getLiteralText() });
    return parts.filter((part) => !("text" in part) || part.text !== "");
  }
  if (Node.isBinaryExpression(node) && node.getOperatorToken().getText() === "+" && isStringy(node)) return [...messageParts(node.getLeft()), ...messageParts(node.getRight())];
  if (Node.isParenthesizedExpression(node)) return messageParts(node.getExpression());
  return [{ expression: node.getText() }];
}

/** Joins several log arguments with spaces, as console.error prints them. */
export function joinArgumentParts(args: Node[]): MessagePart[] {
  return mergeTextParts(args.flatMap((arg, index) => (index === 0 ? messageParts(arg) : [{ text: " " }, ...messageParts(arg)])));
}

/** Adjacent literal pieces become one, so a sentence boundary across two log arguments is still seen. */
function mergeTextParts(parts: MessagePart[]): MessagePart[] {
  const merged: MessagePart[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (last && "text" in last && "text" in part) merged[merged.length - 1] = { text: last.text + part.text };
    else merged.push(part);
  }
  return merged;
}

/**
 * Every comment inside [start, end) of the nodes' text, in source order. A rewrite that replaces
 * this range re-emits them, so no explanation a person wrote is lost.
 */
export function commentsWithin(nodes: Node[], start: number, end: number): string[] {
  const seen = new Map<number, string>();
  const visit = (node: Node): void => {
    for (const range of [...node.getLeadingCommentRanges(), ...node.getTrailingCommentRanges()]) {
      if (range.getPos() >= start && range.getEnd() <= end) seen.set(range.getPos(), range.getText());
    }
    for (const child of node.getChildren()) visit(child);
  };
  for (const node of nodes) visit(node);
  return [...seen.entries()].sort(([a], [b]) => a - b).map(([, text]) => text);
}

/** A comment that can sit inside an expression on one line: `// x` becomes a block comment. */
export function asInlineComment(comment: string): string {
  if (comment.startsWith("/*")) return comment;
  const body = comment.replace(/^\/\/\s?/, "").replace(/\*\//g, "* /");
  return `/* ${body} */`;
}

function escapeTemplateText(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${");
}

/** Source text for the parts: a plain string literal when there is nothing to interpolate. */
export function renderParts(parts: MessagePart[]): string {
  if (parts.every((part) => "text" in part)) return JSON.stringify(parts.map((part) => (part).text).join(""));
  if (parts.length === 1 && "expression" in parts[0]) return `String(${parts[0].expression})`;
  return `\`${parts.map((part) => ("text" in part ? escapeTemplateText(part.text) : `\${${part.expression}}`)).join("")}\``;
}

function trimParts(parts: MessagePart[]): MessagePart[] {
  const copy = parts.map((part) => ({ ...part }));
  const first = copy[0];
  const last = copy[copy.length - 1];
  if (first && "text" in first) first.text = first.text.trimStart();
  if (last && "text" in last) last.text = last.text.trimEnd();
  return copy.filter((part) => !("text" in part) || part.text !== "");
}

/** Splits "X went wrong. Please do Y" into what went wrong and how to fix it, at a sentence boundary. */
export function splitHint(parts: MessagePart[]): { what: MessagePart[]; how: MessagePart[] } | undefined {
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index];
    if (!("text" in part)) continue;
    const match = HINT_BOUNDARY.exec(part.text);
    if (!match) continue;
    const cut = match.index + match[1].length;
    const before = part.text.slice(0, cut).replace(/[;:]$/, "");
    const after = part.text.slice(cut).trimStart();
    const what = trimParts([...parts.slice(0, index), { text: before }]);
    const how = trimParts([{ text: after.charAt(0).toUpperCase() + after.slice(1) }, ...parts.slice(index + 1)]);
    if (what.length > 0 && how.length > 0) return { what, how };
  }
  return undefined;
}
