import { DefinitionType, ScopeType } from "@typescript-eslint/scope-manager";
import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import {
  collectDescendants,
  isFunctionNode,
  readsOuterThis,
  resolveVariable,
  unwrapExpression,
} from "./global-state-ast.js";
import { isImmutableValue, isLazyInitialisation, isPrimitiveType } from "./global-state-singletons.js";

type ScopeManager = TSESLint.Scope.ScopeManager;
type Variable = TSESLint.Scope.Variable;

/** How far `const idx = f(deep)` / `const deep = g(options)` chains are followed from the key. */
const MAX_KEY_DERIVATION_DEPTH = 3;

/**
 * A memo entry filled once per key with a value computed from the key alone:
 * `descriptors[key] ||= { get() { return this.read(key) } }`,
 * `annotations[idx] ??= createAnnotation({ deep, autoBind })` where `idx` is computed from `deep`
 * and `autoBind`. Whoever asks first, the entry is the same, so the table is a cache of constants,
 * not state the callers share. The value must be built from plain syntax (literals, functions,
 * object and array literals, or a call of a same-file function that returns such a literal; any
 * expression when the table is typed to hold primitives, `shardHashes: number[]`) and read no local
 * other than what the key is computed from.
 */
export function isConstantMemoFill(
  assignment: TSESTree.AssignmentExpression,
  sourceText: string,
  scopeManager: ScopeManager,
  tableType: TSESTree.TypeNode | undefined,
): boolean {
  const target = unwrapExpression(assignment.left);
  if (target.type !== AST_NODE_TYPES.MemberExpression || !target.computed) return false;
  const targetText = sourceText.slice(...target.range);
  const refersToEntry = (node: TSESTree.Node) => {
    const value = unwrapExpression(node);
    return value.type === AST_NODE_TYPES.MemberExpression && sourceText.slice(...value.range) === targetText;
  };
  if (!isLazyInitialisation(assignment, refersToEntry)) return false;
  if (!holdsPrimitives(tableType) && !isPlainValue(assignment.right, scopeManager, true)) return false;
  const keyInputs = derivationOf(target.property, scopeManager);
  // A key that reads no local (`table.x`, `table[0]`) makes a lazily set field, not a memo per key.
  if (keyInputs.size === 0) return false;
  return [...localsReadBy(assignment.right, scopeManager)].every(
    (variable) => variable !== undefined && keyInputs.has(variable),
  );
}

/** `number[]`, `Array<string>`, `Record<string, boolean>`: whatever the table holds is a primitive. */
function holdsPrimitives(tableType: TSESTree.TypeNode | undefined): boolean {
  if (tableType?.type === AST_NODE_TYPES.TSArrayType) return isPrimitiveType(tableType.elementType);
  if (tableType?.type !== AST_NODE_TYPES.TSTypeReference || tableType.typeName.type !== AST_NODE_TYPES.Identifier)
    return false;
  const elementType = tableType.typeArguments?.params.at(-1);
  return ["Array", "Record"].includes(tableType.typeName.name) && isPrimitiveType(elementType);
}

/** Syntax that builds a fresh value without touching anything shared: literals, functions, object/array literals. */
function isPlainValue(node: TSESTree.Node, scopeManager: ScopeManager, allowFactoryCall: boolean): boolean {
  const value = unwrapExpression(node);
  switch (value.type) {
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.FunctionExpression:
    case AST_NODE_TYPES.MemberExpression:
      return true;
    case AST_NODE_TYPES.ObjectExpression:
      // `{}` or `[]` is a fresh container about to be filled, not a constant.
      return (
        value.properties.length > 0 &&
        value.properties.every(
          (property) =>
            property.type === AST_NODE_TYPES.Property && isPlainValue(property.value, scopeManager, allowFactoryCall),
        )
      );
    case AST_NODE_TYPES.ArrayExpression:
      return (
        value.elements.length > 0 &&
        value.elements.every(
          (element) =>
            element !== null &&
            element.type !== AST_NODE_TYPES.SpreadElement &&
            isPlainValue(element, scopeManager, allowFactoryCall),
        )
      );
    case AST_NODE_TYPES.CallExpression:
      if (isImmutableValue(value)) return true;
      return (
        allowFactoryCall &&
        value.arguments.every((argument) => isPlainValue(argument, scopeManager, false)) &&
        returnsPlainLiteral(value.callee, scopeManager)
      );
    default:
      return isImmutableValue(value);
  }
}

