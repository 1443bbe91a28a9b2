import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import type { SoftFailForm } from "./soft-fail-describe.js";
import {
  endsInAbsentValue,
  givesWhatAbsenceGives,
  isEmptyContainer,
  isEmptyMergeOperand,
  isInsideCheckedBranch,
  isOnlyInspected,
} from "./soft-fail-contexts.js";
import { isAbsentValue, isFailingCall } from "./soft-fail-environment.js";
import { isLodashGet } from "./soft-fail-lodash.js";
import { isOwnNullCheck } from "./soft-fail-own-nulls.js";
import type { ConfigOrigins } from "./soft-fail-origins.js";
import { findPatternSource, isParameterDefault } from "./soft-fail-patterns.js";
import { isEnvironmentRoot, parentThroughWrappers, staticMemberKey, unwrapExpression } from "./soft-fail-paths.js";
import { isCallersDefault, isOutcomeNotDefault } from "./soft-fail-outcomes.js";
import { analyseConditionalFallback, analyseIfFallback } from "./soft-fail-presence.js";

const TYPE_WRAPPERS: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.TSAsExpression,
  AST_NODE_TYPES.TSNonNullExpression,
  AST_NODE_TYPES.TSSatisfiesExpression,
  AST_NODE_TYPES.TSTypeAssertion,
]);

function withoutTypeWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (TYPE_WRAPPERS.has(current.type) && "expression" in current && current.expression)
    // TYPE_WRAPPERS are TS expression wrappers whose expression is a node.
    current = current.expression as TSESTree.Node;
  return current;
}

function isFallbackOperator(node: TSESTree.Node): node is TSESTree.LogicalExpression {
  return node.type === AST_NODE_TYPES.LogicalExpression && (node.operator === "??" || node.operator === "||");
}

const CONDITION_OWNERS: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.IfStatement,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.ConditionalExpression,
]);

/** `if (config.debug || verbose)`: an `||` whose value is only tested for truth is logic, not a fallback. */
function isBooleanContext(node: TSESTree.Node): boolean {
  const { parent, child } = parentThroughWrappers(node);
  if (!parent) return false;
  if (CONDITION_OWNERS.has(parent.type)) return "test" in parent && parent.test === child;
  if (parent.type === AST_NODE_TYPES.UnaryExpression) return parent.operator === "!";
  if (parent.type === AST_NODE_TYPES.LogicalExpression) return isBooleanContext(parent);
  return (
    parent.type === AST_NODE_TYPES.CallExpression &&
    parent.callee.type === AST_NODE_TYPES.Identifier &&
    parent.callee.name === "Boolean"
  );
}

/** `config` in `config[platform]?.runtimeVersion`, `this.config` in `this.config.a.b`. */
function baseObject(expression: TSESTree.Node): TSESTree.Node | undefined {
  let current = unwrapExpression(expression);
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    const owner = unwrapExpression(current.object);
    if (owner.type === AST_NODE_TYPES.ThisExpression) return current;
    current = owner;
  }
  return current.type === AST_NODE_TYPES.Identifier ? current : undefined;
}

/**
 * `getCacheKey = ({ contract }) => …`, `config.parse ?? ((r) => r.json())`: an optional hook whose absence
 * means the built-in behaviour; the default is code the library ships, not a value nobody chose.
 */
function isFunctionValue(node: TSESTree.Node): boolean {
  const value = unwrapExpression(node);
  return value.type === AST_NODE_TYPES.ArrowFunctionExpression || value.type === AST_NODE_TYPES.FunctionExpression;
}

/**
 * `mod.default ?? mod`: ES-module/CommonJS interop on a loaded module (its default export, else the
 * module itself). No key of the configuration is missing; both sides are the same value, unwrapped.
 */
function isModuleInterop(node: TSESTree.LogicalExpression, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const left = unwrapExpression(node.left);
  if (left.type !== AST_NODE_TYPES.MemberExpression || staticMemberKey(left)?.value !== "default") return false;
  return sourceCode.getText(unwrapExpression(left.object)) === sourceCode.getText(unwrapExpression(node.right));
}

function hasSpreadAmong(args: TSESTree.CallExpressionArgument[], count: number): boolean {
  return args.slice(0, count).some((argument) => argument.type === AST_NODE_TYPES.SpreadElement);
}

