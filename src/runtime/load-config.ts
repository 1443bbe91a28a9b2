/**
 * `loadConfig({ orgId, envType, dir, schema })` reads `{org}-{env}-config.json` and the git-ignored
 * `{org}-{env}-config-secrets.json`, validates the configuration against a JSON Schema (mandatory),
 * reports every problem at once with its dotted path, line and an example, merges the secrets,
 * and injects `_orgId` and `_envType`. Secret values never appear in an error message.
 *
 * A `ConfigLoader` owns the ajv instance and compiles each schema once; reuse one loader when a
 * process loads configuration more than once.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import type { Ajv, ValidateFunction } from "ajv";
import type { FromSchema, JSONSchema } from "json-schema-to-ts";
import { attachConfigSource, type ConfigSource } from "./config.js";
import { ConfigurationError, FileOperationError } from "./errors.js";
import { JsonSyntaxProblem, parseLocatedJson, type LocatedJson } from "./load-config-json.js";
import { combinedExample, describeSchemaErrors } from "./load-config-schema-errors.js";
import { collectSecretValues, mergeSecrets, SECRET_VALUES } from "./load-config-secrets.js";

export { secretValuesOf } from "./load-config-secrets.js";

/** A JSON Schema object, or the path of a JSON Schema file. */
export type ConfigSchema = Record<string, unknown> | string;

export interface LoadConfigOptions {
  /** Organisation id, the first part of the file name (`acme` in `acme-prod-config.json`). */
  orgId: string;
  /** Environment type, the second part (`prod`, `test`, `dev`, …). */
  envType: string;
  /** Folder holding the configuration files. */
  dir: string;
  /** The JSON Schema the configuration must satisfy (object or file path). */
  schema: ConfigSchema;
  /** "required" (default): a missing secrets file is an error. "optional": the app has no secrets. */
  secrets?: "required" | "optional";
  /** Reuse a loader so each schema is compiled only once. */
  loader?: ConfigLoader;
}

/** The loaded configuration: the file's content, the secrets merged in, and the injected ids. */
export type LoadedConfig<T extends object = Record<string, unknown>> = T & {
  readonly _orgId: string;
  readonly _envType: string;
};

/**
 * The value type an object schema written `as const` describes, by json-schema-to-ts's
 * `FromSchema`. Schemas without literal types (a file path, a schema read at run time) take the
 * other overload of `loadConfig` and give `Record<string, unknown>`.
 */
export type ConfigFromSchema<S> = S extends { readonly type: "object" }
  ? S extends JSONSchema
    ? Extract<FromSchema<S>, object>
    : Record<string, unknown>
  : Record<string, unknown>;

/** Options of `loadConfig` for a schema given `as const`, whose value type is then inferred. */
export interface TypedLoadConfigOptions<S> extends Omit<LoadConfigOptions, "schema"> {
  schema: S;
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const NAME_EXAMPLE =
  'loadConfig({ orgId: "acme", envType: "prod", dir: "config", schema: "schemas/org-env-config.schema.json" })';

function assertId(name: "orgId" | "envType", value: unknown): void {
  if (typeof value === "string" && ID_PATTERN.test(value) && !value.includes("..")) return;
  throw new ConfigurationError({
    whatWentWrong: `loadConfig was given an invalid ${name} ${JSON.stringify(String(value))}: it becomes part of a file name, so it may only contain letters, digits, "-", "_" and ".", without "..", "/" or "\\".`,
    howToFix: `Pass the plain ${name === "orgId" ? "organisation id" : "environment type"}, not a path.`,
    example: NAME_EXAMPLE,
  });
}

function assertDirAndSchema(options: LoadConfigOptions): void {
  if (typeof options.dir !== "string" || options.dir.length === 0) {
    throw new ConfigurationError({
      whatWentWrong:
        "loadConfig was called without a dir: it does not know which folder holds the configuration files.",
      howToFix: "Pass the folder (absolute, or relative to the working directory).",
      example: NAME_EXAMPLE,
    });
  }
  const schema: unknown = options.schema;
  if (
    typeof schema === "string"
      ? schema.length === 0
      : typeof schema !== "object" || schema === null || Array.isArray(schema)
  ) {
    throw new ConfigurationError({
      whatWentWrong: "loadConfig was called without a JSON Schema; validating the configuration is mandatory.",
      howToFix: "Pass the schema as an object or as the path of a .schema.json file.",
      example: NAME_EXAMPLE,
    });
  }
}

function readText(file: string, what: string, howToFix: string, example: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    // readFileSync throws Node system errors, which carry an optional `code`.
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "does not exist"
        : code === "EACCES"
          ? "is not readable (permission denied)"
          : code === "EISDIR"
            ? "is a folder, not a file"
            : `could not be read (${code ?? "unknown error"})`;
    throw new FileOperationError({
      whatWentWrong: `The ${what} ${file} ${reason}.`,
      howToFix,
      example,
      path: file,
      fileOperation: "read",
      context: { operation: "load configuration", resource: file },
      cause: error,
    });
  }
}

