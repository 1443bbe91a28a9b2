#!/usr/bin/env node
// `node scripts/real-repos.mjs`: issue #14's acceptance on real repositories. Each repository below is laid out
// at a pinned commit in a scratch git repository, its dependencies and this package (npm pack of this
// tree, `npm run build` first) are installed, then, as a new user would:
//   audit -> tsc + tests -> `txo-codemod all --write` -> audit -> tsc + tests -> `txo-codemod all --write` again
// and the script checks that no run aborted, no tsc error and no test failure was added, the second run
// changed nothing, and every rewritten file kept its BOM, line breaks and mode. It prints the README's
// table and writes every number to <work>/results.json.
//
// Takes minutes (installs, four test suites, tsc -b): not run in CI. Needs the npm registry and the
// repositories' git history:
//   TXO_REPOS_MIRRORS=<dir>   bare clones laid out as <dir>/<owner>+<name>/repo (default /work/.mirror)
//   TXO_REPOS_GIT_BASE=<url>  or a git host prefix to clone from: <url>/<owner>/<name>.git
//
//   node scripts/real-repos.mjs [--work /tmp/txo-real-repos] [--only env-cmd] [--set tuning|unseen]
//     [--transform all|split-long-functions]
// It also prints, per repository, the share of long non-test functions under the limit after the run.
import { optional } from "@txo-toolkit/runtime";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const toolkit = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const codemodBin = join(toolkit, "dist/cli/txo-codemod.js");
const auditBin = join(toolkit, "dist/cli/txo-audit.js");
const RULES = [
  "txo/no-soft-fail-config",
  "txo/no-process-exit-in-library",
  "txo/no-global-mutable-state",
  "txo/max-function-lines",
];

/**
 * Per-test results: each runner also writes a JSON report, read into test id -> "passed" | "failed"
 * (skipped tests left out), so "as green as before" compares the same tests, not only the counts.
 * A test file that fails before running its tests (an import error) is one failed entry.
 */
const RESULTS = {
  mocha: {
    args: (file) => ["--reporter", "json", "--reporter-option", `output=${file}`],
    read: (report, dir) =>
      [...report.passes.map((test) => [test, "passed"]), ...report.failures.map((test) => [test, "failed"])].map(
        ([test, status]) => [`${relativeTo(dir, test.file)} > ${test.fullTitle}`, status],
      ),
  },
  vitest: {
    args: (file) => ["--reporter=default", "--reporter=json", `--outputFile.json=${file}`],
    read: (report, dir) =>
      report.testResults.flatMap((file) =>
        file.assertionResults.length === 0 && file.status === "failed"
          ? [[`${relativeTo(dir, file.name)} (the file failed to run)`, "failed"]]
          : file.assertionResults
              .filter((test) => test.status === "passed" || test.status === "failed")
              .map((test) => [`${relativeTo(dir, file.name)} > ${test.fullName}`, test.status]),
      ),
  },
  cucumber: {
    args: (file) => ["--format", `json:${file}`],
    read: (report) => report.flatMap((feature) => cucumberScenarios(feature)),
  },
};

/** A scenario passed when all its steps (and its background's) passed, failed when one failed. */
function cucumberScenarios(feature) {
  const entries = [];
  let background = [];
  for (const element of feature.elements ?? []) {
    const statuses = (element.steps ?? []).map((step) => step.result?.status);
    if (element.type === "background") {
      background = statuses;
      continue;
    }
    const all = [...background, ...statuses];
    const status = all.some((s) => s === "failed" || s === "ambiguous")
      ? "failed"
      : all.every((s) => s === "passed")
        ? "passed"
        : undefined;
    if (status) entries.push([`${feature.uri}:${element.line} ${element.name}`, status]);
    background = [];
  }
  return entries;
}

function relativeTo(dir, file) {
  return file.startsWith(`${dir}/`) ? file.slice(dir.length + 1) : file;
}

