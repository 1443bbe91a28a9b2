/**
 * The rules and their recommended levels, without the parser: hosts that bring their own AST
 * (txo-audit's fast path) import this instead of the plugin, so they never load TypeScript.
 */
import maxFunctionLines from "./max-function-lines.js";
import noGlobalMutableState from "./no-global-mutable-state.js";
import noProcessExitInLibrary from "./no-process-exit-in-library.js";
import noSoftFailConfig from "./no-soft-fail-config.js";

/** Every file extension the rules understand; TypeScript's parser handles all of them. */
export const LINTABLE_FILES = ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"];

export const rules = {
  "no-soft-fail-config": noSoftFailConfig,
  "no-process-exit-in-library": noProcessExitInLibrary,
  "no-global-mutable-state": noGlobalMutableState,
  "max-function-lines": maxFunctionLines,
};

/** `configs.recommended`'s levels, in the order ESLint runs the rules (the order of this object). */
export const RECOMMENDED_RULE_LEVELS = Object.freeze({
  "txo/no-soft-fail-config": "error",
  "txo/no-process-exit-in-library": "error",
  "txo/no-global-mutable-state": "error",
  "txo/max-function-lines": "warn",
} as const);
