import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { DiagnosticCategory, Project, type SourceFile, ts } from "ts-morph";
import { messageOf } from "./error-line.js";

interface ConfigScope {
  path: string;
  fileNames: Set<string>;
  project?: Project;
}

function parseTsConfig(path: string): { fileNames: string[]; references: string[] } {
  const read = ts.readConfigFile(path, (file) => ts.sys.readFile(file));
  if (read.error) return { fileNames: [], references: [] };
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(path), undefined, path);
  const references = (parsed.projectReferences ?? []).map((reference) =>
    reference.path.endsWith(".json") ? reference.path : join(reference.path, "tsconfig.json"),
  );
  return { fileNames: parsed.fileNames.map((name) => resolve(name)), references };
}

/** The tsconfig.json at the root and every project it references, transitively (what `tsc -b` builds). */
function collectConfigScopes(rootConfig: string): ConfigScope[] {
  const scopes: ConfigScope[] = [];
  const queue = [resolve(rootConfig)];
  const seen = new Set<string>();
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    if (seen.has(path) || !existsSync(path)) continue;
    seen.add(path);
    const { fileNames, references } = parseTsConfig(path);
    scopes.push({ path, fileNames: new Set(fileNames) });
    queue.push(...references.map((reference) => resolve(reference)));
  }
  return scopes;
}

/** The nearest tsconfig.json above the file (inside cwd) that includes it, as an editor would pick. */
function nearestIncludingConfig(file: string, cwd: string, scopes: ConfigScope[]): ConfigScope | undefined {
  for (let directory = dirname(file); directory.startsWith(cwd); directory = dirname(directory)) {
    const path = join(directory, "tsconfig.json");
    if (!existsSync(path)) continue;
    let scope = scopes.find((candidate) => candidate.path === path);
    if (!scope) {
      scope = { path, fileNames: new Set(parseTsConfig(path).fileNames) };
      scopes.push(scope);
    }
    if (scope.fileNames.has(file)) return scope;
    if (directory === cwd) break;
  }
  return undefined;
}

function projectOf(scope: ConfigScope): Project {
  scope.project ??= new Project({
    tsConfigFilePath: scope.path,
    skipAddingFilesFromTsConfig: false,
    skipFileDependencyResolution: false,
  });
  return scope.project;
}

export interface CodemodProject {
  hasTsConfig: boolean;
  /** The file, loaded in the program of the tsconfig that compiles it, so its type check is the one `tsc -b` runs. */
  sourceFileFor: (path: string) => SourceFile;
}

/**
 * Loads each file, when first asked for, into ts-morph programs that see what `tsc -b` sees: a solution-style tsconfig
 * (`"files": []` plus `references`) hands each file to the referenced project that includes it,
 * with that project's compiler options (`module: node16` in a CommonJS package, `verbatimModuleSyntax`
 * ...), so a rewrite that adds a type error there is detected and rolled back. A file no tsconfig
 * includes is checked with the root tsconfig's options.
 */
export function createCodemodProject(cwd: string): CodemodProject {
  const tsConfigFilePath = join(cwd, "tsconfig.json");
  if (!existsSync(tsConfigFilePath)) {
    const project = new Project({
      compilerOptions: {
        allowJs: true,
        checkJs: false,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        jsx: ts.JsxEmit.Preserve,
        strict: true,
        skipLibCheck: true,
        noEmit: true,
      },
    });
    return {
      hasTsConfig: false,
      sourceFileFor: (path) => project.getSourceFile(path) ?? project.addSourceFileAtPath(path),
    };
  }
  const scopes = collectConfigScopes(tsConfigFilePath);
  const [root] = scopes;
  // The root tsconfig was found on disk, so the walk starts with its scope.
  if (root === undefined) throw new Error(`tsconfig ${tsConfigFilePath} vanished while the codemod read it`);
  const owner = (path: string) =>
    scopes.find((scope) => scope.fileNames.has(path)) ?? nearestIncludingConfig(path, resolve(cwd), scopes) ?? root;
  return {
    hasTsConfig: true,
    sourceFileFor: (path) => {
      const project = projectOf(owner(resolve(path)));
      return project.getSourceFile(path) ?? project.addSourceFileAtPath(path);
    },
  };
}

/** The file's parse errors (syntax), which must stay empty after every rewrite. */
export function findSyntaxErrors(sourceFile: SourceFile): string[] {
  // parseDiagnostics is TypeScript's internal (untyped) field with the parser's errors; absent means none.
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
    return [`TypeScript could not check this file: ${messageOf(error)}`];
  }
}

function collectTypeErrors(sourceFile: SourceFile): string[] {
  return sourceFile
    .getPreEmitDiagnostics()
    .filter(
      (diagnostic) =>
        diagnostic.getCategory() === DiagnosticCategory.Error &&
        diagnostic.getSourceFile()?.getFilePath() === sourceFile.getFilePath(),
    )
    .map((diagnostic) => {
      const message = diagnostic.getMessageText();
      return typeof message === "string" ? message : message.getMessageText();
    });
}

/**
 * How far a rewrite's type check reaches: the whole file, or only the statements and class members
 * the rewrite changed (TypeScript's region check, what an editor shows first), which costs a fraction
 * of a long file's check but cannot see an error the change causes elsewhere in the file (a caller of
 * a function whose inferred type changed). A run that checks regions ends with a whole-file check.
 */
export type TypeCheckScope = "file" | "region";

/** The span of `after` that differs from `before`: what both texts share at the start and at the end is left out. */
export function changedSpan(before: string, after: string): { start: number; length: number } {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (
    tail < shorter - start &&
    before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)
  )
    tail++;
  return { start, length: after.length - tail - start };
}

/** TypeScript's region check (TypeScript 5.6 and later; not in its published types, so looked up at run time). */
interface RegionCheckingService {
  getRegionSemanticDiagnostics?: (
    fileName: string,
    ranges: ts.TextRange[],
  ) => { diagnostics: readonly ts.Diagnostic[] } | undefined;
}

function messageTextOf(diagnostic: ts.Diagnostic): string {
  return typeof diagnostic.messageText === "string" ? diagnostic.messageText : diagnostic.messageText.messageText;
}

/**
 * The type errors of the statements and class members that overlap the text changed since
 * `previousText` (see TypeCheckScope). The whole file's errors when the change spans the whole file,
 * when TypeScript has no region check, or when it has already checked the whole file (then that costs nothing).
 */
export function findTypeErrorsNear(sourceFile: SourceFile, previousText: string): string[] {
  // The language service's compilerObject is TypeScript's LanguageService; the region check is an optional member of it.
  const service = sourceFile.getProject().getLanguageService().compilerObject as RegionCheckingService;
  if (service.getRegionSemanticDiagnostics === undefined) return findTypeErrors(sourceFile);
  const text = sourceFile.getFullText();
  const { start, length } = changedSpan(previousText, text);
  // An edit that only deleted text leaves an empty span: the statement around the deletion is what changed.
  const range = { pos: Math.max(0, start - 1), end: Math.min(text.length, start + Math.max(length, 1)) };
  try {
    const region = service.getRegionSemanticDiagnostics(sourceFile.getFilePath(), [range]);
    if (region === undefined) return findTypeErrors(sourceFile);
    return region.diagnostics
      .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error)
      .map(messageTextOf);
  } catch (error) {
    return [`TypeScript could not check this file: ${messageOf(error)}`];
  }
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
