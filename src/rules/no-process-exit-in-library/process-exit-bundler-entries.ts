import { join, posix } from "node:path";
import { debuglog } from "node:util";
import { parseSync } from "oxc-parser";
import { ProjectFileReader } from "../../config/file-reader.js";

const debug = debuglog("txo");

/** One module a bundler builds: the source it starts from and the output it writes, both package-relative. */
export interface BundledEntry {
  /** The source file, POSIX separators (`src/cli.ts`, `index.ts`). */
  source: string;
  /** The output path without its extension (`dist/cli`): tsup/tsdown/unbuild pick `.js`, `.mjs` or `.cjs` by format. */
  outputStem: string;
  /** The config file that declared it, for debug output and verdict details. */
  config: string;
}

/**
 * Build configs that name their entry modules: tsup, tsdown, unbuild (`build.config.*`) and an
 * `esbuild.config.*` script. Their `entry`/`entries`/`entryPoints` list the sources a bin's built
 * file comes from when no tsconfig outDir (a bundle, not a tsc build) says so.
 */
const CONFIG_STEMS = ["tsup.config", "tsdown.config", "build.config", "esbuild.config"] as const;
const CONFIG_EXTENSIONS = [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs", ".json"] as const;
const ENTRY_KEYS: ReadonlySet<string> = new Set(["entry", "entries", "entryPoints"]);
const OUT_DIR_KEYS: ReadonlySet<string> = new Set(["outDir", "outdir"]);
const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"] as const;
/** tsup, tsdown and unbuild all write to `dist` unless told otherwise. */
const DEFAULT_OUT_DIR = "dist";
/** unbuild names an entry's output by its path under `src`. */
const UNBUILD_SOURCE_DIR = "src";
/** A build config is a few hundred lines; a bigger file is no config we should parse on a lint run. */
const MAX_CONFIG_BYTES = 65_536;

interface AstNode {
  type: string;
  [key: string]: unknown;
}

function isNode(value: unknown): value is AstNode {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

/** Every object literal in the config (`defineConfig({…})`, `defineConfig([{…}, {…}])`, `export default {…}`). */
function objectLiterals(root: unknown): AstNode[] {
  const found: AstNode[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) stack.push(...(value as unknown[]));
    else if (isNode(value)) {
      if (value.type === "ObjectExpression") found.push(value);
      for (const [key, child] of Object.entries(value)) if (key !== "parent") stack.push(child);
    }
  }
  return found;
}

function stringValue(node: unknown): string | undefined {
  if (!isNode(node)) return undefined;
  if (node.type === "Literal" && typeof node.value === "string") return node.value;
  const quasis = node.quasis;
  if (node.type === "TemplateLiteral" && Array.isArray(quasis) && quasis.length === 1 && isNode(quasis[0])) {
    // A template literal without expressions has one quasi whose cooked text is the string.
    const cooked = (quasis[0].value as { cooked?: unknown } | undefined)?.cooked;
    return typeof cooked === "string" ? cooked : undefined;
  }
  return undefined;
}

function propertyName(property: AstNode): string | undefined {
  if (property.type !== "Property" || property.computed === true) return undefined;
  const key = property.key;
  if (isNode(key) && key.type === "Identifier" && typeof key.name === "string") return key.name;
  return stringValue(key);
}

function propertiesOf(object: AstNode): Map<string, unknown> {
  const properties = new Map<string, unknown>();
  for (const property of Array.isArray(object.properties) ? (object.properties as unknown[]) : []) {
    if (!isNode(property)) continue;
    const name = propertyName(property);
    if (name !== undefined) properties.set(name, property.value);
  }
  return properties;
}

/** An entry as written: a source path, and the output name when the config gives one (`{ cli: "src/cli.ts" }`). */
interface WrittenEntry {
  source: string;
  name: string | undefined;
}

/** `"src/cli.ts"`, `["a.ts", "b.ts"]`, `{ cli: "src/cli.ts" }`, unbuild's `{ input: "src/cli" }`, esbuild's `{ in, out }`. */
function writtenEntries(value: unknown): WrittenEntry[] {
  const single = stringValue(value);
  if (single !== undefined) return [{ source: single, name: undefined }];
  if (!isNode(value)) return [];
  if (value.type === "ArrayExpression" && Array.isArray(value.elements))
    return (value.elements as unknown[]).flatMap(writtenEntries);
  if (value.type !== "ObjectExpression") return [];
  const properties = propertiesOf(value);
  const input = stringValue(properties.get("input")) ?? stringValue(properties.get("in"));
  if (input !== undefined) return [{ source: input, name: stringValue(properties.get("out")) }];
  return [...properties].flatMap(([name, path]) => {
    const source = stringValue(path);
    return source === undefined ? [] : [{ source, name }];
  });
}

function withoutExtension(path: string): string {
  return path.replace(/\.(?:[cm]?[jt]sx?)$/, "");
}

/** The existing source file an entry names: `src/cli` may be `src/cli.ts`. undefined for globs and missing files. */
function existingSource(files: ProjectFileReader, packageDir: string, written: string): string | undefined {
  if (written.includes("*") || written.startsWith("!")) return undefined;
  const path = posix.normalize(written.replaceAll("\\", "/")).replace(/^\.\//, "");
  if (path.startsWith("../")) return undefined;
  const candidates = /\.[cm]?[jt]sx?$/.test(path)
    ? [path]
    : SOURCE_EXTENSIONS.map((extension) => `${path}${extension}`);
  return candidates.find((candidate) => files.exists(join(packageDir, candidate)));
}

/** esbuild's outbase: the longest common directory of the entries, which their outputs are named relative to. */
function commonDirectory(paths: readonly string[]): string {
  const [first, ...rest] = paths.map((path) => posix.dirname(path).split("/"));
  if (first === undefined) return ".";
  let length = first.length;
  for (const parts of rest) {
    let same = 0;
    while (same < Math.min(length, parts.length) && parts[same] === first[same]) same += 1;
    length = same;
  }
  return length === 0 ? "." : first.slice(0, length).join("/");
}

/** The output an unnamed entry gets: its path under the common base (esbuild, tsup, tsdown) or under `src` (unbuild). */
function outputName(source: string, base: string): string {
  if (base === ".") return withoutExtension(source);
  return source.startsWith(`${base}/`)
    ? withoutExtension(posix.relative(base, source))
    : posix.basename(withoutExtension(source));
}

/** The entries one config object declares, named the way the bundler names their outputs. */
function entriesOfObject(
  files: ProjectFileReader,
  packageDir: string,
  object: AstNode,
  config: string,
): BundledEntry[] {
  const properties = propertiesOf(object);
  const entryKey = [...properties.keys()].find((key) => ENTRY_KEYS.has(key));
  if (entryKey === undefined) return [];
  const outDirKey = [...properties.keys()].find((key) => OUT_DIR_KEYS.has(key));
  const outDir = (outDirKey === undefined ? undefined : stringValue(properties.get(outDirKey))) ?? DEFAULT_OUT_DIR;
  const written = writtenEntries(properties.get(entryKey)).flatMap((entry) => {
    const source = existingSource(files, packageDir, entry.source);
    return source === undefined ? [] : [{ source, name: entry.name }];
  });
  const base = entryKey === "entries" ? UNBUILD_SOURCE_DIR : commonDirectory(written.map((entry) => entry.source));
  const directory = posix.normalize(outDir.replaceAll("\\", "/")).replace(/^\.\//, "").replace(/\/$/, "");
  return written.map(({ source, name }) => ({
    source,
    outputStem: posix.join(directory, withoutExtension(name ?? outputName(source, base))),
    config,
  }));
}

function parseConfig(files: ProjectFileReader, file: string): unknown {
  try {
    if ((files.size(file) ?? Number.POSITIVE_INFINITY) > MAX_CONFIG_BYTES) return undefined;
    const text = files.readText(file);
    if (file.endsWith(".json")) return parseSync(`${file}.ts`, `(${text})`, { lang: "ts" }).program;
    const lang = /\.[cm]?ts$/.test(file) ? "ts" : "js";
    const result = parseSync(file, text, { lang, sourceType: "module" });
    return result.errors.length > 0 ? undefined : result.program;
  } catch (error) {
    // Not our file to police: the bundler reports a broken config itself.
    // readFileSync and statSync throw Error instances.
    debug("txo/no-process-exit-in-library: cannot read %s (%s)", file, (error as Error).message);
    return undefined;
  }
}

/**
 * The modules a package's bundler config builds, read without running the config (only literal
 * `entry` values count). `manifestConfig` is package.json's own `"tsup"` field, parsed already;
 * `files` reads the configs (the linter's reader, which records them for the audit's cache).
 */
export function readBundlerEntries(
  packageDir: string,
  manifestConfig?: unknown,
  files: ProjectFileReader = new ProjectFileReader(),
): BundledEntry[] {
  const entries: BundledEntry[] = [];
  for (const stem of CONFIG_STEMS) {
    for (const extension of CONFIG_EXTENSIONS) {
      const name = `${stem}${extension}`;
      const file = join(packageDir, name);
      if (!files.exists(file)) continue;
      const program = parseConfig(files, file);
      for (const object of objectLiterals(program)) entries.push(...entriesOfObject(files, packageDir, object, name));
    }
  }
  if (typeof manifestConfig === "object" && manifestConfig !== null) {
    const program = parseSync("tsup.json.ts", `(${JSON.stringify(manifestConfig)})`, { lang: "ts" }).program;
    for (const object of objectLiterals(program))
      entries.push(...entriesOfObject(files, packageDir, object, 'package.json "tsup"'));
  }
  return entries;
}
