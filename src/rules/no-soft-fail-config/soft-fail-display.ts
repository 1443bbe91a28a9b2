import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import type { ConfigOrigins } from "./soft-fail-origins.js";
import { parentThroughWrappers, staticKeyOfExpression, staticMemberKey, unwrapExpression } from "./soft-fail-paths.js";

type Variable = TSESLint.Scope.Variable;

/** Methods that print or log what they are given (`logger.debug`, `console.log`, clack's `log.step`, `spinner.text`). */
const DISPLAY_METHODS: ReadonlySet<string> = new Set([
  "log",
  "debug",
  "info",
  "warn",
  "warning",
  "error",
  "trace",
  "verbose",
  "notice",
  "success",
  "fatal",
  "silly",
  "step",
  "intro",
  "outro",
  "note",
  "message",
  "succeed",
]);

/** `events.emit("debug", …)`: an event whose name is a log level carries a log line. */
const LOG_EVENTS: ReadonlySet<string> = new Set([
  "debug",
  "info",
  "warn",
  "error",
  "log",
  "verbose",
  "trace",
  "success",
]);

/** Properties whose value is only shown: a spinner's `text`, a progress line's `message`. */
const DISPLAY_PROPERTIES: ReadonlySet<string> = new Set(["text", "prefixText", "suffixText"]);

const MAX_DEPTH = 12;

/**
 * Decides whether a fallback's value only ever reaches the screen or a log: an argument of a logging call,
 * a piece of a message built with a template literal, `+` or arithmetic that is itself only printed, or a
 * local variable (or a field of a local object) whose every read is. On a missing key such code prints
 * "0 plugins" or "unnamed"; nothing behaves differently, so no value stands in for configuration.
 */
export class DisplayOnlyValues {
  private readonly visiting = new Set<Variable>();

  constructor(private readonly origins: ConfigOrigins) {}

  isDisplayOnly(node: TSESTree.Node, depth = 0): boolean {
    if (depth > MAX_DEPTH) return false;
    const { parent, child } = parentThroughWrappers(node);
    if (!parent) return false;
    switch (parent.type) {
      case AST_NODE_TYPES.TemplateLiteral:
      case AST_NODE_TYPES.ArrayExpression:
      // `count - failed`, `count > 0`: arithmetic or a comparison whose result is only shown.
      case AST_NODE_TYPES.BinaryExpression:
      case AST_NODE_TYPES.LogicalExpression:
      // Also as its test: a conditional that is only shown just picks which text is shown.
      case AST_NODE_TYPES.ConditionalExpression:
        return this.isDisplayOnly(parent, depth + 1);
      case AST_NODE_TYPES.Property:
        return this.propertyIsDisplayOnly(parent, child, depth);
      case AST_NODE_TYPES.MemberExpression:
        return parent.object === child && this.isDisplayOnly(parent, depth + 1);
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression:
        return this.callIsDisplayOnly(parent, child, depth);
      case AST_NODE_TYPES.VariableDeclarator:
        return parent.init === child && this.bindingIsDisplayOnly(parent.id, depth);
      case AST_NODE_TYPES.AssignmentExpression:
        return parent.right === child && parent.operator === "=" && this.targetIsDisplayOnly(parent.left, depth);
      default:
        return false;
    }
  }

  /** A finding's value: the expression, or the variable a destructuring default initialises. */
  isFindingDisplayOnly(node: TSESTree.Node): boolean {
    if (node.type === AST_NODE_TYPES.AssignmentPattern) return this.bindingIsDisplayOnly(node.left, 0);
    if (node.type === AST_NODE_TYPES.AssignmentExpression || node.type === AST_NODE_TYPES.IfStatement) return false;
    return this.isDisplayOnly(node);
  }

  private propertyIsDisplayOnly(property: TSESTree.Property, child: TSESTree.Node, depth: number): boolean {
    return property.value === child && !property.computed && this.isDisplayOnly(property.parent, depth + 1);
  }

  /**
   * `console.log(x)`, `logger.debug(…)`, `new Error(message)`: a sink. Any other call whose result is only
   * shown (`styleText("dim", x)`, `x.join(", ")`, `String(x)`) formats its arguments for display.
   */
  private callIsDisplayOnly(
    call: TSESTree.CallExpression | TSESTree.NewExpression,
    child: TSESTree.Node,
    depth: number,
  ): boolean {
    const isArgument = call.arguments.includes(child as TSESTree.CallExpressionArgument);
    if (call.type === AST_NODE_TYPES.NewExpression) return isArgument && isErrorConstructor(call.callee);
    if (isArgument && this.isDisplayCall(call)) return true;
    if (call.parent.type === AST_NODE_TYPES.AwaitExpression) return false;
    return (isArgument || call.callee === child) && this.isDisplayOnly(call, depth + 1);
  }

