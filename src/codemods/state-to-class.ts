import { basename } from "node:path";
import { Node, type SourceFile, type VariableDeclaration } from "ts-morph";
import { ensureNamedImport } from "./imports.js";
import { findNodeForFinding } from "./node-mapping.js";
import { collectStateVariables, planStateMove, type ModuleFunction, type StateVariable } from "./state-analysis.js";
import { renderConstructor, renderMethod, renderWrapper } from "./state-class-text.js";
import type { ChangeRow, Finding, Transform, TransformFileContext } from "./types.js";

const RULE = "no-global-mutable-state";
const ACRONYMS: Readonly<Record<string, string>> = Object.freeze({ oauth: "OAuth", oauth2: "OAuth2", jwt: "Jwt", io: "IO" });

/** `oauth-helpers.ts` → `OAuthHelpers`. */
export function classNameForModule(filePath: string): string {
  const stem = basename(filePath).replace(/\.[cm]?[jt]sx?$/, "").replace(/\.(index)$/, "");
  const words = stem.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words.map((word) => ACRONYMS[word.toLowerCase()] ?? word[0].toUpperCase() + word.slice(1)).join("");
  return /^[A-Za-z]/.test(name) ? name : `Module${name}`;
}

function declarationForFinding(sourceFile: SourceFile, finding: Finding): VariableDeclaration | undefined {
  const node = findNodeForFinding(sourceFile, finding);
  const declaration = node && (Node.isVariableDeclaration(node) ? node : node.getFirstAncestor((a) => Node.isVariableDeclaration(a)));
  return declaration && Node.isVariableDeclaration(declaration) ? declaration : undefined;
}

function unitOf(sourceFile: SourceFile): string {
  return /^(\t| {2,4})(?![*\s])\S/m.exec(sourceFile.getFullText())?.[1] ?? "  ";
}

interface ClassPlan {
  className: string;
  /** Local name of node:util's deprecate in this file. */
  deprecateName: string;
  state: StateVariable[];
  functions: ModuleFunction[];
}

function renderClassBlock(plan: ClassPlan, unit: string): string {
  const memberNames = new Set([...plan.state.map((v) => v.name), ...plan.functions.map((f) => f.name)]);
  const declarations = new Set<Node>([...plan.state.map((v) => v.declaration), ...plan.functions.map((f) => (Node.isVariableStatement(f.node) ? f.node.getDeclarations()[0] : f.node))]);
  const methods = plan.functions.map((fn) => renderMethod(fn, memberNames, declarations, unit));
  const { className } = plan;
  const instance = `default${className}`;
  return [
    `/** The state this module used to keep in module-level variables, owned by an instance: create one per use and inject it. */`,
    `export class ${className} {`,
    renderConstructor(plan.state, unit),
    ...methods.map((method) => `\n${method}`),
    `}`,
    ``,
    `/** Creates an instance of ${className}: the recommended replacement for this module's deprecated functions. */`,
    `export function create${className}(...args: ConstructorParameters<typeof ${className}>): ${className} {`,
    `${unit}return new ${className}(...args);`,
    `}`,
    ``,
    `// Created at module load, exactly like the state it replaces; used only by the deprecated wrappers.`,
    `const ${instance} = new ${className}();`,
    `const warn${className}Deprecated = ${plan.deprecateName}(() => undefined, "The module-level functions of ${className.replace(/"/g, "")} are deprecated: create an instance (new ${className}()) and call its methods.", "TXO_STATE_${className.toUpperCase()}");`,
  ].join("\n");
}

function rewriteModule(sourceFile: SourceFile, plan: ClassPlan): string {
  const text = sourceFile.getFullText();
  const unit = unitOf(sourceFile);
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const lastState = plan.state.reduce((last, v) => (v.statement.getStart() > last.statement.getStart() ? v : last));
  for (const variable of plan.state) edits.push({ start: variable.statement.getStart(true), end: variable.statement.getEnd(), text: variable === lastState ? renderClassBlock(plan, unit) : "" });
  for (const fn of plan.functions) {
    const wrapper = fn.exported ? renderWrapper(fn, plan.className, `default${plan.className}`, `warn${plan.className}Deprecated`) : "";
    edits.push({ start: fn.node.getStart(true), end: fn.node.getEnd(), text: wrapper });
  }
  let result = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result.replace(/\n{3,}/g, "\n\n");
}

function rowFor(context: TransformFileContext, finding: Finding): ChangeRow {
  return { file: context.relativePath, line: finding.line, column: finding.column, rule: `txo/${RULE}`, transform: "state-to-class", issue: finding.message.split("\n")[0], fix: "none", status: "fixed", breaking: "low" };
}

function planFile(context: TransformFileContext, findings: Finding[]): ClassPlan | string {
  const declarations = findings.map((finding) => declarationForFinding(context.sourceFile, finding));
  if (declarations.some((d) => d === undefined)) return "could not locate the reported variable declaration";
  const state = collectStateVariables(declarations as VariableDeclaration[]);
  if (typeof state === "string") return state;
  const outcome = planStateMove(context.sourceFile, state);
  if ("manual" in outcome) return outcome.manual;
  const className = context.options.className ?? classNameForModule(context.sourceFile.getFilePath());
  if (context.sourceFile.getDescendants().some((node) => Node.isIdentifier(node) && node.getText() === className)) return `the class name ${className} is already used in this module; pass --class-name`;
  return { className, deprecateName: "deprecate", state: outcome.state, functions: outcome.functions };
}

function manualRows(rows: ChangeRow[], reason: string): ChangeRow[] {
  return rows.map((row) => ({ ...row, status: "manual", reason }));
}

function applyToFile(context: TransformFileContext): ChangeRow[] {
  const movable = context.findings.filter((finding) => !["globalObjectWrite", "mutatedStaticField"].includes(finding.messageId ?? ""));
  const others = context.findings.filter((finding) => !movable.includes(finding)).map((finding) => ({ ...rowFor(context, finding), status: "manual" as const, reason: finding.messageId === "globalObjectWrite" ? "a write to the global object is shared by every module: decide who should own this value and pass it explicitly" : "a mutated static field is state shared by every instance: move it into an instance by hand" }));
  if (movable.length === 0) return others;
  const rows = movable.map((finding) => rowFor(context, finding));
  const plan = planFile(context, movable);
  if (typeof plan === "string") return [...manualRows(rows, plan), ...others];
  const snapshot = context.sourceFile.getFullText();
  plan.deprecateName = ensureNamedImport(context.sourceFile, "deprecate", "node:util").localName;
  context.sourceFile.replaceWithText(rewriteModule(context.sourceFile, plan));
  const problem = context.checkRewrite();
  if (problem) {
    context.sourceFile.replaceWithText(snapshot);
    return [...manualRows(rows, problem), ...others];
  }
  const fix = `moved into class ${plan.className} (${plan.functions.map((f) => `${f.name}()`).join(", ") || "no functions"}); exported functions kept as deprecated wrappers over a default instance`;
  return [...rows.map((row) => ({ ...row, fix })), ...others];
}

/** state-to-class: module state and the functions that touch it move into a class the caller creates. */
export function createStateToClass(): Transform {
  return { name: "state-to-class", rule: RULE, breaking: "low", applyToFile };
}
