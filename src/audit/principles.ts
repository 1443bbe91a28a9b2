import { PRINCIPLE_FACTS } from "../rules/principle-facts.js";
import { type PrincipleFacts, ruleIdOf, type SeverityTiers } from "../rules/principle.js";
import type { BreakingLevel, Principle, RawFinding, Severity } from "./model.js";

/** What the audit knows about each rule, derived from its principle's descriptor (rules/principle-facts.ts). */
export interface RuleProfile {
  ruleId: string;
  principle: Principle;
  title: string;
  criterion: string;
  suggestedFix: string;
  codemod: string;
  breaking: BreakingLevel;
  /** Minutes of work per finding, used by the plan's effort estimate. */
  minutesPerFinding: number;
  severity: SeverityTiers;
  manualMessageIds: readonly string[];
  /** The rule's message templates, to read a measure (a function's line count) back as data. */
  messages: Readonly<Record<string, string>>;
  /** `messages` compiled once per profile: a report reads measures back from thousands of messages. */
  messageReaders: Readonly<Record<string, MessageReader>>;
}

export function profileFromPrinciple(principle: PrincipleFacts): RuleProfile {
  return {
    ruleId: ruleIdOf(principle),
    principle: principle.number,
    title: principle.audit.title,
    criterion: principle.audit.criterion,
    suggestedFix: principle.audit.suggestedFix,
    codemod: principle.codemod.transform,
    breaking: principle.codemod.breaking,
    minutesPerFinding: principle.audit.effort.minutesPerFinding,
    severity: principle.audit.severity,
    manualMessageIds: principle.codemod.manualMessageIds,
    messages: principle.meta.messages,
    messageReaders: Object.fromEntries(
      Object.entries(principle.meta.messages).map(([messageId, template]) => [messageId, messageReader(template)]),
    ),
  };
}

export const RULE_PROFILES: readonly RuleProfile[] = Object.freeze(PRINCIPLE_FACTS.map(profileFromPrinciple));

export function profileOf(ruleId: string, profiles: readonly RuleProfile[] = RULE_PROFILES): RuleProfile | undefined {
  return profiles.find((profile) => profile.ruleId === ruleId);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A rule's message template as a pattern that reads its `{{name}}` values back (ESLint messages
 * carry no data), so no report depends on a hand-copied pattern of the wording.
 */
export interface MessageReader {
  pattern: RegExp;
  names: readonly string[];
}

function messageReader(template: string): MessageReader {
  const names: string[] = [];
  const parts = template.split(/\{\{\s*([^{}\s]+)\s*\}\}/);
  const source = parts
    .map((part, index) => (index % 2 === 0 ? escapeRegExp(part) : (names.push(part), "([\\s\\S]*?)")))
    .join("");
  return { pattern: new RegExp(`^${source}$`), names };
}

function readMessage({ pattern, names }: MessageReader, message: string): Record<string, string> | null {
  const match = pattern.exec(message);
  if (!match) return null;
  return Object.fromEntries(names.map((name, index) => [name, match[index + 1] ?? ""]));
}

/** The measure a principle rates its findings by (a long function's line count), or null. */
export function measureOf(
  finding: Pick<RawFinding, "ruleId" | "messageId" | "message">,
  profiles: readonly RuleProfile[] = RULE_PROFILES,
): number | null {
  const profile = profileOf(finding.ruleId, profiles);
  const measure = profile?.severity.measure;
  const reader = finding.messageId === null ? undefined : profile?.messageReaders[finding.messageId];
  if (measure === undefined || reader === undefined) return null;
  const value = Number(readMessage(reader, finding.message)?.[measure.data]);
  return Number.isFinite(value) ? value : null;
}

/** Severity policy (docs/audit.md, "Severities"): each principle's tiers in its descriptor. */
export function severityOf(
  finding: Pick<RawFinding, "ruleId" | "messageId" | "message">,
  profiles: readonly RuleProfile[] = RULE_PROFILES,
): Severity {
  const tiers = profileOf(finding.ruleId, profiles)?.severity;
  if (tiers === undefined) return "warning";
  const byMessage = finding.messageId === null ? undefined : tiers.byMessageId?.[finding.messageId];
  if (byMessage !== undefined) return byMessage;
  if (tiers.measure !== undefined && (measureOf(finding, profiles) ?? 0) > tiers.measure.criticalAbove)
    return "critical";
  return tiers.default;
}

/** Whether any finding of the rule can be critical (SARIF's default level for the rule). */
export function canBeCritical(profile: RuleProfile): boolean {
  const tiers = profile.severity;
  return (
    tiers.default === "critical" ||
    tiers.measure !== undefined ||
    Object.values(tiers.byMessageId ?? {}).includes("critical")
  );
}

export function isAutoFixable(
  finding: Pick<RawFinding, "ruleId" | "messageId">,
  profiles: readonly RuleProfile[] = RULE_PROFILES,
): boolean {
  const profile = profileOf(finding.ruleId, profiles);
  if (profile === undefined) return false;
  return !profile.manualMessageIds.includes(finding.messageId ?? "");
}
