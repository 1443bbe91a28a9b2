import { basename } from "node:path";
import { Node, type SourceFile, SyntaxKind, type VariableDeclaration } from "ts-morph";
import { type CodeStyle, detectCodeStyle, quoted } from "./code-style.js";
import { firstLine } from "./error-line.js";
import { ensureNamedImport, isCommonJsFile } from "./imports.js";
import { findNodeForFinding } from "./node-mapping.js";
import { mapLinesBack, renumberLines } from "./line-map.js";
import {
  attachedComments,
  collectStateVariables,
  planStateMove,
  soleDeclaration,
  type ModuleFunction,
  type StateVariable,
} from "./state-analysis.js";
import {
  type MemberContext,
  renderConstructor,
  renderMethod,
  renderWrapper,
  type WrapperNames,
} from "./state-class-text.js";
import { INSTANCE_COMMENT, redirectOwnCallers, type RewrittenModule } from "./state-own-callers.js";
import type { ChangeRow, Finding, Transform, TransformFileContext } from "./types.js";
import { transformPrinciple } from "./transform-principle.js";

const { rule: RULE, breaking: BREAKING } = transformPrinciple("state-to-class");
const ACRONYMS: Readonly<Record<string, string>> = Object.freeze({
  oauth: "OAuth",
  oauth2: "OAuth2",
  jwt: "Jwt",
  io: "IO",
});