/** Test id -> status from a runner's JSON report; a repeated id gets a #n suffix so none is lost. */
function readResults(repo, dir, file) {
  if (!existsSync(file)) return undefined;
  const byTest = new Map();
  for (const [id, status] of RESULTS[repo.runner].read(JSON.parse(readFileSync(file, "utf8")), dir)) {
    let key = id;
    for (let n = 2; byTest.has(key); n++) key = `${id} #${n}`;
    byTest.set(key, status);
  }
  return byTest;
}

/** Tests whose status differs between two runs (a test present in one run only counts too). */
function changedTests(before, after) {
  if (!before || !after) return [{ test: "(a runner wrote no JSON report)", before: "?", after: "?" }];
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort();
  return ids
    .filter((id) => before.get(id) !== after.get(id))
    .map((id) => ({ test: id, before: before.get(id) ?? "absent", after: after.get(id) ?? "absent" }));
}

/**
 * The repositories: each has its own tsc and test suite (env-cmd's mocha hooks get 30 s instead of
 * 2 s: its esmock imports time out on a loaded machine, before and after alike). ts-unused-exports is CommonJS (module
 * commonjs, no "type"), commitlint is a solution-style tsconfig (`"files": []` + 40 references, `tsc -b`).
 */
const REPOS = [
  {
    name: "env-cmd",
    source: "toddbluhm/env-cmd",
    commit: "6f2481f5ec1954413d009be0cbb1b2a6e42ac7a1",
    layout: "ESM, module nodenext",
    tsc: ["npx", "tsc", "--noEmit", "-p", "."],
    test: ["npx", "mocha", "--timeout", "30000"],
    runner: "mocha",
  },
  {
    name: "ni",
    source: "antfu/ni",
    commit: "95d46387734165d461fb917bcda7da2e4177ff3d",
    layout: "ESM, moduleResolution node",
    tsc: ["npx", "tsc", "--noEmit", "-p", "."],
    test: ["npx", "vitest", "run"],
    runner: "vitest",
  },
  {
    name: "ts-unused-exports",
    source: "pzavolinsky/ts-unused-exports",
    commit: "54b0861d14d8f0fedc980057367d565c99473e1a",
    layout: "CommonJS, target ES5",
    tsc: ["npx", "tsc", "--noEmit", "-p", "."],
    test: [
      "npx",
      "cucumber-js",
      "--require-module",
      "ts-node/register",
      "--exit",
      "-r",
      "src/test.ts",
      "--tags",
      "not @ignore",
    ],
    testEnv: { TS_NODE_FILES: "true" },
    runner: "cucumber",
  },
  {
    name: "commitlint",
    source: "conventional-changelog/commitlint",
    commit: "e82f05a737626bb69979d14564f5ff601997f679",
    layout: "ESM monorepo, project references (tsc -b)",
    tsc: ["npx", "tsc", "-b"],
    test: ["npx", "vitest", "run"],
    testEnv: { LANG: "en_US.UTF-8", NO_COLOR: "1" },
    homeIsRepo: true,
    runner: "vitest",
  },
];

/**
 * Repositories the split was not tuned on (issue #15's acceptance): `--set unseen`. Each has its own
 * vitest suite and long non-test functions; a pnpm lockfile only, so `npm install` resolves their ranges.
 */
const UNSEEN = [
  ["unbuild", "unjs/unbuild", "4cce495b5336d02b3fcdc89d2ace882f7f8803af"],
  ["c12", "unjs/c12", "2d19d39bbde2fbb05c71e1f689a0f81c847a8029"],
  ["citty", "unjs/citty", "3e342fe7b3f67575faf51df8361d502be6fe32e8"],
  ["mlly", "unjs/mlly", "beece9be0a98bd170bfef6a4dca4cc84eb84cf74"],
  ["cac", "cacjs/cac", "c1711135c4680f3f85c39a4e4a4719ea6e372ecc"],
].map(([name, source, commit]) => ({
  name,
  source,
  commit,
  layout: "ESM, vitest",
  tsc: ["npx", "tsc", "--noEmit", "-p", "."],
  test: ["npx", "vitest", "run"],
  runner: "vitest",
}));

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    ...options,
    env: { ...process.env, ...options.env },
  });
  // Runners colour their closing lines even when piped; the counts are read from plain text.
  return {
    status: result.status,
    output: `${result.stdout ?? ""}${result.stderr ?? ""}`.replace(/\x1b\[[0-9;]*m/g, ""),
  };
}

