import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/types";
import { lineOf, memberPropertyName } from "./global-state-ast.js";
import { classifyChange, climbValueChain, type ValueChange } from "./global-state-changes.js";
import { isPolyfill } from "./global-state-polyfills.js";
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

function globalObjectReferences(globalScope: TSESLint.Scope.Scope): TSESLint.Scope.Reference[] {
  const references: TSESLint.Scope.Reference[] = [];
  for (const name of GLOBAL_OBJECT_NAMES) {
    const variable = globalScope.set.get(name);
    if (variable?.defs.length === 0) references.push(...variable.references);
  }
  references.push(...globalScope.through.filter((reference) => GLOBAL_OBJECT_NAMES.has(reference.identifier.name)));
  const seen = new Set<TSESTree.Node>();
  return references.filter(
    (reference) => !seen.has(reference.identifier) && seen.add(reference.identifier) && !reference.isWrite(),
  );
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
  write: {
    identifier: TSESTree.Identifier | TSESTree.JSXIdentifier;
    change: ValueChange;
    property: string | undefined;
  },
  policy: GlobalWritePolicy,
): boolean {
  const globalName = write.identifier.name;
  if (isPlatformAction(write.property) || isAllowed(globalName, write.property, policy.allow)) return true;
  if (!policy.reportBrowserGlobals && BROWSER_GLOBAL_NAMES.has(globalName)) return true;
  return write.property !== undefined && isPolyfill(write.change.node, write.property);
}

/**
 * `globalThis.x = …`, `window["x"] = …`, `global.x++`, `delete globalThis.x`, `Object.assign(globalThis, …)`,
 * at load time or run time alike: a property of the global object is state every module shares.
 */
export function findGlobalObjectWrites(
  globalScope: TSESLint.Scope.Scope,
  timing: ExecutionTiming,
  sourceText: string,
  policy: GlobalWritePolicy,
): GlobalObjectWrite[] {
  const writes: GlobalObjectWrite[] = [];
  for (const reference of globalObjectReferences(globalScope)) {
    const chain = climbValueChain(reference.identifier);
    const change = classifyChange(chain, sourceText);
    if (!change) continue;
    const isPropertyWrite = chain.depth === 1 && (change.kind === "member-write" || change.kind === "member-delete");
    const isReflective = chain.depth === 0 && change.kind === "object-api";
    if (!isPropertyWrite && !isReflective) continue;
    const property = writtenProperty(reference.identifier, change.node);
    if (isExcused({ identifier: reference.identifier, change, property }, policy)) continue;
    const context = timing.contextOf(change.node);
    writes.push({
      ...context,
      node: change.node,
      kind: change.kind,
      operation: change.operation,
      line: lineOf(change.node),
      globalName: reference.identifier.name,
      property,
    });
  }
  return writes.sort((a, b) => a.node.range[0] - b.node.range[0]);
}
