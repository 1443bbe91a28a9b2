import { ScopeType } from "@typescript-eslint/scope-manager";
import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { visitorKeys } from "@typescript-eslint/visitor-keys";

// The shared "see through the wrappers" step; re-exported so the folder's modules keep one import site.
import { isConstAssertion, unwrapExpression } from "../../ast/unwrap.js";

export { isConstAssertion, unwrapExpression };

type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;
type Reference = TSESLint.Scope.Reference;

export type FunctionNode =
  TSESTree.ArrowFunctionExpression | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression;

export function isFunctionNode(node: TSESTree.Node): node is FunctionNode {
  return (
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.ArrowFunctionExpression
  );
}

/**
 * The scope that holds a file's top-level declarations: the module scope for ES modules, the
 * function scope ESLint wraps CommonJS files in (`globalReturn`), or the global scope of a script.
 */
export function findModuleScope(globalScope: Scope): Scope {
  const program = globalScope.block;
  const wrapper = globalScope.childScopes.find(
    (scope) => scope.block === program && (scope.type === ScopeType.module || scope.type === ScopeType.function),
  );
  return wrapper ?? globalScope;
}

/**
 * A variable's references. In a script, references to a top-level `var` may be left unresolved in
 * the global scope's `through` list (the scope manager leaves them dynamic), so they are joined here.
 * The unresolved references are indexed by name once, so a large script costs one pass.
 */
export class ModuleReferences {
  private unresolvedByName: Map<string, Reference[]> | undefined;

  constructor(readonly moduleScope: Scope) {}

  of(variable: Variable): Reference[] {
    if (this.moduleScope.type !== ScopeType.global) return [...variable.references];
    const unresolved = this.unresolvedIndex().get(variable.name) ?? [];
    if (unresolved.length === 0) return [...variable.references];
    const known = new Set(variable.references.map((reference) => reference.identifier));
    return [...variable.references, ...unresolved.filter((reference) => !known.has(reference.identifier))];
  }

  private unresolvedIndex(): Map<string, Reference[]> {
    if (this.unresolvedByName) return this.unresolvedByName;
    const index = new Map<string, Reference[]>();
    for (const reference of this.moduleScope.through) {
      const sameName = index.get(reference.identifier.name);
      if (sameName) sameName.push(reference);
      else index.set(reference.identifier.name, [reference]);
    }
    this.unresolvedByName = index;
    return index;
  }
}

/** The name of a non-computed (or string-literal computed) property key, `#name` for private names. */
export function staticKeyName(key: TSESTree.Node, computed: boolean): string | undefined {
  if (key.type === AST_NODE_TYPES.PrivateIdentifier) return `#${key.name}`;
  if (!computed && key.type === AST_NODE_TYPES.Identifier) return key.name;
  if (key.type === AST_NODE_TYPES.Literal && (typeof key.value === "string" || typeof key.value === "number")) {
    return String(key.value);
  }
  if (key.type === AST_NODE_TYPES.TemplateLiteral && key.expressions.length === 0)
    return key.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

export function memberPropertyName(node: TSESTree.MemberExpression): string | undefined {
  return staticKeyName(node.property, node.computed);
}

/** `name` for an identifier, `object.property` for a one-level member expression. */
export function simpleCalleeName(callee: TSESTree.Node): string | undefined {
  const target = unwrapExpression(callee);
  if (target.type === AST_NODE_TYPES.Identifier) return target.name;
  if (target.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const object = unwrapExpression(target.object);
  const property = memberPropertyName(target);
  if (object.type !== AST_NODE_TYPES.Identifier || property === undefined) return undefined;
  return `${object.name}.${property}`;
}

/** Names through which code reaches the global object; `globalThis.WeakMap` is the built-in `WeakMap`. */
const GLOBAL_OBJECT_PREFIX = /^(globalThis|global|window|self)\./;

/**
 * The built-in a callee names, seen through the global object: `WeakSet` for `WeakSet`,
 * `globalThis.WeakSet` and `(globalThis as any).WeakSet`, `Intl.Collator` for `Intl.Collator`.
 */
export function builtinName(callee: TSESTree.Node): string | undefined {
  return simpleCalleeName(callee)?.replace(GLOBAL_OBJECT_PREFIX, "");
}

const MAX_RENDERED_LENGTH = 40;

/** A short, single-line rendering of a node's source for messages. */
export function renderSource(node: TSESTree.Node, sourceText: string): string {
  const text = sourceText.slice(node.range[0], node.range[1]).replace(/\s+/g, " ").trim();
  return text.length <= MAX_RENDERED_LENGTH ? text : `${text.slice(0, MAX_RENDERED_LENGTH - 1)}…`;
}

/** Every descendant of `root` (root included) that satisfies `accept`, in source order. */
export function collectDescendants<T extends TSESTree.Node>(
  root: TSESTree.Node,
  accept: (node: TSESTree.Node) => node is T,
): T[] {
  const found: T[] = [];
  const stack: TSESTree.Node[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (accept(node)) found.push(node);
    // Pushed last to first so the first child is popped, and so collected, first.
    stack.push(...childNodes(node).reverse());
  }
  return found;
}

function childNodes(node: TSESTree.Node): TSESTree.Node[] {
  const keys = visitorKeys[node.type] ?? [];
  const children: TSESTree.Node[] = [];
  for (const key of keys) {
    // The keys are the node type's visitor keys, which are properties of that node.
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) children.push(item);
    } else if (isNode(value)) {
      children.push(value);
    }
  }
  return children;
}

function isNode(value: unknown): value is TSESTree.Node {
  // Checked just before: a non-null object, so reading type is safe.
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

/**
 * Whether `node` reads the `this` of the code around it: a `this` that is not inside a nested
 * non-arrow function or a class body (where `this` is that function's or instance's own).
 */
export function readsOuterThis(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.ThisExpression) return true;
  if (
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.ClassBody
  )
    return false;
  return childNodes(node).some(readsOuterThis);
}

/** Sets `parent` on every node, as ESLint does before rules run; needed when parsing outside ESLint. */
export function setParentPointers(root: TSESTree.Node): void {
  const stack: TSESTree.Node[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    for (const child of childNodes(node)) {
      // Nodes parsed outside ESLint have no parent yet; this sets the field ESLint would set.
      (child as { parent?: TSESTree.Node }).parent = node;
      stack.push(child);
    }
  }
}

/** The declared name of a class, or of the variable a class expression initialises. */
export function className(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression): string {
  if (node.id) return node.id.name;
  const parent = node.parent;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier)
    return parent.id.name;
  return "(anonymous class)";
}

/** The node, then each node around it, up to and including the Program. */
function* selfAndAncestors(node: TSESTree.Node): Generator<TSESTree.Node> {
  let current = node;
  while (current.type !== AST_NODE_TYPES.Program) {
    yield current;
    current = current.parent;
  }
  yield current;
}

export function lineOf(node: TSESTree.Node): number {
  return node.loc.start.line;
}

/** The variable an identifier refers to, through the scopes around it (undefined for an unresolved global). */
export function resolveVariable(
  identifier: TSESTree.Identifier,
  scopeManager: TSESLint.Scope.ScopeManager,
): Variable | undefined {
  for (const node of selfAndAncestors(identifier)) {
    const scope = scopeManager.acquire(node, true);
    const reference = scope?.references.find((candidate) => candidate.identifier === identifier);
    if (reference) return reference.resolved ?? undefined;
  }
  return undefined;
}