/** `oauth-helpers.ts` → `OAuthHelpers`. */
export function classNameForModule(filePath: string): string {
  const stem = basename(filePath)
    .replace(/\.[cm]?[jt]sx?$/, "")
    .replace(/\.(index)$/, "");
  const words = stem.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words
    .map((word) => ACRONYMS[word.toLowerCase()] ?? word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
  return /^[A-Za-z]/.test(name) ? name : `Module${name}`;
}

function declarationForFinding(sourceFile: SourceFile, finding: Finding): VariableDeclaration | undefined {
  const node = findNodeForFinding(sourceFile, finding);
  const declaration =
    node && (Node.isVariableDeclaration(node) ? node : node.getFirstAncestor((a) => Node.isVariableDeclaration(a)));
  return declaration && Node.isVariableDeclaration(declaration) ? declaration : undefined;
}

/** A module-level `var a = 1, b = [];` whose variables are all plain names. */
function isSharedModuleDeclaration(declaration: VariableDeclaration): boolean {
  const statement = declaration.getVariableStatement();
  if (!statement || !Node.isSourceFile(statement.getParent()) || statement.getDeclarations().length < 2) return false;
  return statement.getDeclarations().every((each) => Node.isIdentifier(each.getNameNode()));
}

/** The declarations after a split, and how to turn a line of the split text back into the file's line. */
interface SeparatedDeclarations {
  declarations: VariableDeclaration[];
  originalLine: (line: number) => number;
}

/**
 * `var IDX = 256, HEX = [], BUFFER;` becomes one statement per line (same keyword, same `export`;
 * comments before the statement stay before the first), so each variable can move, or stay, on
 * its own. The declarations are found again by name in the new text.
 */
function splitSharedDeclarations(sourceFile: SourceFile, declarations: VariableDeclaration[]): SeparatedDeclarations {
  const names = declarations.map((declaration) => declaration.getName());
  const statements = [
    ...new Set(
      declarations.filter(isSharedModuleDeclaration).map((declaration) => declaration.getVariableStatementOrThrow()),
    ),
  ];
  if (statements.length === 0) return { declarations, originalLine: (line) => line };
  const original = sourceFile.getFullText();
  const end = detectCodeStyle(sourceFile).semicolons ? ";" : "";
  let text = original;
  // From the end of the file backwards, so earlier offsets stay valid; one whole-text replacement,
  // because ts-morph cannot replace one statement node by several.
  for (const statement of statements.sort((left, right) => right.getStart() - left.getStart())) {
    const head = `${statement.isExported() ? "export " : ""}${statement.hasDeclareKeyword() ? "declare " : ""}${statement.getDeclarationKind()} `;
    const separate = statement.getDeclarations().map((declaration) => `${head}${declaration.getText()}${end}`);
    text = `${text.slice(0, statement.getStart())}${separate.join("\n")}${text.slice(statement.getEnd())}`;
  }
  sourceFile.replaceWithText(text);
  return {
    declarations: names
      .map((name) => sourceFile.getVariableDeclaration(name))
      .filter((declaration) => declaration !== undefined),
    originalLine: mapLinesBack(original, text),
  };
}

interface ClassPlan extends WrapperNames {
  /** A TypeScript file (type annotations allowed), not JavaScript. */
  typed: boolean;
  state: StateVariable[];
  functions: ModuleFunction[];
}

function namesFor(className: string): WrapperNames {
  return {
    className,
    factoryName: `create${className}`,
    instanceName: `default${className}`,
    warnName: `warn${className}Deprecated`,
  };
}

function memberContext(plan: ClassPlan): MemberContext {
  const functionDeclarations = new Set<Node>(
    plan.functions.map((f) => (Node.isVariableStatement(f.node) ? soleDeclaration(f.node) : f.node)),
  );
  return {
    names: new Set([...plan.state.map((v) => v.name), ...plan.functions.map((f) => f.name)]),
    declarations: new Set<Node>([...plan.state.map((v) => v.declaration), ...functionDeclarations]),
    functionDeclarations,
    typed: plan.typed,
  };
}

/** `PriceCache` → `TXO_STATE_PRICE_CACHE`: the code Node prints with the warning and accepts in --no-deprecation lists. */
function deprecationCode(className: string): string {
  return `TXO_STATE_${className.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}`;
}

function deprecationMessage(plan: ClassPlan, moduleName: string, style: CodeStyle): string {
  const exported = plan.functions.filter((f) => f.exported).map((f) => `${f.name}()`);
  const subject =
    exported.length > 3
      ? `${exported.slice(0, 3).join(", ")} and the other functions`
      : exported.join(", ").replace(/, ([^,]*)$/, " and $1");
  const text = `${subject} of ${moduleName} keep their state in one hidden module-wide instance and are deprecated. Create your own with ${plan.factoryName}() (or new ${plan.className}()) and call its methods.`;
  return quoted(text, style.quote);
}

function renderClassBlock(plan: ClassPlan, style: CodeStyle, moduleName: string): string {
  const context = memberContext(plan);
  const methods = plan.functions.map((fn) => `\n${renderMethod(fn, context, style)}`);
  const { className, factoryName, instanceName, warnName } = plan;
  const { indent } = style;
  const end = style.semicolons ? ";" : "";
  return [
    `${CLASS_DOC_START}${moduleName} used to keep in module-level variables. Create one where it is needed and pass it on. */`,
    `export class ${className} {`,
    renderConstructor(plan.state, style, plan.typed),
    ...methods,
    `}`,
    ``,
    `/** Creates a new ${className}: use it instead of the module's deprecated functions. */`,
    plan.typed
      ? `export function ${factoryName}(...args: ConstructorParameters<typeof ${className}>): ${className} {`
      : `export function ${factoryName}(...args) {`,
    `${indent}return new ${className}(...args)${end}`,
    `}`,
    ``,
    INSTANCE_COMMENT,
    `const ${instanceName} = new ${className}()${end}`,
    `const ${warnName} = ${DEPRECATE_PLACEHOLDER}(`,
    `${indent}() => undefined,`,
    `${indent}${deprecationMessage(plan, moduleName, style)},`,
    `${indent}${quoted(deprecationCode(className), style.quote)},`,
    `)${end}`,
  ].join("\n");
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Removing a statement also removes its line break and the blank lines after it, so no gap is left behind. */
function removal(text: string, start: number, end: number): Edit {
  const trailing = /^[\t ]*(\r?\n[\t ]*)*(?=\S|$)/.exec(text.slice(end))?.[0] ?? "";
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const onlyIndentBefore = /^[\t ]*$/.test(text.slice(lineStart, start));
  return { start: onlyIndentBefore ? lineStart : start, end: end + trailing.length, text: "" };
}

/** Stands for node:util's deprecate until the import is added and its local name is known. */
const DEPRECATE_PLACEHOLDER = "\u0000deprecate\u0000";
const CLASS_DOC_START = "/** Owns the state ";

/** The edits, positioned in the file as it is before the `deprecate` import is added. */
function planEdits(sourceFile: SourceFile, plan: ClassPlan): Edit[] {
  const text = sourceFile.getFullText();
  const style = detectCodeStyle(sourceFile);
  const moduleName = sourceFile.getBaseName();
  const startOf = (node: Node) => attachedComments(node).start;
  const lastState = plan.state.reduce((last, v) => (v.statement.getStart() > last.statement.getStart() ? v : last));
  const edits: Edit[] = plan.state.map((v) =>
    v === lastState
      ? { start: startOf(v.statement), end: v.statement.getEnd(), text: renderClassBlock(plan, style, moduleName) }
      : removal(text, startOf(v.statement), v.statement.getEnd()),
  );
  for (const fn of plan.functions) {
    edits.push(
      fn.exported
        ? { start: startOf(fn.node), end: fn.node.getEnd(), text: renderWrapper(fn, plan, style, plan.typed) }
        : removal(text, startOf(fn.node), fn.node.getEnd()),
    );
  }
  edits.push(...ownCallEdits(sourceFile, plan));
  return edits.sort((a, b) => b.start - a.start);
}

/**
 * Calls of a moved exported function from code that stays in the file go to the default instance:
 * the deprecated wrapper's warning is for other modules' callers, and the library's own calls
 * (ni's `getDefaultAgent()` calling `getConfig()`) would otherwise print it on every run.
 */
function ownCallEdits(sourceFile: SourceFile, plan: ClassPlan): Edit[] {
  const moved = [...plan.functions.map((fn) => fn.node), ...plan.state.map((variable) => variable.statement)];
  const isMoved = (node: Node) =>
    moved.some((owner) => node.getStart() >= owner.getStart() && node.getEnd() <= owner.getEnd());
  const exported = plan.functions.filter((fn) => fn.exported);
  const declarations = new Set<Node>(
    exported.map((fn) => (Node.isVariableStatement(fn.node) ? soleDeclaration(fn.node) : fn.node)),
  );
  const names = new Set(exported.map((fn) => fn.name));
  return sourceFile
    .getDescendantsOfKind(SyntaxKind.Identifier)
    .filter((identifier) => names.has(identifier.getText()) && !isMoved(identifier))
    .filter((identifier) => {
      const call = identifier.getParent();
      const declared = identifier.getSymbol()?.getDeclarations()[0];
      return (
        Node.isCallExpression(call) &&
        call.getExpression() === identifier &&
        declared !== undefined &&
        declarations.has(declared)
      );
    })
    .map((identifier) => ({
      start: identifier.getStart(),
      end: identifier.getEnd(),
      text: `${plan.instanceName}.${identifier.getText()}`,
    }));
}

/** Adds the import, then applies the edits shifted past it; undefined when the import landed inside the edited code. */
function rewriteWithImport(sourceFile: SourceFile, edits: Edit[]): string | undefined {
  const before = sourceFile.getFullText();
  const localName = ensureNamedImport(sourceFile, "deprecate", "node:util").localName;
  let result = sourceFile.getFullText();
  const shift = result.length - before.length;
  for (const edit of edits) {
    if (result.slice(edit.start + shift, edit.end + shift) !== before.slice(edit.start, edit.end)) return undefined;
    result =
      result.slice(0, edit.start + shift) +
      edit.text.replaceAll(DEPRECATE_PLACEHOLDER, localName) +
      result.slice(edit.end + shift);
  }
  // A file header comment that sat right above the first state variable stays apart from the class.
  const classAt = result.indexOf(`\n${CLASS_DOC_START}`);
  if (classAt > 0 && result[classAt - 1] !== "\n") result = `${result.slice(0, classAt)}\n${result.slice(classAt)}`;
  return result.replace(/\n+$/, "\n");
}

function rowFor(context: TransformFileContext, finding: Finding): ChangeRow {
  return {
    file: context.relativePath,
    line: finding.line,
    column: finding.column,
    rule: `txo/${RULE}`,
    transform: "state-to-class",
    issue: firstLine(finding.message),
    fix: "none",
    status: "fixed",
    breaking: BREAKING,
  };
}

function isNameTaken(sourceFile: SourceFile, name: string): boolean {
  return sourceFile.getDescendants().some((node) => Node.isIdentifier(node) && node.getText() === name);
}

/** The module's name, or `<Name>State` when the module already declares that name (`api-client.ts` exporting `ApiClient`). */
function chooseClassName(context: TransformFileContext): string | { manual: string } {
  const { sourceFile } = context;
  const free = (name: string) =>
    !Object.values<string>({ ...namesFor(name) }).some((used) => isNameTaken(sourceFile, used));
  const given = context.options.className;
  if (given !== undefined)
    return free(given)
      ? given
      : {
          manual: `the class name ${given} (or ${namesFor(given).factoryName}) is already used in this module; pass another --class-name`,
        };
  const derived = classNameForModule(sourceFile.getFilePath());
  const candidate = [derived, `${derived}State`].find(free);
  return (
    candidate ?? {
      manual: `the names ${derived} and ${derived}State are already used in this module; pass --class-name`,
    }
  );
}

function planFile(context: TransformFileContext, findings: Finding[]): ClassPlan | string {
  const declarations = findings.map((finding) => declarationForFinding(context.sourceFile, finding));
  const found = declarations.filter((d): d is VariableDeclaration => d !== undefined);
  if (found.length !== declarations.length) return "could not locate the reported variable declaration";
  const separated = splitSharedDeclarations(context.sourceFile, found);
  if (separated.declarations.length !== declarations.length)
    return "could not locate the reported variable declaration";
  const state = collectStateVariables(separated.declarations);
  if (typeof state === "string") return renumberLines(state, separated.originalLine);
  const outcome = planStateMove(context.sourceFile, state);
  if ("manual" in outcome) return renumberLines(outcome.manual, separated.originalLine);
  if (isCommonJsFile(context.sourceFile))
    return "a CommonJS module: state-to-class writes ES module exports; convert the file to ESM or move the state by hand";
  const className = chooseClassName(context);
  if (typeof className !== "string") return className.manual;
  const typed = /\.[cm]?tsx?$/.test(context.sourceFile.getFilePath());
  return { ...namesFor(className), typed, state: outcome.state, functions: outcome.functions };
}

function manualRows(rows: ChangeRow[], reason: string): ChangeRow[] {
  return rows.map((row) => ({ ...row, status: "manual", reason }));
}

const NOT_MOVABLE: Readonly<Record<string, string>> = Object.freeze({
  globalObjectWrite:
    "a property of the global object is shared by every module in the process: decide which object should own this value and pass it to the code that needs it",
  mutatedStaticField:
    "a mutated static field is one copy for the whole process: make it an instance field of an object the caller creates and passes in",
  statefulInstance:
    "the state already lives in a class: let the caller create the instance and pass it in instead of importing the shared one",
});

const LOGGER_NAME = /^(log|logger|debug|\w*Logger)$/i;
const LOGGER_FACTORY =
  /^(debug|createDebug|makeDebug|pino|bunyan\.createLogger|winston\.createLogger|createLogger|getLogger|consola\.\w+|\w*[Ll]ogger\.child)\s*\(/;

/**
 * A module-level logger (`const log = debug("app")`, `let logger: Logger`) is process-wide on
 * purpose: logging is the rule's own exception, and moving it into a class would only thread a
 * logger through every caller. Such findings are left alone.
 */
function isLogger(sourceFile: SourceFile, finding: Finding): boolean {
  const declaration = declarationForFinding(sourceFile, finding);
  if (!declaration || !Node.isIdentifier(declaration.getNameNode())) return false;
  const typeName = declaration.getType().getNonNullableType().getSymbol()?.getName() ?? "";
  const initializer = declaration.getInitializer()?.getText() ?? "";
  // A cache of loggers (`new Map<string, Logger>()`) or any state of a logging module is logging too.
  const holdsLoggers =
    /\b(Logger|Debugger)\b/.test(declaration.getType().getText(declaration)) ||
    /^(log|logger|logging)\.[cm]?[jt]sx?$/.test(sourceFile.getBaseName());
  return (
    LOGGER_NAME.test(declaration.getName()) ||
    /Logger|Debugger/.test(typeName) ||
    LOGGER_FACTORY.test(initializer) ||
    holdsLoggers
  );
}

function leftAloneRows(context: TransformFileContext): {
  loggers: ChangeRow[];
  notMovable: ChangeRow[];
  movable: Finding[];
} {
  const loggerFindings = context.findings.filter((finding) => isLogger(context.sourceFile, finding));
  const loggers = loggerFindings.map((finding) => ({
    ...rowFor(context, finding),
    status: "skipped" as const,
    fix: "none",
    reason: "a logger: process-wide on purpose (logging is excepted), so it stays where it is",
  }));
  const rest = context.findings.filter((finding) => !loggerFindings.includes(finding));
  const movable = rest.filter((finding) => !(finding.messageId && finding.messageId in NOT_MOVABLE));
  const notMovable = rest
    .filter((finding) => !movable.includes(finding))
    .map((finding) => ({
      ...rowFor(context, finding),
      status: "manual" as const,
      // The rule reports every finding with a messageId; NOT_MOVABLE covers the ones this path sees.
      reason: NOT_MOVABLE[finding.messageId as string],
    }));
  return { loggers, notMovable, movable };
}

/** The module as rewritten, for the cross-file step that sends the package's own calls to the instance. */
function rewrittenModule(context: TransformFileContext, plan: ClassPlan): RewrittenModule {
  return {
    path: context.sourceFile.getFilePath(),
    instanceName: plan.instanceName,
    wrappers: plan.functions.filter((fn) => fn.exported && !fn.defaultExport).map((fn) => fn.name),
  };
}

function applyToFile(context: TransformFileContext, modules: Map<string, RewrittenModule>): ChangeRow[] {
  modules.delete(context.sourceFile.getFilePath());
  const { loggers, notMovable, movable } = leftAloneRows(context);
  const others = [...loggers, ...notMovable];
  if (movable.length === 0) return others;
  const rows = movable.map((finding) => rowFor(context, finding));
  const snapshot = context.sourceFile.getFullText();
  const plan = planFile(context, movable);
  if (typeof plan === "string") {
    // Planning may have split shared declarations; a file that is not rewritten keeps its text.
    if (context.sourceFile.getFullText() !== snapshot) context.sourceFile.replaceWithText(snapshot);
    return [...manualRows(rows, plan), ...others];
  }
  const rewritten = rewriteWithImport(context.sourceFile, planEdits(context.sourceFile, plan));
  if (rewritten === undefined) context.sourceFile.replaceWithText(snapshot);
  else context.sourceFile.replaceWithText(rewritten);
  const problem =
    rewritten === undefined
      ? "the import of node:util's deprecate would land inside the code being moved; add it at the top of the file first"
      : context.checkRewrite();
  if (problem) {
    context.sourceFile.replaceWithText(snapshot);
    return [...manualRows(rows, problem), ...others];
  }
  modules.set(context.sourceFile.getFilePath(), rewrittenModule(context, plan));
  const moved = plan.functions.map((f) => `${f.name}()`).join(", ") || "no functions";
  const fix = `moved into class ${plan.className} with ${moved}; exported functions kept as deprecated wrappers over a default instance (use ${plan.factoryName}())`;
  return [...rows.map((row) => ({ ...row, fix })), ...others];
}

/** state-to-class: module state and the functions that touch it move into a class the caller creates. */
export function createStateToClass(): Transform {
  const modules = new Map<string, RewrittenModule>();
  return {
    name: "state-to-class",
    rule: RULE,
    breaking: BREAKING,
    applyToFile: (context) => applyToFile(context, modules),
    afterFiles: ({ sourceFiles, rows, typeCheck }) =>
      redirectOwnCallers([...modules.values()], sourceFiles, rows, typeCheck),
  };
}
