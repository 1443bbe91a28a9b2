#!/usr/bin/env node
// Benchmark: `txo-codemod all` on a ~50k-line real TypeScript repository (TypeDoc at a pinned commit, its
// type dependencies installed so the type checker sees what the project's tsc sees), with THIS build and
// with a base build, side by side, in alternating rounds so machine drift and load hit both alike. Each
// round runs a dry run in the tree and a --write run on a scratch copy. It prints, per build and mode,
// the medians of wall time and CPU time (user + system of the codemod process and its children, from
// /proc), the ratios this / base, the load average, and whether both builds reported the same rows.
// Speed targets are printed, never asserted: the target is < 60 s wall on 2 cores.
//
//   TXO_BENCH_BASE=<dir>        a built txo-toolkit checkout to compare with (default: bench/.work/codemod/base,
//                               made with `git worktree add` at BASE_COMMIT and `npm ci` when missing)
//   TXO_BENCH_CODEMOD_GIT=<dir> a bare TypeDoc repository holding the pinned commit (default: the mirror under
//                               TXO_REPOS_MIRRORS, /work/.mirror, else a shallow fetch from GitHub)
//   TXO_BENCH_PAIRS=<n>         rounds (default 3); TXO_BENCH_MODES=dry,write (default both)
//   TXO_BENCH_PATHS=<a,b>       run on these paths of the tree only (default: all of it), e.g. src/lib/output
//                               when the machine is too loaded for the whole tree; the line count follows
import { optional } from "@txo-toolkit/runtime";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const work = join(repo, "bench/.work/codemod");
const BASE_COMMIT = "d4af31c";
const TYPEDOC = {
  source: "TypeStrong/typedoc",
  commit: "6d8c856bbb46b089371952981f113c3e318818fd",
  // The type dependencies of its package.json at that commit (not its tools: dprint, puppeteer, mocha's runner).
  types: [
    "@gerrit0/mini-shiki@3.23.0",
    "lunr@2.3.9",
    "markdown-it@14.3.0",
    "minimatch@10.2.5",
    "yaml@2.9.0",
    "typescript@6.0.3",
    "@types/node@18.19.130",
    "@types/lunr@2.3.7",
    "@types/markdown-it@14.1.2",
    "@types/mocha@10.0.10",
  ],
};
const pairs = Number(optional(process.env, ["TXO_BENCH_PAIRS"], "3"));
const modes = optional(process.env, ["TXO_BENCH_MODES"], "dry,write").split(",");
const paths = optional(process.env, ["TXO_BENCH_PATHS"], "").split(",").filter(Boolean);
const TICKS_PER_SECOND = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim() || "100");

/** CPU seconds of every reaped child of this process so far (fields cutime and cstime of /proc/self/stat). */
function childrenCpuSeconds() {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
}

const git = (gitDir, ...args) => spawnSync("git", [`--git-dir=${gitDir}`, ...args], { encoding: "utf8" });

/** A bare repository holding the pinned commit. */
function typedocRepository() {
  const mirrors = optional(process.env, ["TXO_REPOS_MIRRORS"], "/work/.mirror");
  const given = optional(process.env, ["TXO_BENCH_CODEMOD_GIT"], join(mirrors, "TypeStrong+typedoc/repo"));
  for (const gitDir of [given, join(work, "typedoc.git")])
    if (git(gitDir, "cat-file", "-e", `${TYPEDOC.commit}^{commit}`).status === 0) return gitDir;
  const gitDir = join(work, "typedoc.git");
  execFileSync("git", ["init", "--quiet", "--bare", gitDir]);
  const url = `https://github.com/${TYPEDOC.source}.git`;
  if (git(gitDir, "fetch", "--quiet", "--depth=1", url, TYPEDOC.commit).status === 0) return gitDir;
  throw new Error(`TypeDoc ${TYPEDOC.commit} could not be fetched; set TXO_BENCH_CODEMOD_GIT to a clone's .git`);
}

const SOURCE = /\.(ts|tsx|mts|cts)$/;
const TEST = /(^|\/)(test|tests|__tests__)\/|\.(test|spec)\.[cm]?tsx?$/;

/** Lines of the TypeScript files `txo-codemod all` processes by default (declarations and tests left out). */
function countLines(directory, prefix = "") {
  let lines = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory() && entry.name !== "node_modules" && !entry.name.startsWith("."))
      lines += countLines(join(directory, entry.name), `${path}/`);
    else if (entry.isFile() && SOURCE.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name) && !TEST.test(path))
      lines += readFileSync(join(directory, entry.name), "utf8").split("\n").length;
  }
  return lines;
}

/** TypeDoc's tree with its type dependencies, prepared once per recipe under bench/.work/codemod/tree. */
function prepareTree() {
  const tree = join(work, "tree");
  const marker = join(work, "prepared.json");
  const recipe = { ...TYPEDOC, layout: 2 };
  if (existsSync(marker) && JSON.stringify(JSON.parse(readFileSync(marker, "utf8")).recipe) === JSON.stringify(recipe))
    return tree;
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  const archive = join(work, "source.tar");
  execFileSync("git", [`--git-dir=${typedocRepository()}`, "archive", "--format=tar", "-o", archive, TYPEDOC.commit]);
  execFileSync("tar", ["-xf", archive, "-C", tree]);
  rmSync(archive);
  // Its own git repository, as a user's checkout is: the codemod leaves files git ignores alone.
  const identity = ["-c", "user.email=bench@txo.invalid", "-c", "user.name=bench"];
  execFileSync("git", ["init", "--quiet"], { cwd: tree });
  execFileSync("git", ["add", "-A"], { cwd: tree });
  execFileSync("git", [...identity, "commit", "--quiet", "-m", `TypeDoc ${TYPEDOC.commit}`], { cwd: tree });
  const modules = join(work, "modules");
  mkdirSync(modules, { recursive: true });
  writeFileSync(join(modules, "package.json"), JSON.stringify({ name: "codemod-bench-types", private: true }));
  const install = ["install", "--ignore-scripts", "--no-audit", "--no-fund", ...TYPEDOC.types];
  execFileSync("npm", install, { cwd: modules, stdio: "inherit" });
  symlinkSync(join(modules, "node_modules"), join(tree, "node_modules"));
  writeFileSync(marker, JSON.stringify({ recipe }));
  return tree;
}

