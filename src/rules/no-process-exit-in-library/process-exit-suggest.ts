import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { renderThrow } from "../../rewrite/fix-text.js";
import {
  ERROR_LIKE_NAME,
  exitErrorFields,
  hintFromComment,
  LOG_METHODS,
  LOGGER_RECEIVER,
  type LogParts,
  type MessagePart,
  mergeTextParts,
} from "../../rewrite/message-text.js";
import { type ImportContext, planHelperImport } from "../import-fix.js";
import { commentsBefore } from "../../ast/source-walk.js";

/**
 * The editor's version of the exit-to-throw codemod for one exit: the same refusals (a computed or
 * zero code, an exit inside an expression, a callback or a try block) and the same text (the
 * adjacent log folded into a `throw new HelpfulError({...})`, built by rewrite/fix-text.ts and
 * rewrite/message-text.ts), worked out on ESLint's tree instead of ts-morph's.
 */

type Code = Readonly<TSESLint.SourceCode>;
type Statement = TSESTree.Statement | TSESTree.ProgramStatement;

function isFunction(node: TSESTree.Node): node is TSESTree.FunctionLike {
  return (
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.ArrowFunctionExpression
  );
}

function isCallback(fn: TSESTree.Node | undefined): boolean {
  if (fn === undefined || fn.type === AST_NODE_TYPES.FunctionDeclaration) return false;
  const holder = fn.parent;
  return (
    holder?.type === AST_NODE_TYPES.CallExpression ||
    holder?.type === AST_NODE_TYPES.NewExpression ||
    holder?.type === AST_NODE_TYPES.Property ||
    holder?.type === AST_NODE_TYPES.AssignmentExpression
  );
}

/** A try block with a catch (which would swallow the throw), or a catch clause, between the statement and its function. */
function enclosingTryOrCatch(statement: TSESTree.Node): "try" | "catch" | undefined {
  let child = statement;
  // Program's parent is null in ESLint's tree, not undefined.
  for (let node = statement.parent; node && !isFunction(node); child = node, node = node.parent) {
    if (node.type === AST_NODE_TYPES.TryStatement && node.block === child && node.handler) return "try";
    if (node.type === AST_NODE_TYPES.CatchClause) return "catch";
  }
  return undefined;
}

function enclosingFunction(node: TSESTree.Node): TSESTree.Node | undefined {
  let current = node.parent;
  while (current && !isFunction(current)) current = current.parent;
  return current ?? undefined;
}

/** The exit statement when exit-to-throw would rewrite it: `process.exit(n)` with a literal n ≠ 0, as a statement of its own, not in a callback or try block. */
function rewritableExit(call: TSESTree.CallExpression): TSESTree.ExpressionStatement | undefined {
  const code = call.arguments.at(0);
  if (code?.type !== AST_NODE_TYPES.Literal || typeof code.value !== "number" || code.value === 0) return undefined;
  const statement = call.parent;
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
  if (isCallback(enclosingFunction(statement)) || enclosingTryOrCatch(statement) === "try") return undefined;
  return statement;
}

function siblingsOf(statement: Statement): readonly Statement[] {
  const parent = statement.parent;
  if (parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.Program) return parent.body;
  if (parent.type === AST_NODE_TYPES.SwitchCase) return parent.consequent;
  return [statement];
}

function logCallOf(statement: Statement | undefined, code: Code): TSESTree.CallExpression | undefined {
  if (
    statement?.type !== AST_NODE_TYPES.ExpressionStatement ||
    statement.expression.type !== AST_NODE_TYPES.CallExpression
  )
    return undefined;
  const call = statement.expression;
  const callee = call.callee;
  if (
    callee.type !== AST_NODE_TYPES.MemberExpression ||
    callee.computed ||
    callee.property.type !== AST_NODE_TYPES.Identifier ||
    !LOG_METHODS.has(callee.property.name)
  )
    return undefined;
  return LOGGER_RECEIVER.test(code.getText(callee.object)) && call.arguments.length > 0 ? call : undefined;
}

function isStringy(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.Literal) return typeof node.value === "string";
  if (node.type === AST_NODE_TYPES.TemplateLiteral) return true;
  return (
    node.type === AST_NODE_TYPES.BinaryExpression &&
    node.operator === "+" &&
    (isStringy(node.left) || isStringy(node.right))
  );
}

