import { AST_NODE_TYPES } from "@typescript-eslint/types";
import * as ASTUtils from "@typescript-eslint/utils/ast-utils";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { DefinitionType, ScopeType } from "@typescript-eslint/scope-manager";

type Variable = TSESLint.Scope.Variable;

/**
 * What an expression evaluates to, as far as the process-exit rule cares: the `process` object,
 * the global object that holds it, a `require` function, or one of the process members the rule
 * tracks (the exit methods, `pid`, `exitCode` and the listener methods).
 */
export type ProcessValue =
  | { kind: "process" }
  | { kind: "global-object" }
  | { kind: "require" }
  | { kind: "create-require" }
  | { kind: "member"; member: TrackedProcessMember };

export const EXIT_METHODS = ["exit", "abort", "kill", "reallyExit"] as const;
export type ExitMethod = (typeof EXIT_METHODS)[number];

export const LISTENER_METHODS = ["on", "once", "addListener", "prependListener", "prependOnceListener"] as const;
export type ListenerMethod = (typeof LISTENER_METHODS)[number];

export const REMOVAL_METHODS = ["off", "removeListener"] as const;
export type RemovalMethod = (typeof REMOVAL_METHODS)[number];

export type TrackedProcessMember = ExitMethod | ListenerMethod | RemovalMethod | "pid" | "exitCode";

const TRACKED_MEMBERS: ReadonlySet<string> = new Set<string>([
  ...EXIT_METHODS,
  ...LISTENER_METHODS,
  ...REMOVAL_METHODS,
  "pid",
  "exitCode",
]);
const GLOBAL_OBJECT_NAMES: ReadonlySet<string> = new Set(["globalThis", "global", "window", "self"]);
const PROCESS_MODULES: ReadonlySet<string> = new Set(["process", "node:process"]);
const MODULE_MODULES: ReadonlySet<string> = new Set(["module", "node:module"]);

const PROCESS: ProcessValue = Object.freeze({ kind: "process" });
const GLOBAL_OBJECT: ProcessValue = Object.freeze({ kind: "global-object" });
const REQUIRE: ProcessValue = Object.freeze({ kind: "require" });
const CREATE_REQUIRE: ProcessValue = Object.freeze({ kind: "create-require" });

/** Values of the global names the rule starts from, when they are not shadowed by a local binding. */
function globalNameValue(name: string): ProcessValue | undefined {
  if (name === "process") return PROCESS;
  if (name === "require") return REQUIRE;
  return GLOBAL_OBJECT_NAMES.has(name) ? GLOBAL_OBJECT : undefined;
}

export function isProcessModuleName(name: unknown): boolean {
  return typeof name === "string" && PROCESS_MODULES.has(name);
}

export function sameProcessValue(a: ProcessValue | undefined, b: ProcessValue | undefined): boolean {
  if (!a || a.kind !== b?.kind) return false;
  // a.kind === b.kind here, so b is a member value too.
  return a.kind !== "member" || a.member === (b as { member: string }).member;
}

export function memberOf(value: ProcessValue | undefined): TrackedProcessMember | undefined {
  return value?.kind === "member" ? value.member : undefined;
}

/** Removes TypeScript-only wrappers and parentheses-like nodes that do not change the value. */
export function skipTypeWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.type === AST_NODE_TYPES.TSAsExpression ||
    current.type === AST_NODE_TYPES.TSNonNullExpression ||
    current.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    current.type === AST_NODE_TYPES.TSTypeAssertion ||
    current.type === AST_NODE_TYPES.TSInstantiationExpression ||
    current.type === AST_NODE_TYPES.ChainExpression
  ) {
    current = current.expression;
  }
  return current;
}

/** The name a member access reads when it is known without running the code. */
export function staticMemberName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed) return node.property.type === AST_NODE_TYPES.Identifier ? node.property.name : undefined;
  return staticKeyText(node.property);
}

export function staticKeyText(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === "string") return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0)
    return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

export function staticPropertyKey(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  return staticKeyText(property.key);
}

