import { Node, type SourceFile, type Statement, SyntaxKind, ts, VariableDeclarationKind } from "ts-morph";
import { isInEscapingClosure } from "./closure-calls.js";
import { firstLine, firstLineOf } from "./error-line.js";
import { keepIfTypeSafe, passedInputs, planEarlyExit, rewriteForEarlyExit } from "./early-exit-extraction.js";
import { chooseExtractedName } from "./function-names.js";
import { layOutNewHelpers, snapshotHelpers } from "./helper-format.js";
import { namesMemberOnly } from "./member-names.js";
import { mapLinesBack } from "./line-map.js";
import { helperNamed, type MovedStatement, movedStatementsOf, restoreMovedText } from "./moved-text.js";
import { findingOffsets } from "./node-mapping.js";
import { candidateGroups, isFunctionNode, type StatementGroup } from "./statement-groups.js";
import type { ChangeRow, Finding, Transform, TransformFileContext } from "./types.js";
import { transformPrinciple } from "./transform-principle.js";

const { rule: RULE, breaking: BREAKING } = transformPrinciple("split-long-functions");
const MAX_ROUNDS = 40;
const MAX_ATTEMPTS_PER_ROUND = 12;
/** Early-exit helpers are written and type-checked by hand: each try costs a full check of the file. */
const MAX_EARLY_EXIT_ATTEMPTS = 6;

type FunctionNode = Node;

/** The function whose head the finding points at: the innermost function containing that position. */
export function findReportedFunction(sourceFile: SourceFile, finding: Finding): FunctionNode | undefined {
  const { start } = findingOffsets(sourceFile, finding);
  const atPosition = sourceFile.getDescendantAtPos(start);
  if (!atPosition) return undefined;
  return isFunctionNode(atPosition) ? atPosition : atPosition.getFirstAncestor(isFunctionNode);
}

function bodyStatements(fn: FunctionNode): Statement[] | undefined {
  // Every kind in FunctionNode has getBody() (ts-morph types it per kind, not on the union).
  const body = (fn as unknown as { getBody?: () => Node | undefined }).getBody?.();
  return body && Node.isBlock(body) ? body.getStatements() : undefined;
}

function ownerNameOf(fn: FunctionNode): string {
  // Arrow functions have no getName(); the others have it (ts-morph types it per kind, not on the union).
  const named = (fn as unknown as { getName?: () => string | undefined }).getName?.();
  if (named) return named;
  const parent = fn.getParent();
  if (Node.isVariableDeclaration(parent) || Node.isPropertyAssignment(parent) || Node.isPropertyDeclaration(parent))
    return parent.getName();
  return "extracted";
}

/** Methods of classes get private methods; object-literal methods and everything else module functions. */
function isClassMember(fn: FunctionNode): boolean {
  const parent = fn.getParent();
  if (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) return Node.isPropertyDeclaration(parent);
  const isMember =
    Node.isMethodDeclaration(fn) ||
    Node.isGetAccessorDeclaration(fn) ||
    Node.isSetAccessorDeclaration(fn) ||
    Node.isConstructorDeclaration(fn);
  return isMember && (Node.isClassDeclaration(parent) || Node.isClassExpression(parent));
}

function parseLineCount(finding: Finding): { lines: number; max: number } | undefined {
  const match = /has (\d+) lines; the limit is (\d+)/.exec(finding.message);
  return match ? { lines: Number(match[1]), max: Number(match[2]) } : undefined;
}

/** Lines a helper made from the group will have: its statements plus the header, a return and the closing brace. */
const HELPER_OVERHEAD = 3;

/**
 * Groups whose helper fits within the limit come first (so no helper needs splitting in turn): the
 * smallest that alone brings the function under the limit, then the largest others. Groups too big
 * for one helper come last, smallest first; each of those leaves a helper to split again.
 */
