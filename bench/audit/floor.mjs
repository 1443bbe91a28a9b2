#!/usr/bin/env node
// The floor of txo-audit's cold run: what its fast engine cannot avoid doing for each file — oxc's
// parse (the same options, deserialised to JavaScript) and typescript-eslint's scope analysis (the
// same default lib) — with nothing else: no decoration, no rules, no report, no cache, one process.
// Usage: node bench/audit/floor.mjs <tree>; prints the number of files and scopes.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseSync } from "oxc-parser";
import { analyzeModule } from "../../dist/lint/scope-analysis.js";

const SOURCE = /\.(ts|tsx|mts|cts)$/;
const DECLARATION = /\.d\.[mc]?ts$/;

function sourceFiles(directory, found = []) {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) sourceFiles(path, found);
    else if (entry.isFile() && SOURCE.test(entry.name) && !DECLARATION.test(entry.name)) found.push(path);
  }
  return found;
}

let scopes = 0;
const files = sourceFiles(process.argv[2]);
for (const file of files) {
  const lang = file.endsWith(".tsx") ? "tsx" : "ts";
  const parsed = parseSync(file, readFileSync(file, "utf8"), {
    lang,
    sourceType: "module",
    astType: "ts",
    preserveParens: false,
    range: true,
  });
  scopes += analyzeModule(parsed.program).scopes.length;
}
console.log(`${files.length} files, ${scopes} scopes`);
