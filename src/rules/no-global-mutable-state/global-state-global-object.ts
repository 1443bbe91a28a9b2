import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/types";
import { lineOf, memberPropertyName, unwrapExpression } from "./global-state-ast.js";
import { classifyChange, climbValueChain, type ValueChange } from "./global-state-changes.js";
import { isPolyfill } from "./global-state-polyfills.js";
import { restoresOriginal } from "./global-state-restores.js";
import { isRestoredInFinally } from "./global-state-singletons.js";
import type { ExecutionTiming } from "./global-state-timing.js";
import type { GlobalObjectWrite } from "./global-state-types.js";

/** Names under which code reaches the global object. Only unresolved (truly global) references count. */
const GLOBAL_OBJECT_NAMES = new Set(["globalThis", "global", "window", "self"]);

/**
 * `window` and `self` exist only in a browser page or a worker, where one program owns the global
 * object: writing to it is how a page talks to devtools and inline scripts, not state shared
 * between independent callers of a library.
 */
const BROWSER_GLOBAL_NAMES = new Set(["window", "self"]);

/**
 * Writes that are platform actions rather than program state: assigning `location` navigates, and
 * `on…` properties (`self.onmessage`, `window.onerror`) are how a worker or page registers its handler.
 */
function isPlatformAction(property: string | undefined): boolean {
  return property === "location" || (property !== undefined && /^on[a-z]+$/.test(property));
}

/**
 * The variable `let g = globalThis as any` declares, when it is never pointed elsewhere: every
 * `g.x = …` is then a write to the global object.
 */
function aliasOf(reference: TSESLint.Scope.Reference): TSESLint.Scope.Variable | undefined {
  let value: TSESTree.Node = reference.identifier;
  while (value.parent && unwrapExpression(value.parent) !== value.parent) value = value.parent;
  const declarator = value.parent;
  if (
    declarator?.type !== AST_NODE_TYPES.VariableDeclarator ||
    declarator.init !== value ||
    declarator.id.type !== AST_NODE_TYPES.Identifier
  )
    return undefined;
  const name = declarator.id.name;
  for (let scope: TSESLint.Scope.Scope | null = reference.from; scope; scope = scope.upper) {
    const variable = scope.set.get(name);
    if (!variable) continue;
    const reassigned = variable.references.some((other) => other.isWrite() && !other.init);
    return variable.defs[0]?.node === declarator && !reassigned ? variable : undefined;
  }
  return undefined;
}

/** References through which code reaches the global object: its names, and local aliases of them. */
function globalObjectReferences(globalScope: TSESLint.Scope.Scope): GlobalObjectReference[] {
  const references: GlobalObjectReference[] = [];
  for (const name of GLOBAL_OBJECT_NAMES) {
    const variable = globalScope.set.get(name);
    if (variable?.defs.length === 0) references.push(...variable.references.map((ref) => ({ ref, globalName: name })));
  }
  for (const ref of globalScope.through)
    if (GLOBAL_OBJECT_NAMES.has(ref.identifier.name)) references.push({ ref, globalName: ref.identifier.name });
  for (const { ref, globalName } of [...references]) {
    const alias = ref.isWrite() ? undefined : aliasOf(ref);
    if (alias)
      references.push(...alias.references.filter((other) => !other.init).map((other) => ({ ref: other, globalName })));
  }
  const seen = new Set<TSESTree.Node>();
  return references.filter(({ ref }) => {
    if (seen.has(ref.identifier)) return false;
    seen.add(ref.identifier);
    return !ref.isWrite();
  });
}

interface GlobalObjectReference {
  ref: TSESLint.Scope.Reference;
  /** The global name reached (`globalThis` for `const g = globalThis; g.x = 1`). */
  globalName: string;
}

/** The property written: `x` in `globalThis.x = …` or `Object.defineProperty(globalThis, "x", …)`; undefined when computed. */
function writtenProperty(identifier: TSESTree.Node, change: TSESTree.Node): string | undefined {
  let node = identifier.parent;
  while (node && node !== change && node.type !== AST_NODE_TYPES.MemberExpression) node = node.parent;
  if (node?.type === AST_NODE_TYPES.MemberExpression) return memberPropertyName(node);
  const key = change.type === AST_NODE_TYPES.CallExpression ? change.arguments[1] : undefined;
  return key?.type === AST_NODE_TYPES.Literal && typeof key.value === "string" ? key.value : undefined;
}

