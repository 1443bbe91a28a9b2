import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { HelpfulError } from "@txo-toolkit/runtime";
import type { BaselineComparison, Finding } from "./model.js";
import { isRecord } from "./json-shape.js";
import { removeTemporary, temporaryNameOf } from "./temporary-file.js";
import { messageOf } from "./error-message.js";

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

const ENTRY_FIELDS: readonly [keyof BaselineEntry, "string" | "number"][] = [
  ["fingerprint", "string"],
  ["ruleId", "string"],
  ["file", "string"],
  ["line", "number"],
  ["message", "string"],
];

/** The first entry that is not a complete baseline finding, described; undefined when all are. */
function badEntry(findings: unknown[]): string | undefined {
  for (const [index, entry] of findings.entries()) {
    if (!isRecord(entry)) return `findings[${index}] is ${entry === null ? "null" : typeof entry}, not an object.`;
    const missing = ENTRY_FIELDS.filter(([field, type]) => typeof entry[field] !== type).map(
      ([field, type]) => `${field} (${type})`,
    );
    if (missing.length > 0) return `findings[${index}] lacks ${missing.join(", ")}.`;
  }
  return undefined;
}

function readText(file: string): string {
  if (!existsSync(file)) throw invalidBaseline(file, "the file does not exist.");
  if (statSync(file).isDirectory()) throw invalidBaseline(file, "it is a folder, not a file.");
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw invalidBaseline(file, `it cannot be read (${messageOf(error)}).`, error);
  }
}

export function readBaseline(file: string): BaselineDocument {
  let document: unknown;
  try {
    document = JSON.parse(readText(file));
  } catch (error) {
    if (error instanceof HelpfulError) throw error;
    throw invalidBaseline(file, `it is not valid JSON (${messageOf(error)}).`, error);
  }
  if (!isRecord(document) || document.tool !== "txo-audit" || !Array.isArray(document.findings)) {
    throw invalidBaseline(
      file,
      'it is not a txo-audit baseline (expected { "tool": "txo-audit", "findings": [...] }).',
    );
  }
  const bad = badEntry(document.findings);
  if (bad !== undefined)
    throw invalidBaseline(file, `${bad} Each finding needs fingerprint, ruleId, file, line and message.`);
  // The tool and every finding's fields are checked above; schemaVersion and generatedAt are only informative.
  return document as unknown as BaselineDocument;
}

export function writeBaseline(file: string, findings: Finding[], generatedAt: string): void {
  const document: BaselineDocument = {
    tool: "txo-audit",
    schemaVersion: 1,
    generatedAt,
    findings: findings.map(({ fingerprint, ruleId, file: path, line, message }) => ({
      fingerprint,
      ruleId,
      file: path,
      line,
      message,
    })),
  };
  const temporary = temporaryNameOf(file);
  try {
    if (statSync(file, { throwIfNoEntry: false })?.isDirectory() === true)
      throw new Error("a folder of that name is in the way");
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, `${JSON.stringify(document, null, 2)}\n`);
    renameSync(temporary, file);
  } catch (error) {
    removeTemporary(temporary);
    throw new HelpfulError({
      whatWentWrong: `Cannot write the baseline ${file}: ${messageOf(error)}`,
      howToFix: "Pass a writable file path with --baseline (not a folder).",
      example: "txo-audit . --update-baseline --baseline .txo-baseline.json",
      cause: error,
    });
  }
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
