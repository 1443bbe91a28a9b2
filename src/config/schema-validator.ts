import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ValidateFunction } from "ajv";

export function schemaPath(name: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // src/config and dist/config both sit two levels below the package root.
  return resolve(here, "..", "..", "schemas", name);
}

/**
 * The validator of schemas/<name>.schema.json, precompiled by scripts/compile-validators.mjs into
 * schemas/<name>.validate.cjs (npm run build; test/schemas.test.ts checks it matches the schema), so
 * no run pays for Ajv's compiler.
 */
export function loadSchemaValidator(name: string): ValidateFunction {
  // The generated module exports the function Ajv's standalone code generation wrote.
  return createRequire(import.meta.url)(schemaPath(`${name}.validate.cjs`)) as ValidateFunction;
}
