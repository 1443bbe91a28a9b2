import { DefinitionType } from "@typescript-eslint/scope-manager";
import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { memberPropertyName, resolveVariable, unwrapExpression } from "./global-state-ast.js";

const GLOBAL_OBJECT_NAMES = new Set(["globalThis", "global", "window", "self"]);

function isGlobalObject(node: TSESTree.Node): boolean {
  const value = unwrapExpression(node);
  return value.type === AST_NODE_TYPES.Identifier && GLOBAL_OBJECT_NAMES.has(value.name);
}

/** `globalThis.fetch`, `global["fetch"]`, or the bare global `fetch`: a read of the platform's `property`. */
function readsGlobal(node: TSESTree.Node, property: string): boolean {
  const value = unwrapExpression(node);
  if (value.type === AST_NODE_TYPES.Identifier) return value.name === property;
  return (
    value.type === AST_NODE_TYPES.MemberExpression &&
    isGlobalObject(value.object) &&
    memberPropertyName(value) === property
  );
}

/** The value a write stores: `x` in `globalThis.P = x` and in `Object.defineProperty(globalThis, "P", { value: x })`. */
function storedValue(write: TSESTree.Node): TSESTree.Node | undefined {
  if (write.type === AST_NODE_TYPES.AssignmentExpression) return write.operator === "=" ? write.right : undefined;
  if (write.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const descriptor = write.arguments.at(2);
  if (descriptor?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const value = descriptor.properties.find(
    (property): property is TSESTree.Property =>
      property.type === AST_NODE_TYPES.Property &&
      !property.computed &&
      property.key.type === AST_NODE_TYPES.Identifier &&
      property.key.name === "value",
  );
  return value?.value;
}

/**
 * Whether `variable` holds the platform's original `property`, saved before anything patched it:
 * `const original = globalThis.fetch`, `const { Headers: OriginalHeaders } = globalThis`.
 */
function holdsOriginal(variable: TSESLint.Scope.Variable, property: string): boolean {
  const definition = variable.defs.at(0);
  if (definition?.type !== DefinitionType.Variable || definition.parent.kind !== "const") return false;
  const declarator = definition.node;
  if (!declarator.init) return false;
  if (declarator.id === definition.name) return readsGlobal(declarator.init, property);
  const entry = definition.name.parent;
  return (
    declarator.id.type === AST_NODE_TYPES.ObjectPattern &&
    entry.type === AST_NODE_TYPES.Property &&
    entry.parent === declarator.id &&
    !entry.computed &&
    entry.key.type === AST_NODE_TYPES.Identifier &&
    entry.key.name === property &&
    isGlobalObject(declarator.init)
  );
}

/**
 * A write that puts the platform's original back: `globalThis.fetch = originalFetch` where
 * `const originalFetch = globalThis.fetch` was saved before the patch. A module that writes it
 * hands back a restore (`dispose()`, a returned function): its patch of `property` is
 * interception, undone by its owner, not state it keeps.
 */
export function restoresOriginal(
  write: TSESTree.Node,
  property: string,
  scopeManager: TSESLint.Scope.ScopeManager,
): boolean {
  const value = storedValue(write);
  const stored = value ? unwrapExpression(value) : undefined;
  if (stored?.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = resolveVariable(stored, scopeManager);
  return variable !== undefined && holdsOriginal(variable, property);
}
