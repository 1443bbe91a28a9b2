import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESTree } from "@typescript-eslint/utils";
import { isFunctionNode } from "./process-exit-regions.js";
import { skipTypeWrappers } from "./process-exit-values.js";

/** Any mention of a CommonJS export target; a mention that exports nothing only keeps the file a library. */
const COMMONJS_EXPORT = /\bmodule\s*\.\s*exports\b|\bexports\s*(?:\.\s*[\w$]+|\[)/;

const ESM_EXPORTS: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.ExportNamedDeclaration,
  AST_NODE_TYPES.ExportDefaultDeclaration,
  AST_NODE_TYPES.ExportAllDeclaration,
  AST_NODE_TYPES.TSExportAssignment,
]);

/** Test-runner hooks whose callbacks the runner calls: an exit there ends the runner. */
const TEST_CALLERS: ReadonlySet<string> = new Set([
  "it",
  "test",
  "describe",
  "suite",
  "bench",
  "beforeAll",
  "beforeEach",
  "afterAll",
  "afterEach",
]);

/** `process.argv`, `const { argv } = process`, `import { argv } from "node:process"`. */
const READS_ARGV =
  /\bprocess\s*\.\s*argv\b|\{[^{}]*\bargv\b[^{}]*\}\s*(?:=\s*process\b|from\s*["'](?:node:)?process["'])/;

/**
 * True for a command-line script: the module exports nothing (ESM or CommonJS), so no importer can
 * call any of its code, and it reads its command line (`process.argv`), so something runs it as a
 * program (a build-phase script, a forked child, a CLI main loaded for its side effect), whatever
 * its name or first line. A module that exports nothing but reads no arguments may be a side-effect
 * import of library code, and stays library code.
 */
export function isCommandLineScript(program: TSESTree.Program, text: string): boolean {
  return (
    !program.body.some((statement) => ESM_EXPORTS.has(statement.type)) &&
    !COMMONJS_EXPORT.test(text) &&
    READS_ARGV.test(text)
  );
}

function calleeName(call: TSESTree.CallExpression): string | undefined {
  let callee = skipTypeWrappers(call.callee);
  // it.only(…), test.each(table)(…), describe.skip(…)
  while (callee.type === AST_NODE_TYPES.MemberExpression || callee.type === AST_NODE_TYPES.CallExpression)
    callee = skipTypeWrappers(callee.type === AST_NODE_TYPES.MemberExpression ? callee.object : callee.callee);
  return callee.type === AST_NODE_TYPES.Identifier ? callee.name : undefined;
}

/** True when `node` runs inside a callback handed to `it`/`test`/`describe`/a hook: the test runner calls it. */
export function isInsideTestCallback(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    const caller = current.parent;
    if (isFunctionNode(current) && caller?.type === AST_NODE_TYPES.CallExpression) {
      const name = calleeName(caller);
      if (name !== undefined && TEST_CALLERS.has(name) && caller.arguments.some((argument) => argument === current))
        return true;
    }
  }
  return false;
}
