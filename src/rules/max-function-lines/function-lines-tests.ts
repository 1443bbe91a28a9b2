import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESTree } from "@typescript-eslint/utils";
import type { MeasuredFunction } from "./function-lines-count.js";

/** Test-framework functions whose callback only groups tests: mocha/jest/vitest `describe`, mocha's `suite` and `context`. */
export const DEFAULT_TEST_GROUP_FUNCTIONS = ["describe", "suite", "context"];

/** `describe`, `describe.only`, `describe.each(table)`, `test.describe.serial`: every name on the callee's path. */
function calleeNames(callee: TSESTree.Node): string[] {
  const names: string[] = [];
  let node: TSESTree.Node = callee;
  for (;;) {
    if (node.type === AST_NODE_TYPES.CallExpression) node = node.callee;
    else if (node.type === AST_NODE_TYPES.MemberExpression) {
      if (!node.computed && node.property.type === AST_NODE_TYPES.Identifier) names.push(node.property.name);
      node = node.object;
    } else break;
  }
  if (node.type === AST_NODE_TYPES.Identifier) names.push(node.name);
  return names;
}

/**
 * Whether the function is the callback of a test group (`describe("…", () => { … })`): its length is
 * the sum of the tests it holds, like a file's, not the length of one piece of logic.
 */
export function isTestGroupCallback(node: MeasuredFunction, groupFunctions: ReadonlySet<string>): boolean {
  if (node.type !== AST_NODE_TYPES.ArrowFunctionExpression && node.type !== AST_NODE_TYPES.FunctionExpression)
    return false;
  const call = node.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(node)) return false;
  return calleeNames(call.callee).some((name) => groupFunctions.has(name));
}
