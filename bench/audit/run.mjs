#!/usr/bin/env node
// Benchmark: txo-audit against plain ESLint running the closest core/community rules
// (max-lines-per-function, unicorn/no-process-exit, n/no-process-exit) with @typescript-eslint/parser,
// serial and with --concurrency=2, on the same files, side by side in one run, on two kinds of tree:
// published library sources (npm) and an application (Playwright's packages and tests; see trees.mjs).
// For each tree it prints, as medians over TXO_BENCH_PAIRS (3) rounds run in turn so machine drift
// hits all alike: cold wall / fastest ESLint's wall (target <= 0.25), cold CPU / the floor's CPU
// (floor.mjs: oxc parse + scope analysis alone; target <= 2), and the cached re-run after a one-file
// edit (target <= 0.3 s wall). It also checks that txo-audit's findings equal `eslint` + the txo plugin.
// CPU is user + system time of each finished process and its children (Linux /proc accounting).
// TXO_BENCH_TREES=application (or libraries) measures one tree; TXO_BENCH_APP_GIT names a Playwright clone.
// TXO_BENCH_BASE=<another checkout with dist/> also runs that build's cold audit in the same rounds (the
// two in alternating order) and prints this/base ratios of wall and CPU, which a loaded machine skews far
// less than absolute times; TXO_BENCH_ONLY=txo then skips the ESLint runs, the floor and the cached re-runs.
import { optional } from "@txo-toolkit/runtime";
import { spawnSync } from "node:child_process";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { applicationTree, libraryTree } from "./trees.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const work = join(repo, "bench/.work");
const pairs = Number(optional(process.env, ["TXO_BENCH_PAIRS"], "3"));
const selected = optional(process.env, ["TXO_BENCH_TREES"], "libraries,application").split(",");
const eslintBin = join(repo, "node_modules/eslint/bin/eslint.js");
const baseCheckout = optional(process.env, ["TXO_BENCH_BASE"], "");
const txoOnly = optional(process.env, ["TXO_BENCH_ONLY"], "") === "txo";
if (txoOnly && baseCheckout === "") throw new Error("TXO_BENCH_ONLY=txo compares two builds: set TXO_BENCH_BASE too");
const TICKS_PER_SECOND = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim() || "100");

/** CPU seconds of every reaped child of this process so far (fields cutime and cstime of /proc/self/stat). */
function childrenCpuSeconds() {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
}

