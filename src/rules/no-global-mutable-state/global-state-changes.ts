import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESTree } from "@typescript-eslint/utils";
import { memberPropertyName, renderSource, simpleCalleeName } from "./global-state-ast.js";
import type { StateOperationKind } from "./global-state-types.js";

/** Methods of Map, Set, WeakMap, WeakSet and Array that change the receiver. */
export const MUTATING_METHODS = new Set([
  "set",
  "add",
  "push",
  "pop",
  "shift",
  "unshift",
  "splice",
  "delete",
  "clear",
  "sort",
  "reverse",
  "fill",
  "copyWithin",
]);

/** Calls that return an element of a container, so `cache.get(k).push(x)` mutates what `cache` holds. */
const ELEMENT_READERS = new Set(["get", "at"]);

/** Functions that change the object passed as their first argument. */
const REFLECTIVE_MUTATORS = new Set([
  "Object.assign",
  "Object.defineProperty",
  "Object.defineProperties",
  "Object.setPrototypeOf",
  "Reflect.set",
  "Reflect.defineProperty",
  "Reflect.deleteProperty",
  "Reflect.setPrototypeOf",
]);

/** The outermost expression that still denotes (a part of) the starting value, and how deep into it. */
export interface ValueChain {
  top: TSESTree.Node;
  /** Property accesses from the start: 0 for `x`, 1 for `x.a` or `x.get(k)`, 2 for `x.a.b`. */
  depth: number;
}

export interface ValueChange {
  kind: StateOperationKind;
  node: TSESTree.Node;
  /** For method calls: how deep the receiver is (0 for `x.push()`, 1 for `x.items.push()`). */
  depth: number;
  operation: string;
}

function isTransparentWrapper(parent: TSESTree.Node, current: TSESTree.Node): boolean {
  switch (parent.type) {
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
      return parent.expression === current;
    case AST_NODE_TYPES.ChainExpression:
      return true;
    default:
      return false;
  }
}

function isElementRead(parent: TSESTree.Node, current: TSESTree.Node): boolean {
  if (parent.type !== AST_NODE_TYPES.CallExpression || parent.callee !== current) return false;
  if (current.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = memberPropertyName(current);
  return method !== undefined && ELEMENT_READERS.has(method);
}

/** Climbs `x` → `x.a` → `x.a!.b` → `x.a.get(k)` as far as the expression still denotes part of the value. */
export function climbValueChain(start: TSESTree.Node): ValueChain {
  let current = start;
  let depth = 0;
  for (let parent: TSESTree.Node | undefined = current.parent; parent; parent = current.parent) {
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === current) depth += 1;
    else if (!isTransparentWrapper(parent, current) && !isElementRead(parent, current)) break;
    current = parent;
  }
  return { top: current, depth };
}

/**
 * When `node` sits inside a destructuring pattern that is being assigned (`[a, x.b] = …`,
 * `({ k: x.c } = …)`, `for ([x.d] of …)`), the assignment or loop that writes it.
 */
export function patternAssignment(
  node: TSESTree.Node,
): TSESTree.AssignmentExpression | TSESTree.ForInStatement | TSESTree.ForOfStatement | undefined {
  let current: TSESTree.Node = node;
  for (let parent: TSESTree.Node | undefined = current.parent; parent; parent = current.parent) {
    const insidePattern =
      parent.type === AST_NODE_TYPES.ArrayPattern ||
      parent.type === AST_NODE_TYPES.ObjectPattern ||
      parent.type === AST_NODE_TYPES.RestElement ||
      (parent.type === AST_NODE_TYPES.Property &&
        parent.value === current &&
        parent.parent.type === AST_NODE_TYPES.ObjectPattern) ||
      (parent.type === AST_NODE_TYPES.AssignmentPattern && parent.left === current);
    if (insidePattern) {
      current = parent;
      continue;
    }
    if (current === node) return undefined;
    if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === current) return parent;
    if (parent.type === AST_NODE_TYPES.ForOfStatement && parent.left === current) return parent;
    if (parent.type === AST_NODE_TYPES.ForInStatement && parent.left === current) return parent;
    return undefined;
  }
  return undefined;
}

function directWrite(top: TSESTree.Node, depth: number, sourceText: string): ValueChange | undefined {
  const parent = top.parent;
  const writeKind: StateOperationKind = depth === 0 ? "reassign" : "member-write";
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === top) {
    return { kind: writeKind, node: parent, depth, operation: `${renderSource(top, sourceText)} ${parent.operator} …` };
  }
  if (parent?.type === AST_NODE_TYPES.UpdateExpression) {
    return {
      kind: depth === 0 ? "increment" : "member-write",
      node: parent,
      depth,
      operation: renderSource(parent, sourceText),
    };
  }
  if (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === "delete") {
    return { kind: "member-delete", node: parent, depth, operation: renderSource(parent, sourceText) };
  }
  if (
    (parent?.type === AST_NODE_TYPES.ForOfStatement || parent?.type === AST_NODE_TYPES.ForInStatement) &&
    parent.left === top
  ) {
    const keyword = parent.type === AST_NODE_TYPES.ForOfStatement ? "of" : "in";
    return { kind: writeKind, node: parent, depth, operation: `for (${renderSource(top, sourceText)} ${keyword} …)` };
  }
  const assignment = patternAssignment(top);
  if (!assignment) return undefined;
  const pattern = renderSource(assignment.left, sourceText);
  const operation =
    assignment.type === AST_NODE_TYPES.AssignmentExpression ? `${pattern} = …` : `for (${pattern} of …)`;
  return { kind: writeKind, node: assignment, depth, operation };
}

function callChange(top: TSESTree.Node, depth: number, sourceText: string): ValueChange | undefined {
  const parent = top.parent;
  if (parent?.type !== AST_NODE_TYPES.CallExpression) return undefined;
  if (parent.callee === top && top.type === AST_NODE_TYPES.MemberExpression) {
    const method = memberPropertyName(top);
    if (method === undefined || !MUTATING_METHODS.has(method)) return undefined;
    return { kind: "method-call", node: parent, depth: depth - 1, operation: `${renderSource(top, sourceText)}(…)` };
  }
  const mutator = simpleCalleeName(parent.callee);
  if (parent.arguments[0] !== top || mutator === undefined || !REFLECTIVE_MUTATORS.has(mutator)) return undefined;
  return { kind: "object-api", node: parent, depth, operation: `${mutator}(${renderSource(top, sourceText)}, …)` };
}

/** How the expression at the top of a value chain changes the value, if it does. */
export function classifyChange(chain: ValueChain, sourceText: string): ValueChange | undefined {
  return directWrite(chain.top, chain.depth, sourceText) ?? callChange(chain.top, chain.depth, sourceText);
}
