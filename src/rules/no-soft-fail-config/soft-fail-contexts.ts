import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { isAbsentValue } from "./soft-fail-environment.js";
import { parentThroughWrappers, unwrapExpression } from "./soft-fail-paths.js";

/**
 * Where a fallback or an optional chain sits decides whether it picks a value nobody chose. These
 * tests look only at the surroundings; whether the value read is configuration is decided elsewhere.
 */

const COMPARISONS: ReadonlySet<string> = new Set(["===", "!==", "==", "!=", "<", ">", "<=", ">="]);
const TESTED_BY: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.IfStatement,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
  AST_NODE_TYPES.ForStatement,
]);
/** `merge(defaults, x || {})`, `Object.assign(target, x ?? {})`, `webpackMerge(base, x || {})`. */
const MERGING_CALLEE = /merge|assign|extend|defaults/i;

function isFallback(node: TSESTree.Node | undefined): node is TSESTree.LogicalExpression {
  return node?.type === AST_NODE_TYPES.LogicalExpression && (node.operator === "??" || node.operator === "||");
}

/** True when the value only decides a branch: `if (x?.y)`, `!x?.y`, `a && x?.y` inside a test, `Boolean(x?.y)`. */
function isTruthTest(node: TSESTree.Node): boolean {
  const { parent, child } = parentThroughWrappers(node);
  if (!parent) return false;
  if (TESTED_BY.has(parent.type)) return "test" in parent && parent.test === child;
  if (parent.type === AST_NODE_TYPES.UnaryExpression) return parent.operator === "!";
  if (parent.type === AST_NODE_TYPES.LogicalExpression) return isTruthTest(parent);
  return (
    parent.type === AST_NODE_TYPES.CallExpression &&
    parent.callee.type === AST_NODE_TYPES.Identifier &&
    parent.callee.name === "Boolean"
  );
}

/**
 * `if (config.experimental?.x)`, `config.a?.b === "https"`, `typeof config.x?.y !== "undefined"`,
 * `config.list?.forEach(…)` as a statement, `{ ...config.devServer?.headers }`: a missing key is only
 * tested, compared, skipped or spread as nothing; no value stands in for it.
 */
export function isOnlyInspected(chain: TSESTree.Node): boolean {
  if (isTruthTest(chain)) return true;
  const { parent, child } = parentThroughWrappers(chain);
  switch (parent?.type) {
    case AST_NODE_TYPES.BinaryExpression:
      return COMPARISONS.has(parent.operator);
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === "typeof" || parent.operator === "void";
    case AST_NODE_TYPES.ExpressionStatement:
      return true;
    case AST_NODE_TYPES.SpreadElement:
      return parent.parent.type === AST_NODE_TYPES.ObjectExpression;
    case AST_NODE_TYPES.LogicalExpression:
      return isFallback(parent) && parent.left === child && isAbsentValue(parent.right);
    default:
      return false;
  }
}

function isSameRead(a: TSESTree.Node, b: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return sourceCode.getText(unwrapExpression(a)) === sourceCode.getText(unwrapExpression(b));
}

/** `x?.path ? join(dir, x?.path) : null`: the chain sits in the branch that has already tested the very same read. */
export function isInsideCheckedBranch(chain: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let child: TSESTree.Node = chain;
  for (let parent = chain.parent; parent; child = parent, parent = parent.parent) {
    if (
      (parent.type === AST_NODE_TYPES.ConditionalExpression || parent.type === AST_NODE_TYPES.IfStatement) &&
      parent.consequent === child &&
      isSameRead(parent.test, chain, sourceCode)
    )
      return true;
    if (
      parent.type === AST_NODE_TYPES.FunctionDeclaration ||
      parent.type === AST_NODE_TYPES.FunctionExpression ||
      parent.type === AST_NODE_TYPES.ArrowFunctionExpression
    )
      return false;
  }
  return false;
}

/** `a || b || null`: the chain ends by keeping "missing" visible, so no link of it picks a value. */
export function endsInAbsentValue(node: TSESTree.LogicalExpression): boolean {
  let link = parentThroughWrappers(node);
  while (isFallback(link.parent) && link.parent.left === link.child) {
    if (isAbsentValue(link.parent.right)) return true;
    link = parentThroughWrappers(link.parent);
  }
  return false;
}

