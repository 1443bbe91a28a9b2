import type { TSESLint } from "@typescript-eslint/utils";
import { quoted, renderHardenedCall } from "../../rewrite/fix-text.js";
import type { HelperImportPlan } from "../import-fix.js";
import type { SoftFailDescription } from "./soft-fail-describe.js";

/** The two runtime helpers a soft-fail can become. */
export type HardenedHelper = "requireConfig" | "optional";

type Fix = TSESLint.RuleFix;

/** `requireConfig(config, "a", "b")` or `optional(config, ["a", "b"], 1)`, written as the codemod writes it. */
export function hardenedCallText(
  description: SoftFailDescription,
  callee: string,
  helper: HardenedHelper,
  quote: '"' | "'",
): string | undefined {
  if (!description.hardenable || description.root === undefined || !description.pathKeys) return undefined;
  const keys = description.pathKeys.map((key) => (key.kind === "index" ? key.value : quoted(key.value, quote)));
  return renderHardenedCall(
    helper === "requireConfig" ? "require" : "optional",
    callee,
    description.root,
    keys,
    description.defaultText,
  );
}

/** The edits of one suggestion: the hardened call in place of the soft-fail, plus the import. */
export function suggestionFix(
  description: SoftFailDescription,
  plan: HelperImportPlan,
  text: string,
): (fixer: TSESLint.RuleFixer) => Fix[] {
  return (fixer) => {
    const edits = [fixer.replaceTextRange(description.replaceRange, text)];
    if (plan.importFix) edits.push(plan.importFix(fixer));
    return edits;
  };
}
