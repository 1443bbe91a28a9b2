import { type ImportDeclaration, Node, type SourceFile, SyntaxKind } from "ts-morph";
import { findTypeErrors, newMessages } from "./project.js";
import type { ChangeRow } from "./types.js";

/**
 * After state-to-class, a module's exported functions are deprecated wrappers that warn once per
 * process. They are there for the package's users; when the package's own modules call them, every
 * run of the package prints the warning. Calls from the other files of the run go to the default
 * instance instead, which the module then exports for them.
 */

/** What state-to-class left in one module: its default instance and the wrappers over it. */
export interface RewrittenModule {
  path: string;
  instanceName: string;
  /** Exported (not default-exported) functions that became wrappers. */
  wrappers: string[];
}

/** The comment above the default instance, as state-to-class writes it and once the instance is exported. */
export const INSTANCE_COMMENT =
  "// Created at module load, the moment the module-level state it replaces was created; only the deprecated functions use it.";
const EXPORTED_INSTANCE_COMMENT =
  "// Created at module load, the moment the module-level state it replaces was created. The deprecated functions and this package's own modules use it; other callers create their own.";

interface TextEdit {
  start: number;
  end: number;
  text: string;
}

function applyEdits(text: string, edits: TextEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start))
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

/** Named imports of the module's wrappers in `file`, with the calls made through each. */
function wrapperImports(file: SourceFile, module: SourceFile, wrappers: string[]): ImportDeclaration[] {
  return file
    .getImportDeclarations()
    .filter(
      (declaration) =>
        !declaration.isTypeOnly() &&
        declaration.getModuleSpecifierSourceFile()?.getFilePath() === module.getFilePath() &&
        declaration.getNamedImports().some((named) => wrappers.includes(named.getName()) && !named.isTypeOnly()),
    );
}

interface ImportRewrite {
  calls: TextEdit[];
  /** Specifiers of wrappers used only in calls: their import goes. */
  unused: Node[];
}

/** `getConfig()` → `defaultConfig.getConfig()` for every call of a wrapper the declaration imports. */
function rewriteCalls(declaration: ImportDeclaration, wrappers: string[], instanceName: string): ImportRewrite {
  const rewrite: ImportRewrite = { calls: [], unused: [] };
  for (const named of declaration.getNamedImports().filter((each) => wrappers.includes(each.getName()))) {
    const local = named.getAliasNode() ?? named.getNameNode();
    const uses = local
      .getSourceFile()
      .getDescendantsOfKind(SyntaxKind.Identifier)
      .filter((identifier) => identifier !== local && identifier.getSymbol() === local.getSymbol());
    const calls = uses.filter((identifier) => {
      const parent = identifier.getParent();
      return Node.isCallExpression(parent) && parent.getExpression() === identifier;
    });
    for (const call of calls)
      rewrite.calls.push({ start: call.getStart(), end: call.getEnd(), text: `${instanceName}.${named.getName()}` });
    if (calls.length > 0 && calls.length === uses.length) rewrite.unused.push(named);
  }
  return rewrite;
}

/** The specifier and the comma that follows it (or precedes it, for the last one). */
function specifierRemoval(named: Node): TextEdit {
  const text = named.getSourceFile().getFullText();
  const after = /^\s*,\s*/.exec(text.slice(named.getEnd()));
  if (after) return { start: named.getStart(), end: named.getEnd() + after[0].length, text: "" };
  const before = /,\s*$/.exec(text.slice(0, named.getStart()));
  return { start: named.getStart() - (before?.[0].length ?? 0), end: named.getEnd(), text: "" };
}

/** The instance takes the place of the first specifier that goes, or comes first in the first import. */
function importEdits(declarations: ImportDeclaration[], rewrites: ImportRewrite[], instanceName: string): TextEdit[] {
  const unused = rewrites.flatMap((rewrite) => rewrite.unused);
  const [replaced, ...removed] = unused;
  const edits = removed.map(specifierRemoval);
  if (replaced) edits.push({ start: replaced.getStart(), end: replaced.getEnd(), text: instanceName });
  else {
    const first = declarations[0]?.getNamedImports()[0];
    // Callers are rewritten only when they import the moved functions by name, so one such import exists.
    if (first === undefined) throw new Error("no named import is left to take the instance's place");
    edits.push({ start: first.getStart(), end: first.getStart(), text: `${instanceName}, ` });
  }
  return edits;
}