export function isEmptyContainer(node: TSESTree.Node): boolean {
  const value = unwrapExpression(node);
  if (value.type === AST_NODE_TYPES.ObjectExpression) return value.properties.length === 0;
  return value.type === AST_NODE_TYPES.ArrayExpression && value.elements.length === 0;
}

function calleeName(callee: TSESTree.Node): string | undefined {
  const node = unwrapExpression(callee);
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  return node.type === AST_NODE_TYPES.MemberExpression && node.property.type === AST_NODE_TYPES.Identifier
    ? node.property.name
    : undefined;
}

/** `const { a, ...rest } = x ?? {}`: a pattern that picks no default of its own (those are reported apart). */
function hasNoDefaults(pattern: TSESTree.Node): boolean {
  if (pattern.type === AST_NODE_TYPES.ObjectPattern)
    return pattern.properties.every(
      (property) =>
        property.type === AST_NODE_TYPES.RestElement || property.value.type !== AST_NODE_TYPES.AssignmentPattern,
    );
  return pattern.type === AST_NODE_TYPES.ArrayPattern
    ? pattern.elements.every((element) => element?.type !== AST_NODE_TYPES.AssignmentPattern)
    : false;
}

/**
 * `...(config.plugins ?? [])`, `merge(defaults, config.devServer ?? {})`, `const { a, ...rest } = x ?? {}`,
 * `Object.keys(x ?? {})`: an empty `{}`/`[]` that is spread, merged, destructured or enumerated adds
 * nothing, exactly as the missing key would; no value is chosen for it.
 */
export function isEmptyMergeOperand(node: TSESTree.LogicalExpression): boolean {
  if (!isEmptyContainer(node.right)) return false;
  const { parent, child } = parentThroughWrappers(node);
  if (parent?.type === AST_NODE_TYPES.SpreadElement) return true;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === child) return hasNoDefaults(parent.id);
  if (parent?.type !== AST_NODE_TYPES.CallExpression) return false;
  if (parent.arguments[0] === child) return isObjectEnumeration(parent.callee);
  const name = calleeName(parent.callee);
  return name !== undefined && MERGING_CALLEE.test(name);
}

/** `Object.keys(config.platforms ?? {})`: enumerating an empty object finds nothing, as the missing key would. */
function isObjectEnumeration(callee: TSESTree.Node): boolean {
  const node = unwrapExpression(callee);
  return (
    node.type === AST_NODE_TYPES.MemberExpression &&
    node.object.type === AST_NODE_TYPES.Identifier &&
    node.object.name === "Object" &&
    node.property.type === AST_NODE_TYPES.Identifier &&
    ["keys", "values", "entries"].includes(node.property.name)
  );
}

function isFalsyLiteral(node: TSESTree.Node): boolean {
  const value = unwrapExpression(node);
  return value.type === AST_NODE_TYPES.Literal && !("regex" in value) && !value.value;
}

/**
 * `(process.env.X ?? "false") === "true"`, `if (env.DEBUG ?? "")`: the fallback only feeds a comparison
 * with another literal (strictly: `==` converts), or a truth test it fails, so the expression gives exactly what the missing key
 * gives. The fallback is the "off" state of a boolean, not a value nobody chose.
 */
export function givesWhatAbsenceGives(node: TSESTree.LogicalExpression): boolean {
  const fallback = unwrapExpression(node.right);
  if (fallback.type !== AST_NODE_TYPES.Literal || "regex" in fallback) return false;
  if (isTruthTest(node)) return isFalsyLiteral(fallback);
  const { parent, child } = parentThroughWrappers(node);
  if (parent?.type !== AST_NODE_TYPES.BinaryExpression || !["===", "!=="].includes(parent.operator)) return false;
  const other = unwrapExpression(parent.left === child ? parent.right : parent.left);
  return other.type === AST_NODE_TYPES.Literal && !("regex" in other) && other.value !== fallback.value;
}
