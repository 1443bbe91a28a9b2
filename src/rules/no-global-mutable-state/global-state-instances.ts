import { DefinitionType } from "@typescript-eslint/scope-manager";
import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import {
  className,
  collectDescendants,
  isFunctionNode,
  lineOf,
  staticKeyName,
  unwrapExpression,
} from "./global-state-ast.js";
import { classifyChange, climbValueChain, type ValueChange } from "./global-state-changes.js";
import type { StateOperationKind } from "./global-state-types.js";

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** Where a method changes its own instance: `this.#focused = …` in `setFocused()`. */
export interface SelfMutation {
  node: TSESTree.Node;
  kind: StateOperationKind;
  operation: string;
  line: number;
  /** `FocusManager.setFocused()`, for messages. */
  method: string;
}

function isThisMember(node: TSESTree.Node): node is TSESTree.MemberExpression {
  return node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression;
}

/** The instance method (not constructor, not static) whose own `this` the expression refers to. */
function ownerMethod(
  thisMember: TSESTree.MemberExpression,
  classNode: ClassNode,
): TSESTree.MethodDefinition | undefined {
  for (let node: TSESTree.Node | undefined = thisMember.parent; node; node = node.parent) {
    if (!isFunctionNode(node) || node.type === AST_NODE_TYPES.ArrowFunctionExpression) continue;
    const method = node.parent;
    const isInstanceMethod =
      method.type === AST_NODE_TYPES.MethodDefinition && !method.static && method.kind !== "constructor";
    return isInstanceMethod && method.parent.parent === classNode ? method : undefined;
  }
  return undefined;
}

function changesInstance(change: ValueChange | undefined): change is ValueChange {
  if (!change) return false;
  // `this.x = …` is a member write at depth 1; `this.items.push(…)` a method call one level in.
  return change.kind !== "reassign" && change.kind !== "increment";
}

/** The first place an instance method of `classNode` changes its own state, if any. */
export function findSelfMutation(classNode: ClassNode, sourceText: string): SelfMutation | undefined {
  for (const member of collectDescendants(classNode.body, isThisMember)) {
    const method = ownerMethod(member, classNode);
    if (!method) continue;
    const change = classifyChange(climbValueChain(member.object), sourceText);
    if (!changesInstance(change)) continue;
    const name = `${className(classNode)}.${staticKeyName(method.key, method.computed) ?? "[…]"}()`;
    return {
      node: change.node,
      kind: change.kind,
      operation: change.operation,
      line: lineOf(change.node),
      method: name,
    };
  }
  return undefined;
}

/** The class a module-level `new Name()` creates, when `Name` is a class declared in the same file. */
export function sameFileClassOf(
  init: TSESTree.Expression | null,
  moduleScope: TSESLint.Scope.Scope,
): ClassNode | undefined {
  const value = init ? unwrapExpression(init) : undefined;
  if (value?.type !== AST_NODE_TYPES.NewExpression || value.callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = moduleScope.set.get(value.callee.name);
  const definition = variable?.defs[0];
  if (definition?.type === DefinitionType.ClassName) return definition.node;
  if (definition?.type !== DefinitionType.Variable) return undefined;
  const classValue = definition.node.init ? unwrapExpression(definition.node.init) : undefined;
  return classValue?.type === AST_NODE_TYPES.ClassExpression ? classValue : undefined;
}
