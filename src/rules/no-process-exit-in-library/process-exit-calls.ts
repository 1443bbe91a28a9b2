import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESTree } from "@typescript-eslint/utils";
import {
  EXIT_METHODS,
  type ExitMethod,
  LISTENER_METHODS,
  type ListenerMethod,
  memberOf,
  type ProcessValueResolver,
  REMOVAL_METHODS,
  skipTypeWrappers,
  staticKeyText,
  staticMemberName,
} from "./process-exit-values.js";

/** A call that ends (or would end) the current process. */
export interface ExitCallMatch {
  method: ExitMethod;
  /** How the call reaches the method: directly, or through `.call`/`.apply`. */
  via: "direct" | "call" | "apply";
}

type CallArgument = TSESTree.CallExpressionArgument;

function isExitMethod(member: string | undefined): member is ExitMethod {
  // Widened so includes() accepts any string; the type guard narrows the result.
  return member !== undefined && (EXIT_METHODS as readonly string[]).includes(member);
}

export function isListenerMethod(member: string | undefined): member is ListenerMethod {
  // Widened so includes() accepts any string; the type guard narrows the result.
  return member !== undefined && (LISTENER_METHODS as readonly string[]).includes(member);
}

/** The arguments the exit method itself receives, or undefined when they cannot be known. */
function effectiveArguments(call: TSESTree.CallExpression, via: ExitCallMatch["via"]): CallArgument[] | undefined {
  if (via === "direct") return call.arguments;
  if (via === "call") return call.arguments.slice(1);
  const list = call.arguments.at(1);
  if (!list) return [];
  const array = skipTypeWrappers(list);
  if (array.type !== AST_NODE_TYPES.ArrayExpression) return undefined;
  return array.elements.every((element) => element !== null) ? array.elements : undefined;
}

function isZeroLiteral(node: TSESTree.Node | undefined): boolean {
  return node?.type === AST_NODE_TYPES.Literal && node.value === 0;
}

/**
 * Signals whose default action is not to end the process: `process.kill(process.pid, "SIGTSTP")`
 * suspends a CLI on Ctrl+Z (it continues on SIGCONT), SIGWINCH reports a resize.
 */
const NON_TERMINATING_SIGNALS: ReadonlySet<string> = new Set([
  "SIGTSTP",
  "SIGSTOP",
  "SIGCONT",
  "SIGTTIN",
  "SIGTTOU",
  "SIGWINCH",
  "SIGCHLD",
  "SIGURG",
]);

function isNonTerminatingSignal(node: TSESTree.Node | undefined): boolean {
  const name = node === undefined ? undefined : staticKeyText(skipTypeWrappers(node));
  return name !== undefined && NON_TERMINATING_SIGNALS.has(name);
}

/**
 * `process.kill(pid, signal)` only ends this process when `pid` is this process's own pid;
 * signal 0 only checks that the process exists.
 */
function killsOwnProcess(args: CallArgument[] | undefined, resolver: ProcessValueResolver): boolean {
  const target = args?.at(0);
  const signal = args?.at(1);
  if (
    target === undefined ||
    target.type === AST_NODE_TYPES.SpreadElement ||
    memberOf(resolver.valueOf(target)) !== "pid"
  )
    return false;
  return !isZeroLiteral(signal) && !isNonTerminatingSignal(signal);
}

/** Which exit method a call reaches, following aliases, `.call(...)` and `.apply(...)`. */
export function matchExitCall(
  call: TSESTree.CallExpression,
  resolver: ProcessValueResolver,
): ExitCallMatch | undefined {
  const match = matchExitCallee(call, resolver);
  if (!match) return undefined;
  if (match.method === "kill" && !killsOwnProcess(effectiveArguments(call, match.via), resolver)) return undefined;
  return match;
}

function matchExitCallee(call: TSESTree.CallExpression, resolver: ProcessValueResolver): ExitCallMatch | undefined {
  const direct = memberOf(resolver.valueOf(call.callee));
  if (isExitMethod(direct)) return { method: direct, via: "direct" };
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const invoker = staticMemberName(callee);
  if (invoker !== "call" && invoker !== "apply") return undefined;
  const target = memberOf(resolver.valueOf(callee.object));
  return isExitMethod(target) ? { method: target, via: invoker } : undefined;
}

/** Test doubles look at the exit method; they never call it: `expect(process.exit).toHaveBeenCalledWith(1)`. */
const TEST_INSPECTORS: ReadonlySet<string> = new Set(["expect", "spyOn", "mocked", "isMockFunction", "assert"]);

function isTestInspection(call: TSESTree.Node | undefined): boolean {
  if (call?.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipTypeWrappers(call.callee);
  const name =
    callee.type === AST_NODE_TYPES.Identifier
      ? callee.name
      : callee.type === AST_NODE_TYPES.MemberExpression
        ? staticMemberName(callee)
        : undefined;
  return name !== undefined && TEST_INSPECTORS.has(name);
}

/** An exit method handed to other code as a value (`promise.catch(process.exit)`); kill needs a pid, so it is left out. */
export function isPassedExitFunction(argument: TSESTree.Node, resolver: ProcessValueResolver): ExitMethod | undefined {
  if (isTestInspection(argument.parent)) return undefined;
  const node = skipTypeWrappers(argument);
  if (
    node.type !== AST_NODE_TYPES.Identifier &&
    node.type !== AST_NODE_TYPES.MemberExpression &&
    node.type !== AST_NODE_TYPES.CallExpression
  )
    return undefined;
  const member = memberOf(resolver.valueOf(node));
  return isExitMethod(member) && member !== "kill" ? member : undefined;
}

/** Whether a call adds (`on`, `once`, …) or removes (`off`, `removeListener`) a process listener. */
export function matchListenerCall(
  call: TSESTree.CallExpression,
  resolver: ProcessValueResolver,
): "add" | "remove" | undefined {
  const member = memberOf(resolver.valueOf(call.callee));
  if (isListenerMethod(member)) return "add";
  // Widened so includes() accepts any string member name.
  return member !== undefined && (REMOVAL_METHODS as readonly string[]).includes(member) ? "remove" : undefined;
}

/** `process.exitCode = 1`, `process.exitCode ??= 2`, `p["exitCode"] = 1`, `process.exitCode++`. */
export function isExitCodeAssignment(
  node: TSESTree.AssignmentExpression | TSESTree.UpdateExpression,
  resolver: ProcessValueResolver,
): boolean {
  const target = skipTypeWrappers(node.type === AST_NODE_TYPES.UpdateExpression ? node.argument : node.left);
  return target.type === AST_NODE_TYPES.MemberExpression && memberOf(resolver.valueOf(target)) === "exitCode";
}