function parseFile(text: string, file: string, what: string): LocatedJson {
  try {
    return parseLocatedJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxProblem)) throw error;
    const { line, column } = error.position;
    throw new ConfigurationError({
      whatWentWrong: `The ${what} ${file}:${line}:${column} is not valid JSON: ${error.message} (line ${line}, column ${column}).`,
      howToFix:
        "Fix the JSON at that position: keys and strings in double quotes, commas between entries, no trailing commas, no comments.",
      example:
        what === "secrets file"
          ? '{\n  "client-secret": "<your client secret>"\n}'
          : '{\n  "global": { "api-base-url": "https://api.example.com/v1" }\n}',
      file,
      context: { operation: "load configuration", resource: `${file}:${line}:${column}` },
    });
  }
}

function assertObject(parsed: LocatedJson, file: string, what: string): Record<string, unknown> {
  const value = parsed.value;
  // The check on this line proved value is a non-null, non-array object.
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new ConfigurationError({
    whatWentWrong: `The ${what} ${file} must contain a JSON object at the top level, but it contains ${Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`}.`,
    howToFix: "Wrap the settings in { … } with one key per setting.",
    example: '{\n  "client-secret": "…"\n}',
    file,
  });
}

function unknownFormatError(formats: readonly string[]): ConfigurationError {
  return new ConfigurationError({
    whatWentWrong: `The configuration schema uses the unknown format${formats.length === 1 ? "" : "s"} ${formats.map((format) => `"${format}"`).join(", ")}, which could not be checked.`,
    howToFix:
      "Use a format ajv-formats knows (date, date-time, time, duration, uri, uri-reference, url, email, hostname, ipv4, ipv6, regex, uuid, …) or a pattern instead.",
    example: '"api-base-url": { "type": "string", "format": "uri" }',
  });
}

// ajv and ajv-formats are about 40 modules. They load when the first ConfigLoader is made, so a
// program that imports the runtime for its errors or helpers (txo-audit itself) does not pay for them.
const requireFromHere = createRequire(import.meta.url);

/** An ajv whose `format` keywords are enforced (ajv-formats) and whose warnings are collected, not printed. */
function createAjv(warnings: string[]): Ajv {
  const record = (...parts: unknown[]): void => void warnings.push(parts.map(String).join(" "));
  // require() returns any; the modules it loads are the ajv packages this file's types come from.
  const { Ajv: AjvClass } = requireFromHere("ajv") as typeof import("ajv");
  // ajv-formats is CommonJS; its export is the plugin function.
  const addFormats = requireFromHere("ajv-formats") as (ajv: Ajv) => Ajv;
  const ajv = new AjvClass({
    allErrors: true,
    verbose: true,
    strict: false,
    logger: { log: record, warn: record, error: record },
  });
  addFormats(ajv);
  return ajv;
}

export class ConfigLoader {
  readonly #warnings: string[] = [];
  readonly #ajv = createAjv(this.#warnings);
  readonly #compiledBySchema = new WeakMap<object, ValidateFunction>();
  readonly #schemasByFile = new Map<string, Record<string, unknown>>();

  /** Loads, validates and returns the configuration; throws a helpful error for every problem. */
  load<T extends object = Record<string, unknown>>(options: LoadConfigOptions): LoadedConfig<T> {
    assertId("orgId", options.orgId);
    assertId("envType", options.envType);
    assertDirAndSchema(options);
    const validate = this.validatorFor(options.schema);
    const base = `${options.orgId}-${options.envType}-config`;
    const file = resolve(options.dir, `${base}.json`);
    const secretsFile = resolve(options.dir, `${base}-secrets.json`);
    const config = this.#readConfigFile(file, base);
    this.#validate(validate, config, file);
    const secrets = this.#readSecretsFile(secretsFile, base, options.secrets ?? "required");
    // #readConfigFile returns only an object value (assertObject rejects anything else).
    const merged = mergeSecrets(config.value as Record<string, unknown>, secrets, secretsFile);
    const loaded = { ...merged, _orgId: options.orgId, _envType: options.envType };
    attachConfigSource(loaded, { file, secretsFile } satisfies ConfigSource);
    Object.defineProperty(loaded, SECRET_VALUES, {
      value: Object.freeze(collectSecretValues(secrets)),
      enumerable: false,
    });
    // T is the caller's declared shape of the schema-validated file; the two added keys are LoadedConfig's own.
    return loaded as unknown as LoadedConfig<T>;
  }

  /** The compiled validator for a schema (compiled on first use, then cached by this loader). */
  validatorFor(schema: ConfigSchema): ValidateFunction {
    const schemaObject = typeof schema === "string" ? this.#schemaFromFile(schema) : schema;
    const cached = this.#compiledBySchema.get(schemaObject);
    if (cached !== undefined) return cached;
    const compiled = this.#compile(schemaObject);
    this.#compiledBySchema.set(schemaObject, compiled);
    return compiled;
  }

  #schemaFromFile(schemaFile: string): Record<string, unknown> {
    const file = resolve(schemaFile);
    const known = this.#schemasByFile.get(file);
    if (known !== undefined) return known;
    const text = readText(
      file,
      "JSON Schema file",
      "Pass the path of an existing JSON Schema, or the schema object itself.",
      NAME_EXAMPLE,
    );
    const schema = assertObject(parseFile(text, file, "JSON Schema file"), file, "JSON Schema file");
    this.#schemasByFile.set(file, schema);
    return schema;
  }

  #compile(schema: Record<string, unknown>): ValidateFunction {
    // ajv refuses a second schema with the same $id; the same schema read twice is one schema.
    const known = typeof schema.$id === "string" ? this.#ajv.getSchema(schema.$id) : undefined;
    if (known !== undefined) return known;
    this.#warnings.length = 0;
    try {
      const compiled = this.#ajv.compile(schema);
      const unknownFormats = this.#warnings.flatMap((warning) => /unknown format "([^"]*)"/.exec(warning)?.[1] ?? []);
      if (unknownFormats.length > 0) throw unknownFormatError([...new Set(unknownFormats)]);
      return compiled;
    } catch (error) {
      if (error instanceof ConfigurationError) throw error;
      throw new ConfigurationError({
        // ConfigurationErrors were rethrown above; what is left comes from Ajv's compile(), which throws Errors.
        whatWentWrong: `The configuration schema is not a valid JSON Schema: ${(error as Error).message}`,
        howToFix: "Fix the schema (check it with an editor that understands JSON Schema draft-07), then load again.",
        example: '{ "type": "object", "required": ["global"], "properties": { "global": { "type": "object" } } }',
        cause: error,
      });
    }
  }

  #readConfigFile(file: string, base: string): LocatedJson {
    const text = readText(
      file,
      "configuration file",
      `Create ${base}.json in the configuration folder (or pass the right dir, orgId and envType).`,
      '{\n  "global": { "api-base-url": "https://api.example.com/v1", "tenant-id": "acme" }\n}',
    );
    const parsed = parseFile(text, file, "configuration file");
    assertObject(parsed, file, "configuration file");
    return parsed;
  }

  #validate(validate: ValidateFunction, config: LocatedJson, file: string): void {
    if (validate(config.value)) return;
    const problems = describeSchemaErrors(validate.errors ?? [], config.locations);
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    throw new ConfigurationError({
      whatWentWrong: `The configuration file ${file} has ${count}:\n${problems.map((problem, index) => `  ${index + 1}. ${problem.summary}`).join("\n")}`,
      howToFix: `Correct ${problems.length === 1 ? "it" : "each one"} in ${file}; every key in the schema is required, and keys the schema does not know are rejected.`,
      example: combinedExample(problems) || problems.map((problem) => problem.example).join("\n"),
      file,
      path: problems[0]?.path,
      issues: problems.map(({ path, message, line }) => ({ path, message, line })),
      context: { operation: "validate configuration", resource: file },
    });
  }

  #readSecretsFile(secretsFile: string, base: string, mode: "required" | "optional"): Record<string, unknown> {
    if (mode === "optional" && !existsSync(secretsFile)) return {};
    const text = readText(
      secretsFile,
      "secrets file",
      `Create ${base}-secrets.json next to ${base}.json and list it in .gitignore; pass secrets: "optional" to loadConfig if this application has no secrets.`,
      '{\n  "client-secret": "<your client secret>"\n}',
    );
    return assertObject(parseFile(text, secretsFile, "secrets file"), secretsFile, "secrets file");
  }
}

/**
 * Loads the configuration with `options.loader` (or a new `ConfigLoader`). See `ConfigLoader.load`.
 * Given a schema object written `as const`, the result's type is inferred from it; otherwise pass
 * the type explicitly (`loadConfig<AppConfig>(…)`) or read values with `requireConfig`.
 */
export function loadConfig<const S extends { readonly type: "object" }>(
  options: TypedLoadConfigOptions<S>,
): LoadedConfig<ConfigFromSchema<S>>;
export function loadConfig<T extends object = Record<string, unknown>>(options: LoadConfigOptions): LoadedConfig<T>;
export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  return (options.loader ?? new ConfigLoader()).load(options);
}
