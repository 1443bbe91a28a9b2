import { AST_NODE_TYPES } from "@typescript-eslint/types";
import { DefinitionType } from "@typescript-eslint/scope-manager";
import * as ASTUtils from "@typescript-eslint/utils/ast-utils";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import {
  type CodeStyle,
  DEFAULT_STYLE,
  indentOf,
  helperImportSources,
  namedImportText,
  namedRequireText,
} from "../rewrite/fix-text.js";
import { projectStyle } from "../rewrite/project-style.js";
import { someNode } from "../ast/source-walk.js";

/**
 * The edit a suggestion makes to bring a runtime helper (HelpfulError, requireConfig, optional) into
 * the file: the statement text comes from rewrite/fix-text.ts, as the codemods write it.
 */

type Code = Readonly<TSESLint.SourceCode>;
type Fix = TSESLint.RuleFix;

/** How to call a helper at the report site, and the edit that imports it (if one is needed). */
export interface HelperImportPlan {
  callee: string;
  importFix: ((fixer: TSESLint.RuleFixer) => Fix) | undefined;
}

/** What import planning needs to know about the file, worked out once per file. */
export interface ImportContext {
  sourceCode: Code;
  imports: ProgramImports;
  isCommonJs: boolean;
  /** A `.cts` file: a require() of the ES runtime needs the `resolution-mode` cast. */
  isCommonJsTypeScript: boolean;
  style: CodeStyle;
}

/** A file's import declarations, indexed once so that each report's suggestion costs O(1), not O(file). */
export interface ProgramImports {
  /** Value (not `import type`) declarations by module specifier, in source order. */
  valueImportsBySource: ReadonlyMap<string, TSESTree.ImportDeclaration[]>;
  lastImport: TSESTree.ImportDeclaration | undefined;
}

function importedName(specifier: TSESTree.ImportSpecifier): string {
  return specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
}

export function indexImports(program: TSESTree.Program): ProgramImports {
  const valueImportsBySource = new Map<string, TSESTree.ImportDeclaration[]>();
  let lastImport: TSESTree.ImportDeclaration | undefined;
  for (const statement of program.body) {
    if (statement.type !== AST_NODE_TYPES.ImportDeclaration) continue;
    lastImport = statement;
    if (statement.importKind === "type") continue;
    const declarations = valueImportsBySource.get(statement.source.value);
    if (declarations === undefined) valueImportsBySource.set(statement.source.value, [statement]);
    else declarations.push(statement);
  }
  return { valueImportsBySource, lastImport };
}

const MODULE_SYNTAX: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.ImportDeclaration,
  AST_NODE_TYPES.ExportAllDeclaration,
  AST_NODE_TYPES.ExportDefaultDeclaration,
  AST_NODE_TYPES.ExportNamedDeclaration,
]);

/**
 * CommonJS files get `const { requireConfig } = require(...)`: the parser's sourceType says so,
 * or the file has no import/export and uses `require(...)` / `module.exports`.
 */
export function looksLikeCommonJs(sourceCode: Code, sourceType: string | undefined): boolean {
  if (sourceType === "commonjs") return true;
  if (sourceCode.ast.body.some((statement) => MODULE_SYNTAX.has(statement.type))) return false;
  return /\brequire\s*\(|\bmodule\.exports\b|\bexports\.[A-Za-z_$]/.test(sourceCode.text);
}

const TERMINATED: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.ImportDeclaration,
  AST_NODE_TYPES.VariableDeclaration,
  AST_NODE_TYPES.ExpressionStatement,
]);

