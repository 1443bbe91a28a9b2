import type { ProjectConfigStore } from "../config/project-config.js";
import { type CallExpression, Node, type SourceFile, type Statement } from "ts-morph";
import { detectCodeStyle } from "./code-style.js";
import { firstLine } from "./error-line.js";
import { renderThrow } from "../rewrite/fix-text.js";
import { ensureNamedImport } from "./imports.js";
import { findNodeForFinding, pairWithOriginals } from "./node-mapping.js";
import { foldExitMessage } from "./exit-message.js";
import { findTestAssertingExit } from "./exit-test-contract.js";
import { findMainInvocation, isEntryFile, warnIfEntrySwallowsErrors, wrapEntryPoint } from "./wrap-entry.js";
import type { ChangeRow, Finding, Transform, TransformFileContext } from "./types.js";
import { transformPrinciple } from "./transform-principle.js";

const { rule: RULE, breaking: BREAKING } = transformPrinciple("exit-to-throw");
const FIX = "throw new HelpfulError({ whatWentWrong, howToFix }) and let the entry point (runMain) set the exit code";

/** Why an exit cannot be rewritten safely, or undefined when it can. */
export function findExitRewriteBlocker(call: CallExpression): string | undefined {
  const codeProblem = describeExitCodeProblem(call);
  if (codeProblem) return codeProblem;
  const statement = call.getParent();
  if (!Node.isExpressionStatement(statement)) {
    return `the exit is part of a larger expression (${statement?.getKindName() ?? "unknown"}); a throw there would change control flow`;
  }
  const callback = findEnclosingCallback(statement);
  if (callback)
    return `it runs inside a callback passed to ${callback}: a throw there would not reach this module's caller`;
  const handler = findProcessHandlerUse(statement);
  if (handler) return handler;
  const tryLine = findEnclosingTryLine(statement);
  if (tryLine) return `it sits inside the try block at line ${tryLine}: the catch would swallow the new error`;
  return undefined;
}

function describeExitCodeProblem(call: CallExpression): string | undefined {
  const [code] = call.getArguments();
  if (!code) return "process.exit() without a code exits with status 0 (success): decide whether this is a failure";
  if (Node.isNumericLiteral(code)) {
    return code.getLiteralValue() === 0
      ? "process.exit(0) reports success: a throw would turn it into a failure; decide how the caller should stop"
      : undefined;
  }
  return `the exit code (${code.getText()}) is computed at run time: decide which codes are failures`;
}

function findEnclosingFunction(node: Node): Node | undefined {
  return node.getFirstAncestor(
    (ancestor) =>
      Node.isFunctionLikeDeclaration(ancestor) || Node.isArrowFunction(ancestor) || Node.isFunctionExpression(ancestor),
  );
}

/** How many module-local helpers deep an exit is followed back to the callback that runs it. */
const MAX_HELPER_DEPTH = 3;

function findEnclosingCallback(node: Node, depth = 0): string | undefined {
  const fn = findEnclosingFunction(node);
  if (!fn) return undefined;
  if (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) {
    const parent = fn.getParent();
    if (Node.isCallExpression(parent) || Node.isNewExpression(parent))
      return `${parent.getExpression().getText().slice(0, 60)}()`;
    if (Node.isPropertyAssignment(parent) || Node.isBinaryExpression(parent)) return "a handler property";
  }
  return depth < MAX_HELPER_DEPTH ? callbackOfEveryCaller(fn, depth + 1) : undefined;
}

function isExportedFunction(fn: Node): boolean {
  if (Node.isFunctionDeclaration(fn)) return fn.isExported() || fn.isDefaultExport();
  const holder = fn.getParent();
  return Node.isVariableDeclaration(holder) && (holder.getVariableStatement()?.isExported() ?? true);
}

/**
 * The callback that runs a module-local function, when every use of it is a call made inside the
 * same callback: the split codemod moves code out of such a callback into a helper, and an exit
 * there must stay manual for the same reason it did before the move (and a second run must agree).
 */
function callbackOfEveryCaller(fn: Node, depth: number): string | undefined {
  if (Node.isMethodDeclaration(fn) || isExportedFunction(fn)) return undefined;
  const nameNode = functionNameNode(fn);
  if (!nameNode || !Node.isReferenceFindable(nameNode)) return undefined;
  const uses = nameNode.findReferencesAsNodes().filter((reference) => reference !== nameNode);
  const callbacks = new Set<string>();
  for (const use of uses) {
    const call = use.getParent();
    if (!Node.isCallExpression(call) || call.getExpression() !== use) return undefined;
    const callback = findEnclosingCallback(call, depth);
    if (callback === undefined) return undefined;
    callbacks.add(callback);
  }
  const [callback] = callbacks;
  return callbacks.size === 1 && callback !== undefined ? `${callback} (through ${nameNode.getText()}())` : undefined;
}

