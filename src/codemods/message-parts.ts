import { Node } from "ts-morph";
import { mergeTextParts, type MessagePart } from "../rewrite/message-text.js";

export { HINT_START, type MessagePart, renderParts, splitHint } from "../rewrite/message-text.js";

function isStringy(node: Node): boolean {
  return (
    Node.isStringLiteral(node) ||
    Node.isNoSubstitutionTemplateLiteral(node) ||
    Node.isTemplateExpression(node) ||
    (Node.isBinaryExpression(node) &&
      node.getOperatorToken().getText() === "+" &&
      (isStringy(node.getLeft()) || isStringy(node.getRight())))
  );
}

/** Breaks a message expression (string, template, or `+` concatenation) into parts. */
export function messageParts(node: Node): MessagePart[] {
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node))
    return [{ text: node.getLiteralText() }];
  if (Node.isTemplateExpression(node)) {
    const parts: MessagePart[] = [{ text: node.getHead().getLiteralText() }];
    for (const span of node.getTemplateSpans())
      parts.push({ expression: span.getExpression().getText() }, { text: span.getLiteral().getLiteralText() });
    return parts.filter((part) => !("text" in part) || part.text !== "");
  }
  if (Node.isBinaryExpression(node) && node.getOperatorToken().getText() === "+" && isStringy(node))
    return [...messageParts(node.getLeft()), ...messageParts(node.getRight())];
  if (Node.isParenthesizedExpression(node)) return messageParts(node.getExpression());
  return [{ expression: node.getText() }];
}

/** Joins several log arguments with spaces, as console.error prints them. */
export function joinArgumentParts(args: Node[]): MessagePart[] {
  return mergeTextParts(
    args.flatMap((arg, index) => (index === 0 ? messageParts(arg) : [{ text: " " }, ...messageParts(arg)])),
  );
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
