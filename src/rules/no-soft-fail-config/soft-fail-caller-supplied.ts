import { DefinitionType } from "@typescript-eslint/scope-manager";
import { forEachNode } from "./soft-fail-ast-walk.js";
import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import type { ConfigOrigins } from "./soft-fail-origins.js";
import { findPatternSource } from "./soft-fail-patterns.js";
import { isThisMember, staticMemberKey, thisMemberName, unwrapExpression } from "./soft-fail-paths.js";

type Variable = TSESLint.Scope.Variable;

/**
 * A call that produces the user's configuration rather than computing on the caller's arguments:
 * `loadConfig(…)`, `readConfigFile(…)`, `JSON.parse(…)`, `require(…)`, `cosmiconfig(…).search()`,
 * `defineConfig(…)`. Its result is what a configuration file says, so its keys stay configuration.
 */
const CONFIG_LOADER =
  /^(?:(?:load|read|import|require|parse|search|fetch|find|get|resolve)\w*(?:Config|Settings|Rc|File|Json)\w*|define\w*Config|require|parse|cosmiconfig\w*|lilconfig\w*|loadConfig|c12|readFileSync|readFile)$/i;

function calleeName(callee: TSESTree.Node): string | undefined {
  const node = unwrapExpression(callee);
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.MemberExpression) return staticMemberKey(node)?.value;
  return undefined;
}

/** `loadConfig(dir)`, `JSON.parse(readFileSync(file))`, `explorer.search()`, `await import(configPath)`. */
export function isConfigLoad(expression: TSESTree.Node): boolean {
  const node = unwrapExpression(expression);
  if (node.type === AST_NODE_TYPES.ImportExpression) return true;
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const name = calleeName(node.callee);
  if (name !== undefined && CONFIG_LOADER.test(name)) return true;
  const callee = unwrapExpression(node.callee);
  // `cosmiconfig("tool").search()`: the chain's first call names the loader.
  return callee.type === AST_NODE_TYPES.MemberExpression && isConfigLoad(callee.object);
}

const MAX_DEPTH = 30;

/**
 * Library mode: decides, by scope analysis, whether a value comes from the caller of the linted code
 * (a parameter, or a value derived from one: a member, an alias, a destructured key, a merge with
 * defaults) rather than from the environment or a loaded configuration file. In a published library
 * such a value is an options object of its API, whose fallbacks are the API's documented defaults.
 * Anything it cannot trace is not caller-supplied, so the finding stays.
 */
export class CallerSuppliedValues {
  private readonly byVariable = new Map<Variable, boolean>();
  private readonly inProgress = new Set<Variable>();
  private loadedKeys: ReadonlySet<string> | undefined;

  constructor(
    private readonly program: TSESTree.Program,
    private readonly origins: ConfigOrigins,
    /** A parameter that holds a configuration file's content (`DeclaredOptionalKeys.holdsConfigFile`), not options. */
    private readonly holdsConfigFile: (parameter: TSESTree.Identifier) => boolean,
  ) {}

  /**
   * `ctx.forgeConfig = await getForgeConfig(dir)` in this file, then `const { forgeConfig } = ctx` in a
   * task callback: the key arrives through a parameter, but the file itself filled it from a loader.
   */
  private isLoadedKey(key: string | undefined): boolean {
    this.loadedKeys ??= keysFilledByLoaders(this.program);
    return key !== undefined && this.loadedKeys.has(key);
  }

  isCallerSupplied(expression: TSESTree.Node, depth = 0): boolean {
    if (depth > MAX_DEPTH) return false;
    const node = unwrapExpression(expression);
    switch (node.type) {
      case AST_NODE_TYPES.Identifier:
        return this.identifierIsCallerSupplied(node);
      case AST_NODE_TYPES.MemberExpression:
        return this.memberIsCallerSupplied(node, depth);
      case AST_NODE_TYPES.AwaitExpression:
        return this.isCallerSupplied(node.argument, depth + 1);
      case AST_NODE_TYPES.LogicalExpression:
        return this.isCallerSupplied(node.operator === "&&" ? node.right : node.left, depth + 1);
      case AST_NODE_TYPES.ConditionalExpression:
        return this.isCallerSupplied(node.consequent, depth + 1) || this.isCallerSupplied(node.alternate, depth + 1);
      case AST_NODE_TYPES.AssignmentExpression:
        return this.isCallerSupplied(node.right, depth + 1);
      case AST_NODE_TYPES.ObjectExpression:
        return this.mergesCallerValue(node, depth);
      case AST_NODE_TYPES.CallExpression:
        return this.callIsCallerSupplied(node, depth);
      default:
        return false;
    }
  }

