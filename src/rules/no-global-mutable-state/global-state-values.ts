import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESTree } from "@typescript-eslint/utils";
import { builtinName, isConstAssertion, simpleCalleeName, unwrapExpression } from "./global-state-ast.js";
import type { StateExemption, ValueDescription, ValueKind } from "./global-state-types.js";

/** Binding names that are loggers by convention (SPEC: logging is the one accepted global). */
const LOGGER_NAME = /^(log|logger)$/i;
/** A logger under a qualified name: `defaultLogger`, `rootLogger`, `DEFAULT_LOGGER` (the last word is "logger"). */
const QUALIFIED_LOGGER_NAME = /(_(logger|LOGGER)|[a-z0-9]Logger)$/;
/** The logger's settings: `logLevel`, `LOG_LEVEL`, `logVerbosity`, `verbosity`. */
const LOG_SETTING_NAME = /^(log(ging)?_?(level|verbosity)|verbosity)$/i;

/** Factory calls whose result is a logger: pino(), debug("ns"), winston.createLogger(), log4js.getLogger(), … */
const LOGGER_FACTORIES = new Set([
  "pino",
  "debug",
  "createLogger",
  "getLogger",
  "createConsola",
  "consola.create",
  "consola.withTag",
]);
/** Methods that create a logger on any library object: winston.createLogger, bunyan.createLogger, log4js.getLogger. */
const LOGGER_FACTORY_METHODS = new Set(["createLogger", "getLogger"]);
/** Packages whose default export is a logger factory, for `require("debug")("ns")`. */
const LOGGER_PACKAGES = new Set(["pino", "debug", "winston", "bunyan", "log4js", "consola", "loglevel", "signale"]);
/** Methods that derive a logger from a logger: `logger.child({ … })`, `debug("a").extend("b")`. */
const LOGGER_DERIVING_METHODS = new Set(["child", "extend", "withTag"]);

const CONTAINER_CONSTRUCTORS: Readonly<Record<string, ValueDescription>> = {
  Map: { kind: "map", label: "a Map" },
  Set: { kind: "set", label: "a Set" },
  WeakMap: { kind: "weakmap", label: "a WeakMap" },
  WeakSet: { kind: "weakset", label: "a WeakSet" },
  Array: { kind: "array", label: "an array" },
  Object: { kind: "object", label: "an object" },
};

const ARRAY_FACTORIES = new Set(["Array.from", "Array.of"]);
const OBJECT_FACTORIES = new Set(["Object.create", "Object.fromEntries", "structuredClone"]);
const READONLY_TYPES = new Set(["ReadonlyArray", "ReadonlyMap", "ReadonlySet", "Readonly"]);

/** `logger`, `_logger` (a private-by-convention name), `defaultLogger`, `logLevel`, `_logVerbosity`. */
export function isLoggerName(name: string): boolean {
  const bare = name.replace(/^[_$]+/, "");
  return LOGGER_NAME.test(bare) || QUALIFIED_LOGGER_NAME.test(bare) || LOG_SETTING_NAME.test(bare);
}

function isLoggerPackageRequire(node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression || simpleCalleeName(node.callee) !== "require") return false;
  const [specifier] = node.arguments;
  return (
    specifier?.type === AST_NODE_TYPES.Literal &&
    typeof specifier.value === "string" &&
    LOGGER_PACKAGES.has(specifier.value)
  );
}

function isLoggerFactoryCall(call: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(call.callee);
  if (isLoggerPackageRequire(callee)) return true;
  const name = simpleCalleeName(callee);
  if (name !== undefined && LOGGER_FACTORIES.has(name)) return true;
  if (
    callee.type !== AST_NODE_TYPES.MemberExpression ||
    callee.computed ||
    callee.property.type !== AST_NODE_TYPES.Identifier
  ) {
    return false;
  }
  if (LOGGER_FACTORY_METHODS.has(callee.property.name)) return true;
  return LOGGER_DERIVING_METHODS.has(callee.property.name) && isLoggerValue(callee.object);
}

/** A logger: created by a logger factory, derived from one (`.child()`), or a binding named log/logger. */
export function isLoggerValue(node: TSESTree.Node): boolean {
  const value = unwrapExpression(node);
  if (value.type === AST_NODE_TYPES.Identifier) return isLoggerName(value.name);
  if (value.type === AST_NODE_TYPES.CallExpression) return isLoggerFactoryCall(value);
  if (value.type === AST_NODE_TYPES.NewExpression) {
    const name = simpleCalleeName(value.callee);
    return name !== undefined && /(^|\.)Logger$/.test(name);
  }
  return false;
}

const UNARY_RESULT: Readonly<Record<string, string>> = { "!": "a boolean", typeof: "a string", void: "undefined" };

/** "a number", "a string", … for an expression that evaluates to a primitive, else undefined. */
function primitiveLabel(node: TSESTree.Node): string | undefined {
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
      if ("regex" in node) return undefined;
      return node.value === null ? "null" : `a ${typeof node.value}`;
    case AST_NODE_TYPES.TemplateLiteral:
      return "a string";
    case AST_NODE_TYPES.UnaryExpression:
      return node.operator === "delete" ? undefined : (UNARY_RESULT[node.operator] ?? "a number");
    case AST_NODE_TYPES.Identifier:
      if (node.name === "undefined") return "undefined";
      return node.name === "NaN" || node.name === "Infinity" ? "a number" : undefined;
    default:
      return undefined;
  }
}

