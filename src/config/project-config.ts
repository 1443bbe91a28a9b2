import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject } from "ajv";
import { HelpfulError } from "../runtime/errors.js";

/** The shared project configuration (`txo.config.json` or the "txo" key of package.json). */
export interface TxoProjectConfig {
  entryPoints?: string[];
  configNames?: string[];
  allowGlobals?: string[];
  maxLines?: number;
  include?: string[];
  exclude?: string[];
  testPatterns?: string[];
}

export interface LoadedProjectConfig {
  /** Directory holding the file the configuration came from (the project root). */
  root: string;
  /** The file it came from, or undefined when the project has none. */
  source: string | undefined;
  config: TxoProjectConfig;
}

const CONFIG_FILE = "txo.config.json";
const VALID_EXAMPLE = `{
  "entryPoints": ["bin/**", "src/cli.ts"],
  "configNames": ["config", "appSettings"],
  "allowGlobals": ["registry"],
  "maxLines": 50,
  "exclude": ["generated/**"]
}`;

export function schemaPath(name: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // src/config and dist/config both sit two levels below the package root.
  return resolve(here, "..", "..", "schemas", name);
}

function compileValidator(): (data: unknown) => ErrorObject[] {
  const schema = JSON.parse(readFileSync(schemaPath("txo-config.schema.json"), "utf8")) as object;
  // No meta-schema validation at every start: test/schemas.test.ts checks the schema file itself.
  const validate = new Ajv({ allErrors: true, strict: false, validateSchema: false }).compile(schema);
  return (data) => (validate(data) ? [] : [...(validate.errors ?? [])]);
}

/** Compiled once, at module load. */
const findSchemaErrors = compileValidator();

function describeSchemaError(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).replaceAll("/", ".") : "(top level)";
  if (error.keyword === "additionalProperties") {
    const key = (error.params as { additionalProperty: string }).additionalProperty;
    return `unknown key "${key}" (allowed: entryPoints, configNames, allowGlobals, maxLines, include, exclude, testPatterns)`;
  }
  return `"${where}" ${error.message ?? "is invalid"}`;
}

function readConfigText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const cause = error as NodeJS.ErrnoException;
    throw new HelpfulError({
      whatWentWrong: `${file} cannot be read: ${cause.code === "EISDIR" ? "it is a folder, not a file" : cause.message}.`,
      howToFix: `Make ${file.endsWith("package.json") ? "package.json" : CONFIG_FILE} a readable JSON file (or remove it to use the defaults).`,
      example: VALID_EXAMPLE,
      context: { operation: "read txo configuration", resource: file },
      cause: error,
    });
  }
}

function parseJsonFile(file: string): unknown {
  const text = readConfigText(file);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HelpfulError({
      whatWentWrong: `${file} is not valid JSON: ${(error as Error).message}`,
      howToFix: "Fix the JSON syntax (no trailing commas, keys in double quotes).",
      example: VALID_EXAMPLE,
      context: { operation: "read txo configuration", resource: file },
      cause: error,
    });
  }
}

function readCandidate(dir: string): { source: string; raw: unknown } | undefined {
  const configFile = join(dir, CONFIG_FILE);
  if (existsSync(configFile)) return { source: configFile, raw: parseJsonFile(configFile) };
  const pkgFile = join(dir, "package.json");
  if (!existsSync(pkgFile)) return undefined;
  const pkg = parseJsonFile(pkgFile) as { txo?: unknown } | null;
  if (pkg && typeof pkg === "object" && "txo" in pkg) return { source: `${pkgFile}#txo`, raw: pkg.txo };
  return undefined;
}

/** Validates raw configuration data, throwing a HelpfulError that names every bad key. */
export function validateProjectConfig(raw: unknown, source: string): TxoProjectConfig {
  const errors = findSchemaErrors(raw);
  if (errors.length === 0) return raw as TxoProjectConfig;
  const problems = errors.map(describeSchemaError);
  throw new HelpfulError({
    whatWentWrong: `Invalid txo configuration in ${source}: ${problems.join("; ")}`,
    howToFix: `Correct the keys listed above; the full schema is schemas/txo-config.schema.json.`,
    example: VALID_EXAMPLE,
    context: { operation: "validate txo configuration", resource: source, details: { problems } },
  });
}

/**
 * Memo of directory -> loaded configuration. Lint runs ask once per linted file, so the walk
 * up the tree is cached for the life of the process; it is listed in this repository's
 * `allowGlobals` because a per-process memo is the point. `clearProjectConfigCache` resets it.
 */
const configByDirectory = new Map<string, LoadedProjectConfig>();

export function clearProjectConfigCache(): void {
  configByDirectory.clear();
}

function startDirectory(startPath: string): string {
  const path = resolve(startPath);
  try {
    return statSync(path).isDirectory() ? path : dirname(path);
  } catch {
    return dirname(path);
  }
}

function findProjectConfig(dir: string, visited: string[]): LoadedProjectConfig {
  const cached = configByDirectory.get(dir);
  if (cached) return cached;
  visited.push(dir);
  const found = readCandidate(dir);
  if (found) return { root: dir, source: found.source, config: validateProjectConfig(found.raw, found.source) };
  if (existsSync(join(dir, "package.json"))) return { root: dir, source: undefined, config: {} };
  const parent = dirname(dir);
  if (parent === dir) return { root: visited[0] ?? dir, source: undefined, config: {} };
  return findProjectConfig(parent, visited);
}

/**
 * Finds the project configuration for a file or directory by walking up to the nearest
 * `txo.config.json`, or package.json with a "txo" key. Stops at the first package.json
 * (the package boundary) when it has no "txo" key. Throws a HelpfulError for a bad file.
 */
export function loadProjectConfig(startPath: string): LoadedProjectConfig {
  const visited: string[] = [];
  const loaded = findProjectConfig(startDirectory(startPath), visited);
  for (const dir of visited) configByDirectory.set(dir, loaded);
  return loaded;
}
