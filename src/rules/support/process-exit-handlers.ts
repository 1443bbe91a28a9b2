import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { DefinitionType } from "@typescript-eslint/scope-manager";
import { type ProcessValueResolver, skipTypeWrappers, staticKeyText, staticMemberName } from "./process-exit-values.js";

type Variable = TSESLint.Scope.Variable;
type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** Every POSIX/Windows signal name Node accepts as a process event: SIGINT, SIGTERM, SIGBREAK, SIGUSR2, … */
const SIGNAL_EVENT = /^SIG[A-Z0-9]+$/;

/**
 * Node's documented crash hooks. After an uncaught exception the process is in an undefined
 * state and Node's own documentation says to clean up synchronously and exit; a throw there
 * would end the process anyway (exit code 7), so exit-to-throw would make nothing better.
 */
export const CRASH_EVENTS: readonly string[] = Object.freeze(["uncaughtException", "unhandledRejection"]);

/** Nesting bound for following names to the strings they hold; real code needs two or three steps. */
const MAX_STRING_HOPS = 6;

export function isSignalEvent(name: string): boolean {
  return SIGNAL_EVENT.test(name);
}

export function isFunctionNode(node: TSESTree.Node): node is FunctionNode {
  return node.type === AST_NODE_TYPES.FunctionDeclaration || node.type === AST_NODE_TYPES.FunctionExpression || node.type === AST_NODE_TYPES.ArrowFunctionExpression;
}

/**
 * The strings an event-name expression can hold, when that is knowable without running the code:
 * a literal, a `const`, the variable of `for (const s of ["SIGINT", "SIGTERM"])`, or the parameter
 * of `["SIGINT", "SIGTERM"].forEach((s) => …)`.
 */
export class StaticStrings {
  constructor(private readonly resolver: ProcessValueResolver) {}

  of(node: TSESTree.Node, hops = 0): string[] | undefined {
    if (hops > MAX_STRING_HOPS) return undefined;
    const expression = skipTypeWrappers(node);
    const text = staticKeyText(expression);
    if (text !== undefined) return [text];
    if (expression.type !== AST_NODE_TYPES.Identifier) return undefined;
    const variable = this.resolver.variableOf(expression);
    if (!variable || variable.defs.length !== 1) return undefined;
    return this.ofDefinition(variable.defs[0], hops + 1);
  }

  listOf(node: TSESTree.Node, hops: number): string[] | undefined {
    const expression = skipTypeWrappers(node);
    if (expression.type === AST_NODE_TYPES.Identifier) {
      const variable = this.resolver.variableOf(expression);
      const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (definition?.type !== DefinitionType.Variable || !definition.node.init || definition.parent?.kind !== "const") return undefined;
      return this.listOf(definition.node.init, hops + 1);
    }
    if (expression.type !== AST_NODE_TYPES.ArrayExpression || hops > MAX_STRING_HOPS) return undefined;
    const strings: string[] = [];
    for (const element of expression.elements) {
      const values = element && element.type !== AST_NODE_TYPES.SpreadElement ? this.of(element, hops + 1) : undefined;
      if (!values) return undefined;
      strings.push(...values);
    }
    return strings;
  }

  private ofDefinition(definition: TSESLint.Scope.Definition, hops: number): string[] | undefined {
    if (definition.type === DefinitionType.Parameter) return this.ofIterationParameter(definition.node, definition.name, hops);
    if (definition.type !== DefinitionType.Variable) return undefined;
    const declaration = definition.parent;
    if (declaration?.parent?.type === AST_NODE_TYPES.ForOfStatement && declaration.parent.left === declaration) {
      return this.listOf(declaration.parent.right, hops);
    }
    if (declaration?.kind !== "const" || !definition.node.init || definition.node.id !== definition.name) return undefined;
    return this.of(definition.node.init, hops);
  }

