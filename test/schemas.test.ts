import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";

const schemasDirectory = resolve(import.meta.dirname, "../schemas");
const schemaFiles = readdirSync(schemasDirectory).filter((name) => name.endsWith(".schema.json"));

// txo-audit and the config loader compile these without meta-schema validation, to start faster;
// this is where their validity is checked instead.
describe.each(schemaFiles)("schemas/%s", (name) => {
  it("is a valid JSON Schema that compiles", () => {
    // JSON.parse gives any; each file in schemas/ is a JSON schema object.
    const schema = JSON.parse(readFileSync(resolve(schemasDirectory, name), "utf8")) as object;
    const ajv = new Ajv({ strict: false });
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    expect(() => new Ajv({ strict: false, allErrors: true }).compile(schema)).not.toThrow();
  });
});

interface ValidatorScript {
  VALIDATORS: { schema: string }[];
  validatorFileOf: (schema: string) => string;
  generateValidator: (validator: { schema: string }) => string;
}

// The validators txo-audit loads are generated from the schemas (npm run build); a schema edited
// without rebuilding would leave runs checking against the old one.
describe("the precompiled validators (scripts/compile-validators.mjs)", async () => {
  const scriptUrl = pathToFileURL(resolve(import.meta.dirname, "../scripts/compile-validators.mjs")).href;
  // A plain .mjs script without types: these are the three exports it declares.
  const script = (await import(scriptUrl)) as ValidatorScript;
  it.each(script.VALIDATORS)("schemas/$schema's validator is up to date", (validator) => {
    const committed = readFileSync(resolve(schemasDirectory, script.validatorFileOf(validator.schema)), "utf8");
    expect(committed === script.generateValidator(validator), "run: node scripts/compile-validators.mjs").toBe(true);
  });
});
