import { DefinitionType } from "@typescript-eslint/scope-manager";
import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESTree } from "@typescript-eslint/utils";
import type { ConfigOrigins } from "./soft-fail-origins.js";
import { staticKeyOfExpression, staticMemberKey, unwrapExpression } from "./soft-fail-paths.js";

/** Modules whose default or namespace export is the whole lodash object. */
const LODASH_LIBRARIES: ReadonlySet<string> = new Set(["lodash", "lodash-es", "underscore"]);
/** Modules whose default export is lodash's `get` itself. */
const LODASH_GET_MODULES: ReadonlySet<string> = new Set(["lodash/get", "lodash.get", "lodash-es/get"]);
/** Browser-style globals, used when nothing in the file declares them. */
const LODASH_GLOBALS: readonly string[] = ["_", "lodash"];

/** What a binding holds when it comes from lodash: the whole library, or the `get` function. */
type LodashBinding = "library" | "get" | undefined;

function requiredModule(node: TSESTree.Node | null | undefined): string | undefined {
  const call = node ? unwrapExpression(node) : undefined;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments.length !== 1) return undefined;
  if (call.callee.type !== AST_NODE_TYPES.Identifier || call.callee.name !== "require") return undefined;
  const argument = call.arguments[0];
  return argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === "string" ? argument.value : undefined;
}

function importedBinding(specifier: TSESTree.Node, module: string): LodashBinding {
  if (LODASH_GET_MODULES.has(module)) return specifier.type === AST_NODE_TYPES.ImportSpecifier ? undefined : "get";
  if (!LODASH_LIBRARIES.has(module)) return undefined;
  if (specifier.type !== AST_NODE_TYPES.ImportSpecifier) return "library";
  const imported = specifier.imported;
  const name = imported.type === AST_NODE_TYPES.Identifier ? imported.name : imported.value;
  return name === "get" ? "get" : name === "default" ? "library" : undefined;
}

/** `const _ = require("lodash")`, `const get = require("lodash/get")`, `const { get } = require("lodash")`. */
function requiredBinding(name: TSESTree.Identifier): LodashBinding {
  const parent = name.parent;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id === name) {
    const module = requiredModule(parent.init);
    if (module && LODASH_GET_MODULES.has(module)) return "get";
    if (module && LODASH_LIBRARIES.has(module)) return "library";
    const init = parent.init ? unwrapExpression(parent.init) : undefined;
    const isGetOfRequire = init?.type === AST_NODE_TYPES.MemberExpression && staticMemberKey(init)?.value === "get";
    return isGetOfRequire && LODASH_LIBRARIES.has(requiredModule(init.object) ?? "") ? "get" : undefined;
  }
  const property = parent.type === AST_NODE_TYPES.Property ? parent : undefined;
  const declarator = property?.parent.parent;
  if (property?.value !== name || declarator?.type !== AST_NODE_TYPES.VariableDeclarator) return undefined;
  const key = property.computed
    ? staticKeyOfExpression(property.key)
    : property.key.type === AST_NODE_TYPES.Identifier
      ? { value: property.key.name }
      : undefined;
  return key?.value === "get" && LODASH_LIBRARIES.has(requiredModule(declarator.init) ?? "") ? "get" : undefined;
}

function lodashBindingOf(identifier: TSESTree.Identifier, origins: ConfigOrigins): LodashBinding {
  const variable = origins.variableOf(identifier);
  const definition = variable?.defs[0];
  if (!variable || !definition) return LODASH_GLOBALS.includes(identifier.name) ? "library" : undefined;
  if (definition.type === DefinitionType.ImportBinding) {
    const declaration = definition.parent;
    return declaration.type === AST_NODE_TYPES.ImportDeclaration
      ? importedBinding(definition.node, declaration.source.value)
      : undefined;
  }
  return definition.type === DefinitionType.Variable ? requiredBinding(definition.name) : undefined;
}

/** True when the callee is lodash's `get`: `_.get`, `lodash.get`, or `get` imported from lodash. */
export function isLodashGet(calleeNode: TSESTree.Node, origins: ConfigOrigins): boolean {
  const callee = unwrapExpression(calleeNode);
  if (callee.type === AST_NODE_TYPES.Identifier) return lodashBindingOf(callee, origins) === "get";
  if (callee.type !== AST_NODE_TYPES.MemberExpression || staticMemberKey(callee)?.value !== "get") return false;
  const owner = unwrapExpression(callee.object);
  if (owner.type === AST_NODE_TYPES.Identifier) return lodashBindingOf(owner, origins) === "library";
  return LODASH_LIBRARIES.has(requiredModule(owner) ?? "");
}