/** What the detector asks the rule about the linted file, worked out on first use. */
export interface DetectorContext {
  /**
   * `config.plugins ?? []`: true when an empty list or map stands for "none" here (a published
   * package whose type does not declare the key required), so the fallback picks no value.
   */
  emptyDefaultIsAbsent: (node: TSESTree.LogicalExpression | TSESTree.AssignmentPattern) => boolean;
}

/**
 * Decides which soft-fail form (if any) a node is. The shapes come from syntax; whether the value
 * read is configuration comes from `ConfigOrigins` (scope analysis).
 */
export class SoftFailDetector {
  constructor(
    private readonly origins: ConfigOrigins,
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly file: DetectorContext,
  ) {}

  /** A read of configuration that may be missing (explicit `requireConfig(...)` results are not). */
  isConfigRead(expression: TSESTree.Node): boolean {
    return !isFallbackOperator(unwrapExpression(expression)) && this.origins.originOf(expression) === "config";
  }

  /** A value configuration keys are read from (explicit results included). */
  private isConfigContainer(expression: TSESTree.Node): boolean {
    return this.origins.originOf(expression) !== undefined;
  }

  private reportsFallbackChain(node: TSESTree.LogicalExpression): boolean {
    const left = unwrapExpression(node.left);
    if (isFallbackOperator(left)) return this.isConfigRead(left.right) && !this.reportsFallbackChain(left);
    return this.isConfigRead(node.left);
  }

  logical(node: TSESTree.LogicalExpression): SoftFailForm | undefined {
    if (!isFallbackOperator(node)) return undefined;
    if (node.operator === "||" && isBooleanContext(node)) return undefined;
    if (isAbsentValue(node.right) || endsInAbsentValue(node) || isEmptyMergeOperand(node)) return undefined;
    if (isModuleInterop(node, this.sourceCode)) return undefined;
    if (
      givesWhatAbsenceGives(node) ||
      isFunctionValue(node.right) ||
      isCallersDefault(node.right, this.origins) ||
      this.isOverrideOrder(node)
    )
      return undefined;
    if (!this.reportsFallbackChain(node) || this.isAbsentAsEmpty(node)) return undefined;
    return node.operator === "??" ? "nullishFallback" : "logicalOrFallback";
  }

  private isAbsentAsEmpty(node: TSESTree.LogicalExpression): boolean {
    return isEmptyContainer(node.right) && this.file.emptyDefaultIsAbsent(node);
  }

  /**
   * `config[platform]?.runtimeVersion ?? config.runtimeVersion`: the last link falls back to another key
   * of the same configuration object, a documented override order; the value is still one the user wrote.
   */
  private isOverrideOrder(node: TSESTree.LogicalExpression): boolean {
    if (!isFallbackOperator(node)) return false;
    const { parent, child } = parentThroughWrappers(node);
    if (parent && isFallbackOperator(parent) && parent.left === child) return false;
    if (this.isEnvironmentAlias(node)) return true;
    const left = baseObject(node.left);
    const right = baseObject(node.right);
    return (
      left !== undefined &&
      right !== undefined &&
      unwrapExpression(node.right) !== right &&
      this.sourceCode.getText(left) === this.sourceCode.getText(right) &&
      this.isConfigRead(node.right)
    );
  }

  /**
   * `readEnv("AWS_REGION") ?? readEnv("AWS_DEFAULT_REGION")`: the last link falls back to another
   * variable the user sets for the same setting (an alias, a documented precedence), not to a value.
   */
  private isEnvironmentAlias(node: TSESTree.LogicalExpression): boolean {
    const left = unwrapExpression(node.left);
    const previous = isFallbackOperator(left) ? left.right : left;
    return this.origins.isEnvironmentVariableRead(previous) && this.origins.isEnvironmentVariableRead(node.right);
  }

  assignment(node: TSESTree.AssignmentExpression): SoftFailForm | undefined {
    // `config.server ??= {}` creates the section it is about to fill in; no value is chosen for it.
    return (node.operator === "??=" || node.operator === "||=") &&
      !isEmptyContainer(node.right) &&
      this.isConfigRead(node.left)
      ? "fallbackAssignment"
      : undefined;
  }

