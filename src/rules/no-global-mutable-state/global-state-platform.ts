import { DefinitionType, ScopeType } from "@typescript-eslint/scope-manager";
import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { isFunctionNode, memberPropertyName, resolveVariable, unwrapExpression } from "./global-state-ast.js";
import { constructsStatefulObject, sameFileFunction } from "./global-state-memos.js";
import { isImmutableValue, readsCallerState, type RefersToVariable } from "./global-state-singletons.js";

type ScopeManager = TSESLint.Scope.ScopeManager;

/** How far `const { crypto } = globalThis; const rnd = crypto.randomUUID` chains are followed. */
const MAX_PLATFORM_DEPTH = 3;

/**
 * A value the runtime provides, the same for every caller: a global or a member of one
 * (`Array.isArray`, `Date.prototype.toISOString`, `globalThis.crypto`), one bound to a platform
 * object (`crypto.randomUUID.bind(crypto)`, `Function.prototype.call.bind(Object.prototype.hasOwnProperty)`),
 * an immutable built-in (`new TextEncoder()`), a fallback between such values, the variable's own
 * previous value (`cached ?? Object.hasOwn`), or a `const` (or a local written once) holding one.
 */
export function isPlatformValue(
  node: TSESTree.Node,
  scopeManager: ScopeManager,
  refersTo: RefersToVariable,
  depth = 0,
): boolean {
  const value = unwrapExpression(node);
  if (refersTo(value)) return true;
  // `url.origin + "/"` is a primitive, but one built from the caller's input.
  if (isImmutableValue(value)) return !readsCallerState(value, scopeManager);
  const recurse = (child: TSESTree.Node) => isPlatformValue(child, scopeManager, refersTo, depth);
  switch (value.type) {
    case AST_NODE_TYPES.Identifier:
      return isPlatformBinding(value, scopeManager, refersTo, depth);
    case AST_NODE_TYPES.MemberExpression:
      return memberPropertyName(value) !== undefined && recurse(value.object);
    case AST_NODE_TYPES.LogicalExpression:
      return value.operator !== "&&" && recurse(value.left) && recurse(value.right);
    case AST_NODE_TYPES.CallExpression:
      return isPlatformBind(value, recurse);
    default:
      return false;
  }
}

/** `fn.bind(thisArg, …args)` where the function and every argument are platform values. */
function isPlatformBind(call: TSESTree.CallExpression, isPlatform: (node: TSESTree.Node) => boolean): boolean {
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || memberPropertyName(callee) !== "bind") return false;
  return (
    isPlatform(callee.object) &&
    call.arguments.every((argument) => argument.type !== AST_NODE_TYPES.SpreadElement && isPlatform(argument))
  );
}

/** An unresolved name is a global of the runtime; a `const`, or a local written once, holds what it was given. */
function isPlatformBinding(
  identifier: TSESTree.Identifier,
  scopeManager: ScopeManager,
  refersTo: RefersToVariable,
  depth: number,
): boolean {
  const variable = resolveVariable(identifier, scopeManager);
  // Unresolved, or declared by the environment (ESLint's globals, TypeScript's lib): the runtime's own.
  if (!variable) return true;
  const definition = variable.defs[0];
  if (!definition) return variable.scope.type === ScopeType.global;
  if (depth >= MAX_PLATFORM_DEPTH || definition.type !== DefinitionType.Variable) return false;
  const isModuleLevel = variable.scope.type === ScopeType.module || variable.scope.type === ScopeType.global;
  if (isModuleLevel && definition.parent.kind !== "const") return false;
  const stored = variable.references.filter((reference) => reference.isWrite()).map((reference) => reference.writeExpr);
  const [only] = stored;
  return (
    stored.length === 1 &&
    only !== null &&
    only !== undefined &&
    isPlatformValue(only, scopeManager, refersTo, depth + 1)
  );
}

/** `cached ?? Object.hasOwn` (also through a local `const`): the variable's own value comes first, so it is set once. */
export function fallsBackFromItself(
  node: TSESTree.Node,
  scopeManager: ScopeManager,
  refersTo: RefersToVariable,
  depth = 0,
): boolean {
  const value = unwrapExpression(node);
  if (value.type === AST_NODE_TYPES.LogicalExpression && value.operator !== "&&")
    return refersTo(unwrapExpression(value.left)) || fallsBackFromItself(value.left, scopeManager, refersTo, depth);
  if (value.type !== AST_NODE_TYPES.Identifier || depth >= MAX_PLATFORM_DEPTH) return false;
  const definition = resolveVariable(value, scopeManager)?.defs[0];
  if (definition?.type !== DefinitionType.Variable || definition.parent.kind !== "const" || !definition.node.init)
    return false;
  return fallsBackFromItself(definition.node.init, scopeManager, refersTo, depth + 1);
}

/**
 * `let isArray = (v) => ((isArray = Array.isArray), isArray(v))`: the function the variable starts as
 * replaces itself, on its first call, with what the platform provides. The write sits inside the
 * variable's own initial function.
 */
export function isSelfReplacement(assignment: TSESTree.AssignmentExpression, init: TSESTree.Node | null): boolean {
  const initial = init ? unwrapExpression(init) : undefined;
  if (!initial || !isFunctionNode(initial) || assignment.operator !== "=") return false;
  return initial.range[0] <= assignment.range[0] && assignment.range[1] <= initial.range[1];
}

/**
 * `headers ??= getPlatformProperties()`: a call without arguments of a synchronous function of the
 * file whose parameters all have defaults, that builds nothing with `new` (but immutable built-ins)
 * and reads no module-level `let`/`var`: it works out a fact about the runtime from what the platform
 * provides, the same whoever asks first.
 */
export function isPlatformFactCall(node: TSESTree.Node, scopeManager: ScopeManager): boolean {
  const call = unwrapExpression(node);
  if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments.length > 0) return false;
  const callee = unwrapExpression(call.callee);
  const fn = callee.type === AST_NODE_TYPES.Identifier ? sameFileFunction(callee, scopeManager) : undefined;
  if (!fn || fn.async || fn.generator || fn.params.some((param) => param.type !== AST_NODE_TYPES.AssignmentPattern))
    return false;
  return !constructsStatefulObject(fn) && !touchesModuleVariables(fn, scopeManager);
}

/** A read or write, from inside `fn`, of a module-level `let`/`var` (state that could differ by then). */
function touchesModuleVariables(fn: TSESTree.Node, scopeManager: ScopeManager): boolean {
  const scope = scopeManager.acquire(fn);
  if (!scope) return true;
  return scope.through.some((reference) => {
    const definition = reference.resolved?.defs[0];
    if (!definition) return false;
    if (definition.type !== DefinitionType.Variable) return reference.isWrite();
    return reference.isWrite() || definition.parent.kind !== "const";
  });
}
