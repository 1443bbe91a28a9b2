import { Node } from "ts-morph";
import { firstStatement, lastStatement, type StatementGroup } from "./statement-groups.js";

/**
 * Groups a reviewer would not want as a helper, however they are named: they do not shorten the
 * function in a way that reads better, so the split refuses them (and tries another group, or
 * leaves the function to a person).
 */

/** `0`, `""`, `[]`, `{}`, `new Map()`, `undefined`, `/re/`, `-1`, `!x`: a starting value, not work. */
function isStartingValue(node: Node | undefined): boolean {
  if (node === undefined) return true;
  if (
    Node.isLiteralExpression(node) ||
    Node.isNoSubstitutionTemplateLiteral(node) ||
    Node.isTrueLiteral(node) ||
    Node.isFalseLiteral(node) ||
    Node.isNullLiteral(node) ||
    Node.isIdentifier(node) ||
    Node.isPropertyAccessExpression(node)
  )
    return true;
  if (Node.isPrefixUnaryExpression(node)) return isStartingValue(node.getOperand());
  if (Node.isArrayLiteralExpression(node)) return node.getElements().length === 0;
  if (Node.isObjectLiteralExpression(node)) return node.getProperties().length === 0;
  if (Node.isNewExpression(node)) return node.getArguments().length === 0;
  if (Node.isAsExpression(node) || Node.isSatisfiesExpression(node)) return isStartingValue(node.getExpression());
  return false;
}

/** `let depth = 0; const seen = [];`: a helper returning `{ depth: 0, seen: [] }` only moves declarations. */
export function declaresOnly(group: StatementGroup): boolean {
  return group.statements.every(
    (statement) =>
      Node.isVariableStatement(statement) &&
      statement.getDeclarations().every((declaration) => isStartingValue(declaration.getInitializer())),
  );
}

function isCompound(node: Node): boolean {
  return (
    Node.isIfStatement(node) ||
    Node.isIterationStatement(node) ||
    Node.isTryStatement(node) ||
    Node.isSwitchStatement(node) ||
    Node.isBlock(node) ||
    Node.isLabeledStatement(node)
  );
}

/** Code without its layout: how much a group says, however it is wrapped. */
function denseLength(text: string): number {
  return text.replace(/\s+/g, "").length;
}

/**
 * One or two plain statements saying little (a call wrapped over lines, a short loop): the helper
 * would cost as many lines as it saves, and its call reads no better than the statements.
 */
export function tooSmall(group: StatementGroup): boolean {
  const dense = group.statements.reduce((sum, statement) => sum + denseLength(statement.getText()), 0);
  const compound = group.statements.some(isCompound);
  return (
    (group.statements.length <= 2 && !compound && dense < 120) ||
    (group.statements.length === 1 && compound && group.lines <= 3)
  );
}

/** `return;`, `return x`, `return { a, b }`: handing back what the group made, no work of its own. */
function handsBackOnly(statement: Node): boolean {
  if (!Node.isReturnStatement(statement)) return false;
  const value = statement.getExpression();
  return (
    value === undefined ||
    Node.isIdentifier(value) ||
    (Node.isObjectLiteralExpression(value) &&
      value.getProperties().every((property) => Node.isShorthandPropertyAssignment(property)))
  );
}

/**
 * The group is the function's whole work: what stays is nothing, or a return of what the group made,
 * so the function would become a one-line wrapper around its helper.
 */
export function leavesWrapper(group: StatementGroup): boolean {
  const block = firstStatement(group).getParent();
  const owner = block?.getParent();
  if (!block || !Node.isBlock(block) || !owner || Node.isBlock(owner) || isCompound(owner)) return false;
  const first = firstStatement(group);
  const last = lastStatement(group);
  const rest = block
    .getStatements()
    .filter((statement) => statement.getEnd() <= first.getStart() || statement.getStart() >= last.getEnd());
  return rest.every(handsBackOnly);
}

/** Why a group should not become a helper, or undefined when it may. */
export function reasonNotToExtract(group: StatementGroup): string | undefined {
  if (declaresOnly(group)) return "it only declares locals";
  if (tooSmall(group)) return "it is too small to be worth a helper";
  if (leavesWrapper(group)) return "the function would only wrap its helper";
  return undefined;
}
