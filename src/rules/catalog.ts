/**
 * The TXO principles with their rules: each descriptor of principle-facts.ts joined to the rule it
 * names. The plugin, the lint engine and the codemods import this; reports that need no rule import
 * principle-facts.ts, so they never load TypeScript's parser libraries.
 */
import maxFunctionLines from "./max-function-lines/rule.js";
import noGlobalMutableState from "./no-global-mutable-state/rule.js";
import noProcessExitInLibrary from "./no-process-exit-in-library/rule.js";
import noSoftFailConfig from "./no-soft-fail-config/rule.js";
import { PRINCIPLE_FACTS, principleOfRule as findPrinciple, type TxoRuleName } from "./principle-facts.js";
import type { PrincipleDescriptor } from "./principle.js";

export {
  AUDIT_RULES,
  configRules,
  LINTABLE_FILES,
  type LintSetup,
  type PrincipleNumber,
  type RuleEntry,
  type TransformName,
  type TxoRuleName,
} from "./principle-facts.js";

/** Each principle's rule, by rule name: the type makes a principle without its rule a compile error. */
const RULES = {
  "no-soft-fail-config": noSoftFailConfig,
  "no-process-exit-in-library": noProcessExitInLibrary,
  "no-global-mutable-state": noGlobalMutableState,
  "max-function-lines": maxFunctionLines,
} as const satisfies Record<TxoRuleName, PrincipleDescriptor["rule"]>;

type Facts = (typeof PRINCIPLE_FACTS)[number];

/** The principles in their numbered order, each with its rule. */
export const PRINCIPLES = PRINCIPLE_FACTS.map((facts) => ({
  ...facts,
  rule: RULES[facts.ruleName],
})) as readonly (Facts &
  // map() forgets the tuple; each element is its facts plus the rule RULES holds under its name.
  { rule: (typeof RULES)[Facts["ruleName"]] })[];

/** The plugin's `rules` object: rule name → rule, in principle order. */
export function rulesOf(principles: readonly PrincipleDescriptor[]): Record<string, PrincipleDescriptor["rule"]> {
  return Object.fromEntries(principles.map((principle) => [principle.ruleName, principle.rule]));
}

// Object.fromEntries forgets which rule goes with which name; RULES pairs them.
export const rules = rulesOf(PRINCIPLES) as typeof RULES;

/** The descriptor of a `txo/…` rule id, or undefined for any other rule. */
export function principleOfRule(
  ruleId: string,
  principles: readonly PrincipleDescriptor[] = PRINCIPLES,
): PrincipleDescriptor | undefined {
  return findPrinciple(ruleId, principles);
}
