import { type BindingElement, Node } from "ts-morph";
import { type ConfigPath, extractConfigPath, type PathKey, parseLodashPath } from "./config-path.js";

/** What a soft-fail becomes: the node to replace, the config path it reads, and the old default. */
export interface SoftFailPlan {
  target: Node;
  path: ConfigPath;
  defaultNode: Node | undefined;
  /** `||` also replaced 0, "" and false; worth saying in the change table. */
  replacedFalsyValues: boolean;
}

export type PlanOutcome = { plan: SoftFailPlan } | { manual: string };

const NOT_STATIC =
  "the configuration path is not a plain chain of keys on a config object, so the codemod cannot name it";

function pathFromRootOrChain(expression: Node): ConfigPath | undefined {
  const chain = extractConfigPath(expression);
  if (chain) return chain;
  const inner = expression;
  if (
    Node.isIdentifier(inner) ||
    Node.isThisExpression(inner) ||
    /^(process|import\.meta|globalThis\.process)\.env$/.test(inner.getText())
  ) {
    return { root: inner, rootText: inner.getText(), keys: [] };
  }
  return undefined;
}

function appendKeys(base: ConfigPath | undefined, keys: PathKey[] | undefined): ConfigPath | undefined {
  if (!base || !keys || base.keys.length + keys.length === 0) return undefined;
  return { ...base, keys: [...base.keys, ...keys] };
}

function planBinary(node: import("ts-morph").BinaryExpression): PlanOutcome {
  const operator = node.getOperatorToken().getText();
  if (operator === "??=" || operator === "||=")
    return {
      manual: `\`${operator}\` writes the default back into the configuration object; decide whether the key must exist`,
    };
  const path = extractConfigPath(node.getLeft());
  if (!path) return { manual: NOT_STATIC };
  return { plan: { target: node, path, defaultNode: node.getRight(), replacedFalsyValues: operator === "||" } };
}

function planGetCall(node: import("ts-morph").CallExpression): PlanOutcome {
  const callee = node.getExpression();
  const args = node.getArguments();
  const isLodash =
    (Node.isPropertyAccessExpression(callee) && /^(_|lodash)$/.test(callee.getExpression().getText())) ||
    Node.isIdentifier(callee);
  const [first, second, third] = args;
  if (isLodash && first && second && third) {
    const path = appendKeys(pathFromRootOrChain(first), parseLodashPath(second));
    return path
      ? { plan: { target: node, path, defaultNode: third, replacedFalsyValues: false } }
      : { manual: NOT_STATIC };
  }
  if (!Node.isPropertyAccessExpression(callee) || !first || !second) return { manual: "unrecognised call form" };
  const receiverProblem = describeGetReceiver(callee.getExpression());
  if (receiverProblem) return { manual: receiverProblem };
  const path = appendKeys(pathFromRootOrChain(callee.getExpression()), [keyOf(first)]);
  return path
    ? { plan: { target: node, path, defaultNode: second, replacedFalsyValues: false } }
    : { manual: NOT_STATIC };
}

/**
 * requireConfig/optional read plain objects and Maps. A `.get(key, default)` on anything else (a
 * config class, a library's config object) has semantics only its own `get` knows.
 */
function describeGetReceiver(receiver: Node): string | undefined {
  const type = receiver.getType();
  const name = type.getSymbol()?.getName() ?? type.getText(receiver);
  if (name === "Map" || name === "ReadonlyMap") return undefined;
  return `\`.get(key, default)\` on ${type.isAny() ? "an untyped object" : `a ${name}`}: its own get() decides what a missing key means, so requireConfig (which reads plain objects and Maps) cannot replace it safely; check with has(key) and throw a HelpfulError by hand`;
}

function keyOf(argument: Node): PathKey {
  if (Node.isStringLiteral(argument) || Node.isNoSubstitutionTemplateLiteral(argument))
    return { text: JSON.stringify(argument.getLiteralText()), value: argument.getLiteralText() };
  return { text: argument.getText(), value: undefined };
}

const squash = (node: Node) => node.getText().replace(/\s+|\?\./g, (match) => (match.trim() === "" ? "" : "."));

/**
 * How the condition tests the branch's value: `x.a ? x.a : d` (truthiness, like `||`) or
 * `x.a != null ? x.a : d` (presence, like `??`); undefined when it tests something else, so
 * the ternary is not a fallback for that value.
 */
function conditionSemantics(condition: Node, value: Node, negated: boolean): "truthy" | "present" | undefined {
  const text = squash(condition);
  const target = squash(value);
  if (text === (negated ? `!${target}` : target)) return "truthy";
  const presence = negated ? [`${target}==null`, `null==${target}`] : [`${target}!=null`, `null!=${target}`];
  if (presence.includes(text)) return "present";
  return !negated && testsKeyWithIn(condition, value) ? "present" : undefined;
}

