import { existsSync } from "node:fs";
import { join } from "node:path";
import { DiagnosticCategory, Project, type SourceFile, ts } from "ts-morph";

/**
 * Loads the files into a ts-morph project. With the project's own tsconfig.json the type
 * checker sees what `tsc` sees, so a rewrite that adds a type error can be detected and rolled back.
 */
export function createCodemodProject(cwd: string, files: string[]): { project: Project; hasTsConfig: boolean } {
  const tsConfigFilePath = join(cwd, "tsconfig.json");
  const hasTsConfig = existsSync(tsConfigFilePath);
  const project = hasTsConfig
    ? new Project({ tsConfigFilePath, skipAddingFilesFromTsConfig: false, skipFileDependencyResolution: false })
    : new Project({ compilerOptions: { allowJs: true, checkJs: false, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, jsx: ts.JsxEmit.Preserve, strict: true, skipLibCheck: true, noEmit: true } });
  for (const file of files) if (!project.getSourceFile(file)) project.addSourceFileAtPath(file);
  return { project, hasTsConfig };
}

/** The file's parse errors (syntax), which must stay empty after every rewrite. */
export function findSyntaxErrors(sourceFile: SourceFile): string[] {
  const diagnostics = (sourceFile.compilerNode as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics;
  return (diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

/**
 * The file's type errors as messages, used to spot errors a rewrite introduced. The TypeScript
 * checker itself can crash on files outside the tsconfig (seen on an eslint.config.mjs); such a
 * file is then checked for syntax only, instead of the crash ending the whole run.
 */
export function findTypeErrors(sourceFile: SourceFile): string[] {
  try {
    return collectTypeErrors(sourceFile);
  } catch (error) {
    return [`TypeScript could not check this file: ${(error as Error).message}`];
  }
}

function collectTypeErrors(sourceFile: SourceFile): string[] {
  return sourceFile
    .getPreEmitDiagnostics()
    .filter((diagnostic) => diagnostic.getCategory() === DiagnosticCategory.Error && diagnostic.getSourceFile()?.getFilePath() === sourceFile.getFilePath())
    .map((diagnostic) => {
      const message = diagnostic.getMessageText();
      return typeof message === "string" ? message : message.getMessageText();
    });
}

/** Messages present in `after` but not in `before` (as a multiset). */
export function newMessages(before: string[], after: string[]): string[] {
  const remaining = new Map<string, number>();
  for (const message of before) remaining.set(message, (remaining.get(message) ?? 0) + 1);
  const added: string[] = [];
  for (const message of after) {
    const count = remaining.get(message) ?? 0;
    if (count > 0) remaining.set(message, count - 1);
    else added.push(message);
  }
  return added;
}
