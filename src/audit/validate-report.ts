import { HelpfulError } from "@txo-toolkit/runtime";
import { loadSchemaValidator } from "../config/schema-validator.js";
import type { AuditReport } from "./model.js";

/** schemas/audit-report.schema.json, precompiled (scripts/compile-validators.mjs). */
const validateReportDocument = loadSchemaValidator("audit-report");

/** Throws when the report does not match schemas/audit-report.schema.json; nothing is written then. */
export function assertValidReport(report: AuditReport): void {
  if (validateReportDocument(report)) return;
  const problems = (validateReportDocument.errors ?? [])
    .slice(0, 10)
    .map((error) => `${error.instancePath || "(root)"} ${error.message ?? "is invalid"}`);
  throw new HelpfulError({
    whatWentWrong: `The audit report does not match schemas/audit-report.schema.json: ${problems.join("; ")}`,
    howToFix: "This is a bug in txo-audit, not in your project: please report it with the command you ran.",
    context: { operation: "validate the audit report", details: { problems } },
  });
}

/** What keeps a document someone hands us (a shard's JSON report) from being a valid report; empty when valid. */
export function reportSchemaErrors(document: unknown): string[] {
  if (validateReportDocument(document)) return [];
  return (validateReportDocument.errors ?? [])
    .slice(0, 5)
    .map((error) => `${error.instancePath || "(root)"} ${error.message ?? "is invalid"}`);
}