/** A message expression (string, template, `+` concatenation) as parts, like the codemod's messageParts. */
function messageParts(node: TSESTree.Node, code: Code): MessagePart[] {
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === "string") return [{ text: node.value }];
  if (node.type === AST_NODE_TYPES.TemplateLiteral) {
    const parts: MessagePart[] = [];
    node.quasis.forEach((quasi, index) => {
      parts.push({ text: quasi.value.cooked ?? quasi.value.raw });
      const expression = node.expressions.at(index);
      if (expression) parts.push({ expression: code.getText(expression) });
    });
    return parts.filter((part) => !("text" in part) || part.text !== "");
  }
  if (node.type === AST_NODE_TYPES.BinaryExpression && node.operator === "+" && isStringy(node))
    return [...messageParts(node.left, code), ...messageParts(node.right, code)];
  return [{ expression: code.getText(node) }];
}

function argumentParts(args: readonly TSESTree.Node[], code: Code): MessagePart[] {
  return mergeTextParts(
    args.flatMap((arg, index) => (index === 0 ? messageParts(arg, code) : [{ text: " " }, ...messageParts(arg, code)])),
  );
}

function logParts(call: TSESTree.CallExpression, code: Code): LogParts {
  const args = call.arguments;
  const last = args.at(-1);
  const cause =
    args.length > 1 && last?.type === AST_NODE_TYPES.Identifier && ERROR_LIKE_NAME.test(last.name)
      ? last.name
      : undefined;
  return { parts: argumentParts(cause ? args.slice(0, -1) : args, code), cause };
}

function commentHintOf(statement: Statement, code: Code): string | undefined {
  for (const comment of commentsBefore(statement, code)) {
    const hint = hintFromComment(code.text.slice(comment.range[0], comment.range[1]));
    if (hint !== undefined) return hint;
  }
  return undefined;
}

/** What the throw replaces and says, as the codemod's foldExitMessage works it out. */
interface ExitFold {
  range: [number, number];
  fields: ReturnType<typeof exitErrorFields>;
}

function foldExit(exit: TSESTree.ExpressionStatement, code: Code): ExitFold {
  const list = siblingsOf(exit);
  const index = list.indexOf(exit);
  const previous = logCallOf(list[index - 1], code);
  const beforePrevious = previous ? logCallOf(list[index - 2], code) : undefined;
  const primary = beforePrevious ?? previous;
  const first = list[index - (beforePrevious ? 2 : previous ? 1 : 0)] ?? exit;
  const next = list.at(index + 1);
  const terminates =
    next?.type === AST_NODE_TYPES.ReturnStatement ||
    next?.type === AST_NODE_TYPES.BreakStatement ||
    next?.type === AST_NODE_TYPES.ContinueStatement;
  const log = primary ? logParts(primary, code) : undefined;
  const hintLog = beforePrevious && previous ? argumentParts(previous.arguments, code) : undefined;
  const fields = exitErrorFields(
    log,
    hintLog,
    log ? (commentHintOf(first, code) ?? commentHintOf(exit, code)) : commentHintOf(exit, code),
  );
  return { range: [first.range[0], terminates ? next.range[1] : exit.range[1]], fields };
}

function indentationAt(text: string, position: number): string {
  const lineStart = text.lastIndexOf("\n", position - 1) + 1;
  return /^[\t ]*/.exec(text.slice(lineStart, position))?.[0] ?? "";
}

/** Comments inside the replaced statements, kept above the throw as the codemod keeps them. */
function keptComments(code: Code, range: [number, number], indent: string): string {
  const inside = code
    .getAllComments()
    .filter((comment) => comment.range[0] >= range[0] && comment.range[1] <= range[1]);
  return inside.map((comment) => `${code.text.slice(comment.range[0], comment.range[1])}\n${indent}`).join("");
}

/**
 * The edits that turn the exit into `throw new HelpfulError({...})` and import HelpfulError, or
 * undefined where exit-to-throw would leave the exit for a person (or the name is taken).
 */
export function exitToThrowFix(
  call: TSESTree.CallExpression,
  file: () => ImportContext,
  importSource: string,
): TSESLint.ReportFixFunction | undefined {
  const exit = rewritableExit(call);
  if (!exit) return undefined;
  const context = file();
  const code = context.sourceCode;
  const fold = foldExit(exit, code);
  // From a catch block, TODO text would reach users: the codemod leaves those exits to a person.
  if (!fold.fields.howToFixDerived && enclosingTryOrCatch(exit) === "catch") return undefined;
  const plan = planHelperImport(context, call, "HelpfulError", importSource);
  if (!plan) return undefined;
  const indent = indentationAt(code.text, fold.range[0]);
  const text = `${keptComments(code, fold.range, indent)}${renderThrow(plan.callee, fold.fields, indent, context.style)}`;
  return (fixer) => {
    const edits = [fixer.replaceTextRange(fold.range, text)];
    if (plan.importFix) edits.push(plan.importFix(fixer));
    return edits;
  };
}
