import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESTree } from "@typescript-eslint/utils";
import { isFunctionNode, memberPropertyName, unwrapExpression } from "./global-state-ast.js";

const GLOBAL_OBJECT_NAMES = new Set(["globalThis", "global", "window", "self"]);

/** `globalThis.fetch`, `global["fetch"]`, or the bare global `fetch` itself. */
function namesGlobal(node: TSESTree.Node, property: string): boolean {
  const value = unwrapExpression(node);
  if (value.type === AST_NODE_TYPES.Identifier) return value.name === property;
  if (value.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = unwrapExpression(value.object);
  return (
    object.type === AST_NODE_TYPES.Identifier &&
    GLOBAL_OBJECT_NAMES.has(object.name) &&
    memberPropertyName(value) === property
  );
}

/** `!globalThis.X`, `typeof X === "undefined"`, `globalThis.X == null`, `!("X" in globalThis)`. */
function testsGlobalAbsence(test: TSESTree.Node, property: string): boolean {
  const node = unwrapExpression(test);
  if (node.type === AST_NODE_TYPES.LogicalExpression)
    return testsGlobalAbsence(node.left, property) || testsGlobalAbsence(node.right, property);
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === "!") {
    const inner = unwrapExpression(node.argument);
    const isInCheck =
      inner.type === AST_NODE_TYPES.BinaryExpression &&
      inner.operator === "in" &&
      inner.left.type === AST_NODE_TYPES.Literal &&
      inner.left.value === property;
    return isInCheck || namesGlobal(inner, property);
  }
  if (node.type !== AST_NODE_TYPES.BinaryExpression || !["===", "==", "!=="].includes(node.operator)) return false;
  const orders: [TSESTree.Node, TSESTree.Node][] = [
    [node.left, node.right],
    [node.right, node.left],
  ];
  return orders.some(([subject, other]) => {
    const isTypeof =
      subject.type === AST_NODE_TYPES.UnaryExpression &&
      subject.operator === "typeof" &&
      namesGlobal(subject.argument, property);
    if (isTypeof)
      return node.operator !== "!==" && other.type === AST_NODE_TYPES.Literal && other.value === "undefined";
    const isNothing =
      (other.type === AST_NODE_TYPES.Literal && other.value === null) ||
      (other.type === AST_NODE_TYPES.Identifier && other.name === "undefined");
    return node.operator !== "!==" && namesGlobal(subject, property) && isNothing;
  });
}

/** Standard globals are lower camel (`fetch`, `structuredClone`) or PascalCase (`AbortController`); `__app_state` and `$R` are a program's own slots. */
function looksLikeStandardGlobal(property: string): boolean {
  return /^[A-Za-z][A-Za-z0-9]*$/.test(property);
}

/**
 * A deliberate polyfill: the write fills a standard-looking global only when the platform lacks it
 * (`globalThis.fetch ??= …`, `if (typeof globalThis.AbortController === "undefined") globalThis.AbortController = …`).
 * It gives every module the platform's own API, not program state.
 */
export function isPolyfill(write: TSESTree.Node, property: string): boolean {
  if (!looksLikeStandardGlobal(property)) return false;
  if (write.type === AST_NODE_TYPES.AssignmentExpression && (write.operator === "??=" || write.operator === "||="))
    return true;
  let child: TSESTree.Node = write;
  for (let node = write.parent; node && !isFunctionNode(node); node = node.parent) {
    const guarded =
      (node.type === AST_NODE_TYPES.IfStatement &&
        node.consequent === child &&
        testsGlobalAbsence(node.test, property)) ||
      (node.type === AST_NODE_TYPES.LogicalExpression &&
        node.right === child &&
        node.operator === "&&" &&
        testsGlobalAbsence(node.left, property));
    if (guarded) return true;
    child = node;
  }
  return false;
}