  private memberIsCallerSupplied(member: TSESTree.MemberExpression, depth: number): boolean {
    if (this.origins.isEnvironment(member) || this.origins.isEnvironmentValue(unwrapExpression(member.object)))
      return false;
    if (this.isLoadedKey(staticMemberKey(member)?.value)) return false;
    if (isThisMember(member)) return this.fieldIsCallerSupplied(member, depth);
    return this.isCallerSupplied(member.object, depth + 1);
  }

  /** `{ ...DEFAULTS, ...options }`, `{ timeout: 30, ...config }`: the caller's options merged with defaults. */
  private mergesCallerValue(object: TSESTree.ObjectExpression, depth: number): boolean {
    return object.properties.some(
      (property) =>
        property.type === AST_NODE_TYPES.SpreadElement && this.isCallerSupplied(property.argument, depth + 1),
    );
  }

  /** `normalizeOptions(options)`, `config.get("x")`: computed from the caller's value; a loader is not. */
  private callIsCallerSupplied(call: TSESTree.CallExpression, depth: number): boolean {
    if (isConfigLoad(call) || this.origins.isExplicitHelperCall(call) || this.origins.isEnvironmentVariableRead(call))
      return false;
    const callee = unwrapExpression(call.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && this.isCallerSupplied(callee.object, depth + 1)) return true;
    return call.arguments.some(
      (argument) => argument.type !== AST_NODE_TYPES.SpreadElement && this.isCallerSupplied(argument, depth + 1),
    );
  }

  private identifierIsCallerSupplied(identifier: TSESTree.Identifier): boolean {
    const variable = this.origins.variableOf(identifier);
    if (!variable || variable.defs.length === 0) return false;
    const known = this.byVariable.get(variable);
    if (known !== undefined) return known;
    if (this.inProgress.has(variable)) return false;
    this.inProgress.add(variable);
    try {
      const supplied = this.variableIsCallerSupplied(variable);
      this.byVariable.set(variable, supplied);
      return supplied;
    } finally {
      this.inProgress.delete(variable);
    }
  }

  private variableIsCallerSupplied(variable: Variable): boolean {
    const definition = variable.defs[0];
    if (!definition) return false;
    if (definition.type === DefinitionType.Parameter) return this.parameterIsCallerSupplied(definition.name);
    if (definition.type !== DefinitionType.Variable) return false;
    const found = findPatternSource(definition.name);
    if (found?.keys?.some((key) => this.isLoadedKey(key.value))) return false;
    if (found) return this.isCallerSupplied(found.source, 1);
    return this.writesAreCallerSupplied(variable);
  }

  /**
   * `function build(config)`, `({ config }) => …`, `config = {}`: the caller's value. Not when it holds
   * a configuration file's content (`…UserConfig`, a type filled from a file), or defaults to the environment or a loaded file
   * (`env = process.env`, `config = loadConfig()`).
   */
  private parameterIsCallerSupplied(name: TSESTree.Node): boolean {
    if (name.type === AST_NODE_TYPES.Identifier && this.holdsConfigFile(name)) return false;
    const parent = name.parent;
    if (parent?.type !== AST_NODE_TYPES.AssignmentPattern || parent.left !== name) return true;
    const fallback = unwrapExpression(parent.right);
    if (isConfigLoad(fallback) || this.origins.isEnvironmentValue(fallback)) return false;
    // `sb = config.sb` defaults to configuration the module holds; `config = DEFAULTS` to the API's own value.
    return this.origins.originOf(fallback) === undefined || this.isCallerSupplied(fallback, 1);
  }

  /** `let resolved; resolved = normalize(options)`: every later write comes from the caller. */
  private writesAreCallerSupplied(variable: Variable): boolean {
    const writes = variable.references.filter((reference) => reference.isWrite() && reference.writeExpr);
    return (
      writes.length > 0 &&
      writes.every((reference) => reference.writeExpr && this.isCallerSupplied(reference.writeExpr, 1))
    );
  }

