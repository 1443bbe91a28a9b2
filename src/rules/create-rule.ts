import { RuleCreator } from "@typescript-eslint/utils/eslint-utils";

import { ruleDocsUrl } from "./docs-url.js";

export { RULE_DOCS_BASE, ruleDocsUrl } from "./docs-url.js";

/** Extra documentation fields every txo rule declares (its principle's number is in catalog.ts). */
export interface TxoRuleDocs {
  /** Included in `configs.recommended`. */
  recommended: boolean;
}

export const createRule = RuleCreator<TxoRuleDocs>(ruleDocsUrl);
