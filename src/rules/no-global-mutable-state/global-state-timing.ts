import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import {
  type FunctionNode,
  className,
  isFunctionNode,
  memberPropertyName,
  type ModuleReferences,
  renderSource,
  staticKeyName,
} from "./global-state-ast.js";
import type { ExecutionContext } from "./global-state-types.js";

/** Array methods that call their callback synchronously, before they return. */
const SYNCHRONOUS_CALLBACK_METHODS = new Set([
  "forEach",
  "map",
  "flatMap",
  "filter",
  "reduce",
  "reduceRight",
  "some",
  "every",
  "find",
  "findIndex",
  "findLast",
  "findLastIndex",
  "sort",
  "toSorted",
]);

const LOAD_TIME: ExecutionContext = { loadTime: true, mutator: "module load", owner: undefined };

/**
 * Decides whether code runs while the module loads (initialisation, allowed) or later, when some
 * function is called (mutation, reported). Memoises its answer per function, so one instance serves
 * one file's analysis.
 */
export class ExecutionTiming {
  private readonly loadTimeFunctions = new Map<FunctionNode, boolean>();

  constructor(
    private readonly scopeManager: TSESLint.Scope.ScopeManager,
    private readonly references: ModuleReferences,
    private readonly sourceText: string,
  ) {}

  contextOf(node: TSESTree.Node): ExecutionContext {
    let child: TSESTree.Node = node;
    let current = node.parent;
    while (current) {
      if (isFunctionNode(current) && !this.runsDuringLoad(current)) return this.runtimeContext(current, node);
      if (isInstanceFieldInitialiser(current, child)) return this.runtimeContext(current, node);
      child = current;
      current = current.parent;
    }
    return LOAD_TIME;
  }

  private runtimeContext(boundary: TSESTree.Node, site: TSESTree.Node): ExecutionContext {
    return { loadTime: false, mutator: this.describeRunner(boundary), owner: moduleLevelOwner(site, this.sourceText) };
  }

  /**
   * Async functions and generators are never load-time: their code may run after the module has
   * loaded, interleaved with everything else.
   */
  private runsDuringLoad(fn: FunctionNode): boolean {
    if (fn.async || fn.generator) return false;
    const known = this.loadTimeFunctions.get(fn);
    if (known !== undefined) return known;
    this.loadTimeFunctions.set(fn, false);
    const result = isImmediatelyInvoked(fn) || isSynchronousCallback(fn) || this.isLoadOnlyHelper(fn);
    this.loadTimeFunctions.set(fn, result);
    return result;
  }

  /** A non-exported module-level function whose every use is a call made while the module loads. */
  private isLoadOnlyHelper(fn: FunctionNode): boolean {
    const declaration = moduleLevelFunctionDeclaration(fn);
    if (!declaration) return false;
    const variable = this.scopeManager
      .getDeclaredVariables(declaration)
      .find((candidate) => candidate.scope === this.references.moduleScope);
    if (!variable) return false;
    // Recursive calls from inside the function say nothing about when it first runs.
    const isInside = (node: TSESTree.Node) => fn.range[0] <= node.range[0] && node.range[1] <= fn.range[1];
    const uses = this.references.of(variable).filter((reference) => !reference.init && !isInside(reference.identifier));
    return uses.length > 0 && uses.every((reference) => this.isLoadTimeCall(reference.identifier));
  }

  /** `helper()` or `items.forEach(helper)`, itself running at load time. */
  private isLoadTimeCall(use: TSESTree.Identifier | TSESTree.JSXIdentifier): boolean {
    const call = use.parent;
    if (call.type !== AST_NODE_TYPES.CallExpression) return false;
    const runsUse = call.callee === use || isSynchronousCallback(use);
    return runsUse && this.contextOf(call).loadTime;
  }

  /** Who runs a run-time function: `refreshToken()`, `TokenStore.refresh()`, `a callback passed to emitter.on()`. */
  describeRunner(boundary: TSESTree.Node): string {
    const parent = boundary.parent;
    if (boundary.type === AST_NODE_TYPES.PropertyDefinition || boundary.type === AST_NODE_TYPES.AccessorProperty) {
      return `new ${className(boundary.parent.parent)}()`;
    }
    if (boundary.type === AST_NODE_TYPES.FunctionDeclaration && boundary.id) return `${boundary.id.name}()`;
    if (!parent || !isFunctionNode(boundary)) return "an anonymous function";
    return (
      this.describeByParent(boundary, parent) ??
      (boundary.type === AST_NODE_TYPES.FunctionExpression && boundary.id
        ? `${boundary.id.name}()`
        : "an anonymous function")
    );
  }

  private describeByParent(fn: FunctionNode, parent: TSESTree.Node): string | undefined {
    switch (parent.type) {
      case AST_NODE_TYPES.MethodDefinition:
        return describeMethod(parent);
      case AST_NODE_TYPES.PropertyDefinition:
        return `${className(parent.parent.parent)}.${staticKeyName(parent.key, parent.computed) ?? "[…]"}()`;
      case AST_NODE_TYPES.VariableDeclarator:
        return parent.id.type === AST_NODE_TYPES.Identifier ? `${parent.id.name}()` : undefined;
      case AST_NODE_TYPES.AssignmentExpression:
        return parent.right === fn ? `${renderSource(parent.left, this.sourceText)}()` : undefined;
      case AST_NODE_TYPES.Property:
        return parent.value === fn ? describeObjectMethod(parent) : undefined;
      case AST_NODE_TYPES.CallExpression:
        if (parent.callee === fn)
          return fn.async ? "an immediately invoked async function" : "an immediately invoked generator";
        // Widened so includes() accepts the function node; arguments are nodes.
        return (parent.arguments as TSESTree.Node[]).includes(fn) ? this.describeCallback(parent) : undefined;
      case AST_NODE_TYPES.NewExpression:
        // Widened so includes() accepts the function node; arguments are nodes.
        return (parent.arguments as TSESTree.Node[]).includes(fn) ? this.describeCallback(parent) : undefined;
      case AST_NODE_TYPES.JSXExpressionContainer:
        return this.describeJsxHandler(parent);
      case AST_NODE_TYPES.ExportDefaultDeclaration:
        return "the default export";
      default:
        return undefined;
    }
  }

