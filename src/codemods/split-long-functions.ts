import { Node, type SourceFile, type Statement, SyntaxKind } from "ts-morph";
import { chooseExtractedName } from "./function-names.js";
import { findingOffsets } from "./node-mapping.js";
import { candidateGroups, type StatementGroup } from "./statement-groups.js";
import type { ChangeRow, Finding, Transform, TransformFileContext } from "./types.js";

const RULE = "max-function-lines";
const MAX_ROUNDS = 40;
const MAX_ATTEMPTS_PER_ROUND = 12;

type FunctionNode = Node;

function isFunctionNode(node: Node): boolean {
  return Node.isFunctionLikeDeclaration(node) || Node.isArrowFunction(node) || Node.isFunctionExpression(node);
}

/** The function whose head the finding points at: the innermost function containing that position. */
export function findReportedFunction(sourceFile: SourceFile, finding: Finding): FunctionNode | undefined {
  const { start } = findingOffsets(sourceFile, finding);
  const atPosition = sourceFile.getDescendantAtPos(start);
  if (!atPosition) return undefined;
  return isFunctionNode(atPosition) ? atPosition : atPosition.getFirstAncestor(isFunctionNode);
}

function bodyStatements(fn: FunctionNode): Statement[] | undefined {
  const body = (fn as unknown as { getBody?: () => Node | undefined }).getBody?.();
  return body && Node.isBlock(body) ? body.getStatements() : undefined;
}

function ownerNameOf(fn: FunctionNode): string {
  const named = (fn as unknown as { getName?: () => string | undefined }).getName?.();
  if (named) return named;
  const parent = fn.getParent();
  if (Node.isVariableDeclaration(parent) || Node.isPropertyAssignment(parent) || Node.isPropertyDeclaration(parent)) return parent.getName();
  return "extracted";
}

function isClassMember(fn: FunctionNode): boolean {
  return Node.isMethodDeclaration(fn) || Node.isGetAccessorDeclaration(fn) || Node.isSetAccessorDeclaration(fn) || Node.isConstructorDeclaration(fn) || (Node.isArrowFunction(fn) && Node.isPropertyDeclaration(fn.getParent()));
}

function parseLineCount(finding: Finding): { lines: number; max: number } | undefined {
  const match = /has (\d+) lines; the limit is (\d+)/.exec(finding.message);
  return match ? { lines: Number(match[1]), max: Number(match[2]) } : undefined;
}

/** Smallest group that alone brings the function under the limit first, then the largest ones. */
export function orderCandidates(groups: StatementGroup[], excess: number): StatementGroup[] {
  const enough = groups.filter((group) => group.lines - 2 >= excess).sort((a, b) => a.lines - b.lines);
  const partial = groups.filter((group) => group.lines - 2 < excess).sort((a, b) => b.lines - a.lines);
  return [...enough, ...partial];
}

function pickExtractAction(sourceFile: SourceFile, group: StatementGroup, toClass: boolean): string | undefined {
  const service = sourceFile.getProject().getLanguageService().compilerObject;
  const refactors = service.getApplicableRefactors(sourceFile.getFilePath(), { pos: group.start, end: group.end }, {});
  const actions = refactors.filter((r) => r.name === "Extract Symbol").flatMap((r) => r.actions).filter((a) => a.name.startsWith("function_scope_") && !a.notApplicableReason);
  const wanted = toClass ? /method in class/ : /function in (module|global) scope/;
  return actions.find((action) => wanted.test(action.description))?.name;
}

function formatSettingsFor(sourceFile: SourceFile): { indentSize: number; tabSize: number; convertTabsToSpaces: boolean } {
  const match = /^( +|\t)\S/m.exec(sourceFile.getFullText());
  const unit = match ? match[1] : "  ";
  return unit === "\t" ? { indentSize: 4, tabSize: 4, convertTabsToSpaces: false } : { indentSize: unit.length, tabSize: unit.length, convertTabsToSpaces: true };
}

function renameExtracted(sourceFile: SourceFile, renameLocation: number | undefined, name: string): boolean {
  if (renameLocation === undefined) return false;
  const identifier = sourceFile.getDescendantAtPos(renameLocation);
  if (!identifier || !Node.isIdentifier(identifier) || !/^new(Function|Method)\d*$/.test(identifier.getText())) return false;
  identifier.rename(name);
  return true;
}