function git(cwd, ...args) {
  return execFileSync("git", ["-c", "user.email=real-repos@txo.invalid", "-c", "user.name=real-repos", ...args], {
    cwd,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
}

function fail(message) {
  console.error(`real-repos: ${message}`);
  process.exit(2);
}

/** A bare clone of `source`, from the mirrors directory or cloned once from TXO_REPOS_GIT_BASE. */
function gitDirFor(source, work) {
  const mirror = join(optional(process.env, ["TXO_REPOS_MIRRORS"], "/work/.mirror"), source.replace("/", "+"), "repo");
  if (existsSync(mirror)) return mirror;
  const base = process.env.TXO_REPOS_GIT_BASE;
  if (!base)
    fail(
      `no clone of ${source}: set TXO_REPOS_MIRRORS to a directory holding ${source.replace("/", "+")}/repo, or TXO_REPOS_GIT_BASE to a git host prefix (<base>/${source}.git).`,
    );
  const clone = join(work, "clones", source.replace("/", "+"));
  if (!existsSync(clone))
    execFileSync("git", ["clone", "--bare", "--quiet", `${base}/${source}.git`, clone], { stdio: "inherit" });
  return clone;
}

/** The repository at its pinned commit in a fresh git repository, with its dependencies and this toolkit installed. */
function prepare(repo, work, tarballs) {
  const dir = join(work, repo.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = execFileSync("git", ["--git-dir", gitDirFor(repo.source, work), "archive", repo.commit], {
    maxBuffer: 512 * 1024 * 1024,
  });
  execFileSync("tar", ["-x", "-C", dir], { input: archive });
  git(dir, "init", "-q");
  writeFileSync(join(dir, ".git/info/exclude"), "node_modules/\n.nyc_output/\ncoverage/\n");
  const install = existsSync(join(dir, "package-lock.json")) ? ["ci"] : ["install"];
  const env = { HUSKY: "0" };
  for (const args of [
    [...install, "--ignore-scripts", "--no-audit", "--no-fund"],
    ["install", "--no-save", "--legacy-peer-deps", "--ignore-scripts", "--no-audit", "--no-fund", ...tarballs],
  ]) {
    const result = run("npm", args, { cwd: dir, env });
    if (result.status !== 0) fail(`npm ${args.join(" ")} failed in ${dir}:\n${result.output.slice(-2000)}`);
  }
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", `${repo.source}@${repo.commit}`);
  return dir;
}

/** Findings per rule, non-test files, from a fresh audit (no cache); `promised` gets what the audit says the codemods fix. */
function auditCounts(dir, out, promised = {}) {
  rmSync(out, { recursive: true, force: true });
  run("node", [auditBin, ".", "-f", "json", "-o", out, "--no-cache", "--predict-fixes", "-q"], { cwd: dir });
  const report = JSON.parse(readFileSync(join(out, "txo-audit.json"), "utf8"));
  for (const phase of report.plan.phases) promised[phase.ruleId] = { fixes: phase.autoFixable, may: phase.mayFix ?? 0 };
  return Object.fromEntries(
    RULES.map((rule) => [rule, report.summary.principles.find((entry) => entry.ruleId === rule)?.findings ?? 0]),
  );
}

/**
 * The audit's promise against the run, per rule: "fixes" must be within 10 % of the rows the run
 * fixed; "may fix" (only a run can tell) is counted apart, and the run may fix no more than both.
 */
function promiseRows(result) {
  return RULES.map((rule) => {
    const promised = result.promised[rule] ?? { fixes: 0, may: 0 };
    const fixed = result.rows[rule]?.fixed ?? 0;
    const within = Math.abs(promised.fixes - fixed) <= 0.1 * Math.max(promised.fixes, fixed);
    const verdict = within ? "within 10 %" : fixed <= promised.fixes + promised.may ? "within fixes + may fix" : "OVER";
    return `| ${result.source} | ${SHORT[rule]} | ${promised.fixes} (+${promised.may} may) | ${fixed} | ${verdict} |`;
  });
}

function tscErrors(repo, dir) {
  const result = run(repo.tsc[0], repo.tsc.slice(1), { cwd: dir });
  return { status: result.status, errors: (result.output.match(/error TS\d+/g) ?? []).length, output: result.output };
}

function tests(repo, dir, reportFile) {
  const env = { CI: "true", ...repo.testEnv, ...(repo.homeIsRepo ? { HOME: dir } : {}) };
  rmSync(reportFile, { force: true });
  const result = run("nice", ["-n", "10", ...repo.test, ...RESULTS[repo.runner].args(reportFile)], { cwd: dir, env });
  const byTest = readResults(repo, dir, reportFile);
  const count = (status) => [...(byTest?.values() ?? [])].filter((s) => s === status).length;
  return { status: result.status, passed: count("passed"), failed: count("failed"), byTest, output: result.output };
}

function codemod(dir, transform) {
  const result = run("node", [codemodBin, transform, "--write"], { cwd: dir });
  const summary =
    result.output.split("\n").find((line) => /^(Wrote|Dry run|Nothing)/.test(line)) ??
    result.output.split("\n").slice(-3).join(" ");
  return { status: result.status, summary: summary.trim(), output: result.output };
}

/** Fixed and manual rows per rule from the change table the run wrote. */
function rowCounts(dir) {
  const table = JSON.parse(readFileSync(join(dir, "reports/change-table.json"), "utf8"));
  const counts = {};
  for (const row of table.rows ?? table) {
    counts[row.rule] ??= { fixed: 0, manual: 0 };
    counts[row.rule][row.status === "fixed" ? "fixed" : "manual"]++;
  }
  return counts;
}

/** What a rewritten file must keep: BOM, line-break style of every line, final newline, mode. */
function byteProblems(dir, base) {
  const problems = [];
  const changed = git(dir, "diff", "--name-only", base, "--", ".", ":!reports").split("\n").filter(Boolean);
  for (const file of changed) {
    const before = git(dir, "show", `${base}:${file}`);
    const after = readFileSync(join(dir, file), "utf8");
    if (before.startsWith("\uFEFF") !== after.startsWith("\uFEFF")) problems.push(`${file}: BOM changed`);
    const crlf = (text) => (text.match(/\r\n/g) ?? []).length;
    const lf = (text) => (text.match(/\n/g) ?? []).length;
    if (crlf(before) === lf(before) && crlf(after) !== lf(after)) problems.push(`${file}: a CRLF file got LF lines`);
    if (crlf(before) === 0 && crlf(after) > 0) problems.push(`${file}: an LF file got CRLF lines`);
    if (before.endsWith("\n") !== after.endsWith("\n")) problems.push(`${file}: final newline changed`);
  }
  const modes = git(dir, "diff", "--summary", base)
    .split("\n")
    .filter((line) => line.includes("mode change"));
  return [...problems, ...modes.map((line) => line.trim())];
}

/** The work tree as git would record it (tracked and untracked, ignored files aside), the change tables aside. */
function treeHash(dir) {
  git(dir, "add", "-A", "--", ".", ":!reports");
  return git(dir, "write-tree").trim();
}

/**
 * Issue #15's figure: of the long non-test functions before, the share under the limit after. Every
 * function still over it, or that left an extracted helper over it, is at least one finding after,
 * so (before - after) / before never overstates it.
 */
function longFunctionFigure(result) {
  const before = result.findingsBefore["txo/max-function-lines"];
  const after = result.findingsAfter["txo/max-function-lines"];
  const under = Math.max(0, before - after);
  return { before, after, under, percent: before === 0 ? 100 : Math.round((100 * under) / before) };
}

function describeLongFunctions({ before, after, under, percent }) {
  return `long non-test functions: ${before} before, ${after} over the limit after: at least ${under} of ${before} (${percent} %) under the limit`;
}

function sumCounts(counts) {
  return Object.values(counts).reduce((sum, value) => sum + value, 0);
}

/** One repository through the whole acceptance. */
function acceptance(repo, work, tarballs, transform) {
  console.error(`\n== ${repo.name} (${repo.source}@${repo.commit.slice(0, 10)}, ${repo.layout})`);
  const dir = prepare(repo, work, tarballs);
  const base = git(dir, "rev-parse", "HEAD").trim();
  const result = { name: repo.name, source: repo.source, commit: repo.commit, layout: repo.layout };
  result.promised = {};
  result.findingsBefore = auditCounts(dir, join(work, `${repo.name}-audit-before`), result.promised);
  result.tscBefore = tscErrors(repo, dir);
  result.testsBefore = tests(repo, dir, join(work, `${repo.name}-tests-before.json`));
  console.error(
    `   before: ${sumCounts(result.findingsBefore)} findings, tsc ${result.tscBefore.errors} errors, tests ${result.testsBefore.passed} passed / ${result.testsBefore.failed} failed`,
  );
  result.firstRun = codemod(dir, transform);
  console.error(`   codemod: exit ${result.firstRun.status}: ${result.firstRun.summary}`);
  result.rows = existsSync(join(dir, "reports/change-table.json")) ? rowCounts(dir) : {};
  result.diffStat = git(dir, "diff", "--shortstat", base, "--", ".", ":!reports").trim();
  result.byteProblems = byteProblems(dir, base);
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "txo-codemod all --write", "--allow-empty");
  result.findingsAfter = auditCounts(dir, join(work, `${repo.name}-audit-after`));
  result.tscAfter = tscErrors(repo, dir);
  result.testsAfter = tests(repo, dir, join(work, `${repo.name}-tests-after.json`));
  result.changedTests = changedTests(result.testsBefore.byTest, result.testsAfter.byTest);
  console.error(
    `   after: ${sumCounts(result.findingsAfter)} findings, tsc ${result.tscAfter.errors} errors, tests ${result.testsAfter.passed} passed / ${result.testsAfter.failed} failed`,
  );
  for (const change of result.changedTests)
    console.error(`   test changed: ${change.before} -> ${change.after}: ${change.test}`);
  result.longFunctions = longFunctionFigure(result);
  console.error(`   ${describeLongFunctions(result.longFunctions)}`);
  const treeBefore = treeHash(dir);
  result.secondRun = codemod(dir, transform);
  const treeAfter = treeHash(dir);
  result.secondRunChanged = treeAfter === treeBefore ? "" : git(dir, "diff", "--stat", treeBefore, treeAfter).trim();
  console.error(
    `   second run: exit ${result.secondRun.status}: ${result.secondRun.summary}; changed: ${result.secondRunChanged || "nothing"}`,
  );
  return result;
}

function verdicts(result) {
  return {
    noAbort: result.firstRun.status !== 2 && result.secondRun.status !== 2,
    noNewTscError: result.tscAfter.errors <= result.tscBefore.errors,
    testsAsGreen: result.changedTests.length === 0,
    secondRunChangesNothing: result.secondRunChanged === "",
    bytesKept: result.byteProblems.length === 0,
  };
}

const SHORT = {
  "txo/no-soft-fail-config": "soft-fail",
  "txo/no-process-exit-in-library": "exit",
  "txo/no-global-mutable-state": "state",
  "txo/max-function-lines": "long fn",
};

function tableRow(result) {
  const findings = RULES.map(
    (rule) => `${SHORT[rule]} ${result.findingsBefore[rule]}→${result.findingsAfter[rule]}`,
  ).join(", ");
  const rows = Object.values(result.rows);
  const fixed = rows.reduce((sum, entry) => sum + entry.fixed, 0);
  const manual = rows.reduce((sum, entry) => sum + entry.manual, 0);
  const tsc = `${result.tscBefore.errors} → ${result.tscAfter.errors}`;
  const testsText = `${result.testsBefore.passed}/${result.testsBefore.failed} → ${result.testsAfter.passed}/${result.testsAfter.failed}`;
  const second = result.secondRunChanged === "" ? "no change" : "CHANGED";
  return `| ${result.source} (${result.layout}) | ${findings} | ${fixed} / ${manual} | ${tsc} | ${testsText} | ${second} |`;
}

/** Packs this tree (and its runtime package, which txo-toolkit may depend on unpublished) into `work`. */
function packToolkit(work) {
  mkdirSync(work, { recursive: true });
  for (const old of readdirSync(work).filter((name) => name.endsWith(".tgz"))) rmSync(join(work, old));
  for (const dir of [toolkit, join(toolkit, "packages/runtime")].filter((dir) =>
    existsSync(join(dir, "package.json")),
  )) {
    execFileSync("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", work], {
      cwd: dir,
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
  return readdirSync(work)
    .filter((name) => name.endsWith(".tgz"))
    .map((name) => join(work, name));
}

function main() {
  const { values } = parseArgs({
    options: {
      work: { type: "string", default: "/tmp/txo-real-repos" },
      only: { type: "string", multiple: true },
      set: { type: "string", default: "tuning" },
      transform: { type: "string", default: "all" },
    },
  });
  const sets = { tuning: REPOS, unseen: UNSEEN };
  if (!(values.set in sets)) fail(`--set must be tuning or unseen, not ${values.set}`);
  if (!existsSync(codemodBin)) fail("dist/ is missing: run `npm run build` first.");
  const work = resolve(values.work);
  const tarballs = packToolkit(work);
  const chosen = sets[values.set].filter((repo) => !values.only || values.only.includes(repo.name));
  const results = chosen.map((repo) => acceptance(repo, work, tarballs, values.transform));
  const slim = results.map(({ tscBefore, tscAfter, testsBefore, testsAfter, firstRun, secondRun, ...rest }) => ({
    ...rest,
    tscBefore: tscBefore.errors,
    tscAfter: tscAfter.errors,
    testsBefore: { passed: testsBefore.passed, failed: testsBefore.failed },
    testsAfter: { passed: testsAfter.passed, failed: testsAfter.failed },
    firstRun: { status: firstRun.status, summary: firstRun.summary },
    secondRun: { status: secondRun.status, summary: secondRun.summary },
    verdicts: verdicts({ tscBefore, tscAfter, testsBefore, testsAfter, firstRun, secondRun, ...rest }),
  }));
  writeFileSync(join(work, "results.json"), `${JSON.stringify(slim, null, 2)}\n`);
  console.log(
    "| repository | findings before → after (non-test files) | rows fixed / manual | tsc errors before → after | tests passed/failed before → after | second run |",
  );
  console.log("|---|---|---|---|---|---|");
  for (const result of results) console.log(tableRow(result));
  for (const result of results) console.log(`${result.source}: ${describeLongFunctions(result.longFunctions)}`);
  console.log("\n| repository | rule | audit: codemod fixes (+ may fix) | rows the run fixed | verdict |");
  console.log("|---|---|---|---|---|");
  for (const result of results) for (const row of promiseRows(result)) console.log(row);
  const failing = slim.filter((result) => Object.values(result.verdicts).includes(false));
  for (const result of failing)
    console.error(
      `real-repos: ${result.name} misses: ${Object.entries(result.verdicts)
        .filter(([, ok]) => !ok)
        .map(([name]) => name)
        .join(", ")}${result.byteProblems.length ? ` (${result.byteProblems.join("; ")})` : ""}`,
    );
  console.error(
    `\nDetails: ${join(work, "results.json")}; each repository stays in ${work}/<name> with the codemod's commit.`,
  );
  process.exitCode = failing.length === 0 ? 0 : 1;
}

main();