  /** `<button onClick={() => …}>` inside `Button()` reads "the onClick handler in Button()". */
  private describeJsxHandler(container: TSESTree.JSXExpressionContainer): string | undefined {
    const attribute = container.parent;
    if (attribute.type !== AST_NODE_TYPES.JSXAttribute) return undefined;
    const name = renderSource(attribute.name, this.sourceText);
    const enclosing = enclosingFunction(attribute);
    return `the ${name} handler${enclosing ? ` in ${this.describeRunner(enclosing)}` : ""}`;
  }

  private describeCallback(call: TSESTree.CallExpression | TSESTree.NewExpression): string {
    const callee = renderSource(call.callee, this.sourceText);
    const passedTo = call.type === AST_NODE_TYPES.NewExpression ? `new ${callee}()` : `${callee}()`;
    const enclosing = enclosingFunction(call);
    const inside = enclosing ? ` in ${this.describeRunner(enclosing)}` : "";
    return `a callback passed to ${passedTo}${inside}`;
  }
}

function isInstanceFieldInitialiser(node: TSESTree.Node, child: TSESTree.Node): boolean {
  return (
    (node.type === AST_NODE_TYPES.PropertyDefinition || node.type === AST_NODE_TYPES.AccessorProperty) &&
    node.value === child &&
    !node.static
  );
}

/** `(function () { … })()`, `(() => { … })()`, `(function () { … }).call(this)`. */
function isImmediatelyInvoked(fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.CallExpression) return parent.callee === fn;
  if (parent.type !== AST_NODE_TYPES.MemberExpression || parent.object !== fn) return false;
  const method = memberPropertyName(parent);
  const call = parent.parent;
  return (
    (method === "call" || method === "apply") && call.type === AST_NODE_TYPES.CallExpression && call.callee === parent
  );
}

/** `items.forEach(fn)`, `Object.entries(x).map(fn)`, `Array.from(items, fn)`: `fn` runs before the call returns. */
function isSynchronousCallback(fn: TSESTree.Node): boolean {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = memberPropertyName(callee);
  if (method !== undefined && SYNCHRONOUS_CALLBACK_METHODS.has(method)) return call.arguments[0] === fn;
  const isArrayFrom =
    method === "from" && callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === "Array";
  return isArrayFrom && call.arguments[1] === fn;
}

/** The declaration node of a non-exported module-level `function f() {}` or `const f = () => {}`. */
function moduleLevelFunctionDeclaration(fn: FunctionNode): TSESTree.Node | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.parent.type === AST_NODE_TYPES.Program ? fn : undefined;
  const declarator = fn.parent;
  if (declarator.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== fn) return undefined;
  const declaration = declarator.parent;
  return declaration.kind === "const" && declaration.parent.type === AST_NODE_TYPES.Program ? declarator : undefined;
}

function describeMethod(method: TSESTree.MethodDefinition): string {
  const owner = className(method.parent.parent);
  const key = staticKeyName(method.key, method.computed) ?? "[…]";
  if (method.kind === "constructor") return `new ${owner}()`;
  if (method.kind === "get" || method.kind === "set") return `the ${owner}.${key} ${method.kind}ter`;
  return `${owner}.${key}()`;
}

function describeObjectMethod(property: TSESTree.Property): string {
  const key = staticKeyName(property.key, property.computed) ?? "[…]";
  const holder = property.parent.parent;
  const objectName =
    holder.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier
      ? `${holder.id.name}.`
      : "";
  return `${objectName}${key}()`;
}

function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  let current = node.parent;
  while (current && !isFunctionNode(current)) current = current.parent;
  return current;
}

/** The name declared by the top-level statement that contains `node` (function, class, variable or `exports.x`). */
export function moduleLevelOwner(node: TSESTree.Node, sourceText: string): string | undefined {
  let statement: TSESTree.Node = node;
  while (statement.parent && statement.parent.type !== AST_NODE_TYPES.Program) statement = statement.parent;
  if (statement.parent === undefined) return undefined;
  return declaredName(statement, node, sourceText);
}

function declaredName(statement: TSESTree.Node, inner: TSESTree.Node, sourceText: string): string | undefined {
  switch (statement.type) {
    case AST_NODE_TYPES.ExportNamedDeclaration:
    case AST_NODE_TYPES.ExportDefaultDeclaration:
      return statement.declaration ? declaredName(statement.declaration, inner, sourceText) : undefined;
    case AST_NODE_TYPES.FunctionDeclaration:
    case AST_NODE_TYPES.ClassDeclaration:
      return statement.id?.name ?? "default";
    case AST_NODE_TYPES.VariableDeclaration: {
      const declarator = statement.declarations.find(
        (candidate) => candidate.range[0] <= inner.range[0] && inner.range[1] <= candidate.range[1],
      );
      return declarator?.id.type === AST_NODE_TYPES.Identifier ? declarator.id.name : undefined;
    }
    case AST_NODE_TYPES.ExpressionStatement:
      return statement.expression.type === AST_NODE_TYPES.AssignmentExpression
        ? renderSource(statement.expression.left, sourceText)
        : undefined;
    default:
      return undefined;
  }
}
