import { DefinitionType } from "@typescript-eslint/scope-manager";
import { AST_NODE_TYPES } from "@typescript-eslint/types";
import * as ASTUtils from "@typescript-eslint/utils/ast-utils";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import type { SoftFailSettings } from "./soft-fail-options.js";
import { environmentHelperVariable, environmentKey } from "./soft-fail-environment.js";
import { findPatternSource, type PatternSource } from "./soft-fail-patterns.js";
import {
  isEnvironmentRoot,
  isThisMember,
  staticMemberKey,
  thisMemberName,
  unwrapExpression,
} from "./soft-fail-paths.js";

/**
 * "config": a configuration value whose key may be missing (reading it with a fallback is a soft-fail).
 * "explicit": the result of an explicit read (`requireConfig(...)`, `optional(...)`): present by
 * construction, though the keys below it are configuration again.
 */
export type ConfigOrigin = "config" | "explicit";

type Variable = TSESLint.Scope.Variable;

const NOT_VALUES: ReadonlySet<string> = new Set([
  "FunctionName",
  "ClassName",
  "TSEnumName",
  "TSModuleName",
  "Type",
  "ImplicitGlobalVariable",
  "CatchClause",
]);

/**
 * Decides, by scope analysis, whether an expression holds configuration: a name from
 * `configNames`, `process.env`, or a value derived from one (`const sb = config["x"]`,
 * `const { a } = config`, `let x; x = cfg.a`). One instance per linted file; it memoises
 * variables and guards against cycles (`let a = b; let b = a`).
 */
export class ConfigOrigins {
  private readonly byVariable = new Map<Variable, ConfigOrigin | undefined>();
  private readonly inProgress = new Set<Variable>();

  constructor(
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly settings: SoftFailSettings,
    /** A parameter that holds what users write in the tool's config file (see `DeclaredOptionalKeys.isUserConfig`). */
    private readonly isUserConfigParameter: (parameter: TSESTree.Identifier) => boolean = () => false,
  ) {}

  /** The variable an identifier refers to, or undefined for a global with no declaration. */
  variableOf(identifier: TSESTree.Identifier): Variable | undefined {
    try {
      return ASTUtils.findVariable(this.sourceCode.getScope(identifier), identifier) ?? undefined;
    } catch {
      return undefined;
    }
  }

  /** True when the identifier is the named global (not shadowed by a declaration in this file). */
  isGlobal(identifier: TSESTree.Node, name: string): boolean {
    if (identifier.type !== AST_NODE_TYPES.Identifier || identifier.name !== name) return false;
    const variable = this.variableOf(identifier);
    return !variable || variable.defs.length === 0;
  }

  originOf(expression: TSESTree.Node): ConfigOrigin | undefined {
    const node = unwrapExpression(expression);
    switch (node.type) {
      case AST_NODE_TYPES.Identifier:
        return this.identifierOrigin(node);
      case AST_NODE_TYPES.MemberExpression:
        return this.memberOrigin(node);
      case AST_NODE_TYPES.CallExpression:
        return this.callOrigin(node);
      case AST_NODE_TYPES.AwaitExpression:
        return this.originOf(node.argument);
      case AST_NODE_TYPES.LogicalExpression:
        return node.operator === "&&" ? this.originOf(node.right) : this.derived(node.left);
      case AST_NODE_TYPES.ConditionalExpression:
        return this.derived(node.consequent) ?? this.derived(node.alternate);
      case AST_NODE_TYPES.AssignmentExpression:
        return this.originOf(node.right);
      default:
        return undefined;
    }
  }

  /** "config" for anything computed from a configuration value, explicit or not. */
  private derived(expression: TSESTree.Node): ConfigOrigin | undefined {
    return this.originOf(expression) ? "config" : undefined;
  }

  isEnvironment(node: TSESTree.Node): boolean {
    if (!this.settings.checkEnvironment || !isEnvironmentRoot(node) || node.type !== AST_NODE_TYPES.MemberExpression)
      return false;
    const owner = unwrapExpression(node.object);
    if (owner.type === AST_NODE_TYPES.MetaProperty) return true;
    if (owner.type === AST_NODE_TYPES.Identifier) return this.isGlobal(owner, "process") || this.isProcessImport(owner);
    return (
      owner.type === AST_NODE_TYPES.MemberExpression && this.isGlobal(unwrapExpression(owner.object), "globalThis")
    );
  }

