import { Node } from "ts-morph";

/** One step of a configuration path: its source text and, when it is a literal, its value. */
export interface PathKey {
  text: string;
  value: string | undefined;
}

/** A configuration read split into the config object it starts from and the keys below it. */
export interface ConfigPath {
  root: Node;
  rootText: string;
  keys: PathKey[];
}

function unwrap(node: Node): Node {
  let current = node;
  while (
    Node.isParenthesizedExpression(current) ||
    Node.isNonNullExpression(current) ||
    Node.isAsExpression(current) ||
    Node.isSatisfiesExpression(current) ||
    Node.isTypeAssertion(current)
  ) {
    current = current.getExpression();
  }
  return current;
}

function keyFromArgument(argument: Node): PathKey {
  if (Node.isStringLiteral(argument) || Node.isNoSubstitutionTemplateLiteral(argument))
    return { text: JSON.stringify(argument.getLiteralText()), value: argument.getLiteralText() };
  if (Node.isNumericLiteral(argument)) return { text: JSON.stringify(argument.getText()), value: argument.getText() };
  return { text: argument.getText(), value: undefined };
}

/** The object a step reads from and the key it reads, or undefined when the node is not a read step. */
function splitStep(node: Node): { object: Node; key: PathKey } | undefined {
  if (Node.isPropertyAccessExpression(node))
    return { object: node.getExpression(), key: { text: JSON.stringify(node.getName()), value: node.getName() } };
  if (Node.isElementAccessExpression(node)) {
    const argument = node.getArgumentExpression();
    return argument ? { object: node.getExpression(), key: keyFromArgument(argument) } : undefined;
  }
  if (Node.isCallExpression(node)) {
    const callee = node.getExpression();
    const args = node.getArguments();
    const [onlyArgument] = args;
    if (
      Node.isPropertyAccessExpression(callee) &&
      callee.getName() === "get" &&
      args.length === 1 &&
      onlyArgument !== undefined &&
      isMap(callee.getExpression())
    )
      return { object: callee.getExpression(), key: keyFromArgument(onlyArgument) };
  }
  return undefined;
}

/**
 * requireConfig and optional read Maps with get(); any other object's get() has its own meaning
 * (a config class, a URLSearchParams), so it does not count as a step of a config path.
 */
function isMap(receiver: Node): boolean {
  const name = receiver.getType().getNonNullableType().getSymbol()?.getName();
  return name === "Map" || name === "ReadonlyMap";
}

const ENV_ROOTS = new Set(["process.env", "import.meta.env", "globalThis.process.env", "global.process.env"]);

function isRootExpression(node: Node): boolean {
  if (Node.isIdentifier(node) || Node.isThisExpression(node)) return true;
  const text = node.getText();
  if (ENV_ROOTS.has(text)) return true;
  return Node.isPropertyAccessExpression(node) && Node.isThisExpression(node.getExpression());
}

/**
 * Splits a config read such as `config["script-behavior"]?.["rate-limiting"].enabled` into the
 * root (`config`) and its keys. Roots are identifiers, `this.x`, `process.env` and `import.meta.env`;
 * anything else (a call result, a computed base) gives undefined.
 */
export function extractConfigPath(expression: Node): ConfigPath | undefined {
  const keys: PathKey[] = [];
  let current = unwrap(expression);
  while (!isRootExpression(current)) {
    const step = splitStep(current);
    if (!step) return undefined;
    keys.unshift(step.key);
    current = unwrap(step.object);
  }
  if (keys.length === 0) return undefined;
  return { root: current, rootText: current.getText().replace(/\?\./g, "."), keys };
}

/** Parses a lodash-style path argument: "a.b[0].c" or ["a", "b"]; undefined when not static. */
export function parseLodashPath(argument: Node): PathKey[] | undefined {
  if (Node.isStringLiteral(argument) || Node.isNoSubstitutionTemplateLiteral(argument)) {
    // A capturing separator yields undefined where its group did not take part; lib.d.ts says string[].
    const pieces: (string | undefined)[] = argument.getLiteralText().split(/\.|\[(\d+)\]/);
    const parts = pieces.filter((part): part is string => part !== undefined && part !== "");
    return parts.map((part) => ({ text: JSON.stringify(part), value: part }));
  }
  if (!Node.isArrayLiteralExpression(argument)) return undefined;
  const keys = argument.getElements().map(keyFromArgument);
  return keys.every((key) => key.value !== undefined) ? keys : undefined;
}

/** Turns a default's source text into a JSON value when it is a plain literal (for config files). */
export function evaluateLiteral(node: Node): { ok: true; value: unknown } | { ok: false } {
  const inner = unwrap(node);
  if (Node.isStringLiteral(inner) || Node.isNoSubstitutionTemplateLiteral(inner))
    return { ok: true, value: inner.getLiteralText() };
  if (Node.isNumericLiteral(inner)) return { ok: true, value: inner.getLiteralValue() };
  if (Node.isTrueLiteral(inner) || Node.isFalseLiteral(inner)) return { ok: true, value: inner.getLiteralValue() };
  if (Node.isNullLiteral(inner)) return { ok: true, value: null };
  if (
    Node.isPrefixUnaryExpression(inner) &&
    inner.getOperand().getKindName() === "NumericLiteral" &&
    inner.getText().startsWith("-")
  )
    return { ok: true, value: -Number(inner.getOperand().getText()) };
  if (Node.isArrayLiteralExpression(inner)) return evaluateArray(inner.getElements());
  if (Node.isObjectLiteralExpression(inner)) return evaluateObject(inner);
  return { ok: false };
}

function evaluateArray(elements: Node[]): { ok: true; value: unknown } | { ok: false } {
  const values: unknown[] = [];
  for (const element of elements) {
    const result = evaluateLiteral(element);
    if (!result.ok) return result;
    values.push(result.value);
  }
  return { ok: true, value: values };
}

function evaluateObject(
  node: import("ts-morph").ObjectLiteralExpression,
): { ok: true; value: unknown } | { ok: false } {
  const value: Record<string, unknown> = {};
  for (const property of node.getProperties()) {
    if (!Node.isPropertyAssignment(property)) return { ok: false };
    const name = property.getNameNode();
    const key = Node.isStringLiteral(name)
      ? name.getLiteralText()
      : Node.isIdentifier(name)
        ? name.getText()
        : undefined;
    const initializer = property.getInitializer();
    const result = initializer ? evaluateLiteral(initializer) : { ok: false as const };
    if (key === undefined || !result.ok) return { ok: false };
    value[key] = result.value;
  }
  return { ok: true, value };
}
