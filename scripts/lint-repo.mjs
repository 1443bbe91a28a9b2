#!/usr/bin/env node
// Lints the repository with eslint.config.mjs and prints the findings counted per rule, then each
// finding, so a merge that adds findings shows which rule they break. Exits 1 on any finding.
// Usage: node scripts/lint-repo.mjs [path ...]   (default: src test scripts bench vitest.config.ts)
import { relative } from "node:path";
import { ESLint } from "eslint";

const DEFAULT_TARGETS = ["src", "test", "scripts", "bench", "vitest.config.ts"];

const cwd = process.cwd();
const targets = process.argv.length > 2 ? process.argv.slice(2) : DEFAULT_TARGETS;
const eslint = new ESLint({ cwd });
const results = await eslint.lintFiles(targets);

const countsByRule = new Map();
const lines = [];
for (const result of results) {
  for (const message of result.messages) {
    const rule = message.ruleId ?? "parse-error";
    countsByRule.set(rule, (countsByRule.get(rule) ?? 0) + 1);
    lines.push(
      `${relative(cwd, result.filePath)}:${message.line}:${message.column} ${rule}: ${message.message.split("\n")[0]}`,
    );
  }
}
for (const line of lines) console.log(line);
const sorted = [...countsByRule].sort(
  ([ruleA, countA], [ruleB, countB]) => countB - countA || ruleA.localeCompare(ruleB),
);
for (const [rule, count] of sorted) console.log(`${String(count).padStart(6)}  ${rule}`);
console.log(`${String(lines.length).padStart(6)}  findings in ${results.length} files`);
process.exitCode = lines.length > 0 ? 1 : 0;
