import { DefinitionType, ScopeType } from "@typescript-eslint/scope-manager";
import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import {
  builtinName,
  collectDescendants,
  isFunctionNode,
  readsOuterThis,
  resolveVariable,
  unwrapExpression,
} from "./global-state-ast.js";

/** Decides whether `name` refers to the variable under analysis (by identity of the reference). */
export type RefersToVariable = (node: TSESTree.Node) => boolean;

function isNullish(node: TSESTree.Node): boolean {
  const value = unwrapExpression(node);
  if (value.type === AST_NODE_TYPES.Literal) return value.value === null && !("regex" in value && value.regex);
  if (value.type === AST_NODE_TYPES.Identifier) return value.name === "undefined";
  return value.type === AST_NODE_TYPES.UnaryExpression && value.operator === "void";
}

/** `x == null`, `x === undefined`, `typeof x === "undefined"` (and the `!=` forms when `negated`). */
function comparesWithNothing(test: TSESTree.BinaryExpression, refersTo: RefersToVariable, negated: boolean): boolean {
  const operators = negated ? ["!=", "!=="] : ["==", "==="];
  if (!operators.includes(test.operator)) return false;
  const sides: [TSESTree.Node, TSESTree.Node][] = [
    [test.left, test.right],
    [test.right, test.left],
  ];
  return sides.some(([subject, other]) => {
    if (refersTo(subject) && isNullish(other)) return true;
    const isTypeofUndefined = other.type === AST_NODE_TYPES.Literal && other.value === "undefined";
    return (
      subject.type === AST_NODE_TYPES.UnaryExpression &&
      subject.operator === "typeof" &&
      refersTo(subject.argument) &&
      isTypeofUndefined
    );
  });
}

/** `!x`, `x == null`, `!x || x.closed` … : the branch runs when the value does not exist yet. */
export function testsAbsence(test: TSESTree.Node, refersTo: RefersToVariable): boolean {
  const node = unwrapExpression(test);
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === "!") return refersTo(node.argument);
  if (node.type === AST_NODE_TYPES.BinaryExpression) return comparesWithNothing(node, refersTo, false);
  if (node.type === AST_NODE_TYPES.LogicalExpression && node.operator === "||") {
    return testsAbsence(node.left, refersTo) || testsAbsence(node.right, refersTo);
  }
  return false;
}

/** `x`, `x != null`, `x !== undefined`: the branch runs when the value already exists. */
function testsPresence(test: TSESTree.Node, refersTo: RefersToVariable): boolean {
  const node = unwrapExpression(test);
  if (refersTo(node)) return true;
  return node.type === AST_NODE_TYPES.BinaryExpression && comparesWithNothing(node, refersTo, true);
}

function guardsAssignment(ancestor: TSESTree.Node, child: TSESTree.Node, refersTo: RefersToVariable): boolean {
  switch (ancestor.type) {
    case AST_NODE_TYPES.IfStatement:
      return ancestor.consequent === child && testsAbsence(ancestor.test, refersTo);
    case AST_NODE_TYPES.LogicalExpression:
      return (
        ancestor.right === child &&
        (ancestor.operator === "??" || ancestor.operator === "||") &&
        refersTo(ancestor.left)
      );
    case AST_NODE_TYPES.ConditionalExpression:
      return (
        (ancestor.alternate === child && testsPresence(ancestor.test, refersTo)) ||
        (ancestor.consequent === child && testsAbsence(ancestor.test, refersTo))
      );
    default:
      return false;
  }
}

function returnsEarly(statement: TSESTree.Statement): boolean {
  if (statement.type === AST_NODE_TYPES.ReturnStatement) return true;
  if (statement.type !== AST_NODE_TYPES.BlockStatement) return false;
  const last = statement.body.at(-1);
  return last?.type === AST_NODE_TYPES.ReturnStatement;
}

