import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import {
  type PathKey,
  staticConfigPath,
  type StaticConfigPath,
  staticKeyOfExpression,
  staticMemberKey,
  unwrapExpression,
} from "./soft-fail-paths.js";

/**
 * Presence checks that branch to a silent default: `"k" in config ? config.k : 5`,
 * `config.has("k") ? config.get("k") : 5`, `config.k !== undefined ? config.k : 5`, and the
 * statement form `if (!config.has("k")) return 5;`. Syntax only; the rule adds scope analysis.
 */
export interface PresenceCheck {
  /** True when the test holds if the key is present. */
  whenPresent: boolean;
  /** The container for `in`/`has` checks; the read itself for `!== undefined` and truthiness checks. */
  subject: TSESTree.Node;
  /** The checked key, for `in`/`has` checks. */
  key: PathKey | undefined;
  /** How the guarded branch must read the key to count as the same read. */
  accessor: "member" | "member-or-get" | "self";
}

type Code = Readonly<TSESLint.SourceCode>;

function isNullish(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name === "undefined";
  if (node.type === AST_NODE_TYPES.Literal) return node.value === null && !("regex" in node) && !("bigint" in node);
  return node.type === AST_NODE_TYPES.UnaryExpression && node.operator === "void";
}

function isUndefinedString(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.Literal && node.value === "undefined";
}

function comparisonCheck(test: TSESTree.BinaryExpression): PresenceCheck | undefined {
  const operator = test.operator;
  if (!["!==", "!=", "===", "=="].includes(operator) || test.left.type === AST_NODE_TYPES.PrivateIdentifier)
    return undefined;
  const whenPresent = operator.startsWith("!");
  const sides: [TSESTree.Node, TSESTree.Node][] = [
    [test.left, test.right],
    [test.right, test.left],
  ];
  for (const [value, other] of sides) {
    if (isNullish(other)) return { whenPresent, subject: value, key: undefined, accessor: "self" };
    if (isUndefinedString(other) && value.type === AST_NODE_TYPES.UnaryExpression && value.operator === "typeof") {
      return { whenPresent, subject: value.argument, key: undefined, accessor: "self" };
    }
  }
  return undefined;
}

function isObjectHasOwn(callee: TSESTree.Node): boolean {
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    staticMemberKey(callee)?.value === "hasOwn" &&
    unwrapExpression(callee.object).type === AST_NODE_TYPES.Identifier &&
    // The line above checked it is an Identifier.
    (unwrapExpression(callee.object) as TSESTree.Identifier).name === "Object"
  );
}

/** `Object.prototype.hasOwnProperty.call(c, k)` and `{}.hasOwnProperty.call(c, k)`. */
function isHasOwnPropertyCall(callee: TSESTree.Node): boolean {
  if (callee.type !== AST_NODE_TYPES.MemberExpression || staticMemberKey(callee)?.value !== "call") return false;
  const method = unwrapExpression(callee.object);
  return method.type === AST_NODE_TYPES.MemberExpression && staticMemberKey(method)?.value === "hasOwnProperty";
}

function callCheck(test: TSESTree.CallExpression): PresenceCheck | undefined {
  const callee = unwrapExpression(test.callee);
  const args = test.arguments;
  if (isObjectHasOwn(callee) || isHasOwnPropertyCall(callee)) {
    const key = args.length === 2 && args[1] ? staticKeyOfExpression(args[1]) : undefined;
    return key && args[0] && args[0].type !== AST_NODE_TYPES.SpreadElement
      ? { whenPresent: true, subject: args[0], key, accessor: "member" }
      : undefined;
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression || args.length !== 1 || !args[0]) return undefined;
  const method = staticMemberKey(callee)?.value;
  const key = staticKeyOfExpression(args[0]);
  if (!key || (method !== "has" && method !== "hasOwnProperty")) return undefined;
  return { whenPresent: true, subject: callee.object, key, accessor: method === "has" ? "member-or-get" : "member" };
}

function negate(check: PresenceCheck | undefined): PresenceCheck | undefined {
  return check ? { ...check, whenPresent: !check.whenPresent } : undefined;
}

