import { Node } from "ts-morph";
import { isFunctionNode } from "./statement-groups.js";

/**
 * Array and string methods that call their callback before they return and never keep it: a local
 * such a callback reads or writes is, for an extraction, used where the call is.
 */
const CALLS_BEFORE_RETURNING = new Set([
  "every",
  "filter",
  "find",
  "findIndex",
  "findLast",
  "findLastIndex",
  "flatMap",
  "forEach",
  "map",
  "reduce",
  "reduceRight",
  "replace",
  "replaceAll",
  "some",
  "sort",
  "toSorted",
]);

/** `list.forEach((item) => …)` or `(() => …)()`: a plain (not async, not generator) callback that has run when the call returns. */
export function isSynchronousCallback(closure: Node): boolean {
  if (!(Node.isArrowFunction(closure) || Node.isFunctionExpression(closure))) return false;
  if (closure.isAsync() || (Node.isFunctionExpression(closure) && closure.isGenerator())) return false;
  let outer: Node = closure;
  while (Node.isParenthesizedExpression(outer.getParent())) outer = outer.getParentOrThrow();
  const call = outer.getParent();
  if (!Node.isCallExpression(call)) return false;
  if (call.getExpression() === outer) return true;
  const callee = call.getExpression();
  return (
    call.getArguments().includes(outer) &&
    Node.isPropertyAccessExpression(callee) &&
    CALLS_BEFORE_RETURNING.has(callee.getName())
  );
}

/**
 * Whether a use of a local of `fn` sits in a closure that may run at another time than the code
 * around it (stored, passed to anything but a synchronous callback's caller, async): only such a
 * use sees a different copy of the local once part of `fn` moves into a helper.
 */
export function isInEscapingClosure(fn: Node, use: Node): boolean {
  for (let closure = use.getFirstAncestor(isFunctionNode); closure && closure !== fn;) {
    if (!isSynchronousCallback(closure)) return true;
    closure = closure.getFirstAncestor(isFunctionNode);
  }
  return false;
}
