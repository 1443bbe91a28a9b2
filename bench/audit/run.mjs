#!/usr/bin/env node
// Benchmark: txo-audit (cold, and cached after a one-file edit) against plain ESLint running the closest
// core/community rules (max-lines-per-function, unicorn/no-process-exit, n/no-process-exit) with
// @typescript-eslint/parser, serial and with --concurrency=2, on the same TypeScript files, in the same run.
// The tree is installed from the npm registry at bench time into bench/.work/ (gitignored).
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const work = join(repo, "bench/.work/audit");
const tree = join(work, "tree");
/** Packages that publish their TypeScript sources: together about 3,400 real .ts files. */
const PACKAGES = ["viem@2.57.20", "ox@1.8.3", "effect@4.1.0", "rxjs@7.8.2", "zod@4.6.7"];
const EXCLUDED_DIRS = new Set(["node_modules", "dist", "build", "out", "coverage", "_cjs", "_esm", "_types"]);

function install() {
  const marker = join(work, "installed.json");
  if (existsSync(marker) && readFileSync(marker, "utf8") === JSON.stringify(PACKAGES)) return;
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, "package.json"), JSON.stringify({ name: "txo-audit-bench", private: true }));
  execFileSync("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", ...PACKAGES], { cwd: work, stdio: "inherit" });
  writeFileSync(marker, JSON.stringify(PACKAGES));
}

function copySources(from, to) {
  let count = 0;
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory() && !EXCLUDED_DIRS.has(entry.name)) count += copySources(join(from, entry.name), join(to, entry.name));
    else if (entry.isFile() && /\.(ts|mts|cts)$/.test(entry.name) && !/\.d\.[mc]?ts$/.test(entry.name)) {
      mkdirSync(to, { recursive: true });
      cpSync(join(from, entry.name), join(to, entry.name));
      count++;
    }
  }
  return count;
}

function prepareTree() {
  rmSync(tree, { recursive: true, force: true });
  let files = 0;
  for (const spec of PACKAGES) {
    const name = spec.slice(0, spec.lastIndexOf("@"));
    files += copySources(join(work, "node_modules", name), join(tree, name));
  }
  writeFileSync(join(tree, "package.json"), JSON.stringify({ name: "bench-tree", private: true }));
  writeFileSync(
    join(work, "eslint.config.mjs"),
    `import tsParser from "@typescript-eslint/parser";
import unicorn from "eslint-plugin-unicorn";
import n from "eslint-plugin-n";
export default [{
  files: ["**/*.ts", "**/*.mts", "**/*.cts"],
  languageOptions: { parser: tsParser, sourceType: "module" },
  plugins: { unicorn, n },
  linterOptions: { reportUnusedDisableDirectives: "off" },
  rules: { "max-lines-per-function": ["warn", { max: 50 }], "unicorn/no-process-exit": "error", "n/no-process-exit": "error" },
}];
`,
  );
  return files;
}

/** Plain ESLint with the txo plugin's recommended config: the reference txo-audit's findings must equal. */
function writeReferenceConfig() {
  const plugin = join(repo, "dist/rules/index.js");
  writeFileSync(
    join(work, "eslint.txo.config.mjs"),
    `import txo from ${JSON.stringify(plugin)};
// txo-audit counts describe callbacks of test files (its test section); configs.recommended leaves them out.
export default [txo.configs.recommended, { rules: { "txo/max-function-lines": ["warn", { skipTestGroups: false }] } }, { linterOptions: { reportUnusedDisableDirectives: "off" } }];
`,
  );
}

function timed(label, command, args, options = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: repo, encoding: "utf8", maxBuffer: 512 * 1024 * 1024, env: { ...process.env, NODE_PATH: join(repo, "node_modules") }, ...options });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${label} failed (${result.status}): ${result.stderr.slice(0, 2000)}`);
  console.log(`${label.padEnd(44)} ${seconds.toFixed(2).padStart(7)} s`);
  return { seconds, stdout: result.stdout };
}

function eslint(label, extra) {
  const bin = join(repo, "node_modules/eslint/bin/eslint.js");
  return timed(label, process.execPath, [bin, "--config", join(work, "eslint.config.mjs"), "--no-cache", "--format", "json", ...extra, relative(repo, tree)]);
}

function eslintWithTxoPlugin() {
  const bin = join(repo, "node_modules/eslint/bin/eslint.js");
  return timed("eslint with the txo plugin (reference)", process.execPath, [bin, "--config", join(work, "eslint.txo.config.mjs"), "--no-cache", "--format", "json", relative(repo, tree)]);
}

/** Every finding as `file:line:column:rule`, from ESLint's JSON output and from txo-audit's report. */
function referenceKeys(stdout) {
  return JSON.parse(stdout).flatMap((result) =>
    result.messages.filter((message) => message.ruleId?.startsWith("txo/")).map((message) => `${relative(tree, result.filePath)}:${message.line}:${message.column}:${message.ruleId}`),
  );
}

function auditKeys() {
  const report = JSON.parse(readFileSync(join(work, "reports/txo-audit.json"), "utf8"));
  return [...report.findings, ...report.testFindings].map((finding) => `${finding.file}:${finding.line}:${finding.column}:${finding.ruleId}`);
}

function compareWithReference(reference, audited) {
  const count = (keys) => keys.reduce((counts, key) => ({ ...counts, [key.split(":").at(-1)]: (counts[key.split(":").at(-1)] ?? 0) + 1 }), {});
  console.log("findings per rule, eslint + txo plugin:", count(reference));
  console.log("findings per rule, txo-audit:          ", count(audited));
  const missing = reference.filter((key) => !audited.includes(key));
  const extra = audited.filter((key) => !reference.includes(key));
  console.log(`identical findings: ${missing.length === 0 && extra.length === 0 ? "yes" : `NO (${missing.length} missing, ${extra.length} extra; first: ${[...missing, ...extra].slice(0, 3).join(", ")})`}`);
}

function audit(label, extra) {
  const out = join(work, "reports");
  return timed(label, process.execPath, [join(repo, "dist/cli/txo-audit.js"), tree, "--format", "json", "--out", out, "--fail-on", "none", "--quiet", ...extra]);
}

function editOneFile() {
  const file = join(tree, "rxjs/src/internal/operators/map.ts");
  appendFileSync(file, "\nexport const benchEdit = 1;\n");
  return relative(tree, file);
}

install();
const fileCount = prepareTree();
console.log(`tree: ${fileCount} TypeScript files from ${PACKAGES.join(", ")} on ${(await import("node:os")).availableParallelism()} cores\n`);
const serial = eslint("eslint (serial)", []);
const parallel = eslint("eslint --concurrency=2", ["--concurrency=2"]);
const cold = audit("txo-audit cold (--no-cache)", ["--no-cache"]);
writeReferenceConfig();
compareWithReference(referenceKeys(eslintWithTxoPlugin().stdout), auditKeys());
audit("txo-audit filling the cache", []);
console.log(`edited ${editOneFile()}`);
const warm = audit("txo-audit cached, after a one-file edit", []);
const best = Math.min(serial.seconds, parallel.seconds);
console.log(`\nratio cold txo-audit / fastest eslint: ${(cold.seconds / best).toFixed(3)} (target <= 0.333)`);
console.log(`cached re-run after one edit: ${warm.seconds.toFixed(2)} s (target < 1 s)`);
const eslintFiles = JSON.parse(serial.stdout).length;
console.log(`files linted by eslint: ${eslintFiles}`);
