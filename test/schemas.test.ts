import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";

const schemasDirectory = resolve(import.meta.dirname, "../schemas");
const schemaFiles = readdirSync(schemasDirectory).filter((name) => name.endsWith(".schema.json"));

// txo-audit and the config loader compile these without meta-schema validation, to start faster;
// this is where their validity is checked instead.
describe.each(schemaFiles)("schemas/%s", (name) => {
  it("is a valid JSON Schema that compiles", () => {
    const schema = JSON.parse(readFileSync(resolve(schemasDirectory, name), "utf8")) as object;
    const ajv = new Ajv({ strict: false });
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    expect(() => new Ajv({ strict: false, allErrors: true }).compile(schema)).not.toThrow();
  });
});
