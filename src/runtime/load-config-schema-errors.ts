/**
 * Turns ajv's errors into messages a person can act on: the dotted path of the key (a missing key
 * at its own path, not its parent's), what was expected, a "did you mean" for misspelt keys, the
 * line in the file, and an example value taken from the schema. Values from the file are never
 * quoted — only their types — so nothing sensitive is echoed.
 */
import type { ErrorObject } from "ajv";
import { exampleForPath } from "./config.js";
import type { ValidationIssue } from "./errors.js";
import { suggestKey } from "./load-config-did-you-mean.js";
import { pointerSegment, type TextPosition } from "./load-config-json.js";

type JsonSchemaNode = Record<string, unknown>;

export interface SchemaProblem extends ValidationIssue {
  /** One line, ready to list: "line 7: missing key \"a.b\" (a number)". */
  summary: string;
  /** A JSON snippet showing a valid value at this path. */
  example: string;
  /** The same example as data, so several problems can share one snippet. */
  fix?: { path: string[]; value: unknown };
}

function decodePointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
}

function describeActualType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

function describeExpectedType(schema: JsonSchemaNode | undefined): string {
  if (schema === undefined) return "a value";
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((value) => JSON.stringify(value)).join(", ")}`;
  const type = Array.isArray(schema.type) ? schema.type.join(" or ") : schema.type;
  if (type === "object") return "an object";
  if (type === "array") return "an array";
  if (type === "integer") return "an integer";
  return typeof type === "string" ? `a ${type}` : "a value";
}

/** A plausible valid value for a schema: its example, default, first allowed value, or one by type. */
export function sampleValue(schema: JsonSchemaNode | undefined): unknown {
  if (schema === undefined) return "<value>";
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  return sampleForType(schema);
}

function sampleForType(schema: JsonSchemaNode): unknown {
  const types: unknown[] = Array.isArray(schema.type) ? schema.type : [schema.type];
  const type = types[0];
  if (type === "boolean") return true;
  if (type === "integer" || type === "number") return typeof schema.minimum === "number" ? schema.minimum : 1;
  if (type === "array") return [];
  if (type === "object") return sampleObject(schema);
  return "<text>";
}

function sampleObject(schema: JsonSchemaNode): Record<string, unknown> {
  // A JSON Schema's `properties` maps each key to a subschema object; the schema was compiled by Ajv.
  const properties = (schema.properties ?? {}) as Record<string, JsonSchemaNode>;
  // Array.isArray passed, and a JSON Schema's `required` is an array of key names.
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  return Object.fromEntries(required.map((key) => [key, sampleValue(properties[key])]));
}

function exampleAt(path: string[], schema: JsonSchemaNode | undefined): string {
  return exampleForPath(
    path,
    JSON.stringify(sampleValue(schema), null, 2).replaceAll("\n", `\n${"  ".repeat(path.length)}`),
  );
}

function propertySchema(parentSchema: unknown, key: string): JsonSchemaNode | undefined {
  // Ajv reports parentSchema as a compiled subschema (an object) or leaves it out; `properties` maps keys to subschemas.
  const properties = (parentSchema as JsonSchemaNode | undefined)?.properties as
    Record<string, JsonSchemaNode> | undefined;
  return properties === undefined || !Object.hasOwn(properties, key) ? undefined : properties[key];
}

interface ProblemInput {
  error: ErrorObject;
  locations: ReadonlyMap<string, TextPosition>;
}

function linePrefix(locations: ReadonlyMap<string, TextPosition>, pointer: string): TextPosition | undefined {
  return locations.get(pointer);
}

function problem(
  path: string[],
  message: string,
  position: TextPosition | undefined,
  fix: { path: string[]; schema: JsonSchemaNode | undefined } | string,
): SchemaProblem {
  const dotted = path.join(".");
  const prefix = position === undefined ? "" : `line ${position.line}: `;
  const base = { path: dotted, message, line: position?.line, summary: `${prefix}${message}` };
  if (typeof fix === "string") return { ...base, example: fix };
  return { ...base, example: exampleAt(fix.path, fix.schema), fix: { path: fix.path, value: sampleValue(fix.schema) } };
}

function setAtPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  const lastKey = path.at(-1);
  // combinedExample drops root-level fixes: only a key can be set inside the snippet.
  if (lastKey === undefined) throw new RangeError("setAtPath: a fix needs a non-empty path");
  let container = target;
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(container, key) ? container[key] : undefined;
    const child =
      // The check just above proved next is a non-null, non-array object.
      typeof next === "object" && next !== null && !Array.isArray(next) ? (next as Record<string, unknown>) : {};
    Object.defineProperty(container, key, { value: child, enumerable: true, writable: true, configurable: true });
    container = child;
  }
  Object.defineProperty(container, lastKey, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** One JSON snippet fixing every problem that has a fix; "" when none has. */
export function combinedExample(problems: readonly SchemaProblem[]): string {
  const fixes = problems.flatMap((item) => (item.fix === undefined || item.fix.path.length === 0 ? [] : [item.fix]));
  if (fixes.length === 0) return "";
  const snippet: Record<string, unknown> = {};
  for (const fix of fixes) setAtPath(snippet, fix.path, fix.value);
  return JSON.stringify(snippet, null, 2);
}

function missingKeyProblem({ error, locations }: ProblemInput): SchemaProblem {
  // Ajv's `required` keyword always reports params.missingProperty as a string.
  const key = (error.params as { missingProperty: string }).missingProperty;
  const path = [...decodePointer(error.instancePath), key];
  const schema = propertySchema(error.parentSchema, key);
  const parentLabel = error.instancePath === "" ? "the top level" : `"${decodePointer(error.instancePath).join(".")}"`;
  const message = `missing required key "${path.join(".")}" (${describeExpectedType(schema)}); add it inside ${parentLabel}`;
  return problem(path, message, linePrefix(locations, error.instancePath), { path, schema });
}

function unknownKeyProblem({ error, locations }: ProblemInput): SchemaProblem {
  // Ajv's `additionalProperties` keyword always reports params.additionalProperty as a string.
  const key = (error.params as { additionalProperty: string }).additionalProperty;
  const parentPath = decodePointer(error.instancePath);
  const path = [...parentPath, key];
  const parentSchema: JsonSchemaNode | undefined = error.parentSchema;
  const properties = parentSchema?.properties;
  const known = typeof properties === "object" && properties !== null ? Object.keys(properties) : [];
  const suggestion = suggestKey(key, known);
  const hint = suggestion === undefined ? "" : ` Did you mean "${suggestion}"?`;
  const allowed = known.length === 0 ? "" : ` Allowed keys here: ${known.join(", ")}.`;
  const message = `unknown key "${path.join(".")}".${hint}${allowed}`;
  const pointer = `${error.instancePath}/${pointerSegment(key)}`;
  const fix =
    suggestion === undefined
      ? `remove "${path.join(".")}"`
      : { path: [...parentPath, suggestion], schema: propertySchema(error.parentSchema, suggestion) };
  return problem(path, message, linePrefix(locations, pointer), fix);
}

function valueProblem({ error, locations }: ProblemInput): SchemaProblem {
  const path = decodePointer(error.instancePath);
  const schema: JsonSchemaNode | undefined = error.parentSchema;
  const dotted = path.length === 0 ? "the configuration" : `"${path.join(".")}"`;
  const message =
    error.keyword === "type"
      ? `${dotted} must be ${describeExpectedType(schema)}, but it is ${describeActualType(error.data)}`
      : error.keyword === "enum"
        ? `${dotted} must be ${describeExpectedType(schema)}`
        : `${dotted} ${error.message ?? "is invalid"}`;
  return problem(path, message, linePrefix(locations, error.instancePath), { path, schema });
}

/** One helpful problem per ajv error, in file order. */
export function describeSchemaErrors(
  errors: readonly ErrorObject[],
  locations: ReadonlyMap<string, TextPosition>,
): SchemaProblem[] {
  return errors.map((error) => {
    if (error.keyword === "required") return missingKeyProblem({ error, locations });
    if (error.keyword === "additionalProperties") return unknownKeyProblem({ error, locations });
    return valueProblem({ error, locations });
  });
}
