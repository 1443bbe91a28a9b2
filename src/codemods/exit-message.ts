import { type CallExpression, Node, type Statement } from "ts-morph";
import type { HelpfulErrorFields } from "../rewrite/fix-text.js";
import { commentsWithin, joinArgumentParts } from "./message-parts.js";
import {
  ERROR_LIKE_NAME,
  exitErrorFields,
  hintFromComment,
  LOG_METHODS,
  LOGGER_RECEIVER,
  type LogParts,
} from "../rewrite/message-text.js";

/** The pieces of the HelpfulError an exit becomes, as source text. */
export interface ExitMessage extends HelpfulErrorFields {
  howToFixDerived: boolean;
  /** The logging call that was folded in, e.g. "logger.error". */
  foldedLog: string | undefined;
}

export interface ExitFold {
  /** Range to replace: from the folded log statement (or the exit) to the end of the exit statement. */
  start: number;
  end: number;
  /** Comments that sat between the folded statements, kept above the throw. */
  leadingComments: string;
  message: ExitMessage;
}

function logCallOf(statement: Statement | undefined): CallExpression | undefined {
  if (!statement || !Node.isExpressionStatement(statement)) return undefined;
  const call = statement.getExpression();
  if (!Node.isCallExpression(call)) return undefined;
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || !LOG_METHODS.has(callee.getName())) return undefined;
  const receiver = callee.getExpression().getText();
  return LOGGER_RECEIVER.test(receiver) && call.getArguments().length > 0 ? call : undefined;
}

function logStatementAt(list: Statement[], index: number): { statement: Statement; call: CallExpression } | undefined {
  const statement = list[index];
  const call = logCallOf(statement);
  return statement && call ? { statement, call } : undefined;
}

function siblings(statement: Statement): Statement[] {
  const parent = statement.getParent();
  return parent &&
    (Node.isBlock(parent) || Node.isSourceFile(parent) || Node.isCaseClause(parent) || Node.isDefaultClause(parent))
    ? parent.getStatements()
    : [statement];
}

function isErrorLike(node: Node): boolean {
  return Node.isIdentifier(node) && ERROR_LIKE_NAME.test(node.getText());
}

function commentHintOf(statement: Statement): string | undefined {
  for (const range of statement.getLeadingCommentRanges()) {
    const hint = hintFromComment(range.getText());
    if (hint !== undefined) return hint;
  }
  return undefined;
}

function splitLogArguments(call: CallExpression): LogParts {
  const args = call.getArguments();
  const last = args.at(-1);
  const cause = args.length > 1 && last && isErrorLike(last) ? last.getText() : undefined;
  return { parts: joinArgumentParts(cause ? args.slice(0, -1) : args), cause };
}

/**
 * Works out the HelpfulError for an exit statement: folds an adjacent error log (one or two lines)
 * into whatWentWrong, takes a hint ("Please run …", "Check …") from the message, a second log line
 * or a comment as howToFix, and an error argument as the cause. Removes a `return …;`, `break;` or
 * `continue;` right after the exit: it was only there for the reader or the type checker, and after a
 * throw it would be flagged as unreachable.
 */
export function foldExitMessage(exit: Statement): ExitFold {
  const list = siblings(exit);
  const index = list.indexOf(exit);
  const previous = logStatementAt(list, index - 1);
  const beforePrevious = previous ? logStatementAt(list, index - 2) : undefined;
  const primary = (beforePrevious ?? previous)?.call;
  const hintLog = beforePrevious ? previous?.call : undefined;
  const first = (beforePrevious ?? previous)?.statement ?? exit;
  const next = list[index + 1];
  const end = next && isUnreachableTerminator(next) ? next.getEnd() : exit.getEnd();
  const parts = primary ? splitLogArguments(primary) : undefined;
  const hintLogParts = hintLog ? joinArgumentParts(hintLog.getArguments()) : undefined;
  const fields = exitErrorFields(
    parts,
    hintLogParts,
    parts ? (commentHintOf(first) ?? commentHintOf(exit)) : commentHintOf(exit),
  );
  return {
    start: first.getStart(),
    end,
    leadingComments: renderCommentLines(
      commentsWithin(list.slice(list.indexOf(first), list.indexOf(first) + 4), first.getStart(), end),
      first,
    ),
    message: { ...fields, foldedLog: primary?.getExpression().getText() },
  };
}

function isUnreachableTerminator(statement: Statement): boolean {
  return Node.isReturnStatement(statement) || Node.isBreakStatement(statement) || Node.isContinueStatement(statement);
}

function renderCommentLines(comments: string[], first: Statement): string {
  if (comments.length === 0) return "";
  const indent = /[\t ]*$/.exec(first.getSourceFile().getFullText().slice(0, first.getStart()))?.[0] ?? "";
  return `${comments.join(`\n${indent}`)}\n${indent}`;
}
