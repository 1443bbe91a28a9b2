import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { DefinitionType } from "@typescript-eslint/scope-manager";
import { ExclusiveRegion, isFunctionNode } from "./process-exit-regions.js";
import {
  type ProcessValueResolver,
  skipTypeWrappers,
  staticKeyText,
  staticMemberName,
  staticPropertyKey,
} from "./process-exit-values.js";

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
    const definition = variable?.defs.length === 1 ? variable.defs.at(0) : undefined;
    return definition && this.ofDefinition(definition, hops + 1);
  }

  listOf(node: TSESTree.Node, hops: number): string[] | undefined {
    const expression = skipTypeWrappers(node);
    if (expression.type === AST_NODE_TYPES.Identifier) {
      const variable = this.resolver.variableOf(expression);
      const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (definition?.type !== DefinitionType.Variable || !definition.node.init || definition.parent.kind !== "const")
        return undefined;
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
    if (definition.type === DefinitionType.Parameter)
      return this.ofIterationParameter(definition.node, definition.name, hops);
    if (definition.type !== DefinitionType.Variable) return undefined;
    const declaration = definition.parent;
    if (declaration.parent.type === AST_NODE_TYPES.ForOfStatement && declaration.parent.left === declaration) {
      return this.listOf(declaration.parent.right, hops);
    }
    if (declaration.kind !== "const" || !definition.node.init || definition.node.id !== definition.name)
      return undefined;
    return this.of(definition.node.init, hops);
  }

  private ofIterationParameter(fn: TSESTree.Node, parameter: TSESTree.Node, hops: number): string[] | undefined {
    if (!isFunctionNode(fn) || fn.params[0] !== parameter) return undefined;
    const call = fn.parent;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== fn) return undefined;
    const callee = skipTypeWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const method = staticMemberName(callee);
    return method === "forEach" || method === "map" ? this.listOf(callee.object, hops) : undefined;
  }
}

/** The object literal a `const` name holds, when it holds one. */
class ConstObjects {
  constructor(private readonly resolver: ProcessValueResolver) {}

  objectOf(node: TSESTree.Node): TSESTree.ObjectExpression | undefined {
    const expression = skipTypeWrappers(node);
    if (expression.type === AST_NODE_TYPES.ObjectExpression) return expression;
    if (expression.type !== AST_NODE_TYPES.Identifier) return undefined;
    const definition = this.resolver.variableOf(expression)?.defs[0];
    if (definition?.type !== DefinitionType.Variable || definition.parent.kind !== "const" || !definition.node.init)
      return undefined;
    const init = skipTypeWrappers(definition.node.init);
    return init.type === AST_NODE_TYPES.ObjectExpression ? init : undefined;
  }
}

/**
 * Knows which code runs as a handler of the process events the rule allows exits in (signals,
 * and optionally crash events): inline handlers, handlers passed by name, and functions that are
 * only ever called from such handlers (`process.on("SIGINT", () => shutdown("SIGINT"))`).
 */
export class ProcessEventHandlers {
  private readonly handlerNodes = new Set<TSESTree.Node>();
  private readonly removedHandlers = new Set<TSESTree.Node>();
  private readonly region: ExclusiveRegion;
  private readonly strings: StaticStrings;
  private readonly tables: ConstObjects;

  constructor(
    resolver: ProcessValueResolver,
    sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly isAllowedEvent: (event: string) => boolean,
  ) {
    this.strings = new StaticStrings(resolver);
    this.tables = new ConstObjects(resolver);
    this.region = new ExclusiveRegion(
      sourceCode,
      (node) => this.handlerNodes.has(node),
      (identifier) => this.removedHandlers.has(identifier),
    );
  }

  /** Records `process.off(event, handler)`: removing a handler does not call it. */
  addRemoval(call: TSESTree.CallExpression): void {
    const handler = call.arguments.at(1);
    if (handler) this.removedHandlers.add(handler);
  }

  /** Records `process.on(event, handler)` (or once/addListener/prepend…) when its event is allowed. */
  addRegistration(call: TSESTree.CallExpression): void {
    const event = call.arguments.at(0);
    const handler = call.arguments.at(1);
    if (
      !event ||
      !handler ||
      event.type === AST_NODE_TYPES.SpreadElement ||
      handler.type === AST_NODE_TYPES.SpreadElement
    )
      return;
    if (this.addHandlerTable(handler)) return;
    const events = this.strings.of(event);
    if (!events || events.length === 0 || !events.every(this.isAllowedEvent)) return;
    // A named handler (`process.on("SIGTERM", shutdown)`, `shutdown.bind(…)`) is not marked
    // itself: it joins the handler region only if no other code can call it.
    this.handlerNodes.add(handler);
  }

  /**
   * `process.on(name, handlers[name])` over `const handlers = { SIGINT: …, SIGTERM: … }`: every
   * entry is a handler of the event its key names, so each counts when its key is an allowed event.
   */
  private addHandlerTable(handler: TSESTree.Node): boolean {
    const member = skipTypeWrappers(handler);
    if (member.type !== AST_NODE_TYPES.MemberExpression || !member.computed) return false;
    const table = this.tables.objectOf(member.object);
    if (!table) return false;
    for (const property of table.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const key = staticPropertyKey(property);
      if (key !== undefined && this.isAllowedEvent(key)) this.handlerNodes.add(property.value);
    }
    return true;
  }

  /** True when `node` only runs inside an allowed process event handler. */
  isInsideHandler(node: TSESTree.Node): boolean {
    return this.region.contains(node);
  }
}
