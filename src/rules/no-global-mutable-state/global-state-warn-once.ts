import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { collectDescendants, unwrapExpression } from "./global-state-ast.js";
import { decideFinding } from "./global-state-bindings.js";
import { isLoggingStatement } from "./global-state-scratch.js";
import type { ModuleStateVariable, StateSite } from "./global-state-types.js";

/** Nodes between a read of the marker and the test that uses it: `!warned`, `warned === false`, `a && !warned`. */
const CONDITION_PARTS = new Set<AST_NODE_TYPES>([
  AST_NODE_TYPES.UnaryExpression,
  AST_NODE_TYPES.BinaryExpression,
  AST_NODE_TYPES.LogicalExpression,
]);

function booleanLiteral(node: TSESTree.Node | null | undefined): boolean | undefined {
  const value = node ? unwrapExpression(node) : undefined;
  return value?.type === AST_NODE_TYPES.Literal && typeof value.value === "boolean" ? value.value : undefined;
}

/** `warned.has(key)` → the call; `warned` → itself: the expression a condition reads. */
function readExpression(identifier: TSESTree.Node, isSet: boolean): TSESTree.Node | undefined {
  if (!isSet) return identifier;
  const member = identifier.parent;
  const call = member?.parent;
  const isHas =
    member?.type === AST_NODE_TYPES.MemberExpression &&
    member.object === identifier &&
    !member.computed &&
    member.property.type === AST_NODE_TYPES.Identifier &&
    member.property.name === "has";
  return isHas && call?.type === AST_NODE_TYPES.CallExpression && call.callee === member ? call : undefined;
}

/** The read is (part of) the test of an `if` or a `?:`: it only decides whether something runs. */
function isConditionRead(identifier: TSESTree.Node, isSet: boolean): boolean {
  let child = readExpression(identifier, isSet);
  if (!child) return false;
  for (let node = child.parent; node; child = node, node = node.parent) {
    if (node.type === AST_NODE_TYPES.IfStatement || node.type === AST_NODE_TYPES.ConditionalExpression)
      return node.test === child;
    if (!CONDITION_PARTS.has(node.type)) return false;
  }
  return false;
}

function statementOf(node: TSESTree.Node): TSESTree.Statement | undefined {
  const statement = node.parent;
  return statement?.type === AST_NODE_TYPES.ExpressionStatement ? statement : undefined;
}

/** The statement next to `statement` in its block, past local declarations (the message text), in one direction. */
function neighbour(statement: TSESTree.Statement, step: 1 | -1): TSESTree.Statement | undefined {
  const block = statement.parent;
  if (block.type !== AST_NODE_TYPES.BlockStatement) return undefined;
  const body = block.body;
  for (let index = body.indexOf(statement) + step; index >= 0 && index < body.length; index += step) {
    const other = body.at(index);
    if (other?.type !== AST_NODE_TYPES.VariableDeclaration) return other;
  }
  return undefined;
}

/** Globals that are the module system or logging, not the page or the process the code runs in. */
const NOT_HOST_OBJECTS = new Set(["console", "require", "module", "exports"]);

/**
 * Where the file reaches an object of its host, one per page or process: a global no declaration of
 * the file resolves, written in lower case (built-in classes and namespaces, `Promise`, `JSON`, are
 * capitalised), used as an object (`document.head.appendChild(…)`, `gapi.load(…)`, `process.on(…)`).
 */
export function hostObjectReferences(globalScope: TSESLint.Scope.Scope): ReadonlySet<TSESTree.Node> {
  const environment = [...globalScope.set.values()].filter((variable) => variable.defs.length === 0);
  const references = [...globalScope.through, ...environment.flatMap((variable) => variable.references)];
  const found = new Set<TSESTree.Node>();
  for (const { identifier } of references) {
    const member = identifier.parent;
    const isObject = member.type === AST_NODE_TYPES.MemberExpression && member.object === identifier;
    if (isObject && /^[a-z]/.test(identifier.name) && !NOT_HOST_OBJECTS.has(identifier.name)) found.add(identifier);
  }
  return found;
}

/** One expression statement (`await` allowed) that reaches a host object: `document.head.appendChild(…)`. */
function actsOnHost(statement: TSESTree.Statement, hostReferences: ReadonlySet<TSESTree.Node>): boolean {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return false;
  return collectDescendants(statement, (node): node is TSESTree.Node => hostReferences.has(node)).length > 0;
}

