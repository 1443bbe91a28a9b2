import { AST_NODE_TYPES } from "@typescript-eslint/types";
import { forEachNode } from "./soft-fail-ast-walk.js";
import type { TSESTree } from "@typescript-eslint/utils";

/** `loadConfig()`, `readProjectConfig()`, `JSON.parse(text)`, `yaml.load(…)`, `require("./app.json")`, `import(…)`. */
const LOADING_NAME = /^(?:parse|load|read|require|import)/i;

function referencedName(type: TSESTree.TypeNode | undefined): string | undefined {
  if (type?.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
  const name = type.typeName;
  if (name.type === AST_NODE_TYPES.Identifier) {
    // `Promise<AppConfig>`: what an async loader resolves to.
    const inner = name.name === "Promise" ? type.typeArguments?.params[0] : undefined;
    return inner ? referencedName(inner) : name.name;
  }
  return name.type === AST_NODE_TYPES.TSQualifiedName && name.left.type === AST_NODE_TYPES.Identifier
    ? `${name.left.name}.${name.right.name}`
    : undefined;
}

/** True for `JSON.parse(text)`, `await loadConfig()`, `import("./x.json")`, also behind `as unknown`. */
function isLoadingCall(node: TSESTree.Node | null | undefined): boolean {
  let current = node;
  while (current?.type === AST_NODE_TYPES.AwaitExpression || current?.type === AST_NODE_TYPES.TSAsExpression)
    current = current.type === AST_NODE_TYPES.AwaitExpression ? current.argument : current.expression;
  if (current?.type === AST_NODE_TYPES.ImportExpression) return true;
  if (current?.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = current.callee;
  if (callee.type === AST_NODE_TYPES.Identifier) return LOADING_NAME.test(callee.name);
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.property.type === AST_NODE_TYPES.Identifier &&
    LOADING_NAME.test(callee.property.name)
  );
}

function functionName(node: TSESTree.FunctionLike): string | undefined {
  if (node.id) return node.id.name;
  // The modules this reads for the cross-file lookup come from oxc without parent pointers, so the
  // typed-as-always-set `parent` is undefined there (dropping the `?.` lost findings on viem/loopback).
  const parent = node.parent as TSESTree.Node | undefined;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier)
    return parent.id.name;
  const key =
    parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.Property
      ? parent.key
      : undefined;
  return key?.type === AST_NODE_TYPES.Identifier ? key.name : undefined;
}

/** The type name a node says loaded data has: a cast, a function's return type, a loaded variable's annotation. */
function loadedTypeOf(node: TSESTree.Node): string | undefined {
  switch (node.type) {
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
      return isLoadingCall(node.expression) ? referencedName(node.typeAnnotation) : undefined;
    case AST_NODE_TYPES.FunctionDeclaration:
    case AST_NODE_TYPES.FunctionExpression:
    case AST_NODE_TYPES.ArrowFunctionExpression:
      return LOADING_NAME.test(functionName(node) ?? "") ? referencedName(node.returnType?.typeAnnotation) : undefined;
    case AST_NODE_TYPES.VariableDeclarator: {
      const annotation = node.id.type === AST_NODE_TYPES.Identifier ? node.id.typeAnnotation : undefined;
      return isLoadingCall(node.init) ? referencedName(annotation?.typeAnnotation) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Types a module fills from data it reads: `JSON.parse(text) as AppConfig`, `function loadConfig():
 * AppConfig`, `async function parseProjectConfig(): Promise<ProjectConfig>`, `const config: AppConfig =
 * readJson(file)` (a function or callee named `parse…`, `load…`, `read…`, `require`, `import`). Such a type describes a configuration file, so an optional
 * key in it is a key the file may lack, not an API's documented default.
 */
export function loadedTypeNames(program: TSESTree.Program): ReadonlySet<string> {
  const names = new Set<string>();
  forEachNode(program, (node) => {
    const name = loadedTypeOf(node);
    if (name !== undefined) names.add(name);
  });
  return names;
}