/** The value of `value[name]`, for the values the rule tracks. */
export function propertyValue(value: ProcessValue | undefined, name: string | undefined): ProcessValue | undefined {
  if (!value || name === undefined) return undefined;
  if (value.kind === "process") {
    // `import * as p from "node:process"` is a namespace whose `default` is process itself.
    if (name === "default") return PROCESS;
    // TRACKED_MEMBERS.has(name) holds, so the name is one of the tracked members.
    return TRACKED_MEMBERS.has(name) ? { kind: "member", member: name as TrackedProcessMember } : undefined;
  }
  if (value.kind === "global-object") {
    if (name === "process") return PROCESS;
    return GLOBAL_OBJECT_NAMES.has(name) ? GLOBAL_OBJECT : undefined;
  }
  return undefined;
}

function isDeclaredAmbient(variable: Variable): boolean {
  return variable.defs.some((def) => def.type === DefinitionType.Variable && def.parent.declare);
}

/**
 * True when the variable is the environment's global (declared by ESLint's `globals`, by the
 * TypeScript lib, or by an ambient `declare`), not a binding the file itself creates.
 */
export function isGlobalVariable(variable: Variable | null): boolean {
  if (!variable) return true;
  if (variable.scope.type === ScopeType.global && variable.defs.length === 0) return true;
  return isDeclaredAmbient(variable);
}

