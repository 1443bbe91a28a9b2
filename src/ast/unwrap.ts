import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESTree } from "@typescript-eslint/utils";

/**
 * The one "see through the wrappers" step for ESTree nodes, shared by the rules: which expression a
 * reader actually gets when the source says `config.key!`, `value as T` or `config.a?.b`.
 */

/** A wrapper that changes nothing about the value at run time, with the expression it wraps. */
type TransparentWrapper =
  | TSESTree.TSAsExpression
  | TSESTree.TSNonNullExpression
  | TSESTree.TSSatisfiesExpression
  | TSESTree.TSTypeAssertion
  | TSESTree.TSInstantiationExpression
  | TSESTree.ChainExpression;

/**
 * `x as const` and `<const>x` stay: they say the value is read-only, which is what the rules about
 * mutable state look for, so they are part of the value rather than a wrapper around it.
 */
export function isConstAssertion(node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.TSAsExpression && node.type !== AST_NODE_TYPES.TSTypeAssertion) return false;
  const type = node.typeAnnotation;
  return (
    type.type === AST_NODE_TYPES.TSTypeReference &&
    type.typeName.type === AST_NODE_TYPES.Identifier &&
    type.typeName.name === "const"
  );
}

/**
 * Whether the node is a transparent wrapper: `x!`, `x as T`, `x satisfies T`, `<T>x`, `f<T>` and the
 * ChainExpression around `a?.b` (optional or not, `a?.b` reads the same property as `a.b`).
 */
export function isTransparentWrapper(node: TSESTree.Node): node is TransparentWrapper {
  switch (node.type) {
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
      return !isConstAssertion(node);
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSInstantiationExpression:
    case AST_NODE_TYPES.ChainExpression:
      return true;
    default:
      return false;
  }
}

/** The expression under every transparent wrapper around the node (the node itself when it has none). */
export function unwrapExpression(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (isTransparentWrapper(current)) current = current.expression;
  return current;
}
