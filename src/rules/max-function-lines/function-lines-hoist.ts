import { ScopeType } from "@typescript-eslint/scope-manager";
import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import type { MeasuredFunction } from "./function-lines-count.js";
import { commentsBefore, someNode } from "../../ast/source-walk.js";

/**
 * The split the editor can prove safe from scope analysis alone: a function declared in the long
 * function's body that uses nothing of it (no local, parameter, type parameter, `this` or
 * `arguments` of the function around it) moves out to module level, unchanged. The split codemod's
 * extractions need the type checker (parameter and return types, a check of the whole file per
 * attempt), which a lint pass does not have; see docs/rules/max-function-lines.md.
 */

type Code = Readonly<TSESLint.SourceCode>;
type Scope = TSESLint.Scope.Scope;

/** A function written as a statement of the long function's body. */
export interface NestedFunction {
  name: string;
  statement: TSESTree.FunctionDeclaration | TSESTree.VariableDeclaration;
  fn: TSESTree.FunctionLike;
}

function nestedFunctionOf(statement: TSESTree.Statement): NestedFunction | undefined {
  if (statement.type === AST_NODE_TYPES.FunctionDeclaration)
    return { name: statement.id.name, statement, fn: statement };
  if (
    statement.type !== AST_NODE_TYPES.VariableDeclaration ||
    statement.kind !== "const" ||
    statement.declarations.length !== 1
  )
    return undefined;
  const declarator = statement.declarations.at(0);
  const init = declarator?.init;
  if (
    declarator?.id.type !== AST_NODE_TYPES.Identifier ||
    (init?.type !== AST_NODE_TYPES.ArrowFunctionExpression && init?.type !== AST_NODE_TYPES.FunctionExpression)
  )
    return undefined;
  return { name: declarator.id.name, statement, fn: init };
}

const FUNCTION_TYPES: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.FunctionDeclaration,
  AST_NODE_TYPES.FunctionExpression,
]);

/** `this`, `super` or `new.target` in an arrow belong to the function around it. */
function usesOuterThis(fn: TSESTree.FunctionLike, code: Code): boolean {
  if (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression) return false;
  const ownsThis = (node: TSESTree.Node) => FUNCTION_TYPES.has(node.type);
  return someNode(
    fn.body,
    code,
    (node) =>
      node.type === AST_NODE_TYPES.ThisExpression ||
      node.type === AST_NODE_TYPES.Super ||
      node.type === AST_NODE_TYPES.MetaProperty,
    ownsThis,
  );
}

function isModuleLevel(scope: Scope): boolean {
  return scope.type === ScopeType.module || scope.type === ScopeType.global;
}

/** Every name the nested function uses from outside itself is module-level or global (or itself). */
function capturesNothing(nested: NestedFunction, code: Code): boolean {
  const scope = code.getScope(nested.fn);
  return scope.through.every((reference) => {
    const variable = reference.resolved;
    return (
      variable === null ||
      isModuleLevel(variable.scope) ||
      variable.defs.some((def) => def.name.parent === nested.statement || def.name.parent.parent === nested.statement)
    );
  });
}

/** No scope from the long function up to the module declares the name, and no module code means a global of that name. */
function nameIsFreeAbove(name: string, outer: MeasuredFunction, code: Code): boolean {
  for (let scope: Scope | null = code.getScope(outer).upper; scope !== null; scope = scope.upper) {
    if (scope.set.has(name)) return false;
    if (isModuleLevel(scope) && scope.through.some((reference) => reference.identifier.name === name)) return false;
  }
  return true;
}

/** The statement of the program that holds the long function: the helper goes right above it. */
function topLevelStatementOf(node: TSESTree.Node): TSESTree.ProgramStatement | undefined {
  for (let current: TSESTree.Node = node; current.parent; current = current.parent) {
    if (current.parent.type === AST_NODE_TYPES.Program) return current.parent.body.find((child) => child === current);
  }
  return undefined;
}

