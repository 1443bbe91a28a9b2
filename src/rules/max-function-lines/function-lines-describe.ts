import { AST_NODE_TYPES, AST_TOKEN_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import type { MeasuredFunction } from "./function-lines-count.js";

type SourceCode = Readonly<TSESLint.SourceCode>;
type MemberParent = TSESTree.MethodDefinition | TSESTree.Property | TSESTree.PropertyDefinition;

/** The class member or object property the function is the value of, if any. */
function memberParentOf(node: MeasuredFunction): MemberParent | undefined {
  const parent = node.parent;
  if (node.type === AST_NODE_TYPES.StaticBlock) return undefined;
  const isMember =
    parent.type === AST_NODE_TYPES.MethodDefinition ||
    parent.type === AST_NODE_TYPES.Property ||
    parent.type === AST_NODE_TYPES.PropertyDefinition;
  return isMember && parent.value === node ? parent : undefined;
}

/** `foo`, `"a-b"`, `[1]`, `` [`x`] ``: names readable without running code; undefined for `[expr]`. */
function staticKeyName(member: MemberParent): string | undefined {
  const key = member.key;
  if (key.type === AST_NODE_TYPES.PrivateIdentifier) return `#${key.name}`;
  if (!member.computed && key.type === AST_NODE_TYPES.Identifier) return `'${key.name}'`;
  if (key.type === AST_NODE_TYPES.Literal) return `'${String(key.value)}'`;
  if (key.type === AST_NODE_TYPES.TemplateLiteral && key.expressions.length === 0)
    return `'${key.quasis[0]?.value.cooked ?? ""}'`;
  return undefined;
}

function memberKind(member: MemberParent): string {
  if (member.type === AST_NODE_TYPES.PropertyDefinition || member.kind === "init" || member.kind === "method")
    return "method";
  if (member.kind === "get") return "getter";
  if (member.kind === "set") return "setter";
  return "constructor";
}

function modifiersOf(
  node: Exclude<MeasuredFunction, TSESTree.StaticBlock>,
  member: MemberParent | undefined,
): string[] {
  const words: string[] = [];
  if (member && member.type !== AST_NODE_TYPES.Property && member.static) words.push("static");
  if (member && member.type !== AST_NODE_TYPES.Property && member.key.type === AST_NODE_TYPES.PrivateIdentifier)
    words.push("private");
  if (node.async) words.push("async");
  if (node.generator) words.push("generator");
  return words;
}

/** `const handle = () => …`: the variable gives an otherwise anonymous function its name. */
function variableNameOf(node: MeasuredFunction): string | undefined {
  const parent = node.parent;
  if (
    parent.type === AST_NODE_TYPES.VariableDeclarator &&
    parent.init === node &&
    parent.id.type === AST_NODE_TYPES.Identifier
  )
    return `'${parent.id.name}'`;
  return undefined;
}

function ownNameOf(node: Exclude<MeasuredFunction, TSESTree.StaticBlock>): string | undefined {
  return node.id ? `'${node.id.name}'` : variableNameOf(node);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * What the message calls the function, in the words of core `max-lines-per-function`:
 * `Function 'load'`, `Async arrow function 'handle'`, `Static method 'create'`, `Getter 'size'`,
 * `Private method #retry`, `Constructor`, `Static block`.
 */
export function describeFunction(node: MeasuredFunction): string {
  if (node.type === AST_NODE_TYPES.StaticBlock) return "Static block";
  const member = memberParentOf(node);
  if (member && member.type !== AST_NODE_TYPES.PropertyDefinition && member.kind === "constructor")
    return "Constructor";
  const words = modifiersOf(node, member);
  if (member) words.push(memberKind(member));
  else words.push(node.type === AST_NODE_TYPES.ArrowFunctionExpression ? "arrow function" : "function");
  const name = member ? (staticKeyName(member) ?? ownNameOf(node)) : ownNameOf(node);
  if (name) words.push(name);
  return capitalise(words.join(" "));
}

function headEndToken(node: MeasuredFunction, sourceCode: SourceCode): TSESTree.Token | null {
  if (node.type === AST_NODE_TYPES.StaticBlock) return sourceCode.getFirstToken(node);
  if (node.type === AST_NODE_TYPES.ArrowFunctionExpression) {
    return sourceCode.getTokenBefore(
      node.body,
      (token) => token.type === AST_TOKEN_TYPES.Punctuator && token.value === "=>",
    );
  }
  return sourceCode.getTokenBefore(node.body);
}

/**
 * The function's head: from its start (a method's or class property's modifiers and key) to the
 * end of its signature (the token before the body's `{`, or `=>` for an arrow, `static` for a
 * static block). Reporting there keeps the squiggle on the name, not on 100 lines of body.
 */
export function functionHeadLoc(node: MeasuredFunction, sourceCode: SourceCode): TSESTree.SourceLocation {
  const start = (memberParentOf(node) ?? node).loc.start;
  const endToken = headEndToken(node, sourceCode);
  const end = endToken && endToken.range[0] >= node.range[0] ? endToken.loc.end : node.loc.end;
  return { start: { ...start }, end: { ...end } };
}