  private hasOptionalConfigLink(expression: TSESTree.Node): boolean {
    let current: TSESTree.Node = expression;
    for (let guard = 0; guard < 10_000; guard += 1) {
      if (current.type === AST_NODE_TYPES.MemberExpression) {
        if (
          current.optional &&
          this.origins.originOf(current.object) === "config" &&
          !isOwnNullCheck(current.object, this.origins)
        )
          return true;
        current = current.object;
      } else if (current.type === AST_NODE_TYPES.CallExpression) {
        current = current.callee;
      } else if (TYPE_WRAPPERS.has(current.type) && "expression" in current) {
        // TYPE_WRAPPERS are TS expression wrappers whose expression is a node.
        current = current.expression as TSESTree.Node;
      } else {
        return false;
      }
    }
    return false;
  }

  /** Reported once per chain, and not when an enclosing finding already covers the chain. */
  chain(node: TSESTree.ChainExpression): SoftFailForm | undefined {
    if (!this.hasOptionalConfigLink(node.expression)) return undefined;
    if (node.expression.type === AST_NODE_TYPES.CallExpression && this.call(node.expression)) return undefined;
    const { parent } = parentThroughWrappers(node);
    if (
      parent?.type === AST_NODE_TYPES.LogicalExpression &&
      (this.logical(parent) ||
        this.isOverrideOrder(parent) ||
        (isFallbackOperator(parent) && (isEmptyMergeOperand(parent) || this.isAbsentAsEmpty(parent))))
    )
      return undefined;
    if (isOnlyInspected(node) || isInsideCheckedBranch(node, this.sourceCode)) return undefined;
    return "optionalChain";
  }

  call(node: TSESTree.CallExpression): SoftFailForm | undefined {
    const args = node.arguments;
    const callee = unwrapExpression(node.callee);
    if (args.length >= 3 && args[0] && !hasSpreadAmong(args, 3) && isLodashGet(callee, this.origins)) {
      return this.isConfigContainer(args[0]) ? "lodashGetWithDefault" : undefined;
    }
    if (args.length < 2 || hasSpreadAmong(args, 2) || callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    return staticMemberKey(callee)?.value === "get" && this.isConfigContainer(callee.object)
      ? "getWithDefault"
      : undefined;
  }

  pattern(node: TSESTree.AssignmentPattern): SoftFailForm | undefined {
    if (isParameterDefault(node)) {
      const read = withoutTypeWrappers(node.right);
      // `env = process.env` reads no key: it only lets callers pass another environment.
      const isPlainRead =
        read.type === AST_NODE_TYPES.MemberExpression &&
        node.left.type === AST_NODE_TYPES.Identifier &&
        !isEnvironmentRoot(read);
      return isPlainRead && this.isConfigRead(read) ? "defaultParameter" : undefined;
    }
    const found = findPatternSource(node);
    if (!found || this.origins.isExplicitHelperCall(node.right) || this.isRuntimeVariablePattern(found))
      return undefined;
    if (isFunctionValue(node.right) || (isEmptyContainer(node.right) && this.file.emptyDefaultIsAbsent(node)))
      return undefined;
    return this.isConfigContainer(found.source) || this.origins.isEnvironmentPattern(found)
      ? "destructuringDefault"
      : undefined;
  }

  /** `const { HOME = homedir() } = process.env`. */
  private isRuntimeVariablePattern(found: NonNullable<ReturnType<typeof findPatternSource>>): boolean {
    const key = found.keys?.[0]?.value;
    return key !== undefined && !found.iterated && this.origins.isRuntimeEnvironmentKey(found.source, key);
  }

  conditional(node: TSESTree.ConditionalExpression): SoftFailForm | undefined {
    const found = analyseConditionalFallback(node, this.sourceCode);
    return found?.read && this.isConfigRead(found.read) ? "presenceCheckFallback" : undefined;
  }

  ifStatement(node: TSESTree.IfStatement): SoftFailForm | undefined {
    const found = analyseIfFallback(node, this.sourceCode);
    if (
      !found ||
      isFailingCall(found.fallback) ||
      isAbsentValue(found.fallback) ||
      isOutcomeNotDefault(found, node, this.origins)
    )
      return undefined;
    const subjectIsRead = found.check.accessor === "self";
    const isConfig = subjectIsRead
      ? this.isConfigRead(found.check.subject)
      : this.isConfigContainer(found.check.subject);
    return isConfig ? "presenceCheckFallback" : undefined;
  }
}