/** The base build: TXO_BENCH_BASE, or a worktree of this repository at BASE_COMMIT, installed and built. */
function prepareBase() {
  const given = optional(process.env, ["TXO_BENCH_BASE"], "");
  const base = given === "" ? join(work, "base") : resolve(given);
  if (!existsSync(join(base, "dist/cli/txo-codemod.js"))) {
    if (given !== "") throw new Error(`TXO_BENCH_BASE=${given} has no dist/cli/txo-codemod.js: run npm ci there`);
    execFileSync("git", ["-C", repo, "worktree", "add", "--force", "--detach", base, BASE_COMMIT], {
      stdio: "inherit",
    });
    execFileSync("npm", ["ci"], { cwd: base, stdio: "inherit" });
  }
  return base;
}

/** A fresh copy of the tree to --write into (node_modules linked, not copied). */
function scratchCopy(tree) {
  const scratch = join(work, "scratch");
  rmSync(scratch, { recursive: true, force: true });
  cpSync(tree, scratch, { recursive: true, filter: (path) => !path.startsWith(join(tree, "node_modules")) });
  symlinkSync(join(work, "modules/node_modules"), join(scratch, "node_modules"));
  return scratch;
}

/** Rows of the change table by status: both builds must report the same. */
function rowSummary(reportDir) {
  const table = JSON.parse(readFileSync(join(reportDir, "change-table.json"), "utf8"));
  const counts = {};
  for (const row of table.rows ?? []) counts[row.status] = (counts[row.status] ?? 0) + 1;
  return Object.entries(counts)
    .sort()
    .map(([status, count]) => `${status} ${count}`)
    .join(", ");
}

function runCodemod(build, mode, tree) {
  const cwd = mode === "write" ? scratchCopy(tree) : tree;
  const reportDir = join(work, `report-${build.name}-${mode}`);
  rmSync(reportDir, { recursive: true, force: true });
  const args = [join(build.dir, "dist/cli/txo-codemod.js"), "all", ...paths, "--quiet", "--report", reportDir];
  if (mode === "write") args.push("--write");
  const load = loadavg()[0];
  const cpuBefore = childrenCpuSeconds();
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = childrenCpuSeconds() - cpuBefore;
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${build.name} ${mode} failed (${result.status}): ${result.stderr.slice(0, 2000)}`);
  const rows = rowSummary(reportDir);
  console.log(
    `  ${`${build.name} ${mode}`.padEnd(12)} wall ${wall.toFixed(1).padStart(7)} s   cpu ${cpu.toFixed(1).padStart(7)} s   load ${load.toFixed(1).padStart(5)}   rows: ${rows}`,
  );
  return { wall, cpu, rows };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

function report(results, builds) {
  console.log("\nmedians (this / base):");
  for (const mode of modes) {
    const [current, base] = builds.map((build) => results.filter((r) => r.build === build.name && r.mode === mode));
    const line = (key) =>
      `${key} ${median(current.map((r) => r[key])).toFixed(1)} s vs ${median(base.map((r) => r[key])).toFixed(1)} s, ratio ${(median(current.map((r) => r[key])) / median(base.map((r) => r[key]))).toFixed(2)}`;
    console.log(`  ${mode.padEnd(6)} ${line("wall")};   ${line("cpu")}`);
    const same = current.every((r, index) => r.rows === base[index]?.rows);
    console.log(`         same rows by status as the base build: ${same ? "yes" : "NO (see the rounds above)"}`);
    console.log(
      `         target: this build < 60 s wall on 2 cores: ${paths.length > 0 ? "applies to the whole tree (TXO_BENCH_PATHS was set)" : median(current.map((r) => r.wall)) < 60 ? "met" : "not met"}`,
    );
  }
}

const tree = prepareTree();
const builds = [
  { name: "this", dir: repo },
  { name: "base", dir: prepareBase() },
];
console.log(
  `txo-codemod all on TypeDoc ${TYPEDOC.commit.slice(0, 12)}${paths.length > 0 ? ` (${paths.join(", ")})` : ""}: ${(paths.length > 0 ? paths : ["."]).reduce((sum, path) => sum + countLines(join(tree, path), path === "." ? "" : `${path}/`), 0)} lines of non-test TypeScript; ${pairs} round(s) on ${availableParallelism()} cores; base ${BASE_COMMIT}`,
);
const results = [];
for (let round = 0; round < pairs; round++) {
  console.log(` round ${round + 1}/${pairs}`);
  // Alternate which build goes first, so neither always runs on a warmer (or busier) machine.
  const order = round % 2 === 0 ? builds : [...builds].reverse();
  for (const mode of modes)
    for (const build of order) results.push({ build: build.name, mode, ...runCodemod(build, mode, tree) });
}
report(results, builds);
