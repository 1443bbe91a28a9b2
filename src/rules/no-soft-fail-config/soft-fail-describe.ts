import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { findPatternSource, isParameterDefault } from "./soft-fail-patterns.js";
import { analyseConditionalFallback, analyseIfFallback, checkedPath } from "./soft-fail-presence.js";
import {
  lodashPathKeys,
  type PathKey,
  renderPath,
  staticConfigPath,
  type StaticConfigPath,
  staticKeyOfExpression,
  staticMemberKey,
  unwrapExpression,
} from "./soft-fail-paths.js";

/** The soft-fail forms of `txo/no-soft-fail-config`; each is also the rule's messageId. */
export type SoftFailForm =
  | "nullishFallback"
  | "logicalOrFallback"
  | "fallbackAssignment"
  | "optionalChain"
  | "getWithDefault"
  | "lodashGetWithDefault"
  | "destructuringDefault"
  | "defaultParameter"
  | "presenceCheckFallback";

/**
 * What a reported soft-fail reads and what it falls back to. Built from syntax alone, so a codemod
 * can call it on the node a finding points at (after mapping the finding's range back to ESTree).
 */
export interface SoftFailDescription {
  form: SoftFailForm;
  /** Source text of the root the path starts at: `config`, `sb`, `process.env`, `this.settings`; undefined when unknown. */
  root: string | undefined;
  /** The root's node (an identifier, `this.x`, or an environment object), for callers that resolve aliases. */
  rootNode: TSESTree.Node | undefined;
  /** The expression read (`config.a` of `config.a ?? 1`, the binding of a destructuring default), when known. */
  readNode: TSESTree.Node | undefined;
  /** Keys below the root (`["script-behavior", "rate-limiting"]`); undefined when a key is computed. */
  path: string[] | undefined;
  /** `path` with each key's kind: array indices are rendered as numbers in `requireConfig(...)`. */
  pathKeys: PathKey[] | undefined;
  /** Human form: `config["script-behavior"]["rate-limiting"]`, or the read's source text when not static. */
  pathText: string;
  /** Source text of the silent default; undefined for optional chains and default parameters. */
  defaultText: string | undefined;
  /** The default's node, when there is one. */
  defaultNode: TSESTree.Node | undefined;
  /** Range a hardened read replaces: the whole reported node, or just the default of a pattern / parameter. */
  replaceRange: [number, number];
  /** True when the receiver is read through `.get(key)` (a Map-like object), where `requireConfig` does not apply. */
  viaGetMethod: boolean;
  /**
   * True when replacing `replaceRange` with `requireConfig(root, ...path)` or `optional(root, path, default)`
   * keeps the rest of the code meaning the same: the path is static and non-empty, and the form is not
   * a write-back (`??=`), a middle link of a fallback chain, a Map-style `.get`, or an `if` statement.
   */
  hardenable: boolean;
}

type Code = Readonly<TSESLint.SourceCode>;

interface Parts {
  form: SoftFailForm;
  read: TSESTree.Node | undefined;
  path: StaticConfigPath | undefined;
  defaultNode: TSESTree.Node | undefined;
  replaceRange: [number, number];
  viaGetMethod?: boolean;
  notHardenable?: boolean;
}

function whole(
  form: SoftFailForm,
  node: TSESTree.Node,
  read: TSESTree.Node,
  defaultNode: TSESTree.Node | undefined,
): Parts {
  return { form, read, path: staticConfigPath(read), defaultNode, replaceRange: node.range };
}

/** `(x ?? a) ?? d`: when the inner link is not itself a finding, the outer one is about `a`. */
function logicalRead(node: TSESTree.LogicalExpression): TSESTree.Node {
  const left = unwrapExpression(node.left);
  const isChain = left.type === AST_NODE_TYPES.LogicalExpression && (left.operator === "??" || left.operator === "||");
  return isChain ? left.right : node.left;
}

function logicalParts(node: TSESTree.LogicalExpression): Parts {
  const read = logicalRead(node);
  const parts = whole(node.operator === "??" ? "nullishFallback" : "logicalOrFallback", node, read, node.right);
  return read === node.left ? parts : { ...parts, notHardenable: true };
}

function extend(base: StaticConfigPath | undefined, keys: PathKey[] | undefined): StaticConfigPath | undefined {
  return base && keys ? { root: base.root, keys: [...base.keys, ...keys] } : undefined;
}

