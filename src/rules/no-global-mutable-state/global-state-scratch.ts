import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { collectDescendants, isFunctionNode, simpleCalleeName, unwrapExpression } from "./global-state-ast.js";
import { isLazyInitialisation, type RefersToVariable } from "./global-state-singletons.js";

/** `/re/y` or `new RegExp(…)`: a value whose `lastIndex` is a scan position, not data. */
export function isRegExpValue(init: TSESTree.Node | null | undefined): boolean {
  if (!init) return false;
  const value = unwrapExpression(init);
  if (value.type === AST_NODE_TYPES.Literal) return "regex" in value;
  return value.type === AST_NODE_TYPES.NewExpression && simpleCalleeName(value.callee) === "RegExp";
}

/**
 * `re.lastIndex = start` before `re.exec(text)`: every user of a shared sticky/global RegExp sets
 * where its scan starts, so what a previous call left there is never read.
 */
export function isScanPositionReset(assignment: TSESTree.AssignmentExpression): boolean {
  const target = unwrapExpression(assignment.left);
  return (
    assignment.operator === "=" &&
    target.type === AST_NODE_TYPES.MemberExpression &&
    !target.computed &&
    target.property.type === AST_NODE_TYPES.Identifier &&
    target.property.name === "lastIndex"
  );
}

const LOGGING_OBJECTS = /^(console|logger|log)$/i;
const WARNING_FUNCTIONS = /^(warn|warning|emitWarning|deprecate|log)/i;
/** Telemetry and error reporting are logging that leaves the process: `addTelemetryUsage(…)`, `monitorError(e)`. */
const TELEMETRY_FUNCTIONS = /telemetry|^(monitor|report|capture)(Error|Exception)$/i;

function isLoggingName(name: string): boolean {
  return WARNING_FUNCTIONS.test(name) || TELEMETRY_FUNCTIONS.test(name);
}

/**
 * `console.warn(…)`, `logger.warn(…)`, `process.emitWarning(…)`, `warnOnce(…)`, `addTelemetryUsage(…)`,
 * `monitorError(e)`, also as `return emitWarning(…)`.
 */
export function isLoggingStatement(statement: TSESTree.Statement): boolean {
  const expression =
    statement.type === AST_NODE_TYPES.ExpressionStatement
      ? statement.expression
      : statement.type === AST_NODE_TYPES.ReturnStatement
        ? statement.argument
        : null;
  if (!expression) return false;
  const call = unwrapExpression(expression);
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = unwrapExpression(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return isLoggingName(callee.name);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.property.type !== AST_NODE_TYPES.Identifier)
    return false;
  const object = unwrapExpression(callee.object);
  const isLogger = object.type === AST_NODE_TYPES.Identifier && LOGGING_OBJECTS.test(object.name);
  return isLogger || isLoggingName(callee.property.name);
}

/**
 * A warn-once flag: `if (!warned) { console.warn(…); warned = true; }` (or after `if (warned) return;`).
 * The flag only keeps a warning from repeating, which is logging, the principle's one exception;
 * the block around it does nothing but log.
 */
export function isWarnOnceLatch(assignment: TSESTree.AssignmentExpression, refersTo: RefersToVariable): boolean {
  const value = unwrapExpression(assignment.right);
  if (assignment.operator !== "=" || value.type !== AST_NODE_TYPES.Literal || typeof value.value !== "boolean")
    return false;
  const statement = assignment.parent;
  const block = statement.parent;
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement || block?.type !== AST_NODE_TYPES.BlockStatement)
    return false;
  if (!isLazyInitialisation(assignment, refersTo)) return false;
  const others = block.body.filter(
    (other) => other !== statement && !(other.type === AST_NODE_TYPES.IfStatement && other.alternate === null),
  );
  return others.length > 0 && others.every(isLoggingStatement);
}

const TYPED_ARRAYS = /^(Uint8|Uint8Clamped|Int8|Uint16|Int16|Uint32|Int32|Float32|Float64|BigInt64|BigUint64)Array$/;

/** `new Uint16Array(16)`, `new Array(64)`: a fixed-size buffer. */
function isFixedSizeBuffer(init: TSESTree.Node | null | undefined): boolean {
  const value = init ? unwrapExpression(init) : undefined;
  if (value?.type !== AST_NODE_TYPES.NewExpression) return false;
  const name = simpleCalleeName(value.callee);
  return name !== undefined && (name === "Array" || TYPED_ARRAYS.test(name)) && value.arguments.length === 1;
}

function enclosingFunction(node: TSESTree.Node): TSESTree.Node | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunctionNode(current)) return current;
  return undefined;
}

/** Between `node` and `fn`, a branch that may skip it (loops are fine: the buffer is written before it is read). */
function isConditional(node: TSESTree.Node, fn: TSESTree.Node): boolean {
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    const type = current.type;
    if (
      type === AST_NODE_TYPES.IfStatement ||
      type === AST_NODE_TYPES.ConditionalExpression ||
      type === AST_NODE_TYPES.LogicalExpression ||
      type === AST_NODE_TYPES.SwitchCase ||
      type === AST_NODE_TYPES.TryStatement
    )
      return true;
  }
  return false;
}

/** `buf[i] = …` (not reading `buf` on the right) or `buf.fill(0)`: the first touch overwrites. */
function overwrites(identifier: TSESTree.Node, refersTo: RefersToVariable): boolean {
  const member = identifier.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== identifier) return false;
  const parent = member.parent;
  if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === member && parent.operator === "=")
    return collectDescendants(parent.right, (node): node is TSESTree.Node => refersTo(node)).length === 0;
  const isFill =
    !member.computed && member.property.type === AST_NODE_TYPES.Identifier && member.property.name === "fill";
  return isFill && parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.length === 1;
}

/**
 * A scratch buffer: a fixed-size module-level array that every function using it writes before it
 * reads it (`for (i = 0; i < 16; i++) W[i] = view.getUint32(…)` in a hash's `process()`), in
 * synchronous code. Nothing a call leaves in it is read by the next one; it only saves an allocation.
 */
export function isScratchBuffer(
  init: TSESTree.Node | null | undefined,
  references: readonly TSESLint.Scope.Reference[],
  refersTo: RefersToVariable,
): boolean {
  if (!isFixedSizeBuffer(init)) return false;
  const firstByFunction = new Map<TSESTree.Node, TSESTree.Node>();
  for (const { identifier } of references) {
    const fn = enclosingFunction(identifier);
    if (!fn) return false;
    const first = firstByFunction.get(fn);
    if (!first || identifier.range[0] < first.range[0]) firstByFunction.set(fn, identifier);
  }
  return [...firstByFunction].every(
    ([fn, first]) =>
      isFunctionNode(fn) && !fn.async && !fn.generator && !isConditional(first, fn) && overwrites(first, refersTo),
  );
}
