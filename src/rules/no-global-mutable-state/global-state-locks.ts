import { DefinitionType } from "@typescript-eslint/scope-manager";
import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { memberPropertyName, resolveVariable, unwrapExpression } from "./global-state-ast.js";
import type { RefersToVariable } from "./global-state-singletons.js";

type ScopeManager = TSESLint.Scope.ScopeManager;

const PROMISE_HANDLERS = new Set(["then", "catch", "finally"]);
/** How far `const previous = tails.get(key) ?? Promise.resolve(); const tail = previous.then(…)` is followed. */
const MAX_LINK_DEPTH = 3;

/**
 * A promise chained onto the lock's own last link: `(chain ?? Promise.resolve()).then(run)`,
 * `previous.catch(() => {}).then(() => current)` where `previous` is `tails.get(key) ?? …`.
 */
function chainsOnto(
  node: TSESTree.Node,
  isOwnLink: (node: TSESTree.Node) => boolean,
  scopeManager: ScopeManager,
  linked = false,
  depth = 0,
): boolean {
  const value = unwrapExpression(node);
  // The own link alone (`x = x ?? y`) is no queue: a handler must be chained onto it.
  if (isOwnLink(value)) return linked;
  if (value.type === AST_NODE_TYPES.LogicalExpression && value.operator !== "&&")
    return chainsOnto(value.left, isOwnLink, scopeManager, linked, depth);
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrapExpression(value.callee);
    const isHandler =
      callee.type === AST_NODE_TYPES.MemberExpression && PROMISE_HANDLERS.has(memberPropertyName(callee) ?? "");
    return isHandler && chainsOnto(callee.object, isOwnLink, scopeManager, true, depth);
  }
  if (value.type !== AST_NODE_TYPES.Identifier || depth >= MAX_LINK_DEPTH) return false;
  const definition = resolveVariable(value, scopeManager)?.defs[0];
  if (definition?.type !== DefinitionType.Variable || definition.parent.kind !== "const" || !definition.node.init)
    return false;
  return chainsOnto(definition.node.init, isOwnLink, scopeManager, linked, depth + 1);
}

/**
 * `chain = (chain ?? Promise.resolve()).then(run)`: a promise-chain lock. Each caller queues behind
 * the last one; what the variable holds is only the link to wait for, never data a caller reads.
 */
export function isLockLink(
  assignment: TSESTree.AssignmentExpression,
  refersTo: RefersToVariable,
  scopeManager: ScopeManager,
): boolean {
  return assignment.operator === "=" && chainsOnto(assignment.right, refersTo, scopeManager);
}

interface KeyedCall {
  method: string;
  key: TSESTree.Node;
  value: TSESTree.Node | undefined;
}

function keyedCall(node: TSESTree.Node, refersTo: RefersToVariable): KeyedCall | undefined {
  if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = unwrapExpression(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !refersTo(unwrapExpression(callee.object))) return undefined;
  const method = memberPropertyName(callee);
  const [key, value] = node.arguments;
  if (method === undefined || !key || key.type === AST_NODE_TYPES.SpreadElement) return undefined;
  return { method, key, value: value?.type === AST_NODE_TYPES.SpreadElement ? undefined : value };
}

/**
 * A lock per key: `tails.set(key, tail)` where `tail` chains onto `tails.get(key)`, and the release
 * `if (tails.get(key) === tail) tails.delete(key)` that drops the entry only while it is still the
 * caller's own link. Each key's queue holds links to wait for, never data.
 */
export function isKeyedLockChange(
  call: TSESTree.Node,
  refersTo: RefersToVariable,
  sourceText: string,
  scopeManager: ScopeManager,
): boolean {
  const change = keyedCall(call, refersTo);
  if (!change) return false;
  const keyText = sourceText.slice(...change.key.range);
  const isOwnLink = (node: TSESTree.Node) => {
    const lookup = keyedCall(node, refersTo);
    return lookup?.method === "get" && sourceText.slice(...lookup.key.range) === keyText;
  };
  if (change.method === "set") return change.value !== undefined && chainsOnto(change.value, isOwnLink, scopeManager);
  if (change.method !== "delete") return false;
  return isGuardedByOwnLink(call, isOwnLink);
}

/** `if (tails.get(key) === tail) tails.delete(key)` (braces or not): the release of the caller's own link. */
function isGuardedByOwnLink(call: TSESTree.Node, isOwnLink: (node: TSESTree.Node) => boolean): boolean {
  const statement = call.parent;
  const container = statement?.parent;
  const guard = container?.type === AST_NODE_TYPES.BlockStatement ? container.parent : container;
  if (guard?.type !== AST_NODE_TYPES.IfStatement || (guard.consequent !== statement && guard.consequent !== container))
    return false;
  const test = unwrapExpression(guard.test);
  return (
    test.type === AST_NODE_TYPES.BinaryExpression &&
    test.operator === "===" &&
    (isOwnLink(unwrapExpression(test.left)) || isOwnLink(unwrapExpression(test.right)))
  );
}
