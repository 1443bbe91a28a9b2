import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  findingKey,
  formatScores,
  scoreRules,
  unlabelledFindings,
  validateLabels,
} from "../../scripts/precision-score.mjs";
import { nth } from "../nth.js";

const corpus = join(import.meta.dirname);
const RULE = "txo/no-soft-fail-config";

function label(line: number, expected: "report" | "no-report", before: boolean, pkg = "a@1.0.0") {
  return { package: pkg, file: "src/x.ts", line, rule: RULE, expected, before, why: "read from the code" };
}

function finding(line: number, pkg = "a@1.0.0", rule = RULE) {
  return { package: pkg, file: "src/x.ts", line, rule };
}

describe("precision scoring (offline)", () => {
  it("matches findings to labels by package, file, line and rule only", () => {
    const score = nth(
      scoreRules(
        [finding(1), finding(2), finding(3, "b@1.0.0")],
        [label(1, "report", true), label(3, "report", true)],
        { rules: [RULE] },
      ),
      0,
    );
    expect(score.current).toMatchObject({
      truePositives: 1,
      falsePositives: 0,
      expectedReports: 2,
      precision: 1,
      recall: 0.5,
    });
    expect(score.unlabelled).toBe(2);
  });

  it("counts a reported no-report label as a false positive and a missed report against recall", () => {
    const labels = [
      label(1, "report", true),
      label(2, "no-report", true),
      label(3, "report", false),
      label(4, "no-report", false),
    ];
    const score = nth(scoreRules([finding(1), finding(2), finding(3)], labels, { rules: [RULE] }), 0);
    expect(score.current).toMatchObject({ truePositives: 2, falsePositives: 1, expectedReports: 2, recall: 1 });
    expect(score.current.precision).toBeCloseTo(2 / 3);
  });

  it("scores today's rules from the labels' before field, not from the findings", () => {
    const labels = [label(1, "report", true), label(2, "no-report", true), label(3, "report", false)];
    const score = nth(scoreRules([], labels, { rules: [RULE] }), 0);
    expect(score.before).toMatchObject({ truePositives: 1, falsePositives: 1, precision: 0.5, recall: 0.5 });
    expect(score.current).toMatchObject({ truePositives: 0, falsePositives: 0, precision: undefined, recall: 0 });
  });

  it("counts two findings on one labelled line once", () => {
    const score = nth(scoreRules([finding(1), finding(1)], [label(1, "no-report", true)], { rules: [RULE] }), 0);
    expect(score).toMatchObject({ findings: 1, unlabelled: 0, current: { falsePositives: 1 } });
  });

  it("restricts findings and labels to a package subset (the held-out set)", () => {
    const labels = [label(1, "report", true), label(1, "no-report", true, "b@1.0.0")];
    const score = nth(
      scoreRules([finding(1), finding(1, "b@1.0.0")], labels, {
        rules: [RULE],
        onlyPackages: new Set(["b@1.0.0"]),
      }),
      0,
    );
    expect(score).toMatchObject({ labels: 1, findings: 1, current: { truePositives: 0, falsePositives: 1 } });
  });

  it("rejects a label without a reason, with a bad expectation, or labelled twice", () => {
    expect(() => validateLabels([{ ...label(1, "report", true), why: "" }], "x.json")).toThrow(
      /label #1.*"why" must say why/,
    );
    expect(() => validateLabels([{ ...label(1, "report", true), expected: "yes" }], "x.json")).toThrow(
      /not "report" or "no-report"/,
    );
    expect(() => validateLabels([label(1, "report", true), label(1, "no-report", false)], "x.json")).toThrow(
      /labels #1 and #2 label the same line/,
    );
    expect(() => validateLabels({}, "x.json")).toThrow(/expected a JSON array/);
  });

  it("samples unlabelled findings reproducibly and never returns a labelled one", () => {
    const findings = Array.from({ length: 40 }, (_, index) => finding(index + 1));
    const labels = [label(5, "report", true)];
    const first = unlabelledFindings(findings, labels, { sample: 10, seed: 7 });
    expect(first).toHaveLength(10);
    expect(unlabelledFindings(findings, labels, { sample: 10, seed: 7 })).toEqual(first);
    expect(first.map(findingKey)).not.toContain(findingKey(finding(5)));
    expect(unlabelledFindings(findings, labels)).toHaveLength(39);
  });

  it("prints both the current and the before numbers per rule", () => {
    const text = formatScores(scoreRules([finding(1)], [label(1, "report", false)], { rules: [RULE] }), "title");
    expect(text).toContain("now     precision 100.0% (1 TP / 0 FP)  recall 100.0% (1/1)");
    expect(text).toContain("before  precision    n/a (0 TP / 0 FP)  recall   0.0% (0/1)");
  });
});

describe("the checked-in corpus", () => {
  const packages = readdirSync(corpus)
    .filter((name) => /^packages.*\.json$/.test(name))
    .flatMap(
      // JSON.parse gives any; the corpus lists are arrays of package entries (validated by the scorer).
      (name) => JSON.parse(readFileSync(join(corpus, name), "utf8")) as { package: string; heldOut?: boolean }[],
    );
  const labelFiles = readdirSync(join(corpus, "labels")).filter((name) => name.endsWith(".json"));

  it("pins every package to an exact version and keeps some held out", () => {
    for (const entry of packages) expect(entry.package).toMatch(/^(@[^/@]+\/)?[^/@]+@\d+\.\d+\.\d+$/);
    expect(packages.some((entry) => entry.heldOut)).toBe(true);
  });

  it.each(labelFiles)("labels/%s is valid and only labels packages of the corpus", (name) => {
    // validateLabels checked each entry's fields; the labels are package/rule records.
    const labels = validateLabels(JSON.parse(readFileSync(join(corpus, "labels", name), "utf8")), name) as {
      package: string;
      rule: string;
    }[];
    const known = new Set(packages.map((entry) => entry.package));
    for (const entry of labels) {
      expect(known.has(entry.package), `${entry.package} is not in packages*.json`).toBe(true);
      // labels/<rule>.json, or labels/heldout-<n>-<rule>.json for a held-out set labelled apart.
      expect(entry.rule).toBe(`txo/${name.replace(/\.json$/, "").replace(/^heldout-\d+-/, "")}`);
    }
  });
});