/** The quote most string literals use, and whether statements end with `;`: undefined where the file is split evenly. */
function fileStyle(sourceCode: Code): Partial<CodeStyle> {
  let single = 0;
  let double = 0;
  // String literals (JSX attributes and strings holding the other quote aside), as the codemod counts them.
  someNode(sourceCode.ast, sourceCode, (node) => {
    if (
      node.type !== AST_NODE_TYPES.Literal ||
      typeof node.value !== "string" ||
      node.parent.type === AST_NODE_TYPES.JSXAttribute
    )
      return false;
    if (node.raw.startsWith("'") && !node.raw.includes('"')) single++;
    else if (node.raw.startsWith('"') && !node.raw.includes("'")) double++;
    return false;
  });
  const terminated = sourceCode.ast.body.filter((statement) => TERMINATED.has(statement.type));
  const withSemicolon = terminated.filter((statement) => sourceCode.text[statement.range[1] - 1] === ";").length;
  const without = terminated.length - withSemicolon;
  const quote = single === double ? undefined : single > double ? "'" : '"';
  return {
    quote,
    semicolons: withSemicolon === without ? undefined : withSemicolon > without,
    indent: indentOf(sourceCode.text),
  };
}

/** The style the codemods would write in: the file's own, else the project's Prettier/EditorConfig, else the defaults. */
export function styleOfFile(sourceCode: Code, filename: string): CodeStyle {
  const own = fileStyle(sourceCode);
  const project =
    own.quote !== undefined && own.semicolons !== undefined && own.indent !== undefined ? {} : projectStyle(filename);
  return {
    quote: own.quote ?? project.quote ?? DEFAULT_STYLE.quote,
    semicolons: own.semicolons ?? project.semicolons ?? DEFAULT_STYLE.semicolons,
    indent: own.indent ?? project.indent ?? DEFAULT_STYLE.indent,
  };
}

/** Everything import planning needs, for a rule's context; call lazily, on the first report that has a suggestion. */
export function importContextOf(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): ImportContext {
  const { sourceCode } = context;
  return {
    sourceCode,
    imports: indexImports(sourceCode.ast),
    // As the codemods decide (imports.ts): a TypeScript file gets an import, a .cts file a typed require().
    isCommonJs:
      context.filename.endsWith(".cts") ||
      (!/\.[m]?tsx?$/.test(context.filename) && looksLikeCommonJs(sourceCode, context.languageOptions.sourceType)),
    isCommonJsTypeScript: context.filename.endsWith(".cts"),
    style: styleOfFile(sourceCode, context.filename),
  };
}

function existingCallee(declarations: TSESTree.ImportDeclaration[], helper: string): string | undefined {
  for (const declaration of declarations) {
    for (const specifier of declaration.specifiers) {
      if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return `${specifier.local.name}.${helper}`;
      if (
        specifier.type === AST_NODE_TYPES.ImportSpecifier &&
        specifier.importKind !== "type" &&
        importedName(specifier) === helper
      )
        return specifier.local.name;
    }
  }
  return undefined;
}

function isRequireOf(node: TSESTree.Expression | null, source: string): boolean {
  const call = node?.type === AST_NODE_TYPES.TSAsExpression ? node.expression : node;
  if (
    call?.type !== AST_NODE_TYPES.CallExpression ||
    call.callee.type !== AST_NODE_TYPES.Identifier ||
    call.callee.name !== "require"
  )
    return false;
  const argument = call.arguments.at(0);
  return argument?.type === AST_NODE_TYPES.Literal && argument.value === source;
}

/** `const { helper } = require(source)` or `const { helper: local } = …` at the top level of the file. */
function existingRequireCallee(program: TSESTree.Program, helper: string, source: string): string | undefined {
  for (const statement of program.body) {
    if (statement.type !== AST_NODE_TYPES.VariableDeclaration) continue;
    for (const declarator of statement.declarations) {
      if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern || !isRequireOf(declarator.init, source)) continue;
      for (const property of declarator.id.properties) {
        if (
          property.type !== AST_NODE_TYPES.Property ||
          property.computed ||
          property.key.type !== AST_NODE_TYPES.Identifier ||
          property.key.name !== helper
        )
          continue;
        if (property.value.type === AST_NODE_TYPES.Identifier) return property.value.name;
      }
    }
  }
  return undefined;
}

