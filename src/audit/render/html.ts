import { createHash } from "node:crypto";
import type { AuditReport, Finding } from "../model.js";
import { criterionStatus, headline, NOTHING_AUDITED } from "./finding-text.js";
import { EXPLORER_SCRIPT } from "./html-script.js";
import { ruleMetadata, type RuleMetadata } from "./rule-metadata.js";
import { barChart, escapeHtml } from "./svg-chart.js";

const STYLE = `
:root{color-scheme:light dark;--fg:#1b1f24;--bg:#fff;--muted:#57606a;--line:#d0d7de;--soft:#f6f8fa;--crit:#cf222e;--warn:#9a6700;--ok:#1a7f37;--new:#8250df;--link:#0969da}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#8b949e;--line:#30363d;--soft:#161b22;--crit:#ff7b72;--warn:#d29922;--ok:#3fb950;--new:#d2a8ff;--link:#58a6ff}}
*{box-sizing:border-box}
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1200px;padding:20px 24px}
a{color:var(--link)}h1{font-size:1.5em;margin:0 0 2px}h2{font-size:1.2em;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3.principle{font-size:1.02em;margin:18px 0 6px}.muted{color:var(--muted);font-weight:normal}.small{font-size:12px;margin:4px 0 0}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em;background:var(--soft);border-radius:4px;padding:0 3px;overflow-wrap:anywhere}
.critical{color:var(--crit);font-weight:600}.warning{color:var(--warn);font-weight:600}.met{color:var(--ok);font-weight:600;white-space:nowrap}.notmet{color:var(--crit);font-weight:600;white-space:nowrap}
.cards{display:flex;gap:10px;flex-wrap:wrap;margin-top:12px}.card{border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:140px}.card b{font-size:1.5em;display:block}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:14px}.chart{margin:0;border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.chart figcaption{font-weight:600;margin-bottom:6px}.chart svg text{font-size:13px;fill:var(--fg)}.chart svg text.count{fill:var(--muted)}
.rules{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:10px}.rule{border:1px solid var(--line);border-radius:8px;padding:8px 12px}.rule h3{margin:0 0 4px;font-size:1em}.rule p{margin:4px 0}
#filters{display:flex;flex-wrap:wrap;gap:8px 14px;align-items:center;background:var(--soft);border:1px solid var(--line);border-radius:8px;padding:8px 12px;margin:8px 0}
#filters label{display:flex;gap:6px;align-items:center}#filters select,#filters input{font:inherit;padding:2px 4px;max-width:300px}#filters input{width:220px}
.pager{display:flex;gap:12px;align-items:center;margin:8px 0;color:var(--muted)}button{font:inherit;padding:2px 10px;cursor:pointer}
details.file{border:1px solid var(--line);border-radius:6px;margin:4px 0}details.file>summary{padding:5px 10px;cursor:pointer;display:flex;gap:10px;align-items:center;flex-wrap:wrap}
details.file>summary .path{font-weight:600}details.file[open]>summary{border-bottom:1px solid var(--line);background:var(--soft)}
details.file table{margin:0;table-layout:fixed}details.file tr:last-child td{border-bottom:0}
col.c-pos{width:80px}col.c-sev{width:82px}col.c-status{width:90px}td.pos{font-variant-numeric:tabular-nums;color:var(--muted)}
details.message>summary{cursor:pointer}#problems+details>summary{cursor:pointer;margin:4px 0}#problems+details table{table-layout:fixed}#problems+details td{overflow-wrap:anywhere}details.message>p{margin:4px 0 2px;color:var(--muted)}
.tag{display:inline-block;border:1px solid var(--line);border-radius:10px;padding:0 7px;font-size:12px}.tag.new{color:var(--new);border-color:var(--new);font-weight:600}.tag.critical{border-color:var(--crit)}
.count{color:var(--muted)}.nojs{border:1px solid var(--warn);border-radius:6px;padding:6px 10px}html.js .nojs{display:none}
`;

const PROBLEMS_SHOWN_OPEN = 10;

/** The report data the explorer script reads; positions instead of repeated strings keep 2,500 findings small. */
function explorerData(report: AuditReport, rules: RuleMetadata[]): string {
  const files = [...new Set([...report.findings, ...report.testFindings].map((finding) => finding.file))].sort();
  const fileIndex = new Map(files.map((file, index) => [file, index]));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.ruleId, index]));
  const row = (test: number) => (finding: Finding) => [
    fileIndex.get(finding.file),
    finding.line,
    finding.column,
    ruleIndex.get(finding.ruleId) ?? rules.length - 1,
    finding.severity === "critical" ? 1 : 0,
    finding.baselineStatus === "new" ? 1 : finding.baselineStatus === "unchanged" ? 2 : 0,
    finding.message,
    test,
    headline(finding.message),
  ];
  const document = {
    rules: rules.map((rule) => ({
      id: rule.ruleId,
      name: rule.name,
      principle: rule.principle,
      title: rule.title,
      docs: rule.helpUri,
    })),
    files,
    baseline: report.baseline !== null,
    findings: [...report.findings.map(row(0)), ...report.testFindings.map(row(1))],
  };
  // Inside <script>, "<" could close the element: JSON's \u003c escape keeps the text inert.
  return JSON.stringify(document).replace(/</g, "\\u003c");
}