/** A module-level function of the same file whose every `return` hands back a plain literal. */
function returnsPlainLiteral(callee: TSESTree.Node, scopeManager: ScopeManager): boolean {
  if (callee.type !== AST_NODE_TYPES.Identifier) return false;
  const fn = sameFileFunction(callee, scopeManager);
  if (!fn?.body) return false;
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return isPlainValue(fn.body, scopeManager, false);
  const only = fn.body.body.length === 1 ? fn.body.body.at(0) : undefined;
  return (
    only?.type === AST_NODE_TYPES.ReturnStatement &&
    only.argument !== null &&
    isPlainValue(only.argument, scopeManager, false)
  );
}

export function sameFileFunction(callee: TSESTree.Identifier, scopeManager: ScopeManager) {
  const variable = resolveVariable(callee, scopeManager);
  const definition = variable?.defs.at(0);
  if (variable?.scope.type !== ScopeType.module || !definition) return undefined;
  if (definition.type === DefinitionType.FunctionName) return definition.node;
  if (definition.type !== DefinitionType.Variable || !definition.node.init) return undefined;
  const init = unwrapExpression(definition.node.init);
  return isFunctionNode(init) && init.type !== AST_NODE_TYPES.FunctionDeclaration ? init : undefined;
}

/**
 * The function-local variables an expression reads (not module-level ones), plus `undefined` as a
 * marker when it reads the caller's `this` (a `this` outside any function nested in the expression).
 */
function localsReadBy(expression: TSESTree.Node, scopeManager: ScopeManager): Set<Variable | undefined> {
  const [start, end] = expression.range;
  const read = new Set<Variable | undefined>();
  if (readsOuterThis(expression)) read.add(undefined);
  for (let node: TSESTree.Node | undefined = expression.parent; node; node = node.parent) {
    const scope = scopeManager.acquire(node, true);
    if (!scope || scope.type === ScopeType.module || scope.type === ScopeType.global) continue;
    for (const variable of scope.variables)
      if (variable.references.some(({ identifier }) => identifier.range[0] >= start && identifier.range[1] <= end))
        read.add(variable);
  }
  return read;
}

/** The locals the key reads, and what those were computed from (`idx` ← `deep`, `autoBind` ← `options`). */
function derivationOf(key: TSESTree.Node, scopeManager: ScopeManager): Set<Variable> {
  const inputs = new Set<Variable>();
  let frontier = [...localsReadBy(key, scopeManager)];
  for (let depth = 0; depth <= MAX_KEY_DERIVATION_DEPTH && frontier.length > 0; depth += 1) {
    const next: Variable[] = [];
    for (const variable of frontier) {
      if (!variable || inputs.has(variable)) continue;
      inputs.add(variable);
      const definition = variable.defs[0];
      const written = variable.references.some((reference) => reference.isWrite() && !reference.init);
      if (definition?.type === DefinitionType.Variable && definition.node.init && !written)
        next.push(...[...localsReadBy(definition.node.init, scopeManager)].filter((item) => item !== undefined));
    }
    frontier = next;
  }
  return inputs;
}

/**
 * `new Client(url)` anywhere in what is stored: an object with a life of its own, not a constant;
 * and `{}` or `[]`: a fresh container the caller goes on to fill.
 */
export function constructsStatefulObject(node: TSESTree.Node): boolean {
  return (
    collectDescendants(
      node,
      (candidate): candidate is TSESTree.Node =>
        (candidate.type === AST_NODE_TYPES.NewExpression && !isImmutableValue(candidate)) ||
        (candidate.type === AST_NODE_TYPES.ObjectExpression && candidate.properties.length === 0) ||
        (candidate.type === AST_NODE_TYPES.ArrayExpression && candidate.elements.length === 0),
    ).length > 0
  );
}

/**
 * A local whose value follows from the key: read by the key's derivation, or only ever assigned
 * expressions of such locals (`const hash = hashOf(definition)`, `shard = makeShard(group, id)`),
 * or the memo's own lookup (`let shard = cache.get(key)`).
 */
function isKeyDetermined(
  variable: Variable | undefined,
  keyInputs: ReadonlySet<Variable>,
  isLookup: (node: TSESTree.Node) => boolean,
  scopeManager: ScopeManager,
  depth = 0,
): boolean {
  if (!variable) return false;
  if (keyInputs.has(variable)) return true;
  const definition = variable.defs[0];
  if (definition?.type !== DefinitionType.Variable || depth > MAX_KEY_DERIVATION_DEPTH) return false;
  const stored = variable.references
    .filter((reference) => reference.isWrite())
    .map((reference) => reference.writeExpr)
    .filter((value): value is TSESTree.Expression => value !== null && value !== undefined);
  return (
    stored.length > 0 &&
    stored.every(
      (value) =>
        isLookup(value) ||
        (!constructsStatefulObject(value) &&
          [...localsReadBy(value, scopeManager)].every((read) =>
            isKeyDetermined(read, keyInputs, isLookup, scopeManager, depth + 1),
          )),
    )
  );
}