/** `if (x) return x;` (or `if (x != null) { return x; }`) somewhere before `statement` in its block. */
function followsPresenceGuard(statement: TSESTree.Node, refersTo: RefersToVariable): boolean {
  const block = statement.parent;
  if (block?.type !== AST_NODE_TYPES.BlockStatement) return false;
  // Its parent is a BlockStatement, so the node is one of the block's statements.
  const index = block.body.indexOf(statement as TSESTree.Statement);
  return block.body
    .slice(0, Math.max(index, 0))
    .some(
      (earlier) =>
        earlier.type === AST_NODE_TYPES.IfStatement &&
        !earlier.alternate &&
        returnsEarly(earlier.consequent) &&
        testsPresence(earlier.test, refersTo),
    );
}

/**
 * A lazy initialisation: the assignment only runs while the variable is still empty:
 * `x ??= new X()`, `x ||= create()`, `if (!x) x = new X()`, `return x ?? (x = new X())`,
 * `if (x) return x; x = new X();`.
 */
export function isLazyInitialisation(assignment: TSESTree.AssignmentExpression, refersTo: RefersToVariable): boolean {
  if (assignment.operator === "??=" || assignment.operator === "||=") return true;
  if (assignment.operator !== "=") return false;
  let child: TSESTree.Node = assignment;
  for (
    let ancestor: TSESTree.Node | undefined = assignment.parent;
    ancestor && !isFunctionNode(ancestor);
    ancestor = ancestor.parent
  ) {
    if (guardsAssignment(ancestor, child, refersTo)) return true;
    if (followsPresenceGuard(ancestor, refersTo)) return true;
    child = ancestor;
  }
  return false;
}

/** Built-in constructors whose instances never change: the value is a constant however it is shared. */
const IMMUTABLE_CONSTRUCTORS = new Set([
  "TextEncoder",
  "TextDecoder",
  "Intl.Collator",
  "Intl.DateTimeFormat",
  "Intl.NumberFormat",
  "Intl.PluralRules",
  "Intl.RelativeTimeFormat",
  "Intl.ListFormat",
  "Intl.Segmenter",
]);
/** Calls that return a primitive or a settled, shareable value. */
const IMMUTABLE_FACTORIES = new Set([
  "Promise.resolve",
  "Symbol",
  "Symbol.for",
  "Object.freeze",
  "String",
  "Number",
  "Boolean",
]);

/** A regular expression keeps state between matches (`lastIndex`) only with the `g` or `y` flag. */
function isStatelessRegExpFlags(flags: TSESTree.Node | undefined): boolean {
  if (!flags) return true;
  return flags.type === AST_NODE_TYPES.Literal && typeof flags.value === "string" && !/[gy]/.test(flags.value);
}

/** A value that cannot change once made: a primitive, a RegExp without `g`/`y`, a resolved promise, an encoder. */
export function isImmutableValue(node: TSESTree.Node): boolean {
  const value = unwrapExpression(node);
  switch (value.type) {
    case AST_NODE_TYPES.Literal:
      return !("regex" in value && /[gy]/.test(value.regex.flags));
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.BinaryExpression:
      return true;
    case AST_NODE_TYPES.UnaryExpression:
      return value.operator !== "delete";
    case AST_NODE_TYPES.LogicalExpression:
      return isImmutableValue(value.left) && isImmutableValue(value.right);
    case AST_NODE_TYPES.ConditionalExpression:
      return isImmutableValue(value.consequent) && isImmutableValue(value.alternate);
    case AST_NODE_TYPES.NewExpression: {
      const name = builtinName(value.callee);
      if (name === "RegExp") return isStatelessRegExpFlags(value.arguments[1]);
      return name !== undefined && IMMUTABLE_CONSTRUCTORS.has(name);
    }
    case AST_NODE_TYPES.CallExpression: {
      const name = builtinName(value.callee);
      return name !== undefined && IMMUTABLE_FACTORIES.has(name);
    }
    default:
      return false;
  }
}

const PRIMITIVE_TYPES = new Set<AST_NODE_TYPES>([
  AST_NODE_TYPES.TSStringKeyword,
  AST_NODE_TYPES.TSNumberKeyword,
  AST_NODE_TYPES.TSBooleanKeyword,
  AST_NODE_TYPES.TSBigIntKeyword,
  AST_NODE_TYPES.TSSymbolKeyword,
  AST_NODE_TYPES.TSUndefinedKeyword,
  AST_NODE_TYPES.TSNullKeyword,
  AST_NODE_TYPES.TSLiteralType,
]);

