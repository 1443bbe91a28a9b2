/** txo-audit as a library: run the audit, read the report model, render it. */
export { runAudit, type AuditOptions, type AuditResult } from "./run-audit.js";
export type * from "./model.js";
export { renderMarkdown } from "./render/markdown.js";
export { renderSarif } from "./render/sarif.js";
export { renderCodeClimate } from "./render/codeclimate.js";
export { renderHtml } from "./render/html.js";
export { renderTerminal } from "./render/terminal.js";
export { assertValidReport } from "./validate-report.js";
export { FileLinter } from "../lint/engine.js";
export { parseForEslintFast, FastParserDeclined } from "../lint/oxc-parser-adapter.js";