function cards(report: AuditReport): string {
  const card = (label: string, value: string | number, className = ""): string =>
    `<div class="card"><b class="${className}">${escapeHtml(typeof value === "number" ? value.toLocaleString("en-US") : value)}</b>${escapeHtml(label)}</div>`;
  const baseline = report.baseline
    ? card("new since baseline", report.baseline.newFindings, report.baseline.newFindings > 0 ? "critical" : "met")
    : "";
  return `<div class="cards">${card("findings", report.summary.findings)}${card("critical", report.summary.critical, "critical")}${card("warning", report.summary.warning, "warning")}${baseline}${card("files scanned", report.files.scanned)}${card("estimated hours", report.plan.totalHours)}</div>`;
}

function charts(report: AuditReport): string {
  const perPrinciple = report.summary.principles.map((principle) => ({
    label: `${principle.principle}. ${principle.title}`,
    count: principle.findings,
  }));
  return (
    `<div class="charts">${barChart("chart-principles", "Findings per principle", perPrinciple, "#cf222e")}` +
    barChart("chart-directories", "Findings per top-level directory", report.charts.byDirectory, "#0969da") +
    `${barChart("chart-function-lengths", "Long functions by length (lines)", report.charts.functionLengths, "#9a6700")}</div>`
  );
}

function criterionCell(status: ReturnType<typeof criterionStatus>): string {
  if (status === "met") return `<td class="met">✔ met</td>`;
  return status === "not met" ? `<td class="notmet">✘ not met</td>` : `<td class="warning">not assessed</td>`;
}

/** Summary, success criterion and plan phase of each principle: one row per principle. */
function principleTable(report: AuditReport): string {
  const rows = report.summary.principles.map((principle, index) => {
    const criterion = report.successCriteria[index];
    const phase = report.plan.phases[index];
    if (criterion === undefined || phase === undefined)
      throw new Error(`the report has no success criterion or plan phase for principle ${String(principle.principle)}`);
    const worst =
      principle.worstOffenders
        .slice(0, 2)
        .map((offender) => `<code>${escapeHtml(offender.file)}</code> (${offender.findings})`)
        .join(", ") || "—";
    return (
      `<tr><td>${principle.principle}. <a href="#rule-${escapeHtml(principle.ruleId.replace(/^txo\//, ""))}">${escapeHtml(principle.title)}</a></td><td class="num">${principle.findings.toLocaleString("en-US")}</td><td class="num">${principle.critical.toLocaleString("en-US")}</td><td class="num">${principle.filesTouched.toLocaleString("en-US")}</td>` +
      `${criterionCell(criterionStatus(report, criterion))}<td class="num">${phase.autoFixable.toLocaleString("en-US")}${phase.mayFix ? ` <span class="muted">+${phase.mayFix.toLocaleString("en-US")} may</span>` : ""}</td><td class="num">${phase.effortHours} h</td><td>${worst}</td></tr>`
    );
  });
  return (
    `<table id="criteria"><thead><tr><th>Principle</th><th class="num">Findings</th><th class="num">Critical</th><th class="num">Files</th><th>Criterion</th><th class="num">Codemod fixes</th><th class="num">Effort</th><th>Worst files</th></tr></thead><tbody>${rows.join("")}</tbody></table>` +
    `<p class="muted small" id="plan">Plan: one phase per principle, in this order; total ${report.plan.totalHours} h. ${escapeHtml(report.plan.formula)}</p>`
  );
}

function ruleCards(rules: RuleMetadata[]): string {
  const card = (rule: RuleMetadata): string =>
    `<div class="rule" id="rule-${escapeHtml(rule.name)}"><h3>${rule.principle}. ${escapeHtml(rule.title)} <code>${escapeHtml(rule.ruleId)}</code></h3>` +
    `<p>${escapeHtml(rule.description)}.</p><p><b>Fix:</b> ${escapeHtml(rule.suggestedFix)}</p>` +
    `<p><b>Codemod:</b> <code>txo-codemod ${escapeHtml(rule.codemod)}</code> · breaking: ${escapeHtml(rule.breaking)} · <a href="${escapeHtml(rule.helpUri)}" target="_blank" rel="noopener noreferrer">rule documentation</a></p></div>`;
  return `<h2 id="rules">The rules: what each finding means and how to fix it</h2><div class="rules">${rules.map(card).join("")}</div>`;
}

