import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESTree } from "@typescript-eslint/utils";
import { isTransparentWrapper, unwrapExpression } from "../../ast/unwrap.js";

export { unwrapExpression };

/**
 * Syntax-only helpers shared by `txo/no-soft-fail-config` and the codemod: what a configuration
 * path looks like (`config["script-behavior"].delay` is root `config`, keys script-behavior, delay)
 * and how to write it back as `requireConfig(...)` arguments.
 */

/** One step below the root: a property name, or an array index (`[0]`). */
export interface PathKey {
  value: string;
  kind: "property" | "index";
}

/** A statically known read: the root expression and the keys below it. */
export interface StaticConfigPath {
  root: TSESTree.Node;
  keys: PathKey[];
}

/** The nearest ancestor that is not a transparent wrapper, and the child under it. */
export function parentThroughWrappers(node: TSESTree.Node): {
  parent: TSESTree.Node | undefined;
  child: TSESTree.Node;
} {
  let child = node;
  let parent = node.parent;
  while (parent && isTransparentWrapper(parent)) {
    child = parent;
    parent = parent.parent;
  }
  return { parent, child };
}

function isNamed(node: TSESTree.Node | undefined, name: string): boolean {
  return node?.type === AST_NODE_TYPES.Identifier && node.name === name;
}

/** The literal name of a member access (`a.b`, `a["b"]`, a\`b\`), or undefined when it is computed. */
export function staticMemberKey(member: TSESTree.MemberExpression): PathKey | undefined {
  if (!member.computed) {
    return member.property.type === AST_NODE_TYPES.Identifier
      ? { value: member.property.name, kind: "property" }
      : undefined;
  }
  return staticKeyOfExpression(member.property);
}

/** A string, number or substitution-free template literal used as a key. */
export function staticKeyOfExpression(node: TSESTree.Node): PathKey | undefined {
  if (node.type === AST_NODE_TYPES.Literal) {
    if (typeof node.value === "string") return { value: node.value, kind: "property" };
    if (typeof node.value === "number" && Number.isInteger(node.value) && node.value >= 0)
      return { value: String(node.value), kind: "index" };
    return undefined;
  }
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0 && node.quasis.length === 1) {
    const cooked = node.quasis[0]?.value.cooked;
    return typeof cooked === "string" ? { value: cooked, kind: "property" } : undefined;
  }
  return undefined;
}

/** `process.env`, `process["env"]`, `globalThis.process.env`, `import.meta.env` (syntax only). */
export function isEnvironmentRoot(node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.MemberExpression || staticMemberKey(node)?.value !== "env") return false;
  const owner = unwrapExpression(node.object);
  if (owner.type === AST_NODE_TYPES.MetaProperty) return owner.meta.name === "import" && owner.property.name === "meta";
  if (isNamed(owner, "process")) return true;
  return (
    owner.type === AST_NODE_TYPES.MemberExpression &&
    staticMemberKey(owner)?.value === "process" &&
    isNamed(unwrapExpression(owner.object), "globalThis")
  );
}

/** `this.config`, `this.#settings`, `super.config`: configuration held by an object. */
export function isThisMember(node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.MemberExpression || node.computed) return false;
  return node.object.type === AST_NODE_TYPES.ThisExpression || node.object.type === AST_NODE_TYPES.Super;
}

/** The field name of `this.x` / `this.#x` / `super.x`. */
export function thisMemberName(node: TSESTree.MemberExpression): string | undefined {
  const property = node.property;
  return property.type === AST_NODE_TYPES.Identifier || property.type === AST_NODE_TYPES.PrivateIdentifier
    ? property.name
    : undefined;
}

function isPathRoot(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.Identifier || isEnvironmentRoot(node) || isThisMember(node);
}

/**
 * The root and keys of a plain read such as `config["a"].b[0]` or `process.env.API_URL`, or
 * undefined when a key is computed or the chain does not start at an identifier, `this.x` or
 * an environment object. Optional links (`?.`) are read through.
 */