/** `let isWsl: boolean | undefined`: whatever is stored is a primitive. */
export function isPrimitiveType(annotation: TSESTree.TypeNode | undefined): boolean {
  if (!annotation) return false;
  if (annotation.type === AST_NODE_TYPES.TSUnionType)
    return annotation.types.every((member) => isPrimitiveType(member));
  return PRIMITIVE_TYPES.has(annotation.type);
}

/**
 * Whether `expression` reads anything that differs between calls: `this`, or a parameter or local of
 * an enclosing function (found through the scopes that hold `expression`).
 */
export function readsCallerState(
  expression: TSESTree.Node,
  scopeManager: TSESLint.Scope.ScopeManager,
  depth = 0,
): boolean {
  const [start, end] = expression.range;
  if (readsOuterThis(expression)) return true;
  for (let node: TSESTree.Node | undefined = expression; node; node = node.parent) {
    const scope = scopeManager.acquire(node, true);
    if (
      !scope ||
      scope.type === ScopeType.module ||
      scope.type === ScopeType.global ||
      node.type === AST_NODE_TYPES.Program ||
      // What the expression declares itself (a callback's parameters, a local class) is not the caller's.
      (scope.block.range[0] >= start && scope.block.range[1] <= end)
    )
      continue;
    const read = scope.variables.filter((variable) =>
      variable.references.some(
        (reference) => reference.identifier.range[0] >= start && reference.identifier.range[1] <= end,
      ),
    );
    if (read.some((variable) => isCallerInput(variable, scopeManager, depth))) return true;
  }
  return false;
}

/** A parameter, or a local computed from one (`const url = config.url`); a local read from the platform is not. */
function isCallerInput(
  variable: TSESLint.Scope.Variable,
  scopeManager: TSESLint.Scope.ScopeManager,
  depth: number,
): boolean {
  const definition = variable.defs[0];
  // A local function or class is input only through what its body reads of the caller.
  if (definition?.type === DefinitionType.FunctionName || definition?.type === DefinitionType.ClassName)
    return depth > 3 || readsCallerState(definition.node, scopeManager, depth + 1);
  if (definition?.type !== DefinitionType.Variable) return true;
  const init = definition.node.init;
  // Locals written after their declaration, or chains deeper than a few steps, are treated as input.
  if (!init || depth > 3 || variable.references.some((reference) => reference.isWrite() && !reference.init))
    return true;
  return readsCallerState(init, scopeManager, depth + 1);
}

/**
 * A module loaded on first use, `signer ??= await import("micro-eth-signer")`,
 * `({ Manager } = await import("./manager.js"))`, `parser ||= require("parser").default`, also through
 * a local const (`const { default: hre } = await import("./index.js"); cached = hre;`): what is
 * stored is what a static import would have bound, the same for every caller; only the loading is
 * deferred (for start-up time, or for an optional dependency).
 */
function isModuleLoad(node: TSESTree.Node, scopeManager: TSESLint.Scope.ScopeManager, depth = 0): boolean {
  const value = moduleExpressionRoot(node, scopeManager);
  if (value.type === AST_NODE_TYPES.Identifier) {
    const definition = depth < 3 ? resolveVariable(value, scopeManager)?.defs[0] : undefined;
    const declarator = definition?.type === DefinitionType.Variable ? definition.node : undefined;
    return (
      declarator?.init != null &&
      declarator.parent.kind === "const" &&
      isModuleLoad(declarator.init, scopeManager, depth + 1)
    );
  }
  const isLiteral = (argument: TSESTree.Node | undefined) =>
    argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === "string";
  if (value.type === AST_NODE_TYPES.ImportExpression) return isLiteral(value.source);
  return (
    value.type === AST_NODE_TYPES.CallExpression &&
    value.callee.type === AST_NODE_TYPES.Identifier &&
    value.callee.name === "require" &&
    isLiteral(value.arguments[0])
  );
}

const PROMISE_HANDLERS = new Set(["then", "catch", "finally"]);