/** Reads a test as a presence check on a key, or undefined. Truthiness (`config.k ? …`) only when allowed. */
export function analysePresenceTest(testNode: TSESTree.Node, allowTruthiness: boolean): PresenceCheck | undefined {
  const test = unwrapExpression(testNode);
  if (test.type === AST_NODE_TYPES.UnaryExpression && test.operator === "!")
    return negate(analysePresenceTest(test.argument, allowTruthiness));
  if (test.type === AST_NODE_TYPES.BinaryExpression && test.operator === "in") {
    const key = test.left.type === AST_NODE_TYPES.PrivateIdentifier ? undefined : staticKeyOfExpression(test.left);
    return key ? { whenPresent: true, subject: test.right, key, accessor: "member" } : undefined;
  }
  if (test.type === AST_NODE_TYPES.BinaryExpression) return comparisonCheck(test);
  if (test.type === AST_NODE_TYPES.CallExpression) return callCheck(test);
  if (allowTruthiness && test.type === AST_NODE_TYPES.MemberExpression)
    return { whenPresent: true, subject: test, key: undefined, accessor: "self" };
  return undefined;
}

/** Source text with whitespace and optional-chain marks removed, to compare two reads. */
function normalisedText(node: TSESTree.Node, sourceCode: Code): string {
  return sourceCode
    .getText(unwrapExpression(node))
    .replace(/\s+/g, "")
    .replace(/\?\.(?=[[(])/g, "")
    .replace(/\?\./g, ".");
}

function sameKey(a: PathKey | undefined, b: PathKey | undefined): boolean {
  return a !== undefined && a.value === b?.value;
}

/** True when `expression` reads exactly the key the check looked at. */
export function readsCheckedKey(check: PresenceCheck, expression: TSESTree.Node, sourceCode: Code): boolean {
  const read = unwrapExpression(expression);
  const subjectText = normalisedText(check.subject, sourceCode);
  if (check.accessor === "self") return normalisedText(read, sourceCode) === subjectText;
  if (read.type === AST_NODE_TYPES.MemberExpression)
    return sameKey(staticMemberKey(read), check.key) && normalisedText(read.object, sourceCode) === subjectText;
  if (
    check.accessor !== "member-or-get" ||
    read.type !== AST_NODE_TYPES.CallExpression ||
    read.arguments.length !== 1 ||
    !read.arguments[0]
  )
    return false;
  const callee = unwrapExpression(read.callee);
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    staticMemberKey(callee)?.value === "get" &&
    sameKey(staticKeyOfExpression(read.arguments[0]), check.key) &&
    normalisedText(callee.object, sourceCode) === subjectText
  );
}

export interface PresenceFallback {
  check: PresenceCheck;
  /** The guarded read (conditional form only). */
  read: TSESTree.Node | undefined;
  /** The silent default. */
  fallback: TSESTree.Node;
}

/** `"k" in c ? c.k : d`, `c.k !== undefined ? c.k : d`, `!c.has("k") ? d : c.get("k")`, `c.k ? c.k : d`. */
export function analyseConditionalFallback(
  node: TSESTree.ConditionalExpression,
  sourceCode: Code,
): PresenceFallback | undefined {
  const check = analysePresenceTest(node.test, true);
  if (!check) return undefined;
  const [read, fallback] = check.whenPresent ? [node.consequent, node.alternate] : [node.alternate, node.consequent];
  return readsCheckedKey(check, read, sourceCode) ? { check, read, fallback } : undefined;
}

function onlyStatement(statement: TSESTree.Statement): TSESTree.Statement | undefined {
  if (statement.type !== AST_NODE_TYPES.BlockStatement) return statement;
  return statement.body.length === 1 ? statement.body[0] : undefined;
}

/** `if (!("k" in c)) return d;` and `if (c.k === undefined) c.k = d;` (no else branch). */
export function analyseIfFallback(node: TSESTree.IfStatement, sourceCode: Code): PresenceFallback | undefined {
  if (node.alternate) return undefined;
  const check = analysePresenceTest(node.test, false);
  const body = onlyStatement(node.consequent);
  if (!check || check.whenPresent || !body) return undefined;
  if (body.type === AST_NODE_TYPES.ReturnStatement && body.argument)
    return { check, read: undefined, fallback: body.argument };
  if (body.type !== AST_NODE_TYPES.ExpressionStatement || body.expression.type !== AST_NODE_TYPES.AssignmentExpression)
    return undefined;
  const assignment = body.expression;
  return assignment.operator === "=" && readsCheckedKey(check, assignment.left, sourceCode)
    ? { check, read: undefined, fallback: assignment.right }
    : undefined;
}

/** The configuration path the check is about, when it is static. */
export function checkedPath(check: PresenceCheck): StaticConfigPath | undefined {
  const base = staticConfigPath(check.subject);
  if (!base) return undefined;
  return check.key ? { root: base.root, keys: [...base.keys, check.key] } : base;
}
