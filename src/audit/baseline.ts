import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { HelpfulError } from "../runtime/errors.js";
import type { BaselineComparison, Finding } from "./model.js";

interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string;
  line: number;
  message: string;
}

export interface BaselineDocument {
  tool: "txo-audit";
  schemaVersion: 1;
  generatedAt: string;
  findings: BaselineEntry[];
}

function invalidBaseline(file: string, reason: string, cause?: unknown): HelpfulError {
  return new HelpfulError({
    whatWentWrong: `The baseline ${file} cannot be used: ${reason}`,
    howToFix: "Create it from the current findings with --update-baseline (and commit it), or pass the right file.",
    example: `txo-audit . --baseline ${file} --update-baseline`,
    cause,
  });
}

export function readBaseline(file: string): BaselineDocument {
  if (!existsSync(file)) throw invalidBaseline(file, "the file does not exist.");
  let document: BaselineDocument;
  try {
    document = JSON.parse(readFileSync(file, "utf8")) as BaselineDocument;
  } catch (error) {
    throw invalidBaseline(file, `it is not valid JSON (${(error as Error).message}).`, error);
  }
  if (document?.tool !== "txo-audit" || !Array.isArray(document.findings)) {
    throw invalidBaseline(file, 'it is not a txo-audit baseline (expected { "tool": "txo-audit", "findings": [...] }).');
  }
  return document;
}

export function writeBaseline(file: string, findings: Finding[], generatedAt: string): void {
  const document: BaselineDocument = {
    tool: "txo-audit",
    schemaVersion: 1,
    generatedAt,
    findings: findings.map(({ fingerprint, ruleId, file: path, line, message }) => ({ fingerprint, ruleId, file: path, line, message })),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(document, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** Marks each finding new or unchanged and lists the baseline findings that are gone (fixed). */
export function compareWithBaseline(findings: Finding[], baseline: BaselineDocument, file: string): BaselineComparison {
  const known = new Set(baseline.findings.map((entry) => entry.fingerprint));
  const current = new Set(findings.map((finding) => finding.fingerprint));
  for (const finding of findings) finding.baselineStatus = known.has(finding.fingerprint) ? "unchanged" : "new";
  const fixedFindings = baseline.findings.filter((entry) => !current.has(entry.fingerprint));
  const newFindings = findings.filter((finding) => finding.baselineStatus === "new").length;
  return { file, newFindings, unchanged: findings.length - newFindings, fixed: fixedFindings.length, fixedFindings };
}