function filters(report: AuditReport, rules: RuleMetadata[]): string {
  const principles = rules
    .map((rule) => `<option value="${rule.principle}">${rule.principle}. ${escapeHtml(rule.title)}</option>`)
    .join("");
  const status = report.baseline
    ? `<label>Status <select name="status"><option value="all">all</option><option value="new">new since baseline</option><option value="baseline">in baseline</option></select></label>`
    : "";
  return (
    `<form id="filters"><label>Principle <select name="principle"><option value="all">all</option>${principles}</select></label>` +
    `<label>Severity <select name="severity"><option value="all">all</option><option value="critical">critical</option><option value="warning">warning</option></select></label>${status}` +
    `<label>Files <select name="scope"><option value="source">source (${report.findings.length.toLocaleString("en-US")})</option><option value="tests">tests (${report.testFindings.length.toLocaleString("en-US")})</option></select></label>` +
    `<label>Path contains <input name="file" type="search" placeholder="e.g. src/api"></label>` +
    `<label>Order <select name="sort"><option value="most">most critical first</option><option value="path">by path</option></select></label>` +
    `<button type="button" id="expand-all">Expand all</button><button type="button" id="collapse-all">Collapse all</button></form>`
  );
}

function findingsSection(report: AuditReport, rules: RuleMetadata[]): string {
  const tests = report.options.includeTests
    ? "Test files count in the summary (--include-tests)."
    : "Findings in test files are listed under Files: tests and do not count against the criteria.";
  return (
    `<h2 id="findings">Findings</h2><p class="muted small">Grouped by principle and file; click a file to open it, a finding for its full explanation. ${escapeHtml(tests)}</p>` +
    `<p class="nojs">This list needs JavaScript; every finding is also in txo-audit.json and txo-audit.md.</p>` +
    `${filters(report, rules)}<div class="pager"></div><div id="results"></div><div class="pager"></div>`
  );
}

function extraSections(report: AuditReport): string {
  const fixed =
    report.baseline?.fixedFindings
      .slice(0, 20)
      .map(
        (entry) =>
          `<li><code>${escapeHtml(entry.file)}:${entry.line}</code> ${escapeHtml(headline(entry.message))}</li>`,
      )
      .join("") ?? "";
  const baseline = report.baseline
    ? `<h2 id="baseline">Baseline</h2><p>Compared with <code>${escapeHtml(report.baseline.file)}</code>: <b>${report.baseline.newFindings} new</b>, ${report.baseline.unchanged} unchanged, <b>${report.baseline.fixed} fixed</b>.</p>${fixed ? `<ul>${fixed}</ul>` : ""}${report.baseline.fixed > 20 ? `<p class="muted">… and ${report.baseline.fixed - 20} more fixed.</p>` : ""}`
    : "";
  return baseline + problemsSection(report);
}

/** Files that could not be analysed; more than a few stay collapsed so they never bury the report. */
function problemsSection(report: AuditReport): string {
  if (report.problems.length === 0) return "";
  const rows = report.problems
    .map(
      (problem) =>
        `<tr><td><code>${escapeHtml(problem.file)}${problem.line === null ? "" : `:${problem.line}`}</code></td><td>${problem.kind}</td><td>${escapeHtml(problem.message)}</td></tr>`,
    )
    .join("");
  const table = `<table><colgroup><col style="width:40%"><col style="width:110px"><col></colgroup><thead><tr><th>File</th><th>Problem</th><th>Message</th></tr></thead><tbody>${rows}</tbody></table>`;
  const kinds = [...new Set(report.problems.map((problem) => problem.kind))]
    .map((kind) => `${report.problems.filter((problem) => problem.kind === kind).length} ${kind}`)
    .join(", ");
  const body =
    report.problems.length <= PROBLEMS_SHOWN_OPEN
      ? table
      : `<details><summary>Show all ${report.problems.length} (${kinds})</summary>${table}</details>`;
  return `<h2 id="problems">Files that could not be analysed (${report.problems.length})</h2>${body}`;
}

/**
 * One self-contained HTML file: inline CSS, SVG and one inline script (allowed by its hash, nothing
 * else may run or load), everything escaped. The findings list is rendered in pages from a JSON block.
 */
export function renderHtml(report: AuditReport): string {
  const title = `TXO hardening assessment: ${report.projectName}`;
  const rules = ruleMetadata();
  const scriptHash = createHash("sha256").update(EXPLORER_SCRIPT).digest("base64");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${scriptHash}'">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<p class="muted">Generated ${escapeHtml(report.generatedAt)} by ${escapeHtml(report.tool.name)} ${escapeHtml(report.tool.version)} · ${report.files.scanned.toLocaleString("en-US")} files scanned · ${report.files.testFiles.toLocaleString("en-US")} test files${report.problems.length > 0 ? ` · <a href="#problems">${report.problems.length} could not be analysed</a>` : ""}</p>
${report.files.scanned === 0 ? `<p class="warning">${escapeHtml(NOTHING_AUDITED)}</p>` : ""}
${cards(report)}
<h2>Charts</h2>${charts(report)}
<h2>Per principle: criteria and plan</h2>${principleTable(report)}
${findingsSection(report, rules)}
${ruleCards(rules)}
${extraSections(report)}
<script type="application/json" id="txo-data">${explorerData(report, rules)}</script>
<script>${EXPLORER_SCRIPT}</script>
</body></html>
`;
}
