import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import type { ModuleStateVariable } from "./global-state-types.js";

/**
 * The one edit the rule can prove keeps behaviour: a module-level `let` whose binding is never
 * reassigned (only its contents change) becomes `const`. That does not remove the shared state
 * (the finding stays until state-to-class moves it into a class), but it takes away half of it:
 * no code can swap the value for another one any more.
 */

function isNeverReassigned(state: ModuleStateVariable): boolean {
  return state.variable.references.every((reference) => !reference.isWrite() || reference.init === true);
}

/** The `let` token of a `let x = …;` declaring only this variable, with an initialiser, not `declare`d. */
function letKeyword(state: ModuleStateVariable, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Token | undefined {
  const declaration = state.declarator.parent;
  if (
    state.declarationKind !== "let" ||
    declaration.declarations.length !== 1 ||
    state.declarator.init === null ||
    declaration.declare
  )
    return undefined;
  if (state.declarator.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  const keyword = sourceCode.getFirstToken(declaration);
  return keyword?.value === "let" ? keyword : undefined;
}

/** The `let` → `const` edit for a reported variable, when it is provably safe. */
export function letToConstFix(
  state: ModuleStateVariable,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESLint.ReportFixFunction | undefined {
  const keyword = letKeyword(state, sourceCode);
  if (!keyword || !isNeverReassigned(state)) return undefined;
  return (fixer) => fixer.replaceText(keyword, "const");
}