function describeNew(node: TSESTree.NewExpression): ValueDescription {
  const name = builtinName(node.callee);
  if (name === undefined) return { kind: "instance", label: "an object instance" };
  return CONTAINER_CONSTRUCTORS[name] ?? { kind: "instance", label: `a ${name} instance` };
}

function describeCall(node: TSESTree.CallExpression): ValueDescription {
  const name = builtinName(node.callee);
  if (name !== undefined && ARRAY_FACTORIES.has(name)) return { kind: "array", label: "an array" };
  if (name !== undefined && OBJECT_FACTORIES.has(name)) return { kind: "object", label: "an object" };
  if (name === "Object.freeze" && node.arguments[0]) return describeValue(node.arguments[0]);
  return { kind: "unknown", label: "a value" };
}

const PLAIN_KINDS: Partial<Record<AST_NODE_TYPES, ValueDescription>> = {
  [AST_NODE_TYPES.ArrayExpression]: { kind: "array", label: "an array" },
  [AST_NODE_TYPES.ObjectExpression]: { kind: "object", label: "an object" },
  [AST_NODE_TYPES.ArrowFunctionExpression]: { kind: "function", label: "a function" },
  [AST_NODE_TYPES.FunctionExpression]: { kind: "function", label: "a function" },
  [AST_NODE_TYPES.ClassExpression]: { kind: "function", label: "a class" },
};

/** What an initialiser creates, judged from syntax alone. */
export function describeValue(init: TSESTree.Node | null | undefined): ValueDescription {
  if (!init) return { kind: "uninitialised", label: "declared without a value" };
  // isConstAssertion(init) holds only for a TSAsExpression.
  const value = unwrapExpression(isConstAssertion(init) ? (init as TSESTree.TSAsExpression).expression : init);
  const primitive = primitiveLabel(value);
  if (primitive !== undefined) return { kind: "primitive", label: primitive };
  if (value.type === AST_NODE_TYPES.NewExpression) return describeNew(value);
  if (value.type === AST_NODE_TYPES.CallExpression) return describeCall(value);
  return PLAIN_KINDS[value.type] ?? { kind: "unknown", label: "a value" };
}

/**
 * A WeakMap/WeakSet entry belongs to its key object: nobody can list or clear the entries of objects
 * they do not hold, and the entry dies with its key. A module-level one is a side table or a memo
 * keyed by identity, not state the callers share.
 */
export function isWeakCollection(kind: ValueKind): boolean {
  return kind === "weakmap" || kind === "weakset";
}

/** Kinds whose own methods (`x.set()`, `x.push()`) are known to mutate them. */
export function hasMutatingMethods(kind: ValueKind): boolean {
  return kind !== "unknown" && kind !== "primitive" && kind !== "uninitialised" && kind !== "function";
}

function isFreezeCall(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.CallExpression && simpleCalleeName(node.callee) === "Object.freeze";
}

function hasConstAssertion(init: TSESTree.Node): boolean {
  let current: TSESTree.Node = init;
  while (current.type === AST_NODE_TYPES.TSSatisfiesExpression || current.type === AST_NODE_TYPES.TSAsExpression) {
    if (isConstAssertion(current)) return true;
    current = current.expression;
  }
  return false;
}

/** `readonly T[]`, `ReadonlyArray<T>`, `ReadonlyMap<K, V>`, `ReadonlySet<T>`, `Readonly<T>`. */
export function isReadonlyType(annotation: TSESTree.TypeNode | undefined): boolean {
  if (!annotation) return false;
  if (annotation.type === AST_NODE_TYPES.TSTypeOperator) return annotation.operator === "readonly";
  return (
    annotation.type === AST_NODE_TYPES.TSTypeReference &&
    annotation.typeName.type === AST_NODE_TYPES.Identifier &&
    READONLY_TYPES.has(annotation.typeName.name)
  );
}

export interface ExemptionInput {
  name: string;
  init: TSESTree.Node | null | undefined;
  typeAnnotation: TSESTree.TypeNode | undefined;
  /** Names that match this state in the `allow` list (e.g. `count` and `Counter.count`). */
  allowNames: readonly string[];
  allow: ReadonlySet<string>;
}

/** Why the state may stay module-level, or undefined when it may not. */
export function findExemption(input: ExemptionInput): StateExemption | undefined {
  if (input.allowNames.some((name) => input.allow.has(name))) return "allowed";
  if (isLoggerName(input.name) || (input.init && isLoggerValue(input.init))) return "logger";
  if (input.init && isFreezeCall(unwrapExpression(input.init))) return "frozen";
  if (input.init && hasConstAssertion(input.init)) return "as-const";
  if (isReadonlyType(input.typeAnnotation)) return "readonly-type";
  return undefined;
}

/** Exemptions that cover every change, reassignment included. */
export function exemptsEverything(exemption: StateExemption | undefined): boolean {
  return exemption === "logger" || exemption === "allowed";
}