export function orderCandidates(
  groups: StatementGroup[],
  excess: number,
  max = Number.POSITIVE_INFINITY,
): StatementGroup[] {
  const fits = groups.filter((group) => group.lines + HELPER_OVERHEAD <= max);
  const enough = fits.filter((group) => group.lines - 2 >= excess).sort((a, b) => a.lines - b.lines);
  const partial = fits.filter((group) => group.lines - 2 < excess).sort((a, b) => b.lines - a.lines);
  const oversized = groups.filter((group) => group.lines + HELPER_OVERHEAD > max).sort((a, b) => a.lines - b.lines);
  return [...enough, ...partial, ...oversized];
}

function pickExtractAction(sourceFile: SourceFile, group: StatementGroup, toClass: boolean): string | undefined {
  const service = sourceFile.getProject().getLanguageService().compilerObject;
  const refactors = service.getApplicableRefactors(sourceFile.getFilePath(), { pos: group.start, end: group.end }, {});
  const actions = refactors
    .filter((r) => r.name === "Extract Symbol")
    .flatMap((r) => r.actions)
    .filter((a) => a.name.startsWith("function_scope_") && !a.notApplicableReason);
  const wanted = toClass ? /method in class/ : /function in (module|global) scope/;
  return actions.find((action) => wanted.test(action.description))?.name;
}

