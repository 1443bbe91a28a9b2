import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { AuditReport, Finding } from "../model.js";
import { repositoryRelative } from "../repository.js";
import { canBeCritical } from "../principles.js";
import { ruleMetadata, type RuleMetadata } from "./rule-metadata.js";

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const SOURCE_ROOT = "%SRCROOT%";
const PROBLEM_VERBS: Record<AuditReport["problems"][number]["kind"], string> = {
  unreadable: "Could not read",
  "parse-error": "Could not parse",
  "lint-error": "A rule failed on",
};

function level(finding: Finding): "error" | "warning" {
  return finding.severity === "critical" ? "error" : "warning";
}

function sarifRule(rule: RuleMetadata): object {
  return {
    id: rule.ruleId,
    name: rule.name.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: {
      text: `${rule.description}. Fix: ${rule.suggestedFix} Codemod: txo-codemod ${rule.codemod}. Breaking: ${rule.breaking}.`,
      markdown: `**${rule.title}** (TXO principle ${rule.principle})\n\n${rule.description}.\n\n**Fix:** ${rule.suggestedFix}\n\n**Codemod:** \`txo-codemod ${rule.codemod}\` (breaking: ${rule.breaking}). [Documentation](${rule.helpUri})`,
    },
    helpUri: rule.helpUri,
    defaultConfiguration: { level: canBeCritical(rule) ? "error" : "warning" },
    properties: {
      tags: ["txo", `principle-${rule.principle}`, "maintainability"],
      principle: rule.principle,
      breaking: rule.breaking,
    },
  };
}

/** The repository root: code scanning resolves every artifact URI against it. */
function sourceRoot(report: AuditReport): string {
  const up = report.repositoryPath ? report.repositoryPath.split("/").map(() => "..") : [];
  return pathToFileURL(resolve(report.root, ...up)).href.replace(/\/?$/, "/");
}

function sarifResult(finding: Finding, ruleIndex: number, repositoryPath: string | undefined): object {
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: level(finding),
    message: { text: `${finding.message} Fix: ${finding.suggestedFix}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: {
            uri: encodeURI(repositoryRelative(repositoryPath, finding.file)),
            uriBaseId: SOURCE_ROOT,
          },
          region: {
            startLine: finding.line,
            startColumn: finding.column,
            endLine: finding.endLine,
            endColumn: finding.endColumn,
          },
        },
      },
    ],
    partialFingerprints: { "txoFingerprint/v1": finding.fingerprint },
    ...(finding.baselineStatus === null
      ? {}
      : { baselineState: finding.baselineStatus === "new" ? "new" : "unchanged" }),
    properties: {
      principle: finding.principle,
      severity: finding.severity,
      breaking: finding.breaking,
      autoFixable: finding.autoFixable,
      codemod: finding.codemod,
    },
  };
}

function notifications(report: AuditReport): object[] {
  return report.problems.map((problem) => ({
    level: "error",
    message: { text: `${PROBLEM_VERBS[problem.kind]} ${problem.file}: ${problem.message}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: {
            uri: encodeURI(repositoryRelative(report.repositoryPath, problem.file)),
            uriBaseId: SOURCE_ROOT,
          },
          ...(problem.line === null
            ? {}
            : { region: { startLine: problem.line, startColumn: Math.max(1, problem.column ?? 1) } }),
        },
      },
    ],
  }));
}

/** SARIF 2.1.0 for GitHub code scanning: stable rule ids, help, and partial fingerprints. */
export function renderSarif(report: AuditReport): string {
  const rules = ruleMetadata();
  const indexOf = new Map(rules.map((rule, index) => [rule.ruleId, index]));
  const findings = report.options.includeTests ? [...report.findings, ...report.testFindings] : report.findings;
  const log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: report.tool.informationUri,
            rules: rules.map(sarifRule),
          },
        },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: sourceRoot(report) } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications(report) }],
        results: findings.map((finding) =>
          sarifResult(finding, indexOf.get(finding.ruleId) ?? 0, report.repositoryPath),
        ),
        columnKind: "utf16CodeUnits",
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
