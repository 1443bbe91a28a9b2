import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";

type Variable = TSESLint.Scope.Variable;
export type FunctionNode =
  TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** Is `node` the root of the region, given the child through which the walk arrived? */
export type RegionRootTest = (node: TSESTree.Node, child: TSESTree.Node) => boolean;

export function isFunctionNode(node: TSESTree.Node): node is FunctionNode {
  return (
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.ArrowFunctionExpression
  );
}

/**
 * A part of the file where exits are allowed (a signal handler, a main-module guard), together
 * with every named function that is only ever used from inside it: `process.on("SIGINT", () =>
 * stop())` makes `stop` part of the handler, unless `stop` is exported or called anywhere else,
 * because then its exit can run outside the region.
 */
export class ExclusiveRegion {
  private readonly onlyUsedInside = new Map<Variable, boolean>();
  private readonly inProgress = new Set<Variable>();

  /**
   * @param isNeutralUse uses of a function that neither call it nor hand it to other code, such as
   * `process.off("SIGINT", stop)`: they do not make the function reachable from outside the region.
   */
  constructor(
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly isRoot: RegionRootTest,
    private readonly isNeutralUse: (identifier: TSESTree.Node) => boolean = () => false,
  ) {}

  contains(node: TSESTree.Node): boolean {
    let child = node;
    for (let current: TSESTree.Node | undefined = node; current; child = current, current = current.parent) {
      if (this.isRoot(current, child)) return true;
      if (isFunctionNode(current) && this.isOnlyUsedInside(current)) return true;
    }
    return false;
  }

  private isOnlyUsedInside(fn: FunctionNode): boolean {
    const variable = functionVariable(fn, this.sourceCode);
    if (!variable || isDeclaredUnderExport(fn)) return false;
    const known = this.onlyUsedInside.get(variable);
    if (known !== undefined) return known;
    if (this.inProgress.has(variable)) return false;
    this.inProgress.add(variable);
    const uses = variable.references.filter((reference) => !reference.init && !this.isNeutralUse(reference.identifier));
    const result = uses.length > 0 && uses.every((reference) => this.contains(reference.identifier));
    this.inProgress.delete(variable);
    this.onlyUsedInside.set(variable, result);
    return result;
  }
}

function isDeclaredUnderExport(fn: FunctionNode): boolean {
  for (let current: TSESTree.Node = fn.parent; current.type !== AST_NODE_TYPES.Program; current = current.parent) {
    if (
      current.type === AST_NODE_TYPES.ExportNamedDeclaration ||
      current.type === AST_NODE_TYPES.ExportDefaultDeclaration
    )
      return true;
    if (isFunctionNode(current)) return false;
  }
  return false;
}

function isTypeWrapper(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.TSAsExpression ||
    node.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    node.type === AST_NODE_TYPES.TSNonNullExpression ||
    node.type === AST_NODE_TYPES.TSTypeAssertion
  );
}

/** The variable a function is bound to by its declaration, or by `const name = function/arrow`. */
export function functionVariable(fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): Variable | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) {
    return fn.id ? sourceCode.getDeclaredVariables(fn).find((variable) => variable.name === fn.id?.name) : undefined;
  }
  let holder: TSESTree.Node | undefined = fn.parent;
  while (holder && isTypeWrapper(holder)) holder = holder.parent;
  if (holder?.type !== AST_NODE_TYPES.VariableDeclarator || holder.id.type !== AST_NODE_TYPES.Identifier)
    return undefined;
  return sourceCode.getDeclaredVariables(holder)[0];
}