function callParts(node: TSESTree.CallExpression, hint: SoftFailForm | undefined): Parts | undefined {
  const callee = unwrapExpression(node.callee);
  const args = node.arguments;
  const isMethodGet = callee.type === AST_NODE_TYPES.MemberExpression && staticMemberKey(callee)?.value === "get";
  const looksLodash = hint === "lodashGetWithDefault" || (hint === undefined && (!isMethodGet || args.length >= 3));
  if (looksLodash && args.length >= 3 && args[0] && args[1] && args[2]) {
    return {
      form: "lodashGetWithDefault",
      read: args[0],
      path: extend(staticConfigPath(args[0]), lodashPathKeys(args[1])),
      defaultNode: args[2],
      replaceRange: node.range,
    };
  }
  if (!isMethodGet || args.length < 2 || !args[0] || !args[1]) return undefined;
  const key = staticKeyOfExpression(args[0]);
  const path = extend(staticConfigPath(callee.object), key ? [key] : undefined);
  return {
    form: "getWithDefault",
    read: callee.object,
    path,
    defaultNode: args[1],
    replaceRange: node.range,
    viaGetMethod: true,
  };
}

function patternParts(node: TSESTree.AssignmentPattern): Parts | undefined {
  if (isParameterDefault(node)) {
    return {
      form: "defaultParameter",
      read: node.right,
      path: staticConfigPath(node.right),
      defaultNode: undefined,
      replaceRange: node.right.range,
    };
  }
  const found = findPatternSource(node);
  if (!found) return undefined;
  const path = found.iterated ? undefined : extend(staticConfigPath(found.source), found.keys);
  return {
    form: "destructuringDefault",
    read: node.left,
    path,
    defaultNode: node.right,
    replaceRange: node.right.range,
  };
}

function presenceParts(
  node: TSESTree.ConditionalExpression | TSESTree.IfStatement,
  sourceCode: Code,
): Parts | undefined {
  const found =
    node.type === AST_NODE_TYPES.IfStatement
      ? analyseIfFallback(node, sourceCode)
      : analyseConditionalFallback(node, sourceCode);
  if (!found) return undefined;
  const isStatement = node.type === AST_NODE_TYPES.IfStatement;
  const viaGetMethod = found.read !== undefined && unwrapExpression(found.read).type === AST_NODE_TYPES.CallExpression;
  return {
    form: "presenceCheckFallback",
    read: found.read ?? found.check.subject,
    path: checkedPath(found.check),
    defaultNode: found.fallback,
    replaceRange: node.range,
    notHardenable: isStatement,
    viaGetMethod,
  };
}

function partsOf(node: TSESTree.Node, sourceCode: Code, hint: SoftFailForm | undefined): Parts | undefined {
  switch (node.type) {
    case AST_NODE_TYPES.LogicalExpression:
      if (node.operator === "&&") return undefined;
      return logicalParts(node);
    case AST_NODE_TYPES.AssignmentExpression:
      return node.operator === "??=" || node.operator === "||="
        ? { ...whole("fallbackAssignment", node, node.left, node.right), notHardenable: true }
        : undefined;
    case AST_NODE_TYPES.ChainExpression:
      return node.expression.type === AST_NODE_TYPES.CallExpression && hint !== "optionalChain"
        ? callParts(node.expression, hint)
        : whole("optionalChain", node, node.expression, undefined);
    case AST_NODE_TYPES.CallExpression:
      return callParts(node, hint);
    case AST_NODE_TYPES.AssignmentPattern:
      return patternParts(node);
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.IfStatement:
      return presenceParts(node, sourceCode);
    default:
      return undefined;
  }
}

/**
 * Describes the soft-fail at `node` (the node `txo/no-soft-fail-config` reported; its messageId can
 * be passed as `form` to settle `x.get(a, b, c)` between a lodash-style and a Map-style get). Pure:
 * no scope analysis, no options. Undefined when the node is not one of the soft-fail shapes.
 *
 * @example
 * // config["script-behavior"]["rate-limiting"] ?? {}
 * // => { form: "nullishFallback", root: "config", path: ["script-behavior", "rate-limiting"], defaultText: "{}", … }
 */
export function describeSoftFail(
  node: TSESTree.Node,
  sourceCode: Code,
  form?: SoftFailForm,
): SoftFailDescription | undefined {
  const parts = partsOf(node, sourceCode, form);
  if (!parts) return undefined;
  const rootText = parts.path ? sourceCode.getText(parts.path.root) : undefined;
  const readText = parts.read ? sourceCode.getText(parts.read) : sourceCode.getText(node);
  return {
    form: parts.form,
    root: rootText,
    rootNode: parts.path?.root,
    readNode: parts.read,
    path: parts.path?.keys.map((key) => key.value),
    pathKeys: parts.path?.keys,
    pathText: parts.path && rootText !== undefined ? renderPath(rootText, parts.path.keys) : readText,
    defaultText: parts.defaultNode ? sourceCode.getText(parts.defaultNode) : undefined,
    defaultNode: parts.defaultNode,
    replaceRange: parts.replaceRange,
    viaGetMethod: parts.viaGetMethod ?? false,
    hardenable: parts.path !== undefined && parts.path.keys.length > 0 && !parts.notHardenable && !parts.viaGetMethod,
  };
}