/** `"port" in config ? config.port : d`. */
function testsKeyWithIn(condition: Node, value: Node): boolean {
  if (!Node.isBinaryExpression(condition) || condition.getOperatorToken().getText() !== "in") return false;
  const key = condition.getLeft();
  const path = extractConfigPath(value);
  if (!path || !Node.isStringLiteral(key) || path.keys.at(-1)?.value !== key.getLiteralText()) return false;
  const owner =
    path.keys.length === 1
      ? path.rootText
      : `${path.rootText}${path.keys
          .slice(0, -1)
          .map((key) => `[${key.text}]`)
          .join("")}`;
  return (
    owner === condition.getRight().getText() ||
    (path.keys.length === 1 && squash(condition.getRight()) === path.rootText)
  );
}

function planConditional(node: import("ts-morph").ConditionalExpression): PlanOutcome {
  for (const [value, fallback, negated] of [
    [node.getWhenTrue(), node.getWhenFalse(), false],
    [node.getWhenFalse(), node.getWhenTrue(), true],
  ] as const) {
    const path = extractConfigPath(value);
    const semantics = path ? conditionSemantics(node.getCondition(), value, negated) : undefined;
    if (path && semantics)
      return { plan: { target: node, path, defaultNode: fallback, replacedFalsyValues: semantics === "truthy" } };
  }
  return {
    manual: `the condition \`${node.getCondition().getText().slice(0, 60)}\` does not test the value it falls back from, so this is a choice between two values rather than a default; leave it or rewrite it by hand`,
  };
}

function bindingKey(element: BindingElement): PathKey | undefined {
  const property = element.getPropertyNameNode() ?? element.getNameNode();
  if (Node.isIdentifier(property)) return { text: JSON.stringify(property.getText()), value: property.getText() };
  if (Node.isStringLiteral(property) || Node.isNumericLiteral(property))
    return { text: JSON.stringify(property.getLiteralText()), value: property.getLiteralText() };
  return undefined;
}

/** The config path a destructured binding reads: `const { a: { b = 1 } } = config` gives config.a.b. */
export function pathOfBindingElement(element: BindingElement): ConfigPath | undefined {
  const key = bindingKey(element);
  const pattern = element.getParent();
  const owner = pattern.getParent();
  if (!key || !Node.isObjectBindingPattern(pattern)) return undefined;
  if (Node.isBindingElement(owner)) return appendKeys(pathOfBindingElement(owner), [key]);
  if (Node.isVariableDeclaration(owner) || Node.isParameterDeclaration(owner)) {
    const source = owner.getInitializer();
    return source ? appendKeys(pathFromRootOrChain(source), [key]) : undefined;
  }
  return undefined;
}

function planBinding(node: BindingElement): PlanOutcome {
  const initializer = node.getInitializer();
  const path = pathOfBindingElement(node);
  if (!initializer || !path) return { manual: NOT_STATIC };
  return { plan: { target: initializer, path, defaultNode: initializer, replacedFalsyValues: false } };
}

function planParameter(node: import("ts-morph").ParameterDeclaration): PlanOutcome {
  const initializer = node.getInitializer();
  const path = initializer ? extractConfigPath(initializer) : undefined;
  if (!initializer || !path)
    return { manual: "the default parameter is not a plain config read; move the config read to the caller" };
  return { plan: { target: initializer, path, defaultNode: undefined, replacedFalsyValues: false } };
}

function isOptionalChain(node: Node): boolean {
  return (
    (Node.isPropertyAccessExpression(node) || Node.isElementAccessExpression(node) || Node.isCallExpression(node)) &&
    node.getText().includes("?.")
  );
}

/** Decides how to rewrite the node a `txo/no-soft-fail-config` finding points at. */
export function planSoftFailRewrite(node: Node): PlanOutcome {
  if (Node.isBinaryExpression(node)) return planBinary(node);
  if (Node.isConditionalExpression(node)) return planConditional(node);
  if (Node.isBindingElement(node)) return planBinding(node);
  if (Node.isParameterDeclaration(node)) return planParameter(node);
  if (isOptionalChain(node)) {
    const path = extractConfigPath(node);
    return path
      ? { plan: { target: node, path, defaultNode: undefined, replacedFalsyValues: false } }
      : { manual: NOT_STATIC };
  }
  if (Node.isCallExpression(node)) return planGetCall(node);
  const binding = node.getFirstAncestor((ancestor) => Node.isBindingElement(ancestor));
  if (binding && Node.isBindingElement(binding)) return planBinding(binding);
  return { manual: `unrecognised soft-fail form (${node.getKindName()})` };
}
