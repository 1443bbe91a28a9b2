import { Node } from "ts-morph";

/**
 * Whether an identifier only names a property or member (`b` in `a.b`, `{ b: 1 }`, `const { b: x } = …`,
 * `A.B`, a member's own name): it is never a local binding. Asking the type checker for its symbol
 * means resolving the type of the object it belongs to (whole overload resolutions for `f().b`),
 * the slowest query a split makes, for an answer that cannot be a local.
 */
export function namesMemberOnly(identifier: Node): boolean {
  const parent = identifier.getParent();
  if (parent === undefined) return false;
  if (Node.isPropertyAccessExpression(parent)) return parent.getNameNode() === identifier;
  if (Node.isQualifiedName(parent)) return parent.getRight() === identifier;
  if (
    Node.isPropertyAssignment(parent) ||
    Node.isMethodDeclaration(parent) ||
    Node.isPropertyDeclaration(parent) ||
    Node.isPropertySignature(parent) ||
    Node.isMethodSignature(parent) ||
    Node.isGetAccessorDeclaration(parent) ||
    Node.isSetAccessorDeclaration(parent) ||
    Node.isEnumMember(parent)
  )
    return parent.getNameNode() === identifier;
  return Node.isBindingElement(parent) && parent.getPropertyNameNode() === identifier;
}
