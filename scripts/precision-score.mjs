// The arithmetic of `npm run precision`, kept apart from installing and linting so a test can check it
// offline: labels and findings are matched by (package, file, line, rule).

const EXPECTED = new Set(["report", "no-report"]);
const LABEL_FIELDS = ["package", "file", "line", "rule", "expected", "before", "why"];

/** The identity of a finding or a label: one line of one file of one package, for one rule. */
export function findingKey({ package: pkg, file, line, rule }) {
  return `${pkg}\u0000${file}\u0000${line}\u0000${rule}`;
}

function labelProblem(label) {
  const missing = LABEL_FIELDS.filter((field) => label?.[field] === undefined);
  if (missing.length > 0) return `missing ${missing.join(", ")}`;
  if (!EXPECTED.has(label.expected))
    return `"expected" is ${JSON.stringify(label.expected)}, not "report" or "no-report"`;
  if (typeof label.before !== "boolean") return `"before" must be true or false`;
  if (!Number.isInteger(label.line) || label.line < 1) return `"line" must be a positive integer`;
  if (typeof label.why !== "string" || label.why.trim() === "") return `"why" must say why, in a sentence`;
  return undefined;
}

/**
 * Checks every label and that no line is labelled twice; `source` names the file in the error.
 * Returns the labels unchanged so callers can chain.
 */
export function validateLabels(labels, source) {
  if (!Array.isArray(labels))
    throw new Error(
      `${source}: expected a JSON array of labels, e.g. [{ "package": "zod@4.6.7", "file": "src/x.ts", "line": 3, "rule": "txo/no-soft-fail-config", "expected": "report", "before": true, "why": "…" }]`,
    );
  const seen = new Map();
  labels.forEach((label, index) => {
    const problem = labelProblem(label);
    if (problem) throw new Error(`${source}: label #${index + 1} (${JSON.stringify(label)}): ${problem}`);
    const key = findingKey(label);
    if (seen.has(key))
      throw new Error(
        `${source}: labels #${seen.get(key) + 1} and #${index + 1} label the same line (${label.package} ${label.file}:${label.line} ${label.rule}); keep one`,
      );
    seen.set(key, index);
  });
  return labels;
}

function ratio(numerator, denominator) {
  return denominator === 0 ? undefined : numerator / denominator;
}

/** Precision and recall of one rule over `labels`, given which labels count as reported. */
function measure(labels, isReported) {
  let truePositives = 0;
  let falsePositives = 0;
  let expectedReports = 0;
  for (const label of labels) {
    if (label.expected === "report") expectedReports += 1;
    if (!isReported(label)) continue;
    if (label.expected === "report") truePositives += 1;
    else falsePositives += 1;
  }
  return {
    truePositives,
    falsePositives,
    expectedReports,
    precision: ratio(truePositives, truePositives + falsePositives),
    recall: ratio(truePositives, expectedReports),
  };
}

/**
 * Scores each rule: the current findings against the labels, and today's rules through each
 * label's `before` field. `unlabelled` counts findings no label covers, so leaving a finding
 * unlabelled cannot raise the precision silently. `onlyPackages` restricts to a package subset.
 */
export function scoreRules(findings, labels, { rules, onlyPackages } = {}) {
  const inScope = (item) => onlyPackages === undefined || onlyPackages.has(item.package);
  const reported = new Set(findings.filter(inScope).map(findingKey));
  const labelled = new Set(labels.map(findingKey));
  const ruleNames = rules ?? [...new Set([...findings, ...labels].map((item) => item.rule))].sort();
  return ruleNames.map((rule) => {
    const ruleLabels = labels.filter((label) => label.rule === rule && inScope(label));
    const ruleFindings = [
      ...new Set(findings.filter((finding) => finding.rule === rule && inScope(finding)).map(findingKey)),
    ];
    return {
      rule,
      labels: ruleLabels.length,
      findings: ruleFindings.length,
      unlabelled: ruleFindings.filter((key) => !labelled.has(key)).length,
      current: measure(ruleLabels, (label) => reported.has(findingKey(label))),
      before: measure(ruleLabels, (label) => label.before),
    };
  });
}

/** Findings that no label covers, for labelling (optionally a reproducible random sample). */
export function unlabelledFindings(findings, labels, { sample, seed = 1 } = {}) {
  const labelled = new Set(labels.map(findingKey));
  const byKey = new Map(
    findings.filter((finding) => !labelled.has(findingKey(finding))).map((finding) => [findingKey(finding), finding]),
  );
  const all = [...byKey.values()];
  if (sample === undefined || sample >= all.length) return all;
  let state = seed >>> 0 || 1;
  const random = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
  for (let index = all.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [all[index], all[other]] = [all[other], all[index]];
  }
  return all.slice(0, sample);
}

function percent(value) {
  return value === undefined ? "   n/a" : `${(value * 100).toFixed(1).padStart(5)}%`;
}

function describe(result) {
  return `${percent(result.precision)} (${result.truePositives} TP / ${result.falsePositives} FP)  recall ${percent(result.recall)} (${result.truePositives}/${result.expectedReports})`;
}

/** The printed table: one block per rule, current rules first, then today's (the `before` field). */
export function formatScores(scores, title) {
  const lines = [title];
  for (const score of scores) {
    lines.push(
      `  ${score.rule}: ${score.findings} findings, ${score.labels} labels, ${score.unlabelled} findings unlabelled`,
    );
    lines.push(`    now     precision ${describe(score.current)}`);
    lines.push(`    before  precision ${describe(score.before)}`);
  }
  return lines.join("\n");
}
