#!/usr/bin/env node
// Compiles the JSON schemas txo-audit validates against at every run into standalone validator
// modules (Ajv's standalone code generation), so a run loads a small generated function instead of
// Ajv's compiler (~0.3 s of CPU on every cached run). The schemas stay the single source: `npm run
// build` regenerates schemas/<name>.validate.cjs, and test/schemas.test.ts fails when they drift.
// Usage: node scripts/compile-validators.mjs [--check]
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import standalone from "ajv/dist/standalone/index.js";

const schemas = resolve(dirname(fileURLToPath(import.meta.url)), "../schemas");

/** Each schema validated at run time, with the Ajv options its validator is compiled with. */
export const VALIDATORS = [
  { schema: "txo-config.schema.json", options: { allErrors: true, strict: false } },
  { schema: "audit-report.schema.json", options: { allErrors: true, strict: false, validateFormats: false } },
];

export const validatorFileOf = (schema) => schema.replace(/\.schema\.json$/, ".validate.cjs");

/** The generated module for one schema: CommonJS, so Ajv's runtime helpers load with require(). */
export function generateValidator({ schema, options }) {
  const document = JSON.parse(readFileSync(join(schemas, schema), "utf8"));
  // No meta-schema validation: test/schemas.test.ts checks every schema file against it.
  const ajv = new Ajv({ ...options, validateSchema: false, code: { source: true } });
  const code = standalone.default(ajv, ajv.compile(document));
  return `// Generated from ${schema} by scripts/compile-validators.mjs (npm run build). Do not edit.\n${code}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes("--check");
  const stale = [];
  for (const validator of VALIDATORS) {
    const file = join(schemas, validatorFileOf(validator.schema));
    const code = generateValidator(validator);
    let current = "";
    try {
      current = readFileSync(file, "utf8");
    } catch {
      // A missing file is out of date like a changed one.
    }
    if (current === code) continue;
    stale.push(file);
    if (!check) writeFileSync(file, code);
  }
  if (check && stale.length > 0) {
    console.error(`Out of date with their schemas: ${stale.join(", ")}.\nRun: node scripts/compile-validators.mjs`);
    process.exitCode = 1;
  }
}
