import { type ExpressionStatement, Node, type SourceFile } from "ts-morph";
import type { ProjectConfigStore } from "../config/project-config.js";
import {
  DEFAULT_ENTRY_POINTS,
  isEntryFile as isProgramEntry,
} from "../rules/no-process-exit-in-library/entry-points.js";
import { optional } from "@txo-toolkit/runtime";
import { ensureNamedImport } from "./imports.js";
import type { ChangeRow, TransformFileContext } from "./types.js";

/** The name of the function a top-level `main()`, `void main()`, `await main()` or `main().catch(…)` statement runs. */
/** The first top-level statement that calls the entry's main function, and that function's name. */
function mainInvocationOf(sourceFile: SourceFile): { statement: ExpressionStatement; name: string } | undefined {
  for (const statement of sourceFile.getStatements()) {
    if (!Node.isExpressionStatement(statement)) continue;
    const name = findMainInvocation(statement);
    if (name !== undefined) return { statement, name };
  }
  return undefined;
}

export function findMainInvocation(statement: ExpressionStatement): string | undefined {
  let expression: Node = statement.getExpression();
  if (Node.isVoidExpression(expression) || Node.isAwaitExpression(expression)) expression = expression.getExpression();
  while (Node.isCallExpression(expression)) {
    const callee = expression.getExpression();
    if (Node.isIdentifier(callee)) return expression.getArguments().length === 0 ? callee.getText() : undefined;
    if (!Node.isPropertyAccessExpression(callee) || !["catch", "then", "finally"].includes(callee.getName()))
      return undefined;
    expression = callee.getExpression();
  }
  return undefined;
}

/** The same verdict the rule gives: package.json bin (with src↔dist mapping), entryPoints globs, or a shebang. */
export function isEntryFile(sourceFile: SourceFile, projectConfigs: ProjectConfigStore): boolean {
  const filename = sourceFile.getFilePath();
  const { root, config } = projectConfigs.load(filename);
  return isProgramEntry(filename, root, optional(config, ["entryPoints"], DEFAULT_ENTRY_POINTS), {
    sourceText: sourceFile.getFullText(),
  }).entry;
}

function isLocalFunction(sourceFile: SourceFile, name: string): boolean {
  return (
    sourceFile.getFunction(name) !== undefined ||
    sourceFile.getVariableDeclaration(name) !== undefined ||
    sourceFile
      .getImportDeclarations()
      .some((d) => d.getNamedImports().some((s) => (s.getAliasNode()?.getText() ?? s.getName()) === name))
  );
}

/** A handler that decides the exit: it exits, sets an exit code, or rethrows. */
const SETS_OUTCOME = /process\.exit\b|exitCode|\bthrow\b/;

/**
 * Without --wrap-entry: an entry file whose `main().catch(handler)` / `main().then(ok, handler)`
 * only reports the error. Once library exits become throws, such a failure ends the program with
 * exit code 0, so the change table says so (a manual row) instead of leaving it to be found in CI.
 */
export function warnIfEntrySwallowsErrors(context: TransformFileContext): ChangeRow[] {
  const { sourceFile } = context;
  if (!isEntryFile(sourceFile, context.projectConfigs) || /\brunMain\s*\(/.test(sourceFile.getFullText())) return [];
  const invocation = mainInvocationOf(sourceFile);
  const text = invocation?.statement.getText() ?? "";
  if (invocation === undefined || !/\.(?:catch|then)\s*\(/.test(text) || SETS_OUTCOME.test(text)) return [];
  const { statement, name } = invocation;
  return [
    {
      file: context.relativePath,
      line: statement.getStartLineNumber(),
      column: 1,
      rule: "txo/no-process-exit-in-library",
      transform: "exit-to-throw",
      issue: `the entry point's handler for ${name}() only reports errors: once exits become throws, a failure ends the program with exit code 0`,
      fix: "none",
      status: "manual",
      reason: `re-run with --wrap-entry (runMain(${name}) prints the error and sets a non-zero exit code), or set process.exitCode = 1 in the handler`,
      breaking: "none",
    },
  ];
}

/**
 * --wrap-entry: an entry file's top-level `main()` call becomes `runMain(main)`, the one sanctioned
 * place that turns a thrown error into a message and a non-zero exit code.
 */
export function wrapEntryPoint(context: TransformFileContext): ChangeRow[] {
  const { sourceFile } = context;
  if (!isEntryFile(sourceFile, context.projectConfigs) || /\brunMain\s*\(/.test(sourceFile.getFullText())) return [];
  const invocation = mainInvocationOf(sourceFile);
  if (!invocation) return [];
  const { statement, name } = invocation;
  const line = statement.getStartLineNumber();
  const row: ChangeRow = {
    file: context.relativePath,
    line,
    column: 1,
    rule: "txo/no-process-exit-in-library",
    transform: "exit-to-throw",
    issue: `entry point calls ${name}() directly, so a thrown error is not turned into a helpful message and exit code`,
    fix: `runMain(${name})`,
    status: "fixed",
    breaking: "none",
  };
  if (!isLocalFunction(sourceFile, name))
    return [{ ...row, status: "manual", reason: `${name} is not declared in this file`, fix: "none" }];
  const snapshot = sourceFile.getFullText();
  const planned = ensureNamedImport(sourceFile, "runMain", context.options.importSource);
  // Looked up again after the import edit, which may have replaced the nodes found above.
  const target = mainInvocationOf(sourceFile)?.statement;
  target?.replaceWithText(
    `${Node.isAwaitExpression(target.getExpression()) ? "await " : ""}${planned.localName}(${name});`,
  );
  const problem = context.checkRewrite();
  if (!problem) return [row];
  sourceFile.replaceWithText(snapshot);
  return [{ ...row, status: "manual", reason: problem, fix: "none" }];
}
