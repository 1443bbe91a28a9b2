#!/usr/bin/env node
// Per-rule time of the txo rules, this build beside another one (issue #13: "no rule gets slower by
// more than 10 %"), on the same files in one run. Each round lints every file once with each build
// (in alternating order, so machine drift hits both alike) and reads ESLint's own per-rule timing
// (`stats: true`: time spent in the rule's listeners, without parsing). Prints, per rule, the median
// over the rounds of each build's milliseconds and their ratio.
//   npm run build && node bench/rules/rule-time.mjs --baseline /path/to/other/dist/rules/index.js \
//     [--rounds 3] [dir ...]
// Default files: the precision corpus (test/.tmp/real-world/packages, fetched by `npm run precision`).
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { ESLint } from "eslint";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: { baseline: { type: "string" }, rounds: { type: "string", default: "3" } },
});
const targets = positionals.length > 0 ? positionals : [join(repo, "test/.tmp/real-world/packages")];
const SOURCE_FILES = ["**/*.{ts,tsx,mts,cts}"];
const IGNORED = ["**/*.d.ts", "**/*.d.mts", "**/*.d.cts", "**/node_modules/**"];

function usage(message) {
  console.error(`${message}\nExample: node bench/rules/rule-time.mjs --baseline /tmp/base/dist/rules/index.js`);
  process.exitCode = 2;
}

async function linterFor(pluginPath) {
  const plugin = (await import(pathToFileURL(resolve(pluginPath)).href)).default;
  return new ESLint({
    cwd: repo,
    overrideConfigFile: true,
    overrideConfig: [
      { ignores: IGNORED },
      { ...plugin.configs.recommended, files: SOURCE_FILES },
      { linterOptions: { reportUnusedDisableDirectives: "off" } },
    ],
    errorOnUnmatchedPattern: false,
    stats: true,
  });
}

/** Milliseconds per txo rule over every file of one lint run. */
async function ruleMilliseconds(eslint) {
  const totals = new Map();
  for (const result of await eslint.lintFiles(targets))
    for (const pass of result.stats?.times.passes ?? [])
      for (const [rule, { total }] of Object.entries(pass.rules ?? {}))
        if (rule.startsWith("txo/")) totals.set(rule, (totals.get(rule) ?? 0) + total);
  return totals;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  if (flags.baseline === undefined || !existsSync(flags.baseline))
    return usage("--baseline must name another build's dist/rules/index.js.");
  const builds = {
    this: await linterFor(join(repo, "dist/rules/index.js")),
    baseline: await linterFor(flags.baseline),
  };
  const samples = { this: new Map(), baseline: new Map() };
  for (let round = 0; round < Number(flags.rounds); round++) {
    const order = round % 2 === 0 ? ["this", "baseline"] : ["baseline", "this"];
    for (const name of order)
      for (const [rule, ms] of await ruleMilliseconds(builds[name]))
        samples[name].set(rule, [...(samples[name].get(rule) ?? []), ms]);
    console.error(`round ${round + 1} of ${flags.rounds} done`);
  }
  console.log(`rule time, median of ${flags.rounds} rounds (ms): this build / baseline = ratio`);
  for (const rule of [...samples.this.keys()].sort()) {
    const mine = median(samples.this.get(rule));
    const theirs = median(samples.baseline.get(rule) ?? [Number.NaN]);
    console.log(
      `  ${rule.padEnd(34)} ${mine.toFixed(0).padStart(7)} / ${theirs.toFixed(0).padStart(7)} = ${(mine / theirs).toFixed(2)}`,
    );
  }
}

await main();