/** Everything needed to try one extraction, as plain data: a rolled-back attempt forgets every node. */
interface ExtractionAttempt {
  start: number;
  end: number;
  name: string;
  action: string;
  /** The call site TypeScript would write needs several outputs (`var { a, b } = …`, `__return`). */
  messy: boolean;
  /** The group holds a `return`: extracting it chains the function into its helper. */
  returns: boolean;
}

function containsOwnReturn(group: StatementGroup): boolean {
  return group.statements.some((statement) => Node.isReturnStatement(statement) || statement.getDescendants().some((node) => Node.isReturnStatement(node) && node.getFirstAncestor(isFunctionNode) === statement.getFirstAncestor(isFunctionNode)));
}

/** Comments as a sorted list: an extraction must not lose one (TypeScript's refactoring sometimes drops them). */
function commentsOf(text: string): string {
  return (text.match(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g) ?? []).map((comment) => comment.trim()).sort().join("\n");
}

function planExtraction(sourceFile: SourceFile, fn: FunctionNode, group: StatementGroup): ExtractionAttempt | undefined {
  const action = pickExtractAction(sourceFile, group, isClassMember(fn));
  if (!action) return undefined;
  const service = sourceFile.getProject().getLanguageService().compilerObject;
  const edits = service.getEditsForRefactor(sourceFile.getFilePath(), formatSettingsFor(sourceFile), { pos: group.start, end: group.end }, "Extract Symbol", action, {});
  const changes = (edits?.edits ?? []).flatMap((edit) => edit.textChanges);
  const text = changes.map((change) => change.newText).join("\n");
  const callSite = changes.find((change) => change.span.start <= group.end && change.span.start + change.span.length >= group.start)?.newText ?? "";
  if (!keepsOuterAssignments(group, callSite)) return undefined;
  const name = chooseExtractedName(sourceFile, group, ownerNameOf(fn));
  return { start: group.start, end: group.end, name, action, messy: /__return|\bvar \{|\(\{ [^}]*\} = /.test(text), returns: containsOwnReturn(group) };
}

const ASSIGNMENT = /^[-+*/%&|^]?=$|^(\*\*|<<|>>>?|&&|\|\||\?\?)=$/;

/** Whether the identifier is written: `x = …`, `x += …`, `x++`, or inside a destructuring assignment target. */
function isWritten(node: Node): boolean {
  const parent = node.getParent();
  if (Node.isBinaryExpression(parent) && parent.getLeft() === node && ASSIGNMENT.test(parent.getOperatorToken().getText())) return true;
  if ((Node.isPostfixUnaryExpression(parent) || Node.isPrefixUnaryExpression(parent)) && /\+\+|--/.test(parent.getText())) return true;
  const pattern = node.getFirstAncestor((ancestor) => !Node.isObjectLiteralExpression(ancestor) && !Node.isArrayLiteralExpression(ancestor) && !Node.isShorthandPropertyAssignment(ancestor) && !Node.isPropertyAssignment(ancestor) && !Node.isSpreadAssignment(ancestor) && !Node.isSpreadElement(ancestor) && !Node.isParenthesizedExpression(ancestor));
  if (!Node.isBinaryExpression(pattern) || pattern.getOperatorToken().getText() !== "=") return false;
  const left = pattern.getLeft();
  return left.getStart() <= node.getStart() && node.getEnd() <= left.getEnd() && (Node.isObjectLiteralExpression(left) || Node.isArrayLiteralExpression(left)) && !(Node.isPropertyAssignment(node.getParent()) && (node.getParent() as import("ts-morph").PropertyAssignment).getNameNode() === node);
}

function assignedOuterVariables(group: StatementGroup): string[] {
  const names = new Set<string>();
  for (const statement of group.statements) {
    for (const node of statement.getDescendantsOfKind(SyntaxKind.Identifier)) {
      const assigned = isWritten(node);
      const parent = node.getParent();
      const symbol = Node.isShorthandPropertyAssignment(parent) ? parent.getValueSymbol() : node.getSymbol();
      const declaration = symbol?.getDeclarations()[0];
      if (assigned && declaration && (declaration.getStart() < group.start || declaration.getStart() > group.end)) names.add(node.getText());
    }
  }
  return [...names];
}

/**
 * TypeScript's extraction can silently drop a write to a variable declared outside the group (a
 * reassigned parameter, for one). Accept it only if the call site assigns every such variable back.
 */
function keepsOuterAssignments(group: StatementGroup, callSite: string): boolean {
  const receiving = callSite.split(/\bnew(?:Function|Method)\b/)[0] ?? "";
  const assignmentTargets = receiving.includes("=") ? receiving.slice(0, receiving.lastIndexOf("=")) : "";
  return assignedOuterVariables(group).every((name) => new RegExp(`\\b${name}\\b`).test(assignmentTargets));
}

/** Runs TypeScript's own Extract Symbol on one group; keeps it only if it names cleanly and type-checks. */
function applyExtraction(context: TransformFileContext, attempt: ExtractionAttempt): boolean {
  const { sourceFile } = context;
  const { start, end, action, name } = attempt;
  const snapshot = sourceFile.getFullText();
  const edits = sourceFile.getProject().getLanguageService().getEditsForRefactor(sourceFile, formatSettingsFor(sourceFile), { getPos: () => start, getEnd: () => end }, "Extract Symbol", action);
  if (!edits) return false;
  edits.applyChanges({ overwrite: true });
  const lostComment = commentsOf(sourceFile.getFullText()) !== commentsOf(snapshot);
  if (lostComment || !renameExtracted(sourceFile, edits.getRenameLocation(), name) || context.checkRewrite()) {
    sourceFile.replaceWithText(snapshot);
    return false;
  }
  return true;
}

function splitOnce(context: TransformFileContext, finding: Finding): boolean {
  const fn = findReportedFunction(context.sourceFile, finding);
  const body = fn ? bodyStatements(fn) : undefined;
  const count = parseLineCount(finding);
  if (!fn || !body || !count) return false;
  const attempts = orderCandidates(candidateGroups(body), count.lines - count.max)
    .slice(0, MAX_ATTEMPTS_PER_ROUND * 2)
    .map((group) => planExtraction(context.sourceFile, fn, group))
    .filter((attempt): attempt is ExtractionAttempt => attempt !== undefined);
  // Clean extractions (a plain call, or one returned value) first; multi-output ones only as a last resort.
  const rank = (attempt: ExtractionAttempt) => (attempt.messy ? 2 : 0) + (attempt.returns ? 1 : 0);
  const ordered = [...attempts].sort((a, b) => rank(a) - rank(b)).slice(0, MAX_ATTEMPTS_PER_ROUND);
  return ordered.some((attempt) => applyExtraction(context, attempt));
}

function headText(context: TransformFileContext, finding: Finding): string {
  const { start } = findingOffsets(context.sourceFile, finding);
  return context.sourceFile.getFullText().slice(start, start + 80).split("\n")[0];
}

/** Extracts groups until no function in the file is over the limit or none can be split further. */
function splitFile(context: TransformFileContext): Set<string> {
  const stuck = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const open = context.relint().filter((finding) => !stuck.has(headText(context, finding)));
    if (open.length === 0) break;
    const finding = open[0];
    if (!splitOnce(context, finding)) stuck.add(headText(context, finding));
  }
  return stuck;
}

function rowFor(context: TransformFileContext, finding: Finding, stuckHeads: Set<string>, originalHead: string): ChangeRow {
  const row: ChangeRow = { file: context.relativePath, line: finding.line, column: finding.column, rule: `txo/${RULE}`, transform: "split-long-functions", issue: finding.message.split("\n")[0], fix: "extracted cohesive statement groups into named functions (TypeScript's Extract Symbol)", status: "fixed", breaking: "none" };
  if (!stuckHeads.has(originalHead)) return row;
  return { ...row, status: "manual", fix: "none (or only partly split)", reason: "no remaining group of statements could be extracted without changing behaviour or adding a type error (early returns, shared mutable locals, or generators); split it by hand" };
}

function applyToFile(context: TransformFileContext): ChangeRow[] {
  const originalHeads = context.findings.map((finding) => headText(context, finding));
  const stuck = splitFile(context);
  return context.findings.map((finding, index) => rowFor(context, finding, stuck, originalHeads[index]));
}

/** split-long-functions: brings functions over the line limit under it with TypeScript's Extract Symbol. */
export function createSplitLongFunctions(): Transform {
  return { name: "split-long-functions", rule: RULE, breaking: "none", applyToFile };
}