/** `cache.get(key)` / `cache.has(key)` / `table[key]` earlier in the same function, with the same key text. */
function lookupsBefore(fill: TSESTree.Node, lookup: (node: TSESTree.Node) => boolean): TSESTree.Node[] {
  let fn: TSESTree.Node | undefined = fill.parent;
  while (fn && !isFunctionNode(fn)) fn = fn.parent;
  if (!fn) return [];
  return collectDescendants(fn, (node): node is TSESTree.Node => node.range[1] <= fill.range[0] && lookup(node));
}

/**
 * A memo filled after a lookup of the same key: `const hit = cache.get(key); if (hit) return hit;
 * … cache.set(key, value)` (also `table[key] = value` after reading `table[key]`), where `value`
 * follows from what the key is computed from and builds no object with `new`. Interning
 * (`makeShardId(group, id)`) and costly pure computations (`hash(definition)`) are caches of
 * constants; without types a factory call of the key cannot be told from them, so it is trusted.
 */
export function isLookedUpMemoFill(fill: TSESTree.Node, sourceText: string, scopeManager: ScopeManager): boolean {
  const entry = memoEntry(fill);
  if (!entry) return false;
  const tableText = sourceText.slice(...entry.table.range);
  const keyText = sourceText.slice(...entry.key.range);
  const isLookup = (node: TSESTree.Node): boolean => {
    const found = memoLookup(unwrapExpression(node));
    return (
      found !== undefined &&
      sourceText.slice(...found.table.range) === tableText &&
      sourceText.slice(...found.key.range) === keyText
    );
  };
  if (lookupsBefore(fill, isLookup).length === 0 || constructsStatefulObject(entry.value)) return false;
  const keyInputs = derivationOf(entry.key, scopeManager);
  if (keyInputs.size === 0) return false;
  return [...localsReadBy(entry.value, scopeManager)].every((variable) =>
    isKeyDetermined(variable, keyInputs, isLookup, scopeManager),
  );
}

interface MemoEntry {
  table: TSESTree.Node;
  key: TSESTree.Node;
  value: TSESTree.Node;
}

/** `table.set(key, value)` or `table[key] = value`. */
function memoEntry(fill: TSESTree.Node): MemoEntry | undefined {
  if (fill.type === AST_NODE_TYPES.AssignmentExpression && fill.operator === "=") {
    const target = unwrapExpression(fill.left);
    if (target.type !== AST_NODE_TYPES.MemberExpression || !target.computed) return undefined;
    return { table: target.object, key: target.property, value: fill.right };
  }
  if (fill.type !== AST_NODE_TYPES.CallExpression || fill.arguments.length !== 2) return undefined;
  const callee = unwrapExpression(fill.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed) return undefined;
  if (callee.property.type !== AST_NODE_TYPES.Identifier || callee.property.name !== "set") return undefined;
  const key = fill.arguments.at(0);
  const value = fill.arguments.at(1);
  if (
    key === undefined ||
    value === undefined ||
    key.type === AST_NODE_TYPES.SpreadElement ||
    value.type === AST_NODE_TYPES.SpreadElement
  )
    return undefined;
  return { table: callee.object, key, value };
}

/** `table.get(key)`, `table.has(key)` or a read of `table[key]`. */
function memoLookup(node: TSESTree.Node): { table: TSESTree.Node; key: TSESTree.Node } | undefined {
  if (node.type === AST_NODE_TYPES.MemberExpression && node.computed) {
    const parent = node.parent;
    const isWritten = parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === node;
    return isWritten ? undefined : { table: node.object, key: node.property };
  }
  if (node.type !== AST_NODE_TYPES.CallExpression || node.arguments.length !== 1) return undefined;
  const callee = unwrapExpression(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed) return undefined;
  if (callee.property.type !== AST_NODE_TYPES.Identifier || !["get", "has"].includes(callee.property.name))
    return undefined;
  const key = node.arguments.at(0);
  return key === undefined || key.type === AST_NODE_TYPES.SpreadElement ? undefined : { table: callee.object, key };
}