const LISTENER_METHODS = new Set(["on", "once", "addListener", "prependListener", "prependOnceListener"]);

/** The event (as written) when `listener` is handed to `process.on(event, listener)` or a sibling method. */
function processEventOf(listener: Node): string | undefined {
  const call = listener.getParent();
  if (!Node.isCallExpression(call) || !call.getArguments().includes(listener)) return undefined;
  const callee = call.getExpression();
  if (
    !Node.isPropertyAccessExpression(callee) ||
    callee.getExpression().getText() !== "process" ||
    !LISTENER_METHODS.has(callee.getName())
  )
    return undefined;
  return call.getArguments()[0]?.getText() ?? "an event";
}

/** The name of a named function or method, or of the variable holding a function expression. */
function functionNameNode(fn: Node): Node | undefined {
  if (Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn)) return fn.getNameNode();
  const holder = fn.getParent();
  return Node.isVariableDeclaration(holder) ? holder.getNameNode() : undefined;
}

/** The event when a reference to the function is handed to process.on() or called from a listener given to it. */
function processListenerEvent(reference: Node): string | undefined {
  const parent = reference.getParent();
  const expression = Node.isPropertyAccessExpression(parent) && parent.getNameNode() === reference ? parent : reference;
  const handed = processEventOf(expression);
  if (handed) return handed;
  const call = expression.getParent();
  if (!Node.isCallExpression(call) || call.getExpression() !== expression) return undefined;
  const listener = findEnclosingFunction(call);
  return listener ? processEventOf(listener) : undefined;
}

/**
 * An exit in a function the process's own event listeners run (`process.on("uncaughtException", ...)`,
 * signals, "exit") ends the process on purpose: nothing can catch a throw there, and Node would end it
 * anyway with its own exit code and a stack trace instead of the message and code the code chose.
 */
function findProcessHandlerUse(statement: Statement): string | undefined {
  const fn = findEnclosingFunction(statement);
  const nameNode = fn ? functionNameNode(fn) : undefined;
  if (!nameNode || !Node.isReferenceFindable(nameNode)) return undefined;
  for (const reference of nameNode.findReferencesAsNodes()) {
    const event = processListenerEvent(reference);
    const where =
      reference.getSourceFile() === statement.getSourceFile() ? "" : ` in ${reference.getSourceFile().getBaseName()}`;
    if (event)
      return `${nameNode.getText()}() is run by the process.on(${event}) listener${where}: a throw there reaches no caller (Node would end the process with its own code and a stack trace); keep the exit, or move the listener to the entry point`;
  }
  return undefined;
}

function findEnclosingTryLine(statement: Statement): number | undefined {
  const fn = findEnclosingFunction(statement);
  let node: Node | undefined = statement.getParent();
  let child: Node = statement;
  while (node && node !== fn) {
    if (Node.isTryStatement(node) && node.getTryBlock() === child && node.getCatchClause())
      return node.getStartLineNumber();
    child = node;
    node = node.getParent();
  }
  return undefined;
}

function indentationOf(sourceFile: SourceFile, position: number): string {
  const text = sourceFile.getFullText();
  const lineStart = text.lastIndexOf("\n", position - 1) + 1;
  return /^[\t ]*/.exec(text.slice(lineStart, position))?.[0] ?? "";
}

function baseRow(context: TransformFileContext, finding: Finding): ChangeRow {
  return {
    file: context.relativePath,
    line: finding.line,
    column: finding.column,
    rule: `txo/${RULE}`,
    transform: "exit-to-throw",
    issue: firstLine(finding.message),
    fix: FIX,
    status: "fixed",
    breaking: BREAKING,
  };
}

function manual(row: ChangeRow, reason: string, fix = "none (left as it was)"): ChangeRow {
  return { ...row, status: "manual", reason, fix };
}

function rewriteExit(
  context: TransformFileContext,
  finding: Finding,
  original: Finding,
  errorClass: string,
): ChangeRow {
  const row = baseRow(context, original);
  if (finding.messageId !== "processExit" && finding.messageId !== "processReallyExit")
    return manual(row, describeOtherExit(finding));
  const node = findNodeForFinding(context.sourceFile, finding);
  const call = node && Node.isCallExpression(node) ? node : undefined;
  if (!call)
    return {
      ...row,
      status: "skipped",
      reason: "could not locate the reported call in the TypeScript tree",
      fix: "none",
    };
  const blocker = findExitRewriteBlocker(call) ?? findTestContract(context);
  if (blocker) return manual(row, blocker);
  return applyExitRewrite(context, row, call, errorClass);
}

/** Why the module's exits are behaviour its package's tests check, when a test replaces process.exit and imports it. */
function findTestContract(context: TransformFileContext): string | undefined {
  const test = findTestAssertingExit(context.sourceFile.getFilePath(), context.projectConfigs);
  return test
    ? `a test of this package (${test}) replaces process.exit and imports this module: the exit is behaviour the tests check; change the exit and that test together`
    : undefined;
}

