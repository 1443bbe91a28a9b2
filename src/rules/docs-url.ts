/** Where each rule's documentation page lives; used for `meta.docs.url`, SARIF help links and the audit. */
export const RULE_DOCS_BASE = "https://github.com/txo-toolkit/txo-toolkit/blob/main/docs/rules/";

export function ruleDocsUrl(ruleName: string): string {
  return `${RULE_DOCS_BASE}${ruleName}.md`;
}
