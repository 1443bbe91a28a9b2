import { parseForESLint } from "@typescript-eslint/parser";
import { findModuleStateMutations } from "./global-state-analysis.js";
import { setParentPointers } from "./global-state-ast.js";
import type { ModuleStateReport } from "./global-state-types.js";

// Kept apart from global-state-analysis.ts: the rule itself must not load typescript-eslint's
// parser (and with it TypeScript), which txo-audit's fast path never needs.
export interface ParseForAnalysisOptions {
  /** Used to pick JSX parsing for `.tsx`/`.jsx`; defaults to a `.ts` file. */
  filePath?: string;
  /** `module` (default) or `script` (CommonJS and classic scripts; top-level `var`s live in the global scope). */
  sourceType?: "module" | "script";
  allow?: readonly string[];
}

/**
 * Parses source text with typescript-eslint's parser (as ESLint would) and analyses it. For callers
 * outside ESLint, such as the state-to-class codemod working from a ts-morph file's text. Throws the
 * parser's error when the text does not parse.
 */
export function findModuleStateMutationsInText(
  sourceText: string,
  options: ParseForAnalysisOptions = {},
): ModuleStateReport {
  const filePath = options.filePath ?? "file.ts";
  const parsed = parseForESLint(sourceText, {
    filePath,
    sourceType: options.sourceType ?? "module",
    ecmaFeatures: { jsx: /\.[jt]sx$/i.test(filePath) },
    range: true,
    loc: true,
    comment: false,
    tokens: false,
  });
  setParentPointers(parsed.ast);
  return findModuleStateMutations({
    scopeManager: parsed.scopeManager,
    sourceText,
    allow: options.allow,
  });
}