  private isProcessImport(identifier: TSESTree.Identifier): boolean {
    const definition = this.variableOf(identifier)?.defs[0];
    if (definition?.type !== DefinitionType.ImportBinding) return false;
    const declaration = definition.parent;
    return declaration.type === AST_NODE_TYPES.ImportDeclaration && /^(node:)?process$/.test(declaration.source.value);
  }

  private memberOrigin(member: TSESTree.MemberExpression): ConfigOrigin | undefined {
    if (this.isEnvironment(member)) return "config";
    if (isThisMember(member)) {
      const name = thisMemberName(member);
      return name !== undefined && this.settings.isConfigName(name) ? "config" : undefined;
    }
    if (member.object.type === AST_NODE_TYPES.ThisExpression || member.object.type === AST_NODE_TYPES.Super)
      return undefined;
    if (this.isRuntimeVariableRead(member)) return undefined;
    if (this.isConfigHeldByThis(member)) return "config";
    return this.derived(member.object);
  }

  /** `process.env.HOME`, `env["CI"]`: a variable the machine sets, not the deployment. */
  isRuntimeVariableRead(member: TSESTree.MemberExpression): boolean {
    // The name test first: it is cheap, and the environment test may look a variable up in scope.
    const key = environmentKey(member);
    return (
      key !== undefined &&
      this.settings.isRuntimeVariable(key) &&
      this.isEnvironmentValue(unwrapExpression(member.object))
    );
  }

  /** Whether `key` of the environment object `source` (`process.env`, `import.meta.env`) is a runtime variable. */
  isRuntimeEnvironmentKey(source: TSESTree.Node, key: string): boolean {
    return this.isEnvironmentValue(unwrapExpression(source)) && this.settings.isRuntimeVariable(key);
  }

  /**
   * `process.env`, or a name bound to it: `const env = process.env`, a parameter `env = process.env`
   * (callers may pass another environment), `const { env } = process`. Its members are variables.
   */
  isEnvironmentValue(node: TSESTree.Node): boolean {
    if (this.isEnvironment(node)) return true;
    if (node.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = this.variableOf(node);
    const name = variable?.defs.length === 1 ? variable.defs[0]?.name : undefined;
    const parent = name?.parent;
    if (!name || !parent) return false;
    if (parent.type === AST_NODE_TYPES.AssignmentPattern && parent.left === name)
      return this.isEnvironment(unwrapExpression(parent.right));
    if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id === name && parent.init)
      return this.isEnvironment(unwrapExpression(parent.init));
    const found = findPatternSource(name);
    return found !== undefined && this.isEnvironmentPattern(found);
  }

  /** `process.env.X`, `env[name]`, `getFromENV("X")`: one environment variable, a string or nothing. */
  isEnvironmentVariableRead(expression: TSESTree.Node): boolean {
    const node = unwrapExpression(expression);
    if (node.type === AST_NODE_TYPES.CallExpression)
      return this.settings.checkEnvironment && environmentHelperVariable(node) !== undefined;
    return node.type === AST_NODE_TYPES.MemberExpression && this.isEnvironmentValue(unwrapExpression(node.object));
  }

  /** `this._context.config`: configuration reached through the object's own fields, as `this.config` is. */
  private isConfigHeldByThis(member: TSESTree.MemberExpression): boolean {
    if (
      member.computed ||
      member.property.type !== AST_NODE_TYPES.Identifier ||
      !this.settings.isConfigName(member.property.name)
    )
      return false;
    let owner = unwrapExpression(member.object);
    while (owner.type === AST_NODE_TYPES.MemberExpression) owner = unwrapExpression(owner.object);
    return owner.type === AST_NODE_TYPES.ThisExpression;
  }

  /** True for `requireConfig(...)`, `optional(...)` and `runtime.requireConfig(...)`. */
  isExplicitHelperCall(node: TSESTree.Node): boolean {
    const call = unwrapExpression(node);
    if (call.type !== AST_NODE_TYPES.CallExpression) return false;
    const callee = unwrapExpression(call.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) return this.settings.explicitHelpers.has(callee.name);
    const key = callee.type === AST_NODE_TYPES.MemberExpression ? staticMemberKey(callee) : undefined;
    return key !== undefined && this.settings.explicitHelpers.has(key.value);
  }

