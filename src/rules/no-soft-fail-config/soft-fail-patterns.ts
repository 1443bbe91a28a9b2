import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESTree } from "@typescript-eslint/utils";
import { type PathKey, staticKeyOfExpression } from "./soft-fail-paths.js";

/**
 * Where a destructured binding takes its value from: `const { a: { b = 1 } } = config.x` gives
 * the source `config.x` and the keys a, b. Syntax only.
 */
export interface PatternSource {
  source: TSESTree.Node;
  /** Keys from the source down to the binding; undefined when a computed key or a rest element hides them. */
  keys: PathKey[] | undefined;
  /** The source is iterated (`for (const { a = 1 } of config.items)`), so the keys start below an element. */
  iterated: boolean;
}

const FUNCTION_TYPES: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.FunctionDeclaration,
  AST_NODE_TYPES.FunctionExpression,
  AST_NODE_TYPES.ArrowFunctionExpression,
  AST_NODE_TYPES.TSDeclareFunction,
  AST_NODE_TYPES.TSEmptyBodyFunctionExpression,
]);

/** True for `x = d` written directly as a function parameter (including TS parameter properties). */
export function isParameterDefault(node: TSESTree.AssignmentPattern): boolean {
  const parent = node.parent;
  if (parent.type === AST_NODE_TYPES.TSParameterProperty) return true;
  // Function nodes' params are nodes; widened so includes() accepts any node.
  return FUNCTION_TYPES.has(parent.type) && "params" in parent && (parent.params as TSESTree.Node[]).includes(node);
}

function propertyKey(property: TSESTree.Property): PathKey | undefined {
  if (property.computed) return staticKeyOfExpression(property.key);
  if (property.key.type === AST_NODE_TYPES.Identifier) return { value: property.key.name, kind: "property" };
  return staticKeyOfExpression(property.key);
}

interface WalkState {
  node: TSESTree.Node;
  keys: PathKey[] | undefined;
}

function prepend(keys: PathKey[] | undefined, key: PathKey | undefined): PathKey[] | undefined {
  return keys && key ? [key, ...keys] : undefined;
}

function declaratorSource(
  declarator: TSESTree.VariableDeclarator,
  keys: PathKey[] | undefined,
): PatternSource | undefined {
  if (declarator.init) return { source: declarator.init, keys, iterated: false };
  const declaration = declarator.parent;
  const loop = declaration.parent;
  if (loop.type === AST_NODE_TYPES.ForOfStatement && loop.left === declaration)
    return { source: loop.right, keys, iterated: true };
  return undefined;
}

/** One step up the pattern: the new state, a final answer, or "none" when the walk leaves patterns. */
function stepUp(state: WalkState): WalkState | PatternSource | "none" {
  const { node, keys } = state;
  const parent = node.parent;
  if (!parent) return "none";
  switch (parent.type) {
    case AST_NODE_TYPES.AssignmentPattern:
      if (parent.left !== node) return "none";
      return isParameterDefault(parent) ? { source: parent.right, keys, iterated: false } : { node: parent, keys };
    case AST_NODE_TYPES.Property:
      if (parent.value !== node || parent.parent.type !== AST_NODE_TYPES.ObjectPattern) return "none";
      return { node: parent.parent, keys: prepend(keys, propertyKey(parent)) };
    case AST_NODE_TYPES.ArrayPattern:
      return {
        node: parent,
        keys: prepend(keys, {
          // The node is an element of this ArrayPattern, so it is a destructuring pattern.
          value: String(parent.elements.indexOf(node as TSESTree.DestructuringPattern)),
          kind: "index",
        }),
      };
    case AST_NODE_TYPES.RestElement:
      return parent.parent.type === AST_NODE_TYPES.ObjectPattern || parent.parent.type === AST_NODE_TYPES.ArrayPattern
        ? { node: parent.parent, keys: undefined }
        : "none";
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.id === node ? (declaratorSource(parent, keys) ?? "none") : "none";
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.left === node ? { source: parent.right, keys, iterated: false } : "none";
    case AST_NODE_TYPES.ForOfStatement:
      return parent.left === node ? { source: parent.right, keys, iterated: true } : "none";
    default:
      return "none";
  }
}

/**
 * Walks from a node inside a destructuring pattern (a binding identifier or an `a = 1` default)
 * up to the value being destructured. Undefined when the node is not fed by a value (for
 * example a plain function parameter, whose value comes from the caller).
 */
export function findPatternSource(start: TSESTree.Node): PatternSource | undefined {
  let state: WalkState = { node: start, keys: [] };
  for (let guard = 0; guard < 1000; guard += 1) {
    const next = stepUp(state);
    if (next === "none") return undefined;
    if ("source" in next) return next;
    state = next;
  }
  return undefined;
}