/** A hoisted function statement may run at load time before a `const` above it is set; a function declaration may not. */
function runsBeforeItsLine(statement: TSESTree.ProgramStatement): boolean {
  const declaration =
    statement.type === AST_NODE_TYPES.ExportNamedDeclaration ||
    statement.type === AST_NODE_TYPES.ExportDefaultDeclaration
      ? statement.declaration
      : statement;
  return declaration?.type === AST_NODE_TYPES.FunctionDeclaration;
}

/** The nested functions of a long function that can move to module level as they are. */
export function movableNestedFunctions(outer: MeasuredFunction, code: Code): NestedFunction[] {
  if (outer.type === AST_NODE_TYPES.StaticBlock || outer.body.type !== AST_NODE_TYPES.BlockStatement) return [];
  const top = topLevelStatementOf(outer);
  if (!top) return [];
  return outer.body.body
    .map(nestedFunctionOf)
    .filter((nested): nested is NestedFunction => nested !== undefined)
    .filter((nested) => nested.statement.type === AST_NODE_TYPES.FunctionDeclaration || !runsBeforeItsLine(top))
    .filter((nested) => fullLines(nested.statement, code) !== undefined && fullLines(top, code) !== undefined)
    .filter(
      (nested) =>
        !usesOuterThis(nested.fn, code) && capturesNothing(nested, code) && nameIsFreeAbove(nested.name, outer, code),
    );
}

function lineStart(text: string, position: number): number {
  return text.lastIndexOf("\n", position - 1) + 1;
}

/** The comments right above a statement (its doc comment), with no blank line between them. */
function attachedComments(statement: TSESTree.Node, code: Code): TSESTree.Comment[] {
  const attached: TSESTree.Comment[] = [];
  let line = statement.loc.start.line;
  for (const comment of commentsBefore(statement, code).reverse()) {
    if (comment.loc.end.line < line - 1) break;
    attached.unshift(comment);
    line = comment.loc.start.line;
  }
  return attached;
}

/**
 * The statement with its doc comment, from the start of its first line to the end of its last;
 * undefined when it shares a line with other code.
 */
function fullLines(statement: TSESTree.Node, code: Code): [number, number] | undefined {
  const first = attachedComments(statement, code)[0]?.range[0] ?? statement.range[0];
  const start = lineStart(code.text, first);
  const newline = code.text.indexOf("\n", statement.range[1]);
  const end = newline === -1 ? code.text.length : newline + 1;
  const alone =
    code.text.slice(start, first).trim() === "" && /^\s*(\/\/.*)?$/.test(code.text.slice(statement.range[1], end));
  return alone ? [start, end] : undefined;
}

/** Lines moved one level out; a multi-line template literal keeps its lines, which are part of a string. */
function dedent(text: string, indent: string, nested: NestedFunction, code: Code): string {
  const keepsLines = someNode(
    nested.statement,
    code,
    (node) => node.type === AST_NODE_TYPES.TemplateLiteral && node.loc.start.line !== node.loc.end.line,
  );
  if (keepsLines) return text.startsWith(indent) ? text.slice(indent.length) : text;
  return text.replace(/^.*$/gm, (line) => (line.startsWith(indent) ? line.slice(indent.length) : line));
}

/** The edits that move the nested function above the top-level statement holding the long function. */
export function hoistFix(nested: NestedFunction, outer: MeasuredFunction, code: Code): TSESLint.ReportFixFunction {
  const lines = fullLines(nested.statement, code);
  const top = topLevelStatementOf(outer);
  const topLines = top && fullLines(top, code);
  if (!lines || !topLines)
    throw new Error("hoistFix needs a function from movableNestedFunctions, which checked both statements' lines");
  const [start, end] = lines;
  const indent = /^[\t ]*/.exec(code.text.slice(start, end))?.[0] ?? "";
  const moved = dedent(code.text.slice(start, end), indent, nested, code);
  const [topStart] = topLines;
  return (fixer) => [
    fixer.insertTextBeforeRange([topStart, topStart], `${moved.endsWith("\n") ? moved : `${moved}\n`}\n`),
    fixer.removeRange([start, end]),
  ];
}
