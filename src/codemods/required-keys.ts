import { readFileSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import fg from "fast-glob";
import { Node } from "ts-morph";
import { HelpfulError } from "@txo-toolkit/runtime";
import { firstLine, messageOf } from "./error-line.js";
import { type ConfigPath, extractConfigPath } from "./config-path.js";
import { pathOfBindingElement } from "./soft-fail-plan.js";
import type { ChangeRow, FinishOutcome, ProjectChange, RequiredKeyReport, ResolvedCodemodOptions } from "./types.js";

/** A key hard mode made required, with the default the code used to fall back to. */
export interface RequiredKeyCandidate {
  rootName: string;
  keys: string[];
  defaultText: string;
  defaultValue: unknown;
  hasDefaultValue: boolean;
  file: string;
  line: number;
  row: ChangeRow;
}

const MAX_ALIAS_DEPTH = 12;

function importedNameOf(identifier: Node): string {
  const declaration = identifier.getSymbol()?.getDeclarations()[0];
  return Node.isImportSpecifier(declaration) ? declaration.getName() : identifier.getText();
}

/** The path a hardened read (`requireConfig(root, "a")`, `optional(root, ["a"], d)`) reads. */
function pathOfHelperCall(call: Node): ConfigPath | undefined {
  if (!Node.isCallExpression(call) || !Node.isIdentifier(call.getExpression())) return undefined;
  const helper = importedNameOf(call.getExpression());
  const [root, ...rest] = call.getArguments();
  if (!root || (helper !== "requireConfig" && helper !== "optional")) return undefined;
  const keyNodes =
    helper === "requireConfig" ? rest : Node.isArrayLiteralExpression(rest[0]) ? rest[0].getElements() : [];
  const keys = keyNodes.map((node) =>
    Node.isStringLiteral(node)
      ? { text: node.getText(), value: node.getLiteralText() }
      : { text: node.getText(), value: undefined },
  );
  return keys.length > 0 ? { root, rootText: root.getText(), keys } : undefined;
}

/** The config path an alias was initialised from, seeing through `?? default` and hardened reads. */
function pathOfInitializer(initializer: Node): ConfigPath | undefined {
  if (Node.isBinaryExpression(initializer) && ["??", "||"].includes(initializer.getOperatorToken().getText()))
    return pathOfInitializer(initializer.getLeft());
  return pathOfHelperCall(initializer) ?? extractConfigPath(initializer);
}

function aliasSource(root: Node): ConfigPath | undefined {
  if (!Node.isIdentifier(root)) return undefined;
  const declaration = root.getSymbol()?.getDeclarations()[0];
  if (Node.isVariableDeclaration(declaration)) {
    const initializer = declaration.getInitializer();
    return initializer && Node.isIdentifier(declaration.getNameNode()) ? pathOfInitializer(initializer) : undefined;
  }
  if (Node.isBindingElement(declaration)) return pathOfBindingElement(declaration);
  return undefined;
}

/**
 * Follows aliases back to the configuration root: with `const sb = config["script-behavior"]`,
 * `sb.delay` is `script-behavior.delay` of `config`. Undefined when a key is not a literal.
 */
export function resolveFullConfigPath(path: ConfigPath): { rootName: string; keys: string[] } | undefined {
  let current: ConfigPath = path;
  const keys = [...path.keys];
  for (let depth = 0; depth < MAX_ALIAS_DEPTH; depth++) {
    const source = aliasSource(current.root);
    if (!source) break;
    keys.unshift(...source.keys);
    current = source;
  }
  const values = keys.flatMap((key) => (key.value === undefined ? [] : [key.value]));
  if (values.length !== keys.length) return undefined;
  return { rootName: current.rootText, keys: values };
}

interface ConfigFile {
  path: string;
  relativePath: string;
  text: string;
  data: unknown;
}

function readConfigFiles(options: ResolvedCodemodOptions): ConfigFile[] {
  if (options.configFiles.length === 0) return [];
  const paths = fg.sync(options.configFiles, { cwd: options.cwd, absolute: true, ignore: ["**/node_modules/**"] });
  return paths.sort().map((path) => {
    const text = readFileSync(path, "utf8");
    try {
      return {
        path,
        relativePath: relative(options.cwd, path).split(sep).join("/"),
        text,
        data: parseJson(text),
      };
    } catch (error) {
      throw new HelpfulError({
        whatWentWrong: `The config file ${path} (matched by --config-files) is not valid JSON: ${messageOf(error)}`,
        howToFix: "Fix the JSON, or narrow --config-files to your configuration files only.",
        example: 'npx txo-codemod soft-fail-to-require --config-files "config/*-config.json"',
        context: { operation: "read config files", resource: path },
      });
    }
  });
}

function hasPath(data: unknown, keys: string[]): boolean {
  let current = data;
  for (const key of keys) {
    if (current === null || typeof current !== "object" || !Object.prototype.hasOwnProperty.call(current, key))
      return false;
    current = Reflect.get(current, key);
  }
  return true;
}

function setPath(data: Record<string, unknown>, keys: string[], value: unknown): boolean {
  const lastKey = keys.at(-1);
  if (lastKey === undefined) return false;
  let current: Record<string, unknown> = data;
  for (const key of keys.slice(0, -1)) {
    const next = current[key];
    if (next === undefined) current[key] = {};
    else if (next === null || typeof next !== "object" || Array.isArray(next)) return false;
    // The branch above made current[key] an object (found, or just created).
    current = current[key] as Record<string, unknown>;
  }
  current[lastKey] = value;
  return true;
}

function detectIndent(text: string): string | number {
  const match = /\n([\t ]+)\S/.exec(text);
  return match?.[1] ?? 2;
}

function isEnvironmentRoot(rootName: string): boolean {
  return /(^|\.)env$/.test(rootName);
}

/** `_`-prefixed keys come from the git-ignored secrets file (or are injected, like `_orgId`). */
function isSecretOrInjected(candidate: RequiredKeyCandidate): boolean {
  return candidate.keys.some((key) => key.startsWith("_"));
}

function belongsInConfigFiles(candidate: RequiredKeyCandidate): boolean {
  return !isEnvironmentRoot(candidate.rootName) && !isSecretOrInjected(candidate);
}

function uniqueCandidates(candidates: RequiredKeyCandidate[]): RequiredKeyCandidate[] {
  const seen = new Set<string>();
  return candidates.filter((candidate) => {
    const key = `${candidate.rootName}\0${candidate.keys.join("\0")}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toReport(candidate: RequiredKeyCandidate, files: ConfigFile[]): RequiredKeyReport {
  const envRoot = isEnvironmentRoot(candidate.rootName);
  const path = envRoot ? `${candidate.rootName}.${candidate.keys.join(".")}` : candidate.keys.join(".");
  const missingIn = !belongsInConfigFiles(candidate)
    ? []
    : files.filter((file) => !hasPath(file.data, candidate.keys)).map((file) => file.relativePath);
  const checkedFiles = belongsInConfigFiles(candidate) ? files.length : 0;
  const report: RequiredKeyReport = {
    path,
    defaultText: candidate.defaultText,
    file: candidate.file,
    line: candidate.line,
    missingIn,
    checkedFiles,
  };
  if (candidate.hasDefaultValue) report.defaultValue = candidate.defaultValue;
  return report;
}

function addDefaultsToConfigFiles(candidates: RequiredKeyCandidate[], files: ConfigFile[]): ProjectChange[] {
  const changes: ProjectChange[] = [];
  for (const file of files) {
    if (file.data === null || typeof file.data !== "object" || Array.isArray(file.data)) continue;
    // The check above leaves a plain JSON object, and structuredClone keeps its shape.
    const updated = structuredClone(file.data) as Record<string, unknown>;
    const added = candidates.filter(
      (c) =>
        c.hasDefaultValue &&
        belongsInConfigFiles(c) &&
        !hasPath(updated, c.keys) &&
        setPath(updated, c.keys, c.defaultValue),
    );
    if (added.length === 0) continue;
    const after = `${JSON.stringify(updated, null, detectIndent(file.text))}\n`;
    changes.push({
      path: file.path,
      before: file.text,
      after,
      description: `added the old defaults of ${added.map((c) => c.keys.join(".")).join(", ")}`,
    });
  }
  return changes;
}

/**
 * Hard mode's promise that existing deployments behave as before: lists each newly required key
 * and the config files that lack it, and (when writing) adds the old default to those files and
 * to the JSON Schema's required/default.
 */
/** Where a required key stands: missing in some config files, present in all, or not checked at all (and why). */
export function describeKeyPresence(key: RequiredKeyReport): string {
  if (key.missingIn.length > 0) return `missing in ${key.missingIn.join(", ")}`;
  if ((key.checkedFiles ?? 0) > 0) return `present in every config file checked (${key.checkedFiles})`;
  if (isEnvironmentRoot(key.path.split(".").slice(0, -1).join(".")))
    return "an environment variable: no config file can show it; set it in every deployment";
  return "not checked: no config file was given (pass --config-files to check)";
}

export function applyRequiredKeys(candidates: RequiredKeyCandidate[], options: ResolvedCodemodOptions): FinishOutcome {
  const unique = uniqueCandidates(candidates);
  const files = readConfigFiles(options);
  const requiredKeys = unique.map((candidate) => toReport(candidate, files));
  const projectChanges = options.addDefaults ? addDefaultsToConfigFiles(unique, files) : [];
  if (options.configSchema)
    projectChanges.push(...updateSchema(unique.filter(belongsInConfigFiles), options.configSchema));
  return { projectChanges, requiredKeys };
}

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  required?: string[];
  default?: unknown;
  type?: unknown;
}

function requireInSchema(schema: SchemaNode, candidate: RequiredKeyCandidate): void {
  let node = schema;
  for (const key of candidate.keys) {
    node.properties = node.properties ?? {};
    node.required = node.required ?? [];
    if (!node.required.includes(key)) node.required.push(key);
    node.properties[key] = node.properties[key] ?? {};
    node = node.properties[key];
  }
  if (candidate.hasDefaultValue && node.default === undefined) node.default = candidate.defaultValue;
}

function updateSchema(candidates: RequiredKeyCandidate[], schemaPath: string): ProjectChange[] {
  const path = resolve(schemaPath);
  const before = readFileSync(path, "utf8");
  // A JSON Schema document; SchemaNode lists only optional fields, each read defensively.
  const schema = JSON.parse(before) as SchemaNode;
  for (const candidate of candidates) requireInSchema(schema, candidate);
  const after = `${JSON.stringify(schema, null, detectIndent(before))}\n`;
  return after === before
    ? []
    : [{ path, before, after, description: "marked the newly required keys as required, with their old defaults" }];
}

function requiredBySchema(schema: SchemaNode | undefined, keys: string[]): boolean {
  let node = schema;
  for (const key of keys) {
    if (!node?.required?.includes(key)) return false;
    node = node.properties?.[key];
  }
  return keys.length > 0;
}

function readSchema(schemaPath: string | undefined): SchemaNode | undefined {
  if (!schemaPath) return undefined;
  try {
    // A JSON Schema document; SchemaNode lists only optional fields, each read defensively.
    return JSON.parse(readFileSync(schemaPath, "utf8")) as SchemaNode;
  } catch (error) {
    throw new HelpfulError({
      whatWentWrong: `The JSON Schema ${schemaPath} (--config-schema) could not be read as JSON: ${firstLine(messageOf(error))}`,
      howToFix: "Point --config-schema at the JSON Schema of your configuration files.",
      example:
        'npx txo-codemod soft-fail-to-require --config-schema schemas/app.schema.json --config-files "config/*.json"',
      context: { operation: "read config schema", resource: schemaPath },
    });
  }
}

/** Says why a configuration key is proven required (or undefined): how `--mode proven` decides. */
export type RequirementProof = (path: ConfigPath) => string | undefined;

/**
 * `--mode proven`: a key is required when the schema lists it as required at every level, or when
 * it is present in every config file given with --config-files (at least one). Environment
 * variables are never proven by config files. The files are read once per run.
 */
export function createRequirementProof(options: ResolvedCodemodOptions): RequirementProof {
  let loaded: { files: ConfigFile[]; schema: SchemaNode | undefined } | undefined;
  return (path) => {
    loaded ??= { files: readConfigFiles(options), schema: readSchema(options.configSchema) };
    const full = resolveFullConfigPath(path);
    if (!full || isEnvironmentRoot(full.rootName)) return undefined;
    if (requiredBySchema(loaded.schema, full.keys))
      // requiredBySchema found a schema, which is read only when --config-schema was given.
      return `required by the schema ${relative(options.cwd, options.configSchema as string)
        .split(sep)
        .join("/")}`;
    const { files } = loaded;
    if (files.length > 0 && files.every((file) => hasPath(file.data, full.keys)))
      return `present in every config file (${files.map((file) => file.relativePath).join(", ")})`;
    return undefined;
  };
}

/** JSON.parse without `any`: callers check the shape of what they read. */
function parseJson(text: string): unknown {
  return JSON.parse(text);
}
