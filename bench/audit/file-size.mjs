#!/usr/bin/env node
// Benchmark: txo-audit's time on one generated file of 1, 2, 4 and 8 MB, to show it grows linearly
// with file size (the ratio time(8 MB) / time(1 MB) should stay near 8; the target is ≤ 9).
// Each file repeats a block with a finding of every principle (a config soft-fail, process.exit in
// library code, module-level mutable state, a long function) plus plain code, so both the parser
// and the per-finding work scale with the size.
// Optional: TXO_BENCH_BASELINE=/path/to/other/dist/cli/txo-audit.js runs that build side by side
// (for example the code before a change); its runs stop after TXO_BENCH_TIMEOUT_S seconds (120).
// TXO_BENCH_SIZES=0.25,0.5 picks other sizes (in MB; the ratio is last / first).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { optional } from "@txo-toolkit/runtime";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const current = join(repo, "dist/cli/txo-audit.js");
const baseline = optional(process.env, ["TXO_BENCH_BASELINE"], undefined);
const timeoutSeconds = Number(optional(process.env, ["TXO_BENCH_TIMEOUT_S"], "120"));
const SIZES_MB = optional(process.env, ["TXO_BENCH_SIZES"], "1,2,4,8").split(",").map(Number);

function block(index) {
  const body = Array.from({ length: 55 }, (_, line) => `  total += values[${line % 7}] * ${line};`).join("\n");
  return [
    `export let counter${index} = 0;`,
    `export function port${index}(config: { port?: number }): number {`,
    `  return config.port ?? ${3000 + (index % 100)};`,
    `}`,
    `export function stop${index}(): void {`,
    `  process.exit(${index % 3});`,
    `}`,
    `export function long${index}(values: number[]): number {`,
    `  let total = 0;`,
    body,
    `  return total;`,
    `}`,
    `export const label${index} = ["a", "b", "c"].map((item) => item.toUpperCase()).join("-");`,
    "",
  ].join("\n");
}

function generate(directory, megabytes) {
  const parts = [];
  let size = 0;
  for (let index = 0; size < megabytes * 1024 * 1024; index++) {
    const text = block(index);
    parts.push(text);
    size += text.length;
  }
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, "generated.ts"), parts.join("\n"));
  return parts.length;
}

function timeRun(binary, directory) {
  const started = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    [
      binary,
      directory,
      "--no-cache",
      "--format",
      "json",
      "--out",
      join(directory, "reports"),
      "--fail-on",
      "none",
      "--quiet",
    ],
    {
      encoding: "utf8",
      timeout: timeoutSeconds * 1000,
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.error?.code === "ETIMEDOUT" || result.signal !== null)
    return { seconds: Number.POSITIVE_INFINITY, verdict: `stopped after ${timeoutSeconds} s` };
  if (result.status !== 0) throw new Error(`${binary} exited ${result.status}: ${result.stderr}`);
  return { seconds, verdict: result.stdout.trim() };
}

function format(seconds) {
  return Number.isFinite(seconds) ? `${seconds.toFixed(2)} s` : "timeout";
}

const work = mkdtempSync(join(tmpdir(), "txo-bench-size-"));
const rows = [];
try {
  for (const megabytes of SIZES_MB) {
    const directory = join(work, `${megabytes}mb`);
    const blocks = generate(directory, megabytes);
    const now = timeRun(current, directory);
    const before = baseline === undefined ? undefined : timeRun(baseline, directory);
    rows.push({ megabytes, blocks, now, before });
    console.log(
      `${megabytes} MB (${blocks} blocks): this build ${format(now.seconds)}${before ? `, baseline ${format(before.seconds)}` : ""}  — ${now.verdict}`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const first = rows[0];
const last = rows.at(-1);
const ratio = (row, key) => (row[key] && first[key] ? row[key].seconds / first[key].seconds : Number.NaN);
console.log(
  `\ntime(${last.megabytes} MB) / time(${first.megabytes} MB): this build ${ratio(last, "now").toFixed(2)} (target ≤ 9 for 8 MB / 1 MB)`,
);
if (baseline !== undefined)
  console.log(`time(${last.megabytes} MB) / time(${first.megabytes} MB): baseline ${ratio(last, "before").toFixed(2)}`);
