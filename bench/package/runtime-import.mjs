// Cold import time of @txo-toolkit/runtime beside undici alone (the largest thing it imports) and
// beside the whole txo-toolkit entry: each in a fresh Node process, in alternating rounds, median
// wall time per import. Run after building:
//   npm run build && node bench/package/runtime-import.mjs [--rounds 15]
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";

const { values: flags } = parseArgs({ options: { rounds: { type: "string", default: "15" } } });
const ROUNDS = Number(flags.rounds);

// Each probe imports one module and prints how long the import took inside the process, so
// Node's own start-up (the same for all) is left out.
const probe = (specifier) =>
  `const t=process.hrtime.bigint();await import(${JSON.stringify(specifier)});console.log(Number(process.hrtime.bigint()-t)/1e6)`;
const contestants = {
  "undici alone": probe("undici"),
  "@txo-toolkit/runtime": probe("@txo-toolkit/runtime"),
  "txo-toolkit/runtime (re-exports it)": probe("txo-toolkit/runtime"),
  "txo-toolkit (root entry: plugin, codemods, runtime)": probe("txo-toolkit"),
};

function importMs(code) {
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(result.stderr);
  return Number(result.stdout.trim());
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const samples = new Map(Object.keys(contestants).map((name) => [name, []]));
const names = Object.keys(contestants);
for (let round = 0; round < ROUNDS; round++) {
  for (let offset = 0; offset < names.length; offset++) {
    const name = names[(round + offset) % names.length];
    samples.get(name).push(importMs(contestants[name]));
  }
}
const base = median(samples.get("undici alone"));
for (const name of names) {
  const ms = median(samples.get(name));
  console.log(`${name.padEnd(52)} ${ms.toFixed(1).padStart(8)} ms   ${(ms / base).toFixed(2)}× undici`);
}
