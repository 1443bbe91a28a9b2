import { RuleCreator } from "@typescript-eslint/utils/eslint-utils";

/** Where each rule's documentation page lives; used for `meta.docs.url`, SARIF help links and the audit. */
export const RULE_DOCS_BASE = "https://github.com/txo-toolkit/txo-toolkit/blob/main/docs/rules/";

export function ruleDocsUrl(ruleName: string): string {
  return `${RULE_DOCS_BASE}${ruleName}.md`;
}

/** Extra documentation fields every txo rule declares (its principle's number is in catalog.ts). */
export interface TxoRuleDocs {
  /** Included in `configs.recommended`. */
  recommended: boolean;
}

export const createRule = RuleCreator<TxoRuleDocs>(ruleDocsUrl);