/** One caller file redirected, or left as it was when that would add a type error; returns the calls moved. */
function redirectFile(file: SourceFile, module: SourceFile, rewritten: RewrittenModule, typeCheck: boolean): number {
  const { instanceName, wrappers } = rewritten;
  const declarations = wrapperImports(file, module, wrappers);
  const taken = file.getDescendantsOfKind(SyntaxKind.Identifier).some((id) => id.getText() === instanceName);
  if (declarations.length === 0 || taken) return 0;
  const rewrites = declarations.map((declaration) => rewriteCalls(declaration, wrappers, instanceName));
  const calls = rewrites.flatMap((rewrite) => rewrite.calls);
  if (calls.length === 0) return 0;
  const before = file.getFullText();
  const errorsBefore = typeCheck ? findTypeErrors(file) : [];
  file.replaceWithText(applyEdits(before, [...calls, ...importEdits(declarations, rewrites, instanceName)]));
  if (typeCheck && newMessages(errorsBefore, findTypeErrors(file)).length > 0) {
    file.replaceWithText(before);
    return 0;
  }
  return calls.length;
}

function exportInstance(module: SourceFile, instanceName: string): boolean {
  const text = module.getFullText();
  const declaration = `${INSTANCE_COMMENT}\nconst ${instanceName} = new `;
  if (!text.includes(declaration)) return false;
  module.replaceWithText(
    text.replace(declaration, `${EXPORTED_INSTANCE_COMMENT}\nexport const ${instanceName} = new `),
  );
  return true;
}

/**
 * Sends the calls other files of the run make to each rewritten module's wrappers to its default
 * instance, and notes them on the module's rows. A module whose rewrite was rolled back is skipped.
 */
export function redirectOwnCallers(
  modules: RewrittenModule[],
  files: SourceFile[],
  rows: ChangeRow[],
  typeCheck: boolean,
): void {
  for (const rewritten of modules) {
    const module = files.find((file) => file.getFilePath() === rewritten.path);
    if (!module || !exportInstance(module, rewritten.instanceName)) continue;
    const redirected = files
      .filter((file) => file !== module)
      .map((file) => ({ file, calls: redirectFile(file, module, rewritten, typeCheck) }))
      .filter(({ calls }) => calls > 0);
    const calls = redirected.reduce((sum, { calls: count }) => sum + count, 0);
    if (calls === 0) {
      module.replaceWithText(
        module.getFullText().replace(`${EXPORTED_INSTANCE_COMMENT}\nexport const `, `${INSTANCE_COMMENT}\nconst `),
      );
      continue;
    }
    const where = redirected.map(({ file }) => file.getBaseName()).join(", ");
    const moduleRows = rows.filter((row) => module.getFilePath().endsWith(`/${row.file}`) && row.status === "fixed");
    for (const row of moduleRows)
      row.fix += `; the package's own ${calls} call(s) in ${where} go to the exported ${rewritten.instanceName}, so they do not warn`;
    if (moduleRows[0]) rows.push(sharedInstanceRow(moduleRows[0], rewritten.instanceName, where));
  }
}

/** The exported instance is still one per process, and the rule says so: a row that owns that finding. */
function sharedInstanceRow(moduleRow: ChangeRow, instanceName: string, where: string): ChangeRow {
  return {
    ...moduleRow,
    column: 1,
    issue: `${instanceName} is exported for the package's own modules (${where})`,
    fix: "none",
    status: "manual",
    reason: `${where} now call the default instance instead of the deprecated wrappers, so the package's own calls do not warn, but they still share that one instance: create one where the package starts and pass it to them, then stop exporting ${instanceName}`,
  };
}