function lineIndentation(text: string, position: number): string {
  const lineStart = text.lastIndexOf("\n", position - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? "";
}

/**
 * The file's indentation unit: how much deeper the first statement of a block sits than the line
 * that opens the block, the most common such step. Text lines (comments, strings) cannot mislead it.
 */
function indentUnitOf(sourceFile: SourceFile): string {
  const text = sourceFile.getFullText();
  const steps = new Map<string, number>();
  for (const block of sourceFile.getDescendantsOfKind(SyntaxKind.Block).slice(0, 200)) {
    const first = block.getStatements()[0];
    if (!first) continue;
    const outer = lineIndentation(text, block.getStart());
    const inner = lineIndentation(text, first.getStart());
    if (inner.length > outer.length && inner.startsWith(outer))
      steps.set(inner.slice(outer.length), (steps.get(inner.slice(outer.length)) ?? 0) + 1);
  }
  const [unit] = [...steps].sort((a, b) => b[1] - a[1])[0] ?? ["  "];
  return unit;
}

function formatSettingsFor(sourceFile: SourceFile): {
  indentSize: number;
  tabSize: number;
  convertTabsToSpaces: boolean;
} {
  const unit = indentUnitOf(sourceFile);
  return unit.startsWith("\t")
    ? { indentSize: 4, tabSize: 4, convertTabsToSpaces: false }
    : { indentSize: unit.length, tabSize: unit.length, convertTabsToSpaces: true };
}

/**
 * The file's text after TypeScript's edits, the function it extracted renamed from its placeholder
 * (`newFunction`, `newMethod2`: a name no identifier of the file has) to `name` in the edits' own text:
 * a rename through the language service would type-check one more version of the program per
 * extraction. Undefined when the edits reach another file or the placeholder also stands in the
 * file's text (a string or comment saying `newFunction`), where a textual rename could touch it.
 */
function renamedExtraction(text: string, edits: ts.RefactorEditInfo, fileName: string, name: string) {
  if (edits.edits.some((edit) => edit.fileName !== fileName) || edits.renameLocation === undefined) return undefined;
  const changes = edits.edits.flatMap((edit) => edit.textChanges).sort((a, b) => b.span.start - a.span.start);
  const apply = (changed: readonly ts.TextChange[]) =>
    changed.reduce(
      (result, { span, newText }) => result.slice(0, span.start) + newText + result.slice(span.start + span.length),
      text,
    );
  const placeholder = /^[\w$]*/.exec(apply(changes).slice(edits.renameLocation))?.[0] ?? "";
  if (!/^new(Function|Method)\d*$/.test(placeholder) || text.includes(placeholder)) return undefined;
  const occurrence = new RegExp(`(?<![\\w$])${placeholder}(?![\\w$])`, "g");
  return apply(changes.map((change) => ({ ...change, newText: change.newText.replace(occurrence, name) })));
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
  moved: MovedStatement[];
}

function containsOwnReturn(group: StatementGroup): boolean {
  return group.statements.some(
    (statement) =>
      Node.isReturnStatement(statement) ||
      statement
        .getDescendants()
        .some(
          (node) =>
            Node.isReturnStatement(node) &&
            node.getFirstAncestor(isFunctionNode) === statement.getFirstAncestor(isFunctionNode),
        ),
  );
}

/** Comments as a sorted list: an extraction must not lose one (TypeScript's refactoring sometimes drops them). */
function commentsOf(text: string): string {
  return (text.match(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g) ?? [])
    .map((comment) => comment.trim())
    .sort()
    .join("\n");
}

function planExtraction(
  sourceFile: SourceFile,
  fn: FunctionNode,
  group: StatementGroup,
): ExtractionAttempt | undefined {
  const name = chooseExtractedName(sourceFile, group, ownerNameOf(fn));
  if (!name) return undefined;
  const action = pickExtractAction(sourceFile, group, isClassMember(fn));
  if (!action) return undefined;
  const service = sourceFile.getProject().getLanguageService().compilerObject;
  const edits = service.getEditsForRefactor(
    sourceFile.getFilePath(),
    formatSettingsFor(sourceFile),
    { pos: group.start, end: group.end },
    "Extract Symbol",
    action,
    {},
  );
  const changes = (edits?.edits ?? []).flatMap((edit) => edit.textChanges);
  const text = changes.map((change) => change.newText).join("\n");
  const callSite =
    changes.find((change) => change.span.start <= group.end && change.span.start + change.span.length >= group.start)
      ?.newText ?? "";
  if (!keepsOuterAssignments(group, callSite)) return undefined;
  return {
    start: group.start,
    end: group.end,
    name,
    action,
    messy: /__return|\bvar \{|\(\{ [^}]*\} = /.test(text),
    returns: containsOwnReturn(group),
    moved: movedStatementsOf(sourceFile, group),
  };
}

const ASSIGNMENT = /^[-+*/%&|^]?=$|^(\*\*|<<|>>>?|&&|\|\||\?\?)=$/;

/** Whether the identifier is written: `x = …`, `x += …`, `x++`, or inside a destructuring assignment target. */
function isWritten(node: Node): boolean {
  const parent = node.getParent();
  if (
    Node.isBinaryExpression(parent) &&
    parent.getLeft() === node &&
    ASSIGNMENT.test(parent.getOperatorToken().getText())
  )
    return true;
  if (
    (Node.isPostfixUnaryExpression(parent) || Node.isPrefixUnaryExpression(parent)) &&
    /\+\+|--/.test(parent.getText())
  )
    return true;
  const pattern = node.getFirstAncestor(
    (ancestor) =>
      !Node.isObjectLiteralExpression(ancestor) &&
      !Node.isArrayLiteralExpression(ancestor) &&
      !Node.isShorthandPropertyAssignment(ancestor) &&
      !Node.isPropertyAssignment(ancestor) &&
      !Node.isSpreadAssignment(ancestor) &&
      !Node.isSpreadElement(ancestor) &&
      !Node.isParenthesizedExpression(ancestor),
  );
  if (!Node.isBinaryExpression(pattern) || pattern.getOperatorToken().getText() !== "=") return false;
  const left = pattern.getLeft();
  return (
    left.getStart() <= node.getStart() &&
    node.getEnd() <= left.getEnd() &&
    (Node.isObjectLiteralExpression(left) || Node.isArrayLiteralExpression(left)) &&
    !(
      Node.isPropertyAssignment(node.getParent()) &&
      // Node.isPropertyAssignment(node.getParent()) was checked on the line above.
      (node.getParent() as import("ts-morph").PropertyAssignment).getNameNode() === node
    )
  );
}

function assignedOuterVariables(group: StatementGroup): string[] {
  const names = new Set<string>();
  for (const statement of group.statements) {
    for (const node of statement.getDescendantsOfKind(SyntaxKind.Identifier)) {
      if (!isWritten(node)) continue;
      const parent = node.getParent();
      const symbol = Node.isShorthandPropertyAssignment(parent) ? parent.getValueSymbol() : node.getSymbol();
      const declaration = symbol?.getDeclarations()[0];
      if (declaration && (declaration.getStart() < group.start || declaration.getStart() > group.end))
        names.add(node.getText());
    }
  }
  return [...names];
}

function isMutableBinding(declaration: Node): boolean {
  if (Node.isParameterDeclaration(declaration)) return true;
  if (Node.isBindingElement(declaration))
    return isMutableBinding(
      declaration.getFirstAncestor((node) => Node.isVariableDeclaration(node) || Node.isParameterDeclaration(node)) ??
        declaration,
    );
  return (
    Node.isVariableDeclaration(declaration) &&
    declaration.getVariableStatement()?.getDeclarationKind() !== VariableDeclarationKind.Const &&
    !declaration.getParent().getText().startsWith("const")
  );
}

interface BindingUse {
  declaration: Node;
  inGroup: boolean;
  inClosure: boolean;
  written: boolean;
}

/** Every use, inside the function, of a mutable local (let, var, parameter) of that function. */
function mutableLocalUses(fn: FunctionNode, group: StatementGroup): BindingUse[] {
  const uses: BindingUse[] = [];
  for (const node of fn.getDescendantsOfKind(SyntaxKind.Identifier)) {
    if (namesMemberOnly(node)) continue;
    const parent = node.getParent();
    const symbol = Node.isShorthandPropertyAssignment(parent) ? parent.getValueSymbol() : node.getSymbol();
    const declaration = symbol?.getDeclarations()[0];
    if (
      !declaration ||
      declaration.getStart() < fn.getStart() ||
      declaration.getEnd() > fn.getEnd() ||
      !isMutableBinding(declaration)
    )
      continue;
    const inGroup = node.getStart() >= group.start && node.getEnd() <= group.end;
    uses.push({
      declaration,
      inGroup,
      inClosure: isInEscapingClosure(fn, node),
      written: isWritten(node),
    });
  }
  return uses;
}

/**
 * A closure shares its variables with the function around it; after an extraction, a variable that
 * crosses the group's boundary exists twice (the helper's copy and the caller's), and a closure keeps
 * seeing only one of them. Refuse a group when a reassigned local crosses its boundary and a closure
 * that may run at another time uses that local (a synchronous callback such as `forEach`'s runs
 * where it is called, so it sees the right copy: the helper passes the local in and hands it back).
 */
export function splitsSharedClosureState(fn: FunctionNode, group: StatementGroup): boolean {
  const uses = mutableLocalUses(fn, group);
  const declaredInside = (declaration: Node) =>
    declaration.getStart() >= group.start && declaration.getStart() <= group.end;
  return [...new Set(uses.map((use) => use.declaration))].some((declaration) => {
    const own = uses.filter((use) => use.declaration === declaration);
    const crosses = own.some((use) => use.inGroup) && (!declaredInside(declaration) || own.some((use) => !use.inGroup));
    return crosses && own.some((use) => use.written) && own.some((use) => use.inClosure);
  });
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

/** More inputs than this and a reviewer sees a helper that needs most of its caller's locals: no split at all. */
const MAX_HELPER_PARAMETERS = 5;
/**
 * An early-exit helper passes more than five inputs as one named object; past this many it is a
 * helper that needs its caller's whole state, which no reviewer would call a split.
 */
const MAX_EARLY_EXIT_INPUTS = 10;

function tooManyParameters(sourceFile: SourceFile, name: string): boolean {
  const helper = helperNamed(sourceFile, name);
  return helper !== undefined && helper.getParameters().length > MAX_HELPER_PARAMETERS;
}

/** Runs TypeScript's own Extract Symbol on one group; keeps it only if it names cleanly and type-checks. */
function applyExtraction(context: TransformFileContext, attempt: ExtractionAttempt): boolean {
  const { sourceFile } = context;
  const { start, end, action, name } = attempt;
  const snapshot = sourceFile.getFullText();
  const edits = sourceFile
    .getProject()
    .getLanguageService()
    .getEditsForRefactor(
      sourceFile,
      formatSettingsFor(sourceFile),
      { getPos: () => start, getEnd: () => end },
      "Extract Symbol",
      action,
    );
  const rewritten = edits && renamedExtraction(snapshot, edits.compilerObject, sourceFile.getFilePath(), name);
  if (!rewritten) return false;
  sourceFile.replaceWithText(rewritten);
  const renamed = commentsOf(rewritten) === commentsOf(snapshot);
  if (renamed) restoreMovedText(sourceFile, name, attempt.moved);
  if (!renamed || tooManyParameters(sourceFile, name) || context.checkRewrite()) {
    sourceFile.replaceWithText(snapshot);
    return false;
  }
  return true;
}

/** Whether the helper would be shorter than the function it comes from (header, return and brace added). */
function makesProgress(group: StatementGroup, functionLines: number): boolean {
  return group.lines + HELPER_OVERHEAD < functionLines;
}

function rank(attempt: ExtractionAttempt): number {
  return (attempt.messy ? 2 : 0) + (attempt.returns ? 1 : 0);
}

interface SplitCandidates {
  fn: FunctionNode;
  groups: StatementGroup[];
}

/** Groups whose helper fits the limit, or those whose helper would be split again in turn. */
type HelperSize = "fits" | "oversized";

function candidatesFor(context: TransformFileContext, finding: Finding, size: HelperSize): SplitCandidates | undefined {
  const fn = findReportedFunction(context.sourceFile, finding);
  const body = fn ? bodyStatements(fn) : undefined;
  const count = parseLineCount(finding);
  if (!fn || !body || !count) return undefined;
  const groups = orderCandidates(candidateGroups(body), count.lines - count.max, count.max).filter(
    (group) => makesProgress(group, count.lines) && group.lines + HELPER_OVERHEAD <= count.max === (size === "fits"),
  );
  // Whole paragraphs and statements first (they carry the author's structure and comments), then parts of paragraphs.
  const whole = groups.filter((group) => !group.partial).slice(0, MAX_ATTEMPTS_PER_ROUND * 2);
  return { fn, groups: [...whole, ...groups.filter((group) => group.partial).slice(0, MAX_ATTEMPTS_PER_ROUND)] };
}

/**
 * TypeScript's Extract Symbol fails on some code it does not expect (its own "Debug Failure"s). Such
 * a group is left as it was, like one that would not type-check, and the failure is kept for the
 * function's row; the other groups, functions and files go on.
 */
function guarded<T>(context: TransformFileContext, failures: string[], step: () => T): T | undefined {
  const snapshot = context.sourceFile.getFullText();
  try {
    return step();
  } catch (error) {
    context.sourceFile.replaceWithText(snapshot);
    failures.push(firstLineOf(error));
    return undefined;
  }
}

/**
 * Tries candidates in order, applying the first clean one (a plain call or a single returned value) as
 * soon as it is planned: asking the language service for edits is the slow part. Messy ones (several
 * outputs, a chained return) are tried only when no clean one applies. A rolled-back attempt replaces
 * the file's text, which forgets every node, so the candidates are found again (same text, same order).
 */
function extractClean(
  context: TransformFileContext,
  finding: Finding,
  failures: string[],
  size: HelperSize,
): { applied: boolean; messy: ExtractionAttempt[] } {
  let candidates = candidatesFor(context, finding, size);
  const total = candidates?.groups.length ?? 0;
  const fallbacks: ExtractionAttempt[] = [];
  for (let index = 0; index < total; index++) {
    candidates ??= candidatesFor(context, finding, size);
    if (!candidates) return { applied: false, messy: [] };
    const { fn, groups } = candidates;
    const group = groups[index];
    // Candidates found again after a rollback come out the same (same text, same order), so index stays in range.
    if (group === undefined) return { applied: false, messy: [] };
    if (splitsSharedClosureState(fn, group)) continue;
    const failuresBefore = failures.length;
    const attempt = guarded(context, failures, () => planExtraction(context.sourceFile, fn, group));
    if (failures.length > failuresBefore) candidates = undefined;
    if (!attempt) continue;
    if (rank(attempt) > 0) fallbacks.push(attempt);
    else if (guarded(context, failures, () => applyExtraction(context, attempt))) return { applied: true, messy: [] };
    else candidates = undefined;
  }
  const ordered = fallbacks.sort((a, b) => rank(a) - rank(b)).slice(0, MAX_ATTEMPTS_PER_ROUND);
  const chained = ordered.filter((attempt) => !attempt.messy);
  const applied = chained.some((attempt) => guarded(context, failures, () => applyExtraction(context, attempt)));
  return { applied, messy: applied ? [] : ordered.filter((attempt) => attempt.messy) };
}

function applyFirst(context: TransformFileContext, failures: string[], attempts: ExtractionAttempt[]): boolean {
  return attempts.some((attempt) => guarded(context, failures, () => applyExtraction(context, attempt)));
}

/**
 * One extraction from the function: a group whose helper fits the limit (TypeScript's extraction,
 * then an early-exit helper), and only when none applies a bigger one, whose helper is split in
 * turn: moving nearly the whole body into one helper first would only move the problem.
 */
function splitOnce(context: TransformFileContext, finding: Finding, failures: string[]): boolean {
  const fitting = extractClean(context, finding, failures, "fits");
  if (fitting.applied) return true;
  // Several outputs (`{ a, b } = helper()`) read worse than a helper that reports how it ended.
  if (guarded(context, failures, () => extractEarlyExit(context, finding))) return true;
  if (applyFirst(context, failures, fitting.messy)) return true;
  const oversized = extractClean(context, finding, failures, "oversized");
  return oversized.applied || applyFirst(context, failures, oversized.messy);
}

/**
 * Groups TypeScript would not extract (returns inside branches, break/continue out of the group,
 * writes to earlier locals) become helpers that report how they ended; tried after every clean
 * extraction failed. Each attempt type-checks the file, so only a few are tried per round.
 */
function extractEarlyExit(context: TransformFileContext, finding: Finding): boolean {
  const candidates = candidatesFor(context, finding, "fits");
  if (!candidates) return false;
  const { fn, groups } = candidates;
  const unit = indentUnitOf(context.sourceFile);
  const rewrites: string[] = [];
  // Only helpers that fit the limit: a helper to split again would cascade into nested helpers.
  const max = parseLineCount(finding)?.max ?? Number.POSITIVE_INFINITY;
  for (const group of groups.filter((candidate) => candidate.lines + HELPER_OVERHEAD + 1 <= max)) {
    const found = splitsSharedClosureState(fn, group) ? undefined : planEarlyExit(fn, group);
    const plan = found && passedInputs(found).length <= MAX_EARLY_EXIT_INPUTS ? found : undefined;
    const name = plan && chooseExtractedName(context.sourceFile, group, ownerNameOf(fn));
    const rewritten = plan && name && rewriteForEarlyExit(context.sourceFile, fn, group, plan, name, unit);
    if (rewritten) rewrites.push(rewritten);
    if (rewrites.length === MAX_EARLY_EXIT_ATTEMPTS) break;
  }
  return rewrites.some((rewritten) => keepIfTypeSafe(context.sourceFile, rewritten, context.checkTypesSince));
}

function headText(context: TransformFileContext, finding: Finding): string {
  const { start } = findingOffsets(context.sourceFile, finding);
  return firstLine(context.sourceFile.getFullText().slice(start, start + 80));
}

/** Why the rest of a function could not be extracted, from what its body holds, for the manual row. */
export function whyNotSplit(fn: FunctionNode | undefined): string {
  const causes: string[] = [];
  const body = fn ? bodyStatements(fn) : undefined;
  const own = (node: Node) => node.getFirstAncestor(isFunctionNode) === fn;
  const inner = body?.flatMap((statement) => [statement, ...statement.getDescendants()]).filter(own) ?? [];
  if (inner.some((node) => Node.isReturnStatement(node) && !body?.includes(node)))
    causes.push("early returns inside branches or loops (TypeScript cannot extract a conditional return)");
  if (inner.some((node) => Node.isBreakStatement(node) || Node.isContinueStatement(node)))
    causes.push("break/continue tied to an enclosing loop or switch");
  if (inner.some((node) => Node.isYieldExpression(node))) causes.push("yield expressions");
  if (
    body?.some((statement) =>
      statement.getDescendants().some((node) => isFunctionNode(node) && own(node.getParentOrThrow())),
    )
  )
    causes.push("closures sharing local variables with the rest of the function");
  const found = causes.length > 0 ? `: ${causes.join("; ")}` : "";
  return `no remaining group of statements could be extracted without changing behaviour or adding a type error${found}; split it by hand`;
}

function describeFailures(failures: string[]): string {
  if (failures.length === 0) return "";
  return `; TypeScript's Extract Symbol failed on ${failures.length} group(s) of it (${[...new Set(failures)].join("; ")})`;
}

/** Extracts groups until no function in the file is over the limit or none can be split further. */
function splitFile(context: TransformFileContext): Map<string, string> {
  const stuck = new Map<string, string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const [finding] = context.relint().filter((candidate) => !stuck.has(headText(context, candidate)));
    if (finding === undefined) break;
    const failures: string[] = [];
    const helpersBefore = snapshotHelpers(context.sourceFile);
    if (splitOnce(context, finding, failures)) layOutNewHelpers(context.sourceFile, helpersBefore);
    else
      stuck.set(
        headText(context, finding),
        whyNotSplit(findReportedFunction(context.sourceFile, finding)) + describeFailures(failures),
      );
  }
  return stuck;
}

function rowFor(
  context: TransformFileContext,
  finding: Finding,
  stuckHeads: Map<string, string>,
  originalHead: string,
): ChangeRow {
  const row: ChangeRow = {
    file: context.relativePath,
    line: finding.line,
    column: finding.column,
    rule: `txo/${RULE}`,
    transform: "split-long-functions",
    issue: firstLine(finding.message),
    fix: "extracted cohesive statement groups into named functions (TypeScript's Extract Symbol)",
    status: "fixed",
    breaking: BREAKING,
  };
  const reason = stuckHeads.get(originalHead);
  if (reason === undefined) return row;
  return { ...row, status: "manual", fix: "none (or only partly split)", reason };
}

/**
 * Manual rows for functions this transform extracted that are still over the limit, with the reason
 * they could not be split further; their lines are given in the file as it was before the split
 * (where the function they came out of stood).
 */
function extractedStillLong(
  context: TransformFileContext,
  textBefore: string,
  stuck: Map<string, string>,
  originalHeads: string[],
): ChangeRow[] {
  const toBefore = mapLinesBack(textBefore, context.sourceFile.getFullText());
  return context.relint().flatMap((finding) => {
    const head = headText(context, finding);
    const reason = stuck.get(head);
    if (reason === undefined || originalHeads.includes(head)) return [];
    const row: ChangeRow = {
      file: context.relativePath,
      line: toBefore(finding.line),
      column: 1,
      rule: `txo/${RULE}`,
      transform: "split-long-functions",
      issue: firstLine(finding.message),
      fix: "none (or only partly split)",
      status: "manual",
      breaking: BREAKING,
    };
    return [{ ...row, reason: `a function this transform extracted is still over the limit: ${reason}` }];
  });
}

function applyToFile(context: TransformFileContext): ChangeRow[] {
  const textBefore = context.sourceFile.getFullText();
  const originals = context.findings.map((finding) => ({ finding, head: headText(context, finding) }));
  const originalHeads = originals.map(({ head }) => head);
  const stuck = splitFile(context);
  const rows = originals.map(({ finding, head }) => rowFor(context, finding, stuck, head));
  return [...rows, ...extractedStillLong(context, textBefore, stuck, originalHeads)];
}

/** split-long-functions: brings functions over the line limit under it with TypeScript's Extract Symbol. */
export function createSplitLongFunctions(): Transform {
  return { name: "split-long-functions", rule: RULE, breaking: BREAKING, applyToFile };
}
