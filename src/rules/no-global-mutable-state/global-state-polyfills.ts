import { DefinitionType } from "@typescript-eslint/scope-manager";
import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { isFunctionNode, memberPropertyName, resolveVariable, unwrapExpression } from "./global-state-ast.js";

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

/** A bare specifier (`buffer`, `@ungap/structured-clone`): a package, not one of the program's own modules. */
function isPackageSpecifier(specifier: string): boolean {
  return !specifier.startsWith(".") && !specifier.startsWith("/");
}

/**
 * `import { Buffer } from "buffer"; globalThis.Buffer = Buffer`: the value is the binding a package
 * exports under the global's own name (a named import of that name, or a default or namespace import
 * bound to it). A relative import (`./store.js`) is the program's own module, and is not a polyfill.
 */
function installsPackageExport(
  write: TSESTree.AssignmentExpression,
  property: string,
  scopeManager: TSESLint.Scope.ScopeManager,
): boolean {
  const value = unwrapExpression(write.right);
  if (write.operator !== "=" || value.type !== AST_NODE_TYPES.Identifier) return false;
  const definition = resolveVariable(value, scopeManager)?.defs[0];
  if (definition?.type !== DefinitionType.ImportBinding) return false;
  const declaration = definition.parent;
  if (declaration.type !== AST_NODE_TYPES.ImportDeclaration || !isPackageSpecifier(declaration.source.value))
    return false;
  const specifier = definition.node;
  const importedName =
    specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.imported.type === AST_NODE_TYPES.Identifier
      ? specifier.imported.name
      : definition.name.name;
  return importedName === property;
}

/**
 * A deliberate polyfill: the write fills a standard-looking global only when the platform lacks it
 * (`globalThis.fetch ??= …`, `if (typeof globalThis.AbortController === "undefined") globalThis.AbortController = …`),
 * or installs a package's implementation under the global's own name (`globalThis.Buffer = Buffer`,
 * imported from `buffer`). It gives every module the platform's API, not program state.
 */
export function isPolyfill(
  write: TSESTree.Node,
  property: string,
  scopeManager?: TSESLint.Scope.ScopeManager,
): boolean {
  if (!looksLikeStandardGlobal(property)) return false;
  if (write.type === AST_NODE_TYPES.AssignmentExpression && (write.operator === "??=" || write.operator === "||="))
    return true;
  if (
    scopeManager &&
    write.type === AST_NODE_TYPES.AssignmentExpression &&
    installsPackageExport(write, property, scopeManager)
  )
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
