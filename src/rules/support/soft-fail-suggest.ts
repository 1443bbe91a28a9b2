import { DefinitionType } from "@typescript-eslint/scope-manager";
import { AST_NODE_TYPES } from "@typescript-eslint/types";
import * as ASTUtils from "@typescript-eslint/utils/ast-utils";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import type { SoftFailDescription } from "./soft-fail-describe.js";
import { renderKeyArguments } from "./soft-fail-paths.js";

/** The two runtime helpers a soft-fail can become. */
export type HardenedHelper = "requireConfig" | "optional";

type Code = Readonly<TSESLint.SourceCode>;
type Fix = TSESLint.RuleFix;

/** How to call a helper at the report site, and the edit that imports it (if one is needed). */
export interface HelperImportPlan {
  callee: string;
  importFix: ((fixer: TSESLint.RuleFixer) => Fix) | undefined;
}

function importedName(specifier: TSESTree.ImportSpecifier): string {
  return specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
}

/** A file's import declarations, indexed once so that each report's suggestion costs O(1), not O(file). */
export interface ProgramImports {
  /** Value (not `import type`) declarations by module specifier, in source order. */
  valueImportsBySource: ReadonlyMap<string, TSESTree.ImportDeclaration[]>;
  lastImport: TSESTree.ImportDeclaration | undefined;
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

function existingCallee(declarations: TSESTree.ImportDeclaration[], helper: HardenedHelper): string | undefined {
  for (const declaration of declarations) {
    for (const specifier of declaration.specifiers) {
      if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return `${specifier.local.name}.${helper}`;
      if (specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.importKind !== "type" && importedName(specifier) === helper) return specifier.local.name;
    }
  }
  return undefined;
}

function mergeIntoExisting(declarations: TSESTree.ImportDeclaration[], helper: HardenedHelper): HelperImportPlan | undefined {
  for (const declaration of declarations) {
    const named = declaration.specifiers.filter((specifier): specifier is TSESTree.ImportSpecifier => specifier.type === AST_NODE_TYPES.ImportSpecifier);
    const last = named.at(-1);
    if (last) return { callee: helper, importFix: (fixer) => fixer.insertTextAfter(last, `, ${helper}`) };
    const defaultSpecifier = declaration.specifiers.find((specifier) => specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier);
    if (defaultSpecifier) return { callee: helper, importFix: (fixer) => fixer.insertTextAfter(defaultSpecifier, `, { ${helper} }`) };
  }
  return undefined;
}

function isDirective(statement: TSESTree.ProgramStatement): boolean {
  return statement.type === AST_NODE_TYPES.ExpressionStatement && typeof statement.directive === "string";
}

function newImport(program: TSESTree.Program, lastImport: TSESTree.ImportDeclaration | undefined, helper: HardenedHelper, importSource: string, isCommonJs: boolean): HelperImportPlan | undefined {
  const source = JSON.stringify(importSource);
  if (lastImport) return { callee: helper, importFix: (fixer) => fixer.insertTextAfter(lastImport, `\nimport { ${helper} } from ${source};`) };
  const statement = isCommonJs ? `const { ${helper} } = require(${source});` : `import { ${helper} } from ${source};`;
  const first = program.body.find((candidate) => !isDirective(candidate));
  if (first) return { callee: helper, importFix: (fixer) => fixer.insertTextBefore(first, `${statement}\n`) };
  return undefined;
}

const MODULE_SYNTAX: ReadonlySet<string> = new Set([AST_NODE_TYPES.ImportDeclaration, AST_NODE_TYPES.ExportAllDeclaration, AST_NODE_TYPES.ExportDefaultDeclaration, AST_NODE_TYPES.ExportNamedDeclaration]);

/**
 * CommonJS files get `const { requireConfig } = require(...)`: the parser's sourceType says so,
 * or the file has no import/export and uses `require(...)` / `module.exports`.
 */
export function looksLikeCommonJs(sourceCode: Code, sourceType: string | undefined): boolean {
  if (sourceType === "commonjs") return true;
  if (sourceCode.ast.body.some((statement) => MODULE_SYNTAX.has(statement.type))) return false;
  return /\brequire\s*\(|\bmodule\.exports\b|\bexports\.[A-Za-z_$]/.test(sourceCode.text);
}

/** A binding of the helper's name that is not the runtime's helper would be shadowed or clash. */
function nameIsTaken(sourceCode: Code, at: TSESTree.Node, helper: HardenedHelper): boolean {
  const variable = ASTUtils.findVariable(sourceCode.getScope(at), helper);
  return variable !== null && variable.defs.length > 0;
}

/**
 * Finds or plans the import of `helper` from `importSource`; undefined when it cannot be done
 * cleanly. Pass the file's `imports` (indexImports, once per file) when planning many.
 */
export function planHelperImport(
  sourceCode: Code,
  at: TSESTree.Node,
  helper: HardenedHelper,
  importSource: string,
  isCommonJs: boolean,
  imports: ProgramImports = indexImports(sourceCode.ast),
): HelperImportPlan | undefined {
  const program = sourceCode.ast;
  const declarations = imports.valueImportsBySource.get(importSource) ?? [];
  const callee = existingCallee(declarations, helper);
  if (callee) {
    const local = callee.split(".")[0] ?? callee;
    const resolved = ASTUtils.findVariable(sourceCode.getScope(at), local);
    return resolved?.defs[0]?.type === DefinitionType.ImportBinding ? { callee, importFix: undefined } : undefined;
  }
  if (nameIsTaken(sourceCode, at, helper)) return undefined;
  return mergeIntoExisting(declarations, helper) ?? newImport(program, imports.lastImport, helper, importSource, isCommonJs);
}

/** `requireConfig(config, "a", "b")` or `optional(config, ["a", "b"], 1)`. */
export function hardenedCallText(description: SoftFailDescription, callee: string, helper: HardenedHelper): string | undefined {
  if (!description.hardenable || description.root === undefined || !description.pathKeys) return undefined;
  const keys = renderKeyArguments(description.pathKeys);
  if (helper === "requireConfig") return `${callee}(${description.root}, ${keys})`;
  return `${callee}(${description.root}, [${keys}], ${description.defaultText ?? "undefined"})`;
}

/** The edits of one suggestion: the hardened call in place of the soft-fail, plus the import. */
export function suggestionFix(description: SoftFailDescription, plan: HelperImportPlan, text: string): (fixer: TSESLint.RuleFixer) => Fix[] {
  return (fixer) => {
    const edits = [fixer.replaceTextRange(description.replaceRange, text)];
    if (plan.importFix) edits.push(plan.importFix(fixer));
    return edits;
  };
}