  /**
   * `this.config` / `this.#settings`: a constructor parameter property, or a field every assignment of
   * which (`this.config = { ...DEFAULTS, ...config }` in the constructor) stores a caller's value.
   */
  private fieldIsCallerSupplied(member: TSESTree.MemberExpression, depth: number): boolean {
    const name = thisMemberName(member);
    const body = name === undefined ? undefined : enclosingClassBody(member);
    if (!body || name === undefined) return false;
    const stores = fieldStores(body, name);
    if (stores.parameterProperty) return this.parameterIsCallerSupplied(stores.parameterProperty);
    return stores.values.length > 0 && stores.values.every((value) => this.isCallerSupplied(value, depth + 1));
  }
}

/** Keys the file stores a loader's result under: `x.key = await loadConfig()`, `{ key: readConfig() }`. */
function keysFilledByLoaders(program: TSESTree.Program): ReadonlySet<string> {
  const keys = new Set<string>();
  forEachNode(program, (node) => {
    const key = loadedStoreKey(node);
    if (key !== undefined) keys.add(key);
  });
  return keys;
}

function loadedStoreKey(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.AssignmentExpression && node.left.type === AST_NODE_TYPES.MemberExpression)
    return isConfigLoad(unwrapAwait(node.right)) ? staticMemberKey(node.left)?.value : undefined;
  if (node.type !== AST_NODE_TYPES.Property || node.computed || node.key.type !== AST_NODE_TYPES.Identifier)
    return undefined;
  return isConfigLoad(unwrapAwait(node.value)) ? node.key.name : undefined;
}

function unwrapAwait(node: TSESTree.Node): TSESTree.Node {
  const value = unwrapExpression(node);
  return value.type === AST_NODE_TYPES.AwaitExpression ? unwrapExpression(value.argument) : value;
}

function enclosingClassBody(node: TSESTree.Node): TSESTree.ClassBody | undefined {
  for (let current = node.parent; current; current = current.parent)
    if (current.type === AST_NODE_TYPES.ClassBody) return current;
  return undefined;
}

interface FieldStores {
  /** `constructor(private config: Options)`. */
  parameterProperty: TSESTree.Identifier | undefined;
  /** Field initialisers and the right sides of `this.name = …` in the class's own methods. */
  values: TSESTree.Node[];
}

function constructorParameterProperty(body: TSESTree.ClassBody, name: string): TSESTree.Identifier | undefined {
  for (const member of body.body) {
    if (member.type !== AST_NODE_TYPES.MethodDefinition || member.kind !== "constructor") continue;
    for (const parameter of member.value.params) {
      if (parameter.type !== AST_NODE_TYPES.TSParameterProperty) continue;
      const declared =
        parameter.parameter.type === AST_NODE_TYPES.AssignmentPattern ? parameter.parameter.left : parameter.parameter;
      if (declared.name === name) return declared;
    }
  }
  return undefined;
}

function fieldStores(body: TSESTree.ClassBody, name: string): FieldStores {
  const values: TSESTree.Node[] = [];
  for (const member of body.body) {
    if (member.type === AST_NODE_TYPES.PropertyDefinition && member.value && memberKeyName(member.key) === name)
      values.push(member.value);
    if (member.type === AST_NODE_TYPES.MethodDefinition) collectThisStores(member.value.body, name, values);
  }
  return { parameterProperty: constructorParameterProperty(body, name), values };
}

function memberKeyName(key: TSESTree.Node): string | undefined {
  if (key.type === AST_NODE_TYPES.Identifier || key.type === AST_NODE_TYPES.PrivateIdentifier) return key.name;
  return key.type === AST_NODE_TYPES.Literal && typeof key.value === "string" ? key.value : undefined;
}

/** Right sides of `this.<name> = value` statements directly in a method body (not in nested functions). */
function collectThisStores(
  block: TSESTree.BlockStatement | null | undefined,
  name: string,
  into: TSESTree.Node[],
): void {
  for (const statement of block?.body ?? []) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement) continue;
    const expression = statement.expression;
    if (expression.type !== AST_NODE_TYPES.AssignmentExpression || expression.operator !== "=") continue;
    const target = expression.left;
    if (target.type === AST_NODE_TYPES.MemberExpression && isThisMember(target) && thisMemberName(target) === name)
      into.push(expression.right);
  }
}