  private isDisplayCall(call: TSESTree.CallExpression): boolean {
    const callee = unwrapExpression(call.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) return DISPLAY_METHODS.has(callee.name) && callee.name !== "error";
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const method = staticMemberKey(callee)?.value;
    if (method === undefined) return false;
    if (this.isConsole(unwrapExpression(callee.object)) || isStandardStream(callee, method)) return true;
    if (method === "emit") return isLogEvent(call.arguments[0]);
    return DISPLAY_METHODS.has(method);
  }

  private isConsole(node: TSESTree.Node): boolean {
    return this.origins.isGlobal(node, "console");
  }

  /** `const count = config.plugins?.length ?? 0`: display-only when every read of `count` is. */
  private bindingIsDisplayOnly(id: TSESTree.Node, depth: number): boolean {
    if (id.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = this.origins.variableOf(id);
    if (!variable || this.visiting.has(variable)) return false;
    this.visiting.add(variable);
    try {
      const reads = variable.references.filter((reference) => reference.isRead());
      return (
        reads.length > 0 &&
        variable.references.every((reference) => !reference.isWrite() || reference.init === true) &&
        reads.every((reference) => this.isDisplayOnly(reference.identifier, depth + 1))
      );
    } finally {
      this.visiting.delete(variable);
    }
  }

  /** `spinner.text = …`, or `state.total = …` where every read of `state.total` is display-only. */
  private targetIsDisplayOnly(target: TSESTree.Node, depth: number): boolean {
    if (target.type !== AST_NODE_TYPES.MemberExpression) return false;
    const key = staticMemberKey(target)?.value;
    if (key === undefined) return false;
    if (DISPLAY_PROPERTIES.has(key)) return true;
    const owner = unwrapExpression(target.object);
    return owner.type === AST_NODE_TYPES.Identifier && this.fieldIsDisplayOnly(owner, key, depth);
  }

  /**
   * `state.totalPlugins = config.plugins?.length ?? 0` with `state` a local object: every use of `state`
   * reads or writes one of its fields (it is never handed on whole), and every read of `totalPlugins` is
   * display-only.
   */
  private fieldIsDisplayOnly(owner: TSESTree.Identifier, key: string, depth: number): boolean {
    const variable = this.origins.variableOf(owner);
    if (!variable || variable.defs.length === 0 || this.visiting.has(variable)) return false;
    this.visiting.add(variable);
    try {
      const uses = variable.references.filter((reference) => !reference.init).map((reference) => reference.identifier);
      const fields = uses.map((use) => fieldAccess(use));
      if (fields.some((field) => field === undefined)) return false;
      const reads = fields.filter(
        (field) => field !== undefined && staticMemberKey(field)?.value === key && !isWritten(field),
      );
      return reads.length > 0 && reads.every((field) => field !== undefined && this.isDisplayOnly(field, depth + 1));
    } finally {
      this.visiting.delete(variable);
    }
  }
}

function isErrorConstructor(callee: TSESTree.Node): boolean {
  const node = unwrapExpression(callee);
  return node.type === AST_NODE_TYPES.Identifier && node.name.endsWith("Error");
}

/** `process.stdout.write(…)`, `process.stderr.write(…)`. */
function isStandardStream(callee: TSESTree.MemberExpression, method: string): boolean {
  if (method !== "write") return false;
  const stream = unwrapExpression(callee.object);
  if (stream.type !== AST_NODE_TYPES.MemberExpression) return false;
  const name = staticMemberKey(stream)?.value;
  const owner = unwrapExpression(stream.object);
  return (
    (name === "stdout" || name === "stderr") && owner.type === AST_NODE_TYPES.Identifier && owner.name === "process"
  );
}

function isLogEvent(argument: TSESTree.Node | undefined): boolean {
  const key = argument ? staticKeyOfExpression(argument) : undefined;
  return key !== undefined && LOG_EVENTS.has(key.value);
}

/** The member access `state.x` that a use of `state` is, or undefined when `state` is used whole. */
function fieldAccess(use: TSESTree.Node): TSESTree.MemberExpression | undefined {
  const { parent, child } = parentThroughWrappers(use);
  return parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === child && staticMemberKey(parent)
    ? parent
    : undefined;
}

function isWritten(member: TSESTree.MemberExpression): boolean {
  const { parent, child } = parentThroughWrappers(member);
  return (
    (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === child) ||
    (parent?.type === AST_NODE_TYPES.UpdateExpression && parent.argument === child)
  );
}