  private callOrigin(call: TSESTree.CallExpression): ConfigOrigin | undefined {
    if (this.isExplicitHelperCall(call)) return "explicit";
    const variable = this.settings.checkEnvironment ? environmentHelperVariable(call) : undefined;
    if (variable !== undefined) return this.settings.isRuntimeVariable(variable) ? undefined : "config";
    const callee = unwrapExpression(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || staticMemberKey(callee)?.value !== "get") return undefined;
    // A Map-backed configuration: `config.get("script-behavior")` is configuration again.
    return this.derived(callee.object);
  }

  private identifierOrigin(identifier: TSESTree.Identifier): ConfigOrigin | undefined {
    const variable = this.variableOf(identifier);
    if (!variable || variable.defs.length === 0)
      return this.settings.isConfigName(identifier.name) ? "config" : undefined;
    if (this.byVariable.has(variable)) return this.byVariable.get(variable);
    if (this.inProgress.has(variable)) return undefined;
    this.inProgress.add(variable);
    try {
      const origin = this.variableOrigin(variable);
      this.byVariable.set(variable, origin);
      return origin;
    } finally {
      this.inProgress.delete(variable);
    }
  }

  private variableOrigin(variable: Variable): ConfigOrigin | undefined {
    const definition = variable.defs[0];
    if (!definition || NOT_VALUES.has(definition.type)) return undefined;
    if (
      definition.type === DefinitionType.Parameter &&
      isOptionsParameter(definition.name) &&
      !(definition.name.type === AST_NODE_TYPES.Identifier && this.isUserConfigParameter(definition.name))
    )
      return undefined;
    if (this.settings.isConfigName(variable.name)) return "config";
    if (definition.type === DefinitionType.ImportBinding) return undefined;
    const fromBinding = this.bindingOrigin(definition.name);
    if (fromBinding) return fromBinding;
    return this.writesOrigin(variable);
  }

  /** Origin of a declared binding, following destructuring back to the value it came from. */
  private bindingOrigin(name: TSESTree.Node): ConfigOrigin | undefined {
    const found = findPatternSource(name);
    if (!found) return undefined;
    const sourceOrigin = this.originOf(found.source);
    if (sourceOrigin) return found.iterated || (found.keys?.length ?? 1) > 0 ? "config" : sourceOrigin;
    return this.isEnvironmentPattern(found) ? "config" : undefined;
  }

  /** `const { env } = process` and `const { env } = import.meta`. */
  isEnvironmentPattern(found: PatternSource): boolean {
    if (!this.settings.checkEnvironment || found.iterated || found.keys?.[0]?.value !== "env") return false;
    const source = unwrapExpression(found.source);
    return source.type === AST_NODE_TYPES.MetaProperty || this.isGlobal(source, "process");
  }

  /** Later assignments: `let x; x = cfg.a`. */
  private writesOrigin(variable: Variable): ConfigOrigin | undefined {
    for (const reference of variable.references) {
      if (!reference.isWrite() || !reference.writeExpr) continue;
      if (reference.writeExpr.parent?.type === AST_NODE_TYPES.VariableDeclarator || isPatternWrite(reference)) continue;
      const origin = this.originOf(reference.writeExpr);
      if (origin) return origin;
    }
    return undefined;
  }
}

/**
 * `function http(url, config: HttpConfig = {})`, `throttle(fn, config?: ThrottleConfig)`: a parameter
 * callers may leave out is an options bag; every key in it is optional by contract, and its defaults
 * are the function's documented defaults, not a configuration file's missing keys.
 */
function isOptionsParameter(name: TSESTree.Node): boolean {
  if (name.type !== AST_NODE_TYPES.Identifier) return false;
  if (name.optional) return true;
  const parent = name.parent;
  return (
    parent.type === AST_NODE_TYPES.AssignmentPattern &&
    parent.left === name &&
    unwrapExpression(parent.right).type === AST_NODE_TYPES.ObjectExpression
  );
}

/** Destructuring writes are already followed by `bindingOrigin`; their writeExpr is the whole right side. */
function isPatternWrite(reference: TSESLint.Scope.Reference): boolean {
  const parent = reference.identifier.parent;
  return parent.type !== AST_NODE_TYPES.AssignmentExpression && parent.type !== AST_NODE_TYPES.VariableDeclarator;
}