  private ofIterationParameter(fn: TSESTree.Node, parameter: TSESTree.Node, hops: number): string[] | undefined {
    if (!isFunctionNode(fn) || fn.params[0] !== parameter) return undefined;
    const call = fn.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== fn) return undefined;
    const callee = skipTypeWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const method = staticMemberName(callee);
    return method === "forEach" || method === "map" ? this.listOf(callee.object, hops) : undefined;
  }
}

/**
 * Knows which code runs as a handler of the process events the rule allows exits in (signals,
 * and optionally crash events): inline handlers, handlers passed by name, and functions that are
 * only ever called from such handlers (`process.on("SIGINT", () => shutdown("SIGINT"))`).
 */
export class ProcessEventHandlers {
  private readonly handlerNodes = new Set<TSESTree.Node>();
  private readonly handlerOnly = new Map<Variable, boolean>();
  private readonly inProgress = new Set<Variable>();
  private readonly strings: StaticStrings;

  constructor(
    private readonly resolver: ProcessValueResolver,
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly isAllowedEvent: (event: string) => boolean,
  ) {
    this.strings = new StaticStrings(resolver);
  }

  /** Records `process.on(event, handler)` (or once/addListener/prepend…) when its event is allowed. */
  addRegistration(call: TSESTree.CallExpression): void {
    const [event, handler] = call.arguments;
    if (!event || !handler || event.type === AST_NODE_TYPES.SpreadElement || handler.type === AST_NODE_TYPES.SpreadElement) return;
    const events = this.strings.of(event);
    if (!events || events.length === 0 || !events.every(this.isAllowedEvent)) return;
    // A named handler (`process.on("SIGTERM", shutdown)`, `shutdown.bind(…)`) is not marked
    // itself: it counts as a handler only if no other code can call it (isOnlyCalledFromHandlers).
    this.handlerNodes.add(handler);
  }

  /** True when `node` only runs inside an allowed process event handler. */
  isInsideHandler(node: TSESTree.Node): boolean {
    for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
      if (this.handlerNodes.has(current)) return true;
      if (isFunctionNode(current) && this.isOnlyCalledFromHandlers(current)) return true;
    }
    return false;
  }

  /** A function exported or called anywhere else can exit outside a handler, so only all-handler uses count. */
  private isOnlyCalledFromHandlers(fn: FunctionNode): boolean {
    const variable = functionVariable(fn, this.sourceCode);
    if (!variable || isDeclaredUnderExport(fn)) return false;
    const known = this.handlerOnly.get(variable);
    if (known !== undefined) return known;
    if (this.inProgress.has(variable)) return false;
    this.inProgress.add(variable);
    const uses = variable.references.filter((reference) => !reference.init);
    const result = uses.length > 0 && uses.every((reference) => this.isInsideHandler(reference.identifier));
    this.inProgress.delete(variable);
    this.handlerOnly.set(variable, result);
    return result;
  }
}

function isDeclaredUnderExport(fn: FunctionNode): boolean {
  for (let current: TSESTree.Node | undefined = fn.parent; current && current.type !== AST_NODE_TYPES.Program; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ExportNamedDeclaration || current.type === AST_NODE_TYPES.ExportDefaultDeclaration) return true;
    if (isFunctionNode(current)) return false;
  }
  return false;
}

/** The variable a function is bound to by its declaration, or by `const name = function/arrow`. */
export function functionVariable(fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): Variable | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) {
    return fn.id ? sourceCode.getDeclaredVariables(fn).find((variable) => variable.name === fn.id?.name) : undefined;
  }
  let holder: TSESTree.Node | undefined = fn.parent;
  while (holder && holder !== fn && isTypeWrapper(holder)) holder = holder.parent;
  if (holder?.type !== AST_NODE_TYPES.VariableDeclarator || holder.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  return sourceCode.getDeclaredVariables(holder)[0];
}

function isTypeWrapper(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.TSAsExpression || node.type === AST_NODE_TYPES.TSSatisfiesExpression || node.type === AST_NODE_TYPES.TSNonNullExpression || node.type === AST_NODE_TYPES.TSTypeAssertion;
}
