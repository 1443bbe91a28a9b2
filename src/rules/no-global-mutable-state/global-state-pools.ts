import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESTree } from "@typescript-eslint/utils";
import { collectDescendants, isFunctionNode, simpleCalleeName, unwrapExpression } from "./global-state-ast.js";
import { decideFinding } from "./global-state-bindings.js";
import type { ModuleStateVariable, StateSite } from "./global-state-types.js";

/** Sources of randomness: what a pool filled from them holds is random whoever fills it. */
const RANDOM_SOURCES = new Set([
  "Math.random",
  "crypto.getRandomValues",
  "crypto.randomBytes",
  "crypto.randomFillSync",
  "getRandomValues",
  "randomBytes",
  "randomFillSync",
]);

function callsRandomSource(node: TSESTree.Node): boolean {
  return (
    collectDescendants(node, (candidate): candidate is TSESTree.CallExpression => {
      if (candidate.type !== AST_NODE_TYPES.CallExpression) return false;
      const name = simpleCalleeName(candidate.callee);
      return name !== undefined && RANDOM_SOURCES.has(name);
    }).length > 0
  );
}

/** `''`, `[]`, `new Array(256)`, `new Uint8Array(256)`: an empty pool about to be refilled. */
function isFreshEmptyValue(node: TSESTree.Node): boolean {
  const value = unwrapExpression(node);
  if (value.type === AST_NODE_TYPES.Literal) return value.value === "";
  if (value.type === AST_NODE_TYPES.ArrayExpression) return value.elements.length === 0;
  return value.type === AST_NODE_TYPES.NewExpression && (simpleCalleeName(value.callee) ?? "").endsWith("Array");
}

function runtimeSites(state: ModuleStateVariable): StateSite[] {
  return state.sites.filter((site) => !site.loadTime);
}

/** Every run-time change stores random values or empties the pool for a refill, and at least one is random. */
function isRandomPool(state: ModuleStateVariable): boolean {
  const sites = runtimeSites(state);
  const stores = sites.map((site) =>
    site.node.type === AST_NODE_TYPES.AssignmentExpression ? site.node.right : undefined,
  );
  return (
    stores.every((value) => value !== undefined && (callsRandomSource(value) || isFreshEmptyValue(value))) &&
    stores.some((value) => value !== undefined && callsRandomSource(value))
  );
}

function isNumberStore(site: StateSite): boolean {
  if (site.node.type === AST_NODE_TYPES.UpdateExpression) return true;
  if (site.node.type !== AST_NODE_TYPES.AssignmentExpression) return false;
  const value = unwrapExpression(site.node.right);
  return value.type === AST_NODE_TYPES.Literal && typeof value.value === "number";
}

function within(node: TSESTree.Node, container: TSESTree.Node | null | undefined): boolean {
  return (
    container !== null &&
    container !== undefined &&
    container.range[0] <= node.range[0] &&
    node.range[1] <= container.range[1]
  );
}

/** `pool[cursor + i]`, `pool.substring(cursor, …)`, or the test of the `if` that refills the pool. */
function readsAsPoolPosition(identifier: TSESTree.Node, pool: ModuleStateVariable): boolean {
  const isPool = (node: TSESTree.Node) => pool.variable.references.some((reference) => reference.identifier === node);
  const refills = runtimeSites(pool).map((site) => site.node);
  for (let node = identifier.parent; node && !isFunctionNode(node); node = node.parent) {
    if (node.type === AST_NODE_TYPES.MemberExpression && node.computed && isPool(unwrapExpression(node.object)))
      return within(identifier, node.property);
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const callee = unwrapExpression(node.callee);
      return callee.type === AST_NODE_TYPES.MemberExpression && isPool(unwrapExpression(callee.object));
    }
    if (node.type === AST_NODE_TYPES.IfStatement)
      return within(identifier, node.test) && refills.some((refill) => within(refill, node.consequent));
  }
  return false;
}

/** A read position into a random pool: a number only ever reset or advanced, read only to index the pool. */
function isPoolCursor(state: ModuleStateVariable, pool: ModuleStateVariable): boolean {
  if (!runtimeSites(state).every(isNumberStore)) return false;
  // Reads while the module loads (`while (IDX--) HEX[IDX] = …`) build tables before any caller exists.
  const runsLater = (node: TSESTree.Node) => {
    for (let current = node.parent; current; current = current.parent) if (isFunctionNode(current)) return true;
    return false;
  };
  return state.variable.references.every(
    (reference) =>
      reference.init ||
      reference.isWrite() ||
      !runsLater(reference.identifier) ||
      readsAsPoolPosition(reference.identifier, pool),
  );
}

/**
 * A pool of random bytes and its read position (`let IDX = 256; let BUFFER; function uuid() { if (!BUFFER
 * || IDX + 16 > 256) { BUFFER = new Array(256); … BUFFER[i] = Math.random() * 256 | 0 } … }`): callers
 * only ever see random ids, whoever refilled the pool, so no state is observable. Their sites are marked
 * as storing a constant and the verdict is taken again.
 */
export function exemptRandomPools(variables: ModuleStateVariable[]): void {
  const pools = variables.filter((state) => state.finding && runtimeSites(state).length > 0 && isRandomPool(state));
  const cursors = variables.filter(
    (state) => state.finding && !pools.includes(state) && pools.some((pool) => isPoolCursor(state, pool)),
  );
  for (const state of [...pools, ...cursors]) {
    for (const site of runtimeSites(state)) site.storesConstant = true;
    state.finding = decideFinding(state.sites, state.exemption);
  }
}