/**
 * `globalThis.x = …`, `window["x"] = …`, `global.x++`, `delete self.x`, `Object.assign(globalThis, …)`,
 * at load time or run time alike: a property of the global object is state every module shares.
 */
export interface GlobalWritePolicy {
  allow: ReadonlySet<string>;
  /** Report writes through `window`/`self` too (default false). */
  reportBrowserGlobals: boolean;
}

function isAllowed(globalName: string, property: string | undefined, allow: ReadonlySet<string>): boolean {
  return (
    allow.has(globalName) || (property !== undefined && (allow.has(property) || allow.has(`${globalName}.${property}`)))
  );
}

/** Whether the write is one the rule leaves alone: platform actions, browser globals, polyfills, allowed names. */
function isExcused(
  write: { globalName: string; change: ValueChange; property: string | undefined },
  policy: GlobalWritePolicy,
  scopeManager: TSESLint.Scope.ScopeManager,
): boolean {
  const globalName = write.globalName;
  if (isPlatformAction(write.property) || isAllowed(globalName, write.property, policy.allow)) return true;
  if (!policy.reportBrowserGlobals && BROWSER_GLOBAL_NAMES.has(globalName)) return true;
  return write.property !== undefined && isPolyfill(write.change.node, write.property, scopeManager);
}

/**
 * `globalThis.x = …`, `window["x"] = …`, `global.x++`, `delete globalThis.x`, `Object.assign(globalThis, …)`,
 * at load time or run time alike: a property of the global object is state every module shares.
 */
export function findGlobalObjectWrites(
  scopeManager: TSESLint.Scope.ScopeManager,
  timing: ExecutionTiming,
  sourceText: string,
  policy: GlobalWritePolicy,
): GlobalObjectWrite[] {
  // typescript-eslint's ScopeManager types globalScope as its own Scope; the rule works with TSESLint's Scope, the same objects.
  const globalScope = scopeManager.globalScope as TSESLint.Scope.Scope | null;
  if (!globalScope) return [];
  const writes: GlobalObjectWrite[] = [];
  for (const { ref: reference, globalName } of globalObjectReferences(globalScope)) {
    const chain = climbValueChain(reference.identifier);
    const change = classifyChange(chain, sourceText);
    if (!change) continue;
    const isPropertyWrite = chain.depth === 1 && (change.kind === "member-write" || change.kind === "member-delete");
    const isReflective = chain.depth === 0 && change.kind === "object-api";
    if (!isPropertyWrite && !isReflective) continue;
    const property = writtenProperty(reference.identifier, change.node);
    if (isExcused({ globalName, change, property }, policy, scopeManager)) continue;
    // `globalThis[current] = this; try { … } finally { globalThis[current] = previous }`: never outlives the call.
    if (change.node.type === AST_NODE_TYPES.AssignmentExpression && isRestoredInFinally(change.node, sourceText))
      continue;
    const context = timing.contextOf(change.node);
    writes.push({
      ...context,
      node: change.node,
      kind: change.kind,
      operation: change.operation,
      line: lineOf(change.node),
      globalName,
      property,
    });
  }
  return withoutRestoredPatches(writes, scopeManager).sort((a, b) => a.node.range[0] - b.node.range[0]);
}

/**
 * Patch and restore: when a function of the module puts a global back to the original it saved
 * (`globalThis.fetch = originalFetch` in a `dispose()` or a returned restore), every write of that
 * property is the interception the module hands back a way to undo, not state it keeps.
 */
function withoutRestoredPatches(writes: GlobalObjectWrite[], scopeManager: TSESLint.Scope.ScopeManager) {
  const restored = new Set<string>();
  for (const { loadTime, property, node } of writes)
    if (!loadTime && property !== undefined && restoresOriginal(node, property, scopeManager)) restored.add(property);
  return writes.filter((write) => write.property === undefined || !restored.has(write.property));
}
