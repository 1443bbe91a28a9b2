import type { FixPrediction } from "../codemods/fix-prediction.js";
import type { FileLintResult, RawFinding } from "../lint/engine.js";
import { RULE_PROFILES } from "./principles.js";

export type { FixOutcome, FixPrediction } from "../codemods/fix-prediction.js";

const TEST_FILE: FixPrediction = {
  outcome: "manual",
  reason: "a test file: txo-codemod leaves test files alone unless --include-tests",
};

/**
 * What `txo-codemod all` will do with each finding, decided by the transforms themselves (a trial
 * run of their decisions on each file with findings), so the report promises what a run then does.
 * The codemod code (ts-morph, TypeScript) is loaded only when there is something to predict.
 */
export async function codemodOutcomes(
  root: string,
  results: ReadonlyMap<string, FileLintResult>,
  testFiles: ReadonlySet<string>,
): Promise<Map<RawFinding, FixPrediction>> {
  const outcomes = new Map<RawFinding, FixPrediction>();
  const principleRules = new Set(RULE_PROFILES.map((profile) => profile.ruleId));
  const files: { file: string; findings: RawFinding[] }[] = [];
  for (const [file, result] of results) {
    const findings = result.findings.filter((finding) => principleRules.has(finding.ruleId));
    if (findings.length === 0) continue;
    if (testFiles.has(file)) for (const finding of findings) outcomes.set(finding, TEST_FILE);
    else files.push({ file, findings });
  }
  if (files.length === 0) return outcomes;
  const { predictFixes } = await import("../codemods/fix-prediction.js");
  const rawOf = new Map<object, RawFinding>();
  const inputs = files.map(({ file, findings }) => ({
    file,
    findings: findings.map((raw) => {
      const finding = { ...raw, messageId: raw.messageId ?? undefined };
      rawOf.set(finding, raw);
      return finding;
    }),
  }));
  const predictions = predictFixes(root, inputs);
  for (const [finding, prediction] of predictions) {
    const raw = rawOf.get(finding);
    if (raw) outcomes.set(raw, prediction);
  }
  return outcomes;
}