/**
 * `import("m").catch(reset)` → `import("m")`: a handler that reads nothing of the caller (a reset of
 * the cache on failure, `m => m.default`) leaves the same module for everyone.
 */
function handledPromiseOf(
  value: TSESTree.Node,
  scopeManager: TSESLint.Scope.ScopeManager,
): TSESTree.Expression | undefined {
  if (value.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = unwrapExpression(value.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed) return undefined;
  if (callee.property.type !== AST_NODE_TYPES.Identifier || !PROMISE_HANDLERS.has(callee.property.name))
    return undefined;
  return value.arguments.every((handler) => !readsCallerState(handler, scopeManager)) ? callee.object : undefined;
}

/** `(await import("m")).a.b` → `import("m")`: the module expression under awaits, member reads and handlers. */
function moduleExpressionRoot(node: TSESTree.Node, scopeManager: TSESLint.Scope.ScopeManager): TSESTree.Node {
  let value = unwrapExpression(node);
  for (;;) {
    const handled = handledPromiseOf(value, scopeManager);
    if (handled) value = unwrapExpression(handled);
    else if (value.type === AST_NODE_TYPES.AwaitExpression) value = unwrapExpression(value.argument);
    else if (value.type === AST_NODE_TYPES.MemberExpression && !value.computed) value = unwrapExpression(value.object);
    else return value;
  }
}

/**
 * A lazy initialisation that caches a constant: the stored value cannot change (a primitive, by its
 * declared type or its shape; a RegExp without `g`/`y`; a resolved promise) and reads nothing of the
 * caller, so it is the same whoever asks first: `isWindows ??= process.platform === "win32"`,
 * `if (!emoji) emoji = new RegExp(EMOJI, "u")`.
 */
export function cachesConstant(
  assignment: TSESTree.AssignmentExpression,
  declaredType: TSESTree.TypeNode | undefined,
  scopeManager: TSESLint.Scope.ScopeManager,
): boolean {
  if (isModuleLoad(assignment.right, scopeManager)) return true;
  if (!isPrimitiveType(declaredType) && !isImmutableValue(assignment.right)) return false;
  return !readsCallerState(assignment.right, scopeManager);
}

/**
 * `supported = false` inside a `catch`: a feature-detection latch, switched off once when the platform
 * refuses an operation. What it stores is a fact about the runtime, the same for every caller.
 */
export function isFeatureDetectionLatch(assignment: TSESTree.AssignmentExpression): boolean {
  const value = unwrapExpression(assignment.right);
  const isLiteral =
    value.type === AST_NODE_TYPES.Literal || (value.type === AST_NODE_TYPES.Identifier && value.name === "undefined");
  if (assignment.operator !== "=" || !isLiteral) return false;
  for (let node: TSESTree.Node | undefined = assignment.parent; node && !isFunctionNode(node); node = node.parent) {
    if (node.type === AST_NODE_TYPES.CatchClause) return true;
  }
  return false;
}

function passesAsArgument(statement: TSESTree.Node, refersTo: RefersToVariable): boolean {
  const calls = collectDescendants(
    statement,
    (node): node is TSESTree.CallExpression => node.type === AST_NODE_TYPES.CallExpression,
  );
  return calls.some((call) => call.arguments.some((argument) => refersTo(unwrapExpression(argument))));
}

/**
 * A scratch object: a module-level template (a property descriptor) filled right before it is handed
 * to a call, `desc.value = v; Object.defineProperty(o, k, desc)`, or cleared after it,
 * `desc.value = undefined`. What it holds between calls is never read, so no state is shared; it
 * only saves an allocation per call.
 */
export function isScratchWrite(assignment: TSESTree.AssignmentExpression, refersTo: RefersToVariable): boolean {
  const target = unwrapExpression(assignment.left);
  if (
    assignment.operator !== "=" ||
    target.type !== AST_NODE_TYPES.MemberExpression ||
    !refersTo(unwrapExpression(target.object))
  )
    return false;
  const value = unwrapExpression(assignment.right);
  if (
    (value.type === AST_NODE_TYPES.Identifier && value.name === "undefined") ||
    (value.type === AST_NODE_TYPES.Literal && value.value === null)
  )
    return true;
  const statement = assignment.parent;
  const block = statement.parent;
  if (
    statement.type !== AST_NODE_TYPES.ExpressionStatement ||
    (block?.type !== AST_NODE_TYPES.BlockStatement && block?.type !== AST_NODE_TYPES.Program)
  )
    return false;
  const next = block.body[block.body.indexOf(statement) + 1];
  return next !== undefined && passesAsArgument(next, refersTo);
}

function enclosingFunctionOf(node: TSESTree.Node): TSESTree.Node | undefined {
  let current = node.parent;
  while (current && !isFunctionNode(current)) current = current.parent;
  return current;
}

/**
 * A temporary override: `E.stackTraceLimit = 0; try { … } finally { E.stackTraceLimit = saved; }`.
 * The same function puts the property back in a `finally`, so the change never outlives the call.
 */
export function isRestoredInFinally(assignment: TSESTree.AssignmentExpression, sourceText: string): boolean {
  const fn = enclosingFunctionOf(assignment);
  if (!fn || assignment.left.type !== AST_NODE_TYPES.MemberExpression) return false;
  const target = sourceText.slice(...assignment.left.range);
  const finalizers = collectDescendants(fn, isTryWithFinally);
  return finalizers.some((tryStatement) =>
    collectDescendants(
      tryStatement.finalizer,
      (node): node is TSESTree.AssignmentExpression => node.type === AST_NODE_TYPES.AssignmentExpression,
    ).some(
      (restore) =>
        restore.operator === "=" &&
        sourceText.slice(...restore.left.range) === target &&
        unwrapExpression(restore.right).type === AST_NODE_TYPES.Identifier,
    ),
  );
}

type TryWithFinally = TSESTree.TryStatement & { finalizer: TSESTree.BlockStatement };

function isTryWithFinally(node: TSESTree.Node): node is TryWithFinally {
  return node.type === AST_NODE_TYPES.TryStatement && node.finalizer !== null;
}

/** `push` undone by `pop`, `unshift` by `shift`. */
const STACK_PAIRS: Readonly<Record<string, string>> = { push: "pop", unshift: "shift" };

function stackCall(node: TSESTree.Node): { receiver: TSESTree.Node; method: string } | undefined {
  if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = unwrapExpression(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed) return undefined;
  if (callee.property.type !== AST_NODE_TYPES.Identifier) return undefined;
  return { receiver: callee.object, method: callee.property.name };
}

/**
 * A stack frame of a synchronous call: `path.push(x); try { … } finally { path.pop(); }`. What is
 * pushed is popped before the function returns, so between calls the stack is as it was: nothing
 * outlives the call (an `async` function or a generator could interleave, so those do not count).
 */
export function isBalancedStackChange(call: TSESTree.Node, sourceText: string): boolean {
  const change = stackCall(call);
  const fn = enclosingFunctionOf(call);
  if (!change || !fn || !isFunctionNode(fn) || fn.async || fn.generator) return false;
  const receiver = sourceText.slice(...change.receiver.range);
  const calls = (root: TSESTree.Node, methods: string[]) =>
    collectDescendants(root, (node): node is TSESTree.CallExpression => {
      const candidate = stackCall(node);
      return (
        candidate !== undefined &&
        methods.includes(candidate.method) &&
        sourceText.slice(...candidate.receiver.range) === receiver
      );
    });
  const tries = collectDescendants(fn, isTryWithFinally);
  const undo = STACK_PAIRS[change.method];
  if (undo !== undefined)
    return tries.some((attempt) => attempt.range[0] > call.range[1] && calls(attempt.finalizer, [undo]).length > 0);
  const pushes = Object.keys(STACK_PAIRS).filter((method) => STACK_PAIRS[method] === change.method);
  return tries.some(
    (attempt) =>
      attempt.finalizer.range[0] <= call.range[0] &&
      call.range[1] <= attempt.finalizer.range[1] &&
      calls(fn, pushes).some((push) => push.range[1] < attempt.range[0]),
  );
}
