import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { ErrorObject } from "ajv";
import { HelpfulError } from "@txo-toolkit/runtime";
import { type ConsultedFile, ProjectFileReader } from "./file-reader.js";
import { loadSchemaValidator, schemaPath } from "./schema-validator.js";

export { schemaPath } from "./schema-validator.js";

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

// The package's own schema file, whose top level always lists the allowed keys under `properties`.
const schema = JSON.parse(readFileSync(schemaPath("txo-config.schema.json"), "utf8")) as {
  properties: Record<string, unknown>;
};

/** The keys a configuration may have, as the schema lists them ("$schema" aside). */
const ALLOWED_KEYS = Object.keys(schema.properties).filter((key) => key !== "$schema");

const validateConfig = loadSchemaValidator("txo-config");

function findSchemaErrors(data: unknown): ErrorObject[] {
  return validateConfig(data) ? [] : [...(validateConfig.errors ?? [])];
}

function describeSchemaError(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).replaceAll("/", ".") : "(top level)";
  if (error.keyword === "additionalProperties") {
    // Ajv's additionalProperties error always names the extra key in params.additionalProperty.
    const key = (error.params as { additionalProperty: string }).additionalProperty;
    return `unknown key "${key}" (allowed: ${ALLOWED_KEYS.join(", ")})`;
  }
  return `"${where}" ${error.message ?? "is invalid"}`;
}

function readConfigText(files: ProjectFileReader, file: string): string {
  try {
    return files.readText(file);
  } catch (error) {
    // readFileSync throws ErrnoExceptions (with a code and a message).
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

function parseJsonFile(files: ProjectFileReader, file: string): unknown {
  const text = readConfigText(files, file);
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed;
  } catch (error) {
    throw new HelpfulError({
      whatWentWrong: `${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      howToFix: "Fix the JSON syntax (no trailing commas, keys in double quotes).",
      example: VALID_EXAMPLE,
      context: { operation: "read txo configuration", resource: file },
      cause: error,
    });
  }
}

function readCandidate(files: ProjectFileReader, dir: string): { source: string; raw: unknown } | undefined {
  const configFile = join(dir, CONFIG_FILE);
  if (files.exists(configFile)) return { source: configFile, raw: parseJsonFile(files, configFile) };
  const pkgFile = join(dir, "package.json");
  if (!files.exists(pkgFile)) return undefined;
  const pkg = parseJsonFile(files, pkgFile);
  if (typeof pkg === "object" && pkg !== null && "txo" in pkg) return { source: `${pkgFile}#txo`, raw: pkg.txo };
  return undefined;
}

/** Validates raw configuration data, throwing a HelpfulError that names every bad key. */
export function validateProjectConfig(raw: unknown, source: string): TxoProjectConfig {
  const errors = findSchemaErrors(raw);
  // It passed the schema, which TxoProjectConfig mirrors.
  if (errors.length === 0) return raw as TxoProjectConfig;
  const problems = errors.map(describeSchemaError);
  throw new HelpfulError({
    whatWentWrong: `Invalid txo configuration in ${source}: ${problems.join("; ")}`,
    howToFix: `Correct the keys listed above; the full schema is schemas/txo-config.schema.json.`,
    example: VALID_EXAMPLE,
    context: { operation: "validate txo configuration", resource: source, details: { problems } },
  });
}

/** What a file looked like when a configuration was read: absent, or its mtime and size. */
type FileStamp = string;

function stampOf(file: string): FileStamp {
  try {
    const stats = statSync(file);
    return `${stats.mtimeMs}:${stats.size}`;
  } catch {
    return "absent";
  }
}

interface CachedLookup {
  loaded: LoadedProjectConfig;
  /** The reads that found it, replayed for every lint that reuses it. */
  consulted: readonly ConsultedFile[];
  /** Every candidate file the walk looked at (found or not), with its stamp then. */
  stamps: readonly (readonly [file: string, stamp: FileStamp])[];
}

export interface ProjectConfigStoreOptions {
  /**
   * Re-check the stamps (mtime, size) of the configuration files on every lookup, so a
   * long-lived linter (an editor's ESLint server) sees an edited txo.config.json. Default true;
   * a one-shot run whose configuration cannot change under it (txo-audit) turns it off.
   */
  watch?: boolean;
  /** How the rules of this linter read project files; txo-audit hands in one whose reads it records. */
  files?: ProjectFileReader;
}

function startDirectory(startPath: string): string {
  const path = resolve(startPath);
  try {
    return statSync(path).isDirectory() ? path : dirname(path);
  } catch {
    return dirname(path);
  }
}

function candidateFiles(dir: string): string[] {
  return [join(dir, CONFIG_FILE), join(dir, "package.json")];
}

function findProjectConfig(files: ProjectFileReader, dir: string, visited: string[]): LoadedProjectConfig {
  visited.push(dir);
  const found = readCandidate(files, dir);
  if (found) return { root: dir, source: found.source, config: validateProjectConfig(found.raw, found.source) };
  if (files.exists(join(dir, "package.json"))) return { root: dir, source: undefined, config: {} };
  const parent = dirname(dir);
  if (parent === dir) return { root: visited[0] ?? dir, source: undefined, config: {} };
  return findProjectConfig(files, parent, visited);
}

/**
 * The project configurations one linter, audit or codemod run has read, by directory. The plugin,
 * txo-audit and txo-codemod each create their own; an entry is read again when one of the files
 * it was found from (or whose absence it relied on) changed its mtime or size.
 */
export class ProjectConfigStore {
  private readonly byDirectory = new Map<string, CachedLookup>();
  private readonly watch: boolean;
  /** The reader every rule of this linter reads project files with (see ProjectFileReader). */
  readonly files: ProjectFileReader;

  constructor(options: ProjectConfigStoreOptions = {}) {
    this.watch = options.watch ?? true;
    this.files = options.files ?? new ProjectFileReader();
  }

  /**
   * Finds the project configuration for a file or directory by walking up to the nearest
   * `txo.config.json`, or package.json with a "txo" key. Stops at the first package.json
   * (the package boundary) when it has no "txo" key. Throws a HelpfulError for a bad file.
   */
  load(startPath: string): LoadedProjectConfig {
    const dir = startDirectory(startPath);
    const cached = this.byDirectory.get(dir);
    if (cached && (!this.watch || cached.stamps.every(([file, stamp]) => stampOf(file) === stamp))) {
      this.files.replay(cached.consulted);
      return cached.loaded;
    }
    const visited: string[] = [];
    const { value: loaded, consulted } = this.files.record(() => findProjectConfig(this.files, dir, visited));
    const stamps = visited.flatMap(candidateFiles).map((file) => [file, stampOf(file)] as const);
    this.byDirectory.set(dir, { loaded, consulted, stamps });
    return loaded;
  }

  clear(): void {
    this.byDirectory.clear();
  }
}

/** A lookup without a store: reads the files every time (tools that ask once per run). */
export function loadProjectConfig(startPath: string): LoadedProjectConfig {
  return new ProjectConfigStore().load(startPath);
}