function mergeIntoExisting(declarations: TSESTree.ImportDeclaration[], helper: string): HelperImportPlan | undefined {
  for (const declaration of declarations) {
    const named = declaration.specifiers.filter(
      (specifier): specifier is TSESTree.ImportSpecifier => specifier.type === AST_NODE_TYPES.ImportSpecifier,
    );
    const last = named.at(-1);
    if (last) return { callee: helper, importFix: (fixer) => fixer.insertTextAfter(last, `, ${helper}`) };
    const defaultSpecifier = declaration.specifiers.find(
      (specifier) => specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier,
    );
    if (defaultSpecifier)
      return { callee: helper, importFix: (fixer) => fixer.insertTextAfter(defaultSpecifier, `, { ${helper} }`) };
  }
  return undefined;
}

function isDirective(statement: TSESTree.ProgramStatement): boolean {
  return statement.type === AST_NODE_TYPES.ExpressionStatement && typeof statement.directive === "string";
}

/** Below the last import; else above the first statement (after a shebang and directives). */
function newImport(file: ImportContext, helper: string, importSource: string): HelperImportPlan | undefined {
  const { lastImport } = file.imports;
  if (lastImport)
    return {
      callee: helper,
      importFix: (fixer) =>
        fixer.insertTextAfter(lastImport, `\n${namedImportText(helper, helper, importSource, file.style)}`),
    };
  const statement = file.isCommonJs
    ? namedRequireText(helper, helper, importSource, file.style, file.isCommonJsTypeScript)
    : namedImportText(helper, helper, importSource, file.style);
  const first = file.sourceCode.ast.body.find((candidate) => !isDirective(candidate));
  if (first) return { callee: helper, importFix: (fixer) => fixer.insertTextBefore(first, `${statement}\n`) };
  return undefined;
}

/** A binding of the helper's name that is not the runtime's helper would be shadowed or clash. */
function nameIsTaken(sourceCode: Code, at: TSESTree.Node, helper: string): boolean {
  const variable = ASTUtils.findVariable(sourceCode.getScope(at), helper);
  return variable !== null && variable.defs.length > 0;
}

/** The callee names a module-level binding, not something a scope between shadows. */
function resolvesToModuleBinding(sourceCode: Code, at: TSESTree.Node, callee: string): boolean {
  const local = callee.split(".")[0] ?? callee;
  const resolved = ASTUtils.findVariable(sourceCode.getScope(at), local);
  const kind = resolved?.defs[0]?.type;
  return (
    kind === DefinitionType.ImportBinding ||
    (kind === DefinitionType.Variable && resolved?.scope.block.type === AST_NODE_TYPES.Program)
  );
}

/** The equivalent module the file already imports helpers from (see `helperImportSources`), else `requested`. */
function alreadyImportedSource(file: ImportContext, requested: string): string {
  const sources = helperImportSources(requested);
  if (sources.length === 1) return requested;
  const imported = (source: string): boolean =>
    file.imports.valueImportsBySource.has(source) ||
    file.sourceCode.ast.body.some(
      (statement) =>
        statement.type === AST_NODE_TYPES.VariableDeclaration &&
        statement.declarations.some((declarator) => isRequireOf(declarator.init, source)),
    );
  return sources.find(imported) ?? requested;
}

/**
 * Finds or plans the import of `helper` from `importSource`, as the codemods would (reuse an import
 * or require, merge into an import of the module, else add one); undefined when it cannot be done
 * cleanly (the name is taken by something else).
 */
export function planHelperImport(
  file: ImportContext,
  at: TSESTree.Node,
  helper: string,
  requestedSource: string,
): HelperImportPlan | undefined {
  const importSource = alreadyImportedSource(file, requestedSource);
  const declarations = file.imports.valueImportsBySource.get(importSource) ?? [];
  const callee =
    existingCallee(declarations, helper) ?? existingRequireCallee(file.sourceCode.ast, helper, importSource);
  if (callee)
    return resolvesToModuleBinding(file.sourceCode, at, callee) ? { callee, importFix: undefined } : undefined;
  if (nameIsTaken(file.sourceCode, at, helper)) return undefined;
  return mergeIntoExisting(declarations, helper) ?? newImport(file, helper, importSource);
}
