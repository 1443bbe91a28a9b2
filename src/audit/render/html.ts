import type { AuditReport, Finding } from "../model.js";
import { barChart, escapeHtml } from "./svg-chart.js";

const STYLE = `
:root{color-scheme:light dark;--fg:#1b1f24;--bg:#fff;--muted:#57606a;--line:#d0d7de;--crit:#cf222e;--warn:#9a6700;--ok:#1a7f37}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#8b949e;--line:#30363d}}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1200px;padding:24px}
h1{font-size:1.6em;margin:0 0 4px}h2{margin-top:32px;border-bottom:1px solid var(--line);padding-bottom:4px}
.muted{color:var(--muted)}table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:color-mix(in srgb,var(--line) 35%,transparent)}code{font-family:ui-monospace,monospace;font-size:.92em}
.critical{color:var(--crit);font-weight:600}.warning{color:var(--warn);font-weight:600}.met{color:var(--ok)}.notmet{color:var(--crit)}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:150px}.card b{font-size:1.6em;display:block}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:16px}.chart{margin:0;border:1px solid var(--line);border-radius:8px;padding:8px}
.chart figcaption{font-weight:600;margin-bottom:4px}.chart svg text{font-size:12px;fill:var(--fg)}
`;

function severityCell(finding: Finding): string {
  return `<span class="${finding.severity}">${finding.severity}</span>`;
}

function findingRows(findings: Finding[]): string {
  return findings
    .map(
      (finding) =>
        `<tr><td><code>${escapeHtml(`${finding.file}:${finding.line}:${finding.column}`)}</code></td><td>${finding.principle}</td><td>${severityCell(finding)}</td>` +
        `<td><code>${escapeHtml(finding.ruleId)}</code> ${escapeHtml(finding.message)}</td><td>${escapeHtml(finding.suggestedFix)}</td>` +
        `<td>${finding.codemod ? `<code>${escapeHtml(finding.codemod)}</code>` : "manual"}</td><td>${finding.breaking}</td><td>${escapeHtml(finding.baselineStatus ?? "open")}</td></tr>`,
    )
    .join("\n");
}

function findingTable(findings: Finding[]): string {
  if (findings.length === 0) return "<p>No findings.</p>";
  return `<table class="findings"><thead><tr><th>File</th><th>Principle</th><th>Severity</th><th>Issue</th><th>Fix</th><th>Codemod</th><th>Breaking</th><th>Status</th></tr></thead><tbody>${findingRows(findings)}</tbody></table>`;
}

function cards(report: AuditReport): string {
  const card = (label: string, value: string | number, className = ""): string => `<div class="card"><b class="${className}">${escapeHtml(String(value))}</b>${escapeHtml(label)}</div>`;
  return `<div class="cards">${card("findings", report.summary.findings)}${card("critical", report.summary.critical, "critical")}${card("warning", report.summary.warning, "warning")}${card("files scanned", report.files.scanned)}${card("estimated hours", report.plan.totalHours)}</div>`;
}

function summaryTable(report: AuditReport): string {
  const rows = report.summary.principles
    .map(
      (principle) =>
        `<tr><td>${principle.principle}. ${escapeHtml(principle.title)}</td><td><code>${escapeHtml(principle.ruleId)}</code></td><td>${principle.findings}</td><td>${principle.critical}</td><td>${principle.filesTouched}</td>` +
        `<td>${escapeHtml(principle.worstOffenders.map((offender) => `${offender.file} (${offender.findings})`).join(", ") || "—")}</td></tr>`,
    )
    .join("");
  return `<table><thead><tr><th>Principle</th><th>Rule</th><th>Findings</th><th>Critical</th><th>Files</th><th>Worst offenders</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function criteriaAndPlan(report: AuditReport): string {
  const criteria = report.successCriteria
    .map((criterion) => `<tr><td>${escapeHtml(criterion.criterion)}</td><td class="${criterion.met ? "met" : "notmet"}">${criterion.met ? "✔ met" : "✘ not met"}</td><td>${criterion.remaining}</td></tr>`)
    .join("");
  const phases = report.plan.phases
    .map((phase) => `<tr><td>${phase.phase}</td><td>${escapeHtml(phase.title)}</td><td>${phase.findings}</td><td>${phase.files}</td><td>${phase.autoFixable} (<code>${escapeHtml(phase.codemod)}</code>)</td><td>${phase.breaking}</td><td>${phase.effortHours} h</td></tr>`)
    .join("");
  return (
    `<h2>Success criteria</h2><table id="criteria"><thead><tr><th>Criterion</th><th>Status</th><th>Remaining</th></tr></thead><tbody>${criteria}</tbody></table>` +
    `<h2>Migration plan</h2><table id="plan"><thead><tr><th>Phase</th><th>Work</th><th>Findings</th><th>Files</th><th>Codemod can fix</th><th>Breaking</th><th>Effort</th></tr></thead><tbody>${phases}</tbody></table>` +
    `<p class="muted">Total ${report.plan.totalHours} h. ${escapeHtml(report.plan.formula)}</p>`
  );
}

function charts(report: AuditReport): string {
  const perPrinciple = report.summary.principles.map((principle) => ({ label: `${principle.principle}. ${principle.title}`, count: principle.findings }));
  return (
    `<div class="charts">${barChart("chart-principles", "Findings per principle", perPrinciple, "#cf222e")}` +
    `${barChart("chart-directories", "Findings per top-level directory", report.charts.byDirectory, "#0969da")}` +
    `${barChart("chart-function-lengths", "Long functions by length (lines)", report.charts.functionLengths, "#9a6700")}</div>`
  );
}

function extraSections(report: AuditReport): string {
  const baseline = report.baseline
    ? `<h2>Baseline</h2><p>Compared with <code>${escapeHtml(report.baseline.file)}</code>: <b>${report.baseline.newFindings} new</b>, ${report.baseline.unchanged} unchanged, <b>${report.baseline.fixed} fixed</b>.</p>`
    : "";
  const problems =
    report.problems.length === 0
      ? ""
      : `<h2>Files that could not be analysed</h2><table id="problems"><thead><tr><th>File</th><th>Problem</th><th>Message</th></tr></thead><tbody>${report.problems
          .map((problem) => `<tr><td><code>${escapeHtml(problem.file)}${problem.line === null ? "" : `:${problem.line}`}</code></td><td>${problem.kind}</td><td>${escapeHtml(problem.message)}</td></tr>`)
          .join("")}</tbody></table>`;
  const tests = `<h2>Test files</h2><p class="muted">${report.options.includeTests ? "Counted in the summary (--include-tests)." : "Not counted against the success criteria."}</p>${findingTable(report.testFindings)}`;
  return baseline + tests + problems;
}

/** One self-contained HTML file: inline CSS and SVG, no scripts, no network, everything escaped. */
export function renderHtml(report: AuditReport): string {
  const title = `TXO hardening assessment: ${report.projectName}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<p class="muted">Generated ${escapeHtml(report.generatedAt)} by ${escapeHtml(report.tool.name)} ${escapeHtml(report.tool.version)} · ${report.files.scanned} files scanned · ${report.files.testFiles} test files</p>
${cards(report)}
<h2>Charts</h2>${charts(report)}
<h2>Summary per principle</h2>${summaryTable(report)}
${criteriaAndPlan(report)}
<h2>Findings</h2>${findingTable(report.findings)}
${extraSections(report)}
</body></html>
`;
}