function timed(label, args) {
  const cpuBefore = childrenCpuSeconds();
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, {
    cwd: repo,
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, NODE_PATH: join(repo, "node_modules") },
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = childrenCpuSeconds() - cpuBefore;
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${label} failed (${result.status}): ${result.stderr.slice(0, 2000)}`);
  console.log(`  ${label.padEnd(42)} wall ${wall.toFixed(2).padStart(6)} s   cpu ${cpu.toFixed(2).padStart(6)} s`);
  return { wall, cpu, stdout: result.stdout };
}

function writeEslintConfigs() {
  writeFileSync(
    join(work, "eslint.config.mjs"),
    `import tsParser from "@typescript-eslint/parser";
import unicorn from "eslint-plugin-unicorn";
import n from "eslint-plugin-n";
export default [{
  files: ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"],
  languageOptions: { parser: tsParser, sourceType: "module" },
  plugins: { unicorn, n },
  linterOptions: { reportUnusedDisableDirectives: "off" },
  rules: { "max-lines-per-function": ["warn", { max: 50 }], "unicorn/no-process-exit": "error", "n/no-process-exit": "error" },
}];
`,
  );
  // txo-audit runs the audit's rule setup (describe callbacks of test files count); configs.recommended skips them.
  writeFileSync(
    join(work, "eslint.txo.config.mjs"),
    `import txo from ${JSON.stringify(join(repo, "dist/rules/index.js"))};
import { AUDIT_RULES } from ${JSON.stringify(join(repo, "dist/rules/catalog.js"))};
export default [{ ...txo.configs.recommended, rules: { ...AUDIT_RULES } }, { linterOptions: { reportUnusedDisableDirectives: "off" } }];
`,
  );
}

const eslint = (tree, label, config, extra = []) =>
  timed(label, [
    eslintBin,
    "--config",
    join(work, config),
    "--no-cache",
    "--format",
    "json",
    ...extra,
    relative(repo, tree),
  ]);
const audit = (tree, label, extra, checkout = repo, reports = "reports") =>
  timed(label, [
    join(checkout, "dist/cli/txo-audit.js"),
    tree,
    "--format",
    "json",
    "--out",
    join(work, reports),
    "--fail-on",
    "none",
    "--quiet",
    ...extra,
  ]);
const floor = (tree) =>
  timed("floor: oxc parse + scope analysis", [
    "--max-semi-space-size=32",
    "--single-threaded-gc",
    join(repo, "bench/audit/floor.mjs"),
    tree,
  ]);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const range = (values) =>
  `median ${median(values).toFixed(3)} (${Math.min(...values).toFixed(3)}–${Math.max(...values).toFixed(3)})`;

/** This build's and the base's cold audits, in an order that alternates by round so neither always goes first. */
function baseRound(tree, round) {
  const runThis = () => audit(tree, "txo-audit cold (this build)", ["--no-cache"]);
  const runBase = () => audit(tree, "txo-audit cold (TXO_BENCH_BASE)", ["--no-cache"], baseCheckout, "reports-base");
  let current, base;
  if (round % 2 === 0) {
    current = runThis();
    base = runBase();
  } else {
    base = runBase();
    current = runThis();
  }
  return { wall: current.wall / base.wall, cpu: current.cpu / base.cpu };
}

/** One round: both ESLint runs, a cold audit and the floor, in turn, so they share the machine's state. */
function coldRound(tree, round) {
  const versusBase = baseCheckout === "" ? undefined : baseRound(tree, round);
  if (txoOnly) return { versusBase };
  const serial = eslint(tree, "eslint (serial)", "eslint.config.mjs");
  const parallel = eslint(tree, "eslint --concurrency=2", "eslint.config.mjs", ["--concurrency=2"]);
  const cold = audit(tree, "txo-audit cold (--no-cache)", ["--no-cache"]);
  const base = floor(tree);
  return {
    wallRatio: cold.wall / Math.min(serial.wall, parallel.wall),
    cpuRatio: cold.cpu / base.cpu,
    eslintFiles: JSON.parse(serial.stdout).length,
    versusBase,
  };
}

/** Every finding as `file:line:column:rule`, from ESLint's JSON output and from txo-audit's report. */
function compareWithReference(tree) {
  const stdout = eslint(tree, "eslint with the txo plugin (reference)", "eslint.txo.config.mjs").stdout;
  const reference = JSON.parse(stdout).flatMap((result) =>
    result.messages
      .filter((message) => message.ruleId?.startsWith("txo/"))
      .map((message) => `${relative(tree, result.filePath)}:${message.line}:${message.column}:${message.ruleId}`),
  );
  const report = JSON.parse(readFileSync(join(work, "reports/txo-audit.json"), "utf8"));
  const audited = new Set(
    [...report.findings, ...report.testFindings].map(
      (finding) => `${finding.file}:${finding.line}:${finding.column}:${finding.ruleId}`,
    ),
  );
  const missing = reference.filter((key) => !audited.has(key));
  const extra = audited.size - (reference.length - missing.length);
  const verdict =
    missing.length === 0 && extra === 0
      ? "yes"
      : `NO (${missing.length} missing, ${extra} extra; first missing: ${missing.slice(0, 3).join(", ")})`;
  console.log(`  identical findings (${reference.length} from eslint + txo plugin): ${verdict}`);
}

/** Cached re-runs, each after appending a line to one file; the file is restored afterwards. */
function warmRounds(tree, editedFile) {
  const path = join(tree, editedFile);
  const original = readFileSync(path, "utf8");
  audit(tree, "txo-audit filling the cache", []);
  try {
    return Array.from({ length: pairs }, (_, round) => {
      appendFileSync(path, `\nexport const benchEdit${round} = ${round};\n`);
      return audit(tree, `txo-audit cached, after editing one file`, []).wall;
    });
  } finally {
    writeFileSync(path, original);
  }
}

function benchTree(prepared) {
  console.log(`\n== ${prepared.name}: ${prepared.files} TypeScript files (${prepared.description})`);
  const rounds = Array.from({ length: pairs }, (_, round) => {
    console.log(` round ${round + 1}/${pairs}`);
    return coldRound(prepared.tree, round);
  });
  if (baseCheckout !== "") {
    console.log(
      `   this / base cold wall: ${range(rounds.map((round) => round.versusBase.wall))} (base: ${baseCheckout})`,
    );
    console.log(`   this / base cold CPU:  ${range(rounds.map((round) => round.versusBase.cpu))}`);
  }
  if (txoOnly) return;
  compareWithReference(prepared.tree);
  console.log(` cached re-runs (edited ${prepared.editedFile}):`);
  const warm = warmRounds(prepared.tree, prepared.editedFile);
  console.log(` ${prepared.name}: files linted by eslint ${rounds[0].eslintFiles}`);
  console.log(`   cold wall / fastest eslint wall: ${range(rounds.map((round) => round.wallRatio))} (target <= 0.25)`);
  console.log(`   cold CPU / floor CPU:            ${range(rounds.map((round) => round.cpuRatio))} (target <= 2)`);
  console.log(`   cached re-run after one edit:    median ${median(warm).toFixed(2)} s wall (target <= 0.3 s)`);
}

const trees = [
  selected.includes("libraries") ? libraryTree(work) : undefined,
  selected.includes("application") ? applicationTree(work) : undefined,
].filter((tree) => tree !== undefined);
writeEslintConfigs();
console.log(
  `${pairs} rounds per tree on ${availableParallelism()} cores; wall is elapsed time, CPU is user + system of the whole process tree`,
);
for (const prepared of trees) {
  if (prepared.skipped) console.log(`\n== ${prepared.name}: SKIPPED: ${prepared.skipped}`);
  else benchTree(prepared);
}