/** The statement that a marker's change sits next to: one that logs, or one that acts on the host. */
type MarkedStatement = (statement: TSESTree.Statement) => boolean;

function marksNextTo(site: StateSite, isSet: boolean, isMarked: MarkedStatement): boolean {
  const node = site.node;
  const isMark = isSet
    ? node.type === AST_NODE_TYPES.CallExpression && methodName(node) === "add"
    : node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === "=" && booleanLiteral(node.right) === true;
  const statement = isMark ? statementOf(node) : undefined;
  if (!statement) return false;
  return [neighbour(statement, 1), neighbour(statement, -1)].some((other) => other !== undefined && isMarked(other));
}

function methodName(call: TSESTree.CallExpression): string | undefined {
  const callee = unwrapExpression(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && callee.property.type === AST_NODE_TYPES.Identifier
    ? callee.property.name
    : undefined;
}

/** `warned = false` (a test hook's reset) or `warned.clear()` / `warned.delete(key)`: the warning may show again. */
function isReset(site: StateSite, isSet: boolean): boolean {
  const node = site.node;
  if (isSet) return node.type === AST_NODE_TYPES.CallExpression && ["clear", "delete"].includes(methodName(node) ?? "");
  return (
    node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === "=" && booleanLiteral(node.right) === false
  );
}

/** A boolean flag (`let warned = false`) or a Set (`new Set()`) that could be a warn-once marker. */
function markerShape(state: ModuleStateVariable): "flag" | "set" | undefined {
  if (state.value.kind === "set") return "set";
  const init = state.declarator.init;
  return state.declarationKind !== "const" && booleanLiteral(init) === false ? "flag" : undefined;
}

/**
 * A warn-once marker: a flag or a Set whose every run-time change marks a warning as shown right
 * next to the statement that logs it (`warned = true; console.warn(…)`, `seen.add(key); warn(…)`)
 * or resets it (a test hook's `warned = false`, `seen.clear()`), and that is read only in the tests
 * that skip the warning (`if (warned) return`, `if (!seen.has(key))`). It only keeps a warning from
 * repeating, which is logging, the principle's exception.
 */
/** What the changes of a marker must sit next to, and whether it may also be reset (a warning may show again). */
interface MarkerKind {
  isMarked: MarkedStatement;
  allowsReset: boolean;
}

function isOnceMarker(state: ModuleStateVariable, kind: MarkerKind): boolean {
  const shape = markerShape(state);
  if (!shape) return false;
  const isSet = shape === "set";
  const runtime = state.sites.filter((site) => !site.loadTime);
  const changes = new Set<TSESTree.Node>(state.sites.map((site) => site.node));
  const marks = runtime.filter((site) => marksNextTo(site, isSet, kind.isMarked));
  const isAllowed = (site: StateSite) => marks.includes(site) || (kind.allowsReset && isReset(site, isSet));
  if (marks.length === 0 || !runtime.every(isAllowed)) return false;
  return state.variable.references.every((reference) => {
    if (reference.init) return true;
    const change = reference.identifier.parent;
    const changed = isSet ? change.parent : change;
    const isChange = changed !== undefined && changes.has(changed);
    return isChange || isConditionRead(reference.identifier, isSet);
  });
}

/**
 * Marks the sites of warn-once markers and install-once markers as storing a constant and takes the
 * verdict again. An install-once marker has the warn-once shape, but marks, next to the change, an
 * action on the host (`document.head.appendChild(script); injected.add(src)`,
 * `await gapi.client.load(…); loaded = true`): it records what was done to the page or the process,
 * which is one per page or process whatever the marker says.
 */
export function exemptWarnOnceMarkers(
  variables: ModuleStateVariable[],
  hostReferences: ReadonlySet<TSESTree.Node> = new Set(),
): void {
  const warnOnce: MarkerKind = { isMarked: isLoggingStatement, allowsReset: true };
  // Never reset: a flag switched on and off around work (`ignoreScroll = true; try { … } finally { … = false }`) is state.
  const installOnce: MarkerKind = {
    isMarked: (statement) => actsOnHost(statement, hostReferences),
    allowsReset: false,
  };
  for (const state of variables) {
    if (!state.finding || state.exemption) continue;
    if (!isOnceMarker(state, warnOnce) && !isOnceMarker(state, installOnce)) continue;
    for (const site of state.sites) site.storesConstant = true;
    state.finding = decideFinding(state.sites, state.exemption);
  }
}
