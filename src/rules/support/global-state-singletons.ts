import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESTree } from "@typescript-eslint/utils";
import { isFunctionNode, unwrapExpression } from "./global-state-ast.js";

/** Decides whether `name` refers to the variable under analysis (by identity of the reference). */
export type RefersToVariable = (node: TSESTree.Node) => boolean;

function isNullish(node: TSESTree.Node): boolean {
  const value = unwrapExpression(node);
  if (value.type === AST_NODE_TYPES.Literal) return value.value === null && !("regex" in value && value.regex);
  if (value.type === AST_NODE_TYPES.Identifier) return value.name === "undefined";
  return value.type === AST_NODE_TYPES.UnaryExpression && value.operator === "void";
}

/** `x == null`, `x === undefined`, `typeof x === "undefined"` (and the `!=` forms when `negated`). */
function comparesWithNothing(test: TSESTree.BinaryExpression, refersTo: RefersToVariable, negated: boolean): boolean {
  const operators = negated ? ["!=", "!=="] : ["==", "==="];
  if (!operators.includes(test.operator)) return false;
  const sides: Array<[TSESTree.Node, TSESTree.Node]> = [[test.left, test.right], [test.right, test.left]];
  return sides.some(([subject, other]) => {
    if (refersTo(subject) && isNullish(other)) return true;
    const isTypeofUndefined = other.type === AST_NODE_TYPES.Literal && other.value === "undefined";
    return subject.type === AST_NODE_TYPES.UnaryExpression && subject.operator === "typeof" && refersTo(subject.argument) && isTypeofUndefined;
  });
}

/** `!x`, `x == null`, `!x || x.closed` … : the branch runs when the value does not exist yet. */
export function testsAbsence(test: TSESTree.Node, refersTo: RefersToVariable): boolean {
  const node = unwrapExpression(test);
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === "!") return refersTo(node.argument);
  if (node.type === AST_NODE_TYPES.BinaryExpression) return comparesWithNothing(node, refersTo, false);
  if (node.type === AST_NODE_TYPES.LogicalExpression && node.operator === "||") {
    return testsAbsence(node.left, refersTo) || testsAbsence(node.right, refersTo);
  }
  return false;
}

/** `x`, `x != null`, `x !== undefined`: the branch runs when the value already exists. */
function testsPresence(test: TSESTree.Node, refersTo: RefersToVariable): boolean {
  const node = unwrapExpression(test);
  if (refersTo(node)) return true;
  return node.type === AST_NODE_TYPES.BinaryExpression && comparesWithNothing(node, refersTo, true);
}

function guardsAssignment(ancestor: TSESTree.Node, child: TSESTree.Node, refersTo: RefersToVariable): boolean {
  switch (ancestor.type) {
    case AST_NODE_TYPES.IfStatement:
      return ancestor.consequent === child && testsAbsence(ancestor.test, refersTo);
    case AST_NODE_TYPES.LogicalExpression:
      return ancestor.right === child && (ancestor.operator === "??" || ancestor.operator === "||") && refersTo(ancestor.left);
    case AST_NODE_TYPES.ConditionalExpression:
      return (
        (ancestor.alternate === child && testsPresence(ancestor.test, refersTo)) ||
        (ancestor.consequent === child && testsAbsence(ancestor.test, refersTo))
      );
    default:
      return false;
  }
}

function returnsEarly(statement: TSESTree.Statement): boolean {
  if (statement.type === AST_NODE_TYPES.ReturnStatement) return true;
  if (statement.type !== AST_NODE_TYPES.BlockStatement) return false;
  const last = statement.body.at(-1);
  return last?.type === AST_NODE_TYPES.ReturnStatement;
}

/** `if (x) return x;` (or `if (x != null) { return x; }`) somewhere before `statement` in its block. */
function followsPresenceGuard(statement: TSESTree.Node, refersTo: RefersToVariable): boolean {
  const block = statement.parent;
  if (block?.type !== AST_NODE_TYPES.BlockStatement) return false;
  const index = block.body.indexOf(statement as TSESTree.Statement);
  return block.body.slice(0, Math.max(index, 0)).some(
    (earlier) => earlier.type === AST_NODE_TYPES.IfStatement && !earlier.alternate && returnsEarly(earlier.consequent) && testsPresence(earlier.test, refersTo),
  );
}

/**
 * A lazy initialisation: the assignment only runs while the variable is still empty:
 * `x ??= new X()`, `x ||= create()`, `if (!x) x = new X()`, `return x ?? (x = new X())`,
 * `if (x) return x; x = new X();`.
 */
export function isLazyInitialisation(assignment: TSESTree.AssignmentExpression, refersTo: RefersToVariable): boolean {
  if (assignment.operator === "??=" || assignment.operator === "||=") return true;
  if (assignment.operator !== "=") return false;
  let child: TSESTree.Node = assignment;
  for (let ancestor: TSESTree.Node | undefined = assignment.parent; ancestor && !isFunctionNode(ancestor); ancestor = ancestor.parent) {
    if (guardsAssignment(ancestor, child, refersTo)) return true;
    if (ancestor.type === AST_NODE_TYPES.ExpressionStatement && followsPresenceGuard(ancestor, refersTo)) return true;
    child = ancestor;
  }
  return false;
}