function containsNode(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/**
 * Follows values through scope analysis: `const p = process`, `const { exit } = process`,
 * `import { exit } from "node:process"`, `require("process").exit`, `globalThis.process` and
 * the like. One instance per linted file; it memoises per variable.
 */
export class ProcessValueResolver {
  private readonly variableValues = new Map<Variable, ProcessValue | undefined>();
  private readonly inProgress = new Set<Variable>();

  constructor(private readonly sourceCode: Readonly<TSESLint.SourceCode>) {}

  valueOf(node: TSESTree.Node): ProcessValue | undefined {
    const expression = skipTypeWrappers(node);
    switch (expression.type) {
      case AST_NODE_TYPES.Identifier:
        return this.identifierValue(expression);
      case AST_NODE_TYPES.MemberExpression:
        return this.memberValue(expression);
      case AST_NODE_TYPES.CallExpression:
        return this.callValue(expression);
      case AST_NODE_TYPES.AwaitExpression:
        return this.valueOf(expression.argument);
      case AST_NODE_TYPES.ImportExpression:
        return isProcessModuleName(staticKeyText(expression.source)) ? PROCESS : undefined;
      case AST_NODE_TYPES.SequenceExpression:
        return this.valueOfLast(expression.expressions);
      case AST_NODE_TYPES.LogicalExpression:
        // `typeof process === "object" && process` yields the right side; `process ?? x` the left.
        return this.valueOf(expression.operator === "&&" ? expression.right : expression.left);
      case AST_NODE_TYPES.AssignmentExpression:
        return expression.operator === "=" ? this.valueOf(expression.right) : undefined;
      default:
        return undefined;
    }
  }

  /** The variable an identifier refers to, or null for an undeclared global. */
  variableOf(identifier: TSESTree.Identifier): Variable | null {
    return ASTUtils.findVariable(this.sourceCode.getScope(identifier), identifier);
  }

  /** True when `identifier` names the environment's global of that name, not a local binding. */
  isGlobalReference(identifier: TSESTree.Identifier): boolean {
    return isGlobalVariable(this.variableOf(identifier));
  }

  private identifierValue(identifier: TSESTree.Identifier): ProcessValue | undefined {
    const variable = this.variableOf(identifier);
    if (isGlobalVariable(variable)) return globalNameValue(identifier.name);
    // isGlobalVariable returned false, so the variable was found.
    return this.variableValue(variable as Variable);
  }

  private memberValue(node: TSESTree.MemberExpression): ProcessValue | undefined {
    const name = staticMemberName(node);
    if (name === undefined) return undefined;
    if (!TRACKED_MEMBERS.has(name) && name !== "process" && name !== "default" && !GLOBAL_OBJECT_NAMES.has(name))
      return undefined;
    return propertyValue(this.valueOf(node.object), name);
  }

  /** A sequence `(a, b)` yields its last expression (a parsed sequence has at least two). */
  private valueOfLast(expressions: TSESTree.Expression[]): ProcessValue | undefined {
    const last = expressions.at(-1);
    return last && this.valueOf(last);
  }

  private callValue(node: TSESTree.CallExpression): ProcessValue | undefined {
    const callee = this.valueOf(node.callee);
    if (callee?.kind === "require") {
      const specifier = node.arguments.at(0);
      return specifier && isProcessModuleName(staticKeyText(specifier)) ? PROCESS : undefined;
    }
    if (callee?.kind === "create-require") return REQUIRE;
    // process.on(...) and process.off(...) return process, so registrations chain.
    if (
      callee?.kind === "member" &&
      // Widened so includes() accepts any string member name.
      ([...LISTENER_METHODS, ...REMOVAL_METHODS] as readonly string[]).includes(callee.member)
    )
      return PROCESS;
    return this.boundMethodValue(node);
  }

  /** `process.exit.bind(process)` is still process.exit. */
  private boundMethodValue(node: TSESTree.CallExpression): ProcessValue | undefined {
    const callee = skipTypeWrappers(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || staticMemberName(callee) !== "bind") return undefined;
    const target = this.valueOf(callee.object);
    return target?.kind === "member" ? target : undefined;
  }

  private variableValue(variable: Variable): ProcessValue | undefined {
    if (this.variableValues.has(variable)) return this.variableValues.get(variable);
    if (this.inProgress.has(variable)) return undefined;
    this.inProgress.add(variable);
    const value = this.computeVariableValue(variable);
    this.inProgress.delete(variable);
    this.variableValues.set(variable, value);
    return value;
  }

  private computeVariableValue(variable: Variable): ProcessValue | undefined {
    const definition = variable.defs.length === 1 ? variable.defs.at(0) : undefined;
    if (definition === undefined) return undefined;
    if (definition.type === DefinitionType.ImportBinding) return importedValue(definition.node);
    if (definition.type !== DefinitionType.Variable) return undefined;
    const declarator = definition.node;
    const written: (ProcessValue | undefined)[] = [];
    if (declarator.init) written.push(this.patternValue(declarator.id, definition.name, this.valueOf(declarator.init)));
    for (const reference of variable.references) {
      if (reference.isWrite() && !reference.init) written.push(this.reassignedValue(reference.identifier));
    }
    const [first] = written;
    return written.length > 0 && written.every((value) => sameProcessValue(value, first)) ? first : undefined;
  }

  /** `p = process` after `let p;` counts; any other kind of write makes the value unknown. */
  private reassignedValue(identifier: TSESTree.Node): ProcessValue | undefined {
    const parent = identifier.parent;
    if (parent?.type !== AST_NODE_TYPES.AssignmentExpression || parent.operator !== "=" || parent.left !== identifier)
      return undefined;
    return this.valueOf(parent.right);
  }

  /** Narrows a destructured value down to the part bound to `target`. */
  private patternValue(
    pattern: TSESTree.Node,
    target: TSESTree.Node,
    value: ProcessValue | undefined,
  ): ProcessValue | undefined {
    if (!value || pattern === target) return value;
    if (pattern.type === AST_NODE_TYPES.AssignmentPattern) return this.patternValue(pattern.left, target, value);
    if (pattern.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
    for (const property of pattern.properties) {
      if (!containsNode(property, target)) continue;
      // `const { env, ...rest } = process` copies process's own members, exit included.
      if (property.type === AST_NODE_TYPES.RestElement) return value.kind === "process" ? value : undefined;
      return this.patternValue(property.value, target, propertyValue(value, staticPropertyKey(property)));
    }
    return undefined;
  }
}

function importedValue(node: TSESTree.Node): ProcessValue | undefined {
  if (node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
    const reference = node.moduleReference;
    if (reference.type !== AST_NODE_TYPES.TSExternalModuleReference) return undefined;
    return isProcessModuleName(staticKeyText(reference.expression)) ? PROCESS : undefined;
  }
  const declaration = node.parent;
  if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration || declaration.importKind === "type") return undefined;
  const source = declaration.source.value;
  if (MODULE_MODULES.has(source)) return importedName(node) === "createRequire" ? CREATE_REQUIRE : undefined;
  if (!PROCESS_MODULES.has(source)) return undefined;
  if (node.type !== AST_NODE_TYPES.ImportSpecifier) return PROCESS;
  return node.importKind === "type" ? undefined : propertyValue(PROCESS, importedName(node));
}

function importedName(node: TSESTree.Node): string | undefined {
  if (node.type !== AST_NODE_TYPES.ImportSpecifier) return undefined;
  return node.imported.type === AST_NODE_TYPES.Identifier ? node.imported.name : node.imported.value;
}
