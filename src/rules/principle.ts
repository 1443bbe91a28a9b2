/**
 * What one TXO principle is made of, in one place: its rule, how the audit rates and plans its
 * findings, which codemod fixes them and what stays manual, and the prose of the README tables.
 * The plugin, the codemod registry, the audit's principle table, the schemas' enums and the docs
 * tables are all derived from the list in principle-facts.ts, joined to the rules in catalog.ts
 * (scripts/principle-tables.mjs writes the generated files; test/principles.test.ts fails when
 * they drift).
 */
import type { TSESLint } from "@typescript-eslint/utils";

/** How much a codemod's rewrite can change behaviour callers see. */
export type BreakingLevel = "high" | "medium" | "low" | "none";
export const BREAKING_LEVELS: readonly BreakingLevel[] = ["high", "medium", "low", "none"];

export type Severity = "warning" | "critical";

/** A rule of any option shape: the catalog holds rules whose options differ. */
export type AnyRule = TSESLint.RuleModule<string, readonly unknown[]>;

/**
 * What a report needs of a rule's meta, kept in the rule's meta.ts so the audit can read it without
 * loading the rule (its parser libraries and analysis): the rule's meta is built from the same object.
 */
export interface RuleFacts<MessageIds extends string = string> {
  docs: { description: string; recommended: boolean };
  messages: Readonly<Record<MessageIds, string>>;
}

/** How the audit rates one finding: a default, overridden per messageId, escalated by a measure. */
export interface SeverityTiers {
  default: Severity;
  /** Message ids rated differently from the default (e.g. `process.exitCode =` is only a warning). */
  byMessageId?: Readonly<Record<string, Severity>>;
  /** A number the rule reports in its message data, critical above `criticalAbove` (long functions over 100 lines). */
  measure?: { data: string; criticalAbove: number };
}

export interface PrincipleAudit {
  title: string;
  /** The success criterion of the audit's plan, e.g. "Zero process exits in library code". */
  criterion: string;
  suggestedFix: string;
  severity: SeverityTiers;
  /** Minutes of work per finding in the plan's effort estimate, and the words the formula uses for it. */
  effort: { minutesPerFinding: number; label: string };
  /** Code Climate categories of the findings. */
  codeClimateCategories: readonly string[];
}

export interface PrincipleCodemod {
  transform: string;
  breaking: BreakingLevel;
  /** Message ids the codemod never rewrites: their findings are not auto-fixable. */
  manualMessageIds: readonly string[];
  /** README: what the transform does, and what it leaves to a person (with the reason). */
  does: string;
  staysManual: string;
}

/** The principle's cells in the README's and docs/audit.md's tables (its own page is docs/rules/<rule>.md). */
export interface PrincipleDocs {
  fragile: string;
  hardened: string;
  finds: string;
  test: string;
  precision: string;
  /** docs/audit.md: the severity policy in words, and why the codemod breaks what it breaks. */
  severity: string;
  breakingWhy?: string;
}

/** A principle's descriptor without its rule: all the audit reads (principle-facts.ts). */
export interface PrincipleFacts {
  /** The principle's number, its order in every table and report. */
  number: number;
  /** The rule's name without the `txo/` prefix; also its doc page's name. */
  ruleName: string;
  /** The rule's description and message templates; the rule's `meta` is built from this object. */
  meta: RuleFacts;
  /** The rule's level in `configs.recommended` (`configs.strict` makes every rule an error). */
  level: "error" | "warn";
  /** Rule options the plugin's configs set, when they differ from the rule's defaults. */
  configOptions?: { recommended?: Readonly<Record<string, unknown>>; strict?: Readonly<Record<string, unknown>> };
  audit: PrincipleAudit;
  codemod: PrincipleCodemod;
  docs: PrincipleDocs;
}

/** A principle with its rule, as the plugin and the lint engine use it (catalog.ts). */
export interface PrincipleDescriptor extends PrincipleFacts {
  rule: AnyRule;
}

/** The rule id ESLint reports: `txo/<rule>`. */
export function ruleIdOf(principle: Pick<PrincipleDescriptor, "ruleName">): `txo/${string}` {
  return `txo/${principle.ruleName}`;
}