function describeOtherExit(finding: Finding): string {
  if (finding.messageId === "exitCode")
    return "setting process.exitCode in a library decides the program's outcome from inside a module: return or throw instead (a person must choose)";
  if (finding.messageId === "processAbort")
    return "process.abort() ends the process with a core dump and no cleanup: decide how this failure should surface";
  if (finding.messageId === "processExitReference") {
    return "process.exit is handed to other code as a callback (e.g. `.catch(process.exit)`): there is no statement to turn into a throw; pass a handler that rethrows or reports the error, and let the entry point set the exit code";
  }
  return "process.kill() of the own process: decide how this failure should surface";
}

function functionName(fn: Node): string | undefined {
  if (Node.isFunctionDeclaration(fn)) return fn.getName();
  const holder = fn.getParent();
  return Node.isVariableDeclaration(holder) ? holder.getName() : undefined;
}

/**
 * The line (in the text as it is now) of the top-level catch the statement runs in: a catch in module code, in an entry file,
 * or in the function the file runs at its top level (`main()`); that catch is where a program
 * reports failures to its user. Undefined for any other catch, or none.
 */
function topLevelCatchLine(statement: Statement, projectConfigs: ProjectConfigStore): number | undefined {
  const fn = findEnclosingFunction(statement);
  const clause = statement.getFirstAncestor((ancestor) => ancestor === fn || Node.isCatchClause(ancestor));
  if (!clause || !Node.isCatchClause(clause)) return undefined;
  const sourceFile = statement.getSourceFile();
  const name = fn ? functionName(fn) : undefined;
  const runsAtTopLevel =
    name !== undefined &&
    sourceFile.getStatements().some((s) => Node.isExpressionStatement(s) && findMainInvocation(s) === name);
  return !fn || runsAtTopLevel || isEntryFile(sourceFile, projectConfigs) ? clause.getStartLineNumber() : undefined;
}

const TODO_MARK = "written with TODO text to replace: ";

function applyExitRewrite(
  context: TransformFileContext,
  row: ChangeRow,
  call: CallExpression,
  errorClass: string,
): ChangeRow {
  const { sourceFile } = context;
  // Only exits that stand as statements of their own (`process.exit(1);`) reach this fix.
  const statement = call.getParentOrThrow() as Statement;
  const fold = foldExitMessage(statement);
  const catchLine = fold.message.howToFixDerived ? undefined : topLevelCatchLine(statement, context.projectConfigs);
  // A catch is where a program reports failures to its user: TODO text must not reach them from there.
  if (catchLine !== undefined)
    return manual(
      row,
      `the exit is in a top-level catch block and the code does not say ${fold.message.whatWentWrong.includes("TODO(") ? "what went wrong" : "how to fix it"}: a HelpfulError with TODO text (whatWentWrong/howToFix) would be shown to users; write the message by hand`,
    );
  const snapshot = sourceFile.getFullText();
  const style = detectCodeStyle(sourceFile);
  const indent = indentationOf(sourceFile, fold.start);
  const text = `${fold.leadingComments}${renderThrow(errorClass, fold.message, indent, style)}`;
  sourceFile.replaceText([fold.start, fold.end], text);
  const problem = context.checkRewrite();
  if (problem) {
    sourceFile.replaceWithText(snapshot);
    return manual(row, problem);
  }
  const fix = fold.message.foldedLog ? `${FIX}; folded the ${fold.message.foldedLog} message into whatWentWrong` : FIX;
  if (!fold.message.howToFixDerived)
    return {
      ...row,
      fix: `${TODO_MARK}${fix}`,
      status: "manual",
      reason:
        "rewritten, but the code did not say what went wrong or how to fix it (howToFix): replace the TODO(txo-codemod) text in the new throw",
    };
  return { ...row, fix };
}

function applyToFile(context: TransformFileContext): ChangeRow[] {
  const rows: ChangeRow[] = [];
  rows.push(...(context.options.wrapEntry ? wrapEntryPoint(context) : warnIfEntrySwallowsErrors(context)));
  if (context.findings.length === 0) return rows;
  const planned = ensureNamedImport(context.sourceFile, "HelpfulError", context.options.importSource);
  const pairs = pairWithOriginals(context.relint(), context.findings).reverse();
  for (const [finding, original] of pairs) rows.push(rewriteExit(context, finding, original, planned.localName));
  planned.removeIfUnused();
  return [...rows].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** exit-to-throw: `process.exit(n≠0)` in library code becomes `throw new HelpfulError({...})`. */
export function createExitToThrow(): Transform {
  return { name: "exit-to-throw", rule: RULE, breaking: BREAKING, applyToFile, visitsCleanFiles: () => true };
}