export function staticConfigPath(expression: TSESTree.Node): StaticConfigPath | undefined {
  const keys: PathKey[] = [];
  let node = unwrapExpression(expression);
  while (!isPathRoot(node)) {
    if (node.type === AST_NODE_TYPES.CallExpression) return requiredPath(node, keys);
    if (node.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const key = staticMemberKey(node);
    if (!key) return undefined;
    keys.unshift(key);
    node = unwrapExpression(node.object);
  }
  return { root: node, keys };
}

function isRequireConfigCallee(callee: TSESTree.Node): boolean {
  const node = unwrapExpression(callee);
  if (node.type === AST_NODE_TYPES.Identifier) return node.name === "requireConfig";
  return node.type === AST_NODE_TYPES.MemberExpression && staticMemberKey(node)?.value === "requireConfig";
}

/** `requireConfig(config, "a").b` reads config.a.b: the checked prefix joins the path. */
function requiredPath(call: TSESTree.CallExpression, below: PathKey[]): StaticConfigPath | undefined {
  const [target, ...keyArguments] = call.arguments;
  if (!target || target.type === AST_NODE_TYPES.SpreadElement || !isRequireConfigCallee(call.callee)) return undefined;
  const prefix = keyArguments.map((argument) => staticKeyOfExpression(argument));
  const base = staticConfigPath(target);
  if (!base || prefix.some((key) => key === undefined)) return undefined;
  // The some() check above returned early if any key was undefined.
  return { root: base.root, keys: [...base.keys, ...(prefix as PathKey[]), ...below] };
}

const IDENTIFIER_NAME = /^[A-Za-z_$][\w$]*$/;

/** Human form of a path: `config["script-behavior"].delay`, `process.env.API_URL`, `list[0]`. */
export function renderPath(rootText: string, keys: readonly PathKey[]): string {
  return (
    rootText +
    keys
      .map((key) => {
        if (key.kind === "index") return `[${key.value}]`;
        return IDENTIFIER_NAME.test(key.value) ? `.${key.value}` : `[${JSON.stringify(key.value)}]`;
      })
      .join("")
  );
}

/** Keys as source arguments: `"script-behavior", "delay"` (indices stay numbers). */
export function renderKeyArguments(keys: readonly PathKey[]): string {
  return keys.map((key) => (key.kind === "index" ? key.value : JSON.stringify(key.value))).join(", ");
}

function splitBracketSegment(segment: string): PathKey | undefined {
  const quoted = /^(["'])(.*)\1$/.exec(segment);
  if (quoted) return { value: quoted[2] ?? "", kind: "property" };
  return /^\d+$/.test(segment) ? { value: segment, kind: "index" } : undefined;
}

/** lodash's string path syntax: `a.b[0].c`, `a["b-c"]`. Undefined when it is not that simple. */
export function parseLodashPathString(text: string): PathKey[] | undefined {
  const keys: PathKey[] = [];
  const token = /([^.[\]]+)|\[([^\]]*)\]|(\.)/gy;
  let match: RegExpExecArray | null;
  let lastWasDot = true;
  while ((match = token.exec(text)) !== null) {
    if (match[3]) {
      if (lastWasDot) return undefined;
      lastWasDot = true;
    } else {
      const key =
        match[1] !== undefined ? { value: match[1], kind: "property" as const } : splitBracketSegment(match[2] ?? "");
      if (!key) return undefined;
      keys.push(key);
      lastWasDot = false;
    }
    if (token.lastIndex >= text.length) break;
  }
  return token.lastIndex === text.length && keys.length > 0 && !lastWasDot ? keys : undefined;
}

/** The keys of a lodash path argument: a string path or an array of literal keys. */
export function lodashPathKeys(argument: TSESTree.Node): PathKey[] | undefined {
  const node = unwrapExpression(argument);
  if (node.type === AST_NODE_TYPES.ArrayExpression) {
    const keys = node.elements.map((element) =>
      element && element.type !== AST_NODE_TYPES.SpreadElement ? staticKeyOfExpression(element) : undefined,
    );
    return keys.length > 0 && keys.every((key) => key !== undefined) ? keys : undefined;
  }
  const single = staticKeyOfExpression(node);
  if (!single) return undefined;
  return single.kind === "index" ? [single] : parseLodashPathString(single.value);
}
