import { createRequire } from "node:module";
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import { debuglog } from "node:util";
import { ProjectFileReader } from "../../config/file-reader.js";
import { type BundledEntry, readBundlerEntries } from "./process-exit-bundler-entries.js";

const debug = debuglog("txo");

/** The `bin` declarations of the package that owns a file. */
export interface PackageBins {
  /** Directory holding the package.json. */
  packageDir: string;
  /** Each bin target, relative to packageDir, POSIX separators, without a leading "./". */
  bins: string[];
  /** npm's `directories.bin`: every file in it is a bin. */
  binDirectory: string | undefined;
  /** The package's own name, so a bin that loads `import("<name>")` loads the package's main module. */
  name?: string;
  /** What `require("<name>")` / `import("<name>")` loads: `exports["."]`, `module` and `main` targets, package-relative. */
  mainModules?: string[];
  /** Every module an importer can load: the targets of all `exports` subpaths (no patterns), `module` and `main`. */
  libraryModules?: string[];
  /** package.json's `"tsup"` field: tsup's config when the package keeps it there. */
  tsupConfig?: unknown;
}

/** Where a tsconfig compiles sources from and to, relative to the package directory. */
export interface CompileLayout {
  /** The tsconfig file this layout came from (relative to the package), for debug output. */
  source: string;
  outDir: string;
  /** undefined when tsconfig leaves it to TypeScript's default (the common root of the inputs). */
  rootDir: string | undefined;
}

const TSCONFIG_NAMES = ["tsconfig.json", "tsconfig.build.json"] as const;
/** A bin wrapper is a few lines; anything bigger is the program itself and is not scanned for loads. */
const MAX_WRAPPER_BYTES = 16_384;
/** Relative modules a file loads: `require("../lib/cli")`, `import("../dist/cli.js")`, `import "./x.js"`, `from "./x.js"`. */
const RELATIVE_LOAD =
  /\b(?:require|import)\s*\(\s*(["'`])(\.{1,2}\/[^"'`]+)\1\s*\)|\b(?:import|from)\s+(["'])(\.{1,2}\/[^"']+)\3/g;
/** Bare specifiers a file loads: `import("@changesets/cli")`, `require("tool/dist/cli.js")`. */
const BARE_LOAD =
  /\b(?:require|import)\s*\(\s*(["'`])((?:@[^"'`/]+\/)?[^"'`./][^"'`]*)\1\s*\)|\b(?:import|from)\s+(["'])((?:@[^"'/]+\/)?[^"'./][^"']*)\3/g;
/** A wrapper that starts a module as a child process: `fork(join(__dirname, "../dist/cli.js"))`, `spawn(process.execPath, [...])`. */
const STARTS_CHILD = /\b(?:fork|spawn|spawnSync|execFile|execFileSync)\s*\(|child_process/;
/** Any relative path literal, `"../dist/cli.js"`, which a child-starting wrapper hands to the child. */
const RELATIVE_LITERAL = /(["'`])(\.{1,2}\/[^"'`\s]+)\1/g;
/** Extends chains deeper than this are cycles or not worth following. */
const MAX_EXTENDS_DEPTH = 8;

/**
 * Parses JSON with comments and trailing commas, the dialect of tsconfig.json. Strings are copied
 * untouched, so `"https://x"` and `"/* not a comment *\/"` survive.
 */
export function parseJsonc(text: string): unknown {
  let output = "";
  for (let index = 0; index < text.length;) {
    const skipped = skipComment(text, index);
    if (skipped !== index) {
      index = skipped;
    } else if (text[index] === '"') {
      const end = endOfString(text, index);
      output += text.slice(index, end);
      index = end;
    } else {
      const closer = text[index] === "," ? text.charAt(nextSignificant(text, index + 1)) : "";
      const isTrailingComma = closer === "}" || closer === "]";
      if (!isTrailingComma) output += text.charAt(index);
      index += 1;
    }
  }
  // JSON.parse returns any; the caller checks the shape of what it read.
  return JSON.parse(output) as unknown;
}

/** The index after a comment starting at `index`, or `index` when none starts there. */
function skipComment(text: string, index: number): number {
  if (text[index] !== "/") return index;
  if (text[index + 1] === "/") {
    const newline = text.indexOf("\n", index);
    return newline === -1 ? text.length : newline;
  }
  if (text[index + 1] !== "*") return index;
  const close = text.indexOf("*/", index + 2);
  return close === -1 ? text.length : close + 2;
}

function nextSignificant(text: string, start: number): number {
  let index = start;
  for (;;) {
    while (index < text.length && /\s/.test(text.charAt(index))) index += 1;
    const skipped = skipComment(text, index);
    if (skipped === index) return index;
    index = skipped;
  }
}

function endOfString(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index += 1) {
    if (text[index] === "\\") index += 1;
    else if (text[index] === '"') return index + 1;
  }
  return text.length;
}

/** Normalises a package-relative path from package.json or tsconfig to POSIX without "./". */
export function normalizePackagePath(path: string): string {
  const normalized = posix.normalize(path.replaceAll("\\", "/"));
  return normalized === "." ? "" : normalized.replace(/^\.\//, "").replace(/\/$/, "");
}

function toPosixRelative(from: string, to: string): string {
  return relative(from, to).split(sep).join("/");
}

function readJsonQuietly(files: ProjectFileReader, file: string, parse: (text: string) => unknown): unknown {
  try {
    return parse(files.readText(file));
  } catch (error) {
    // Not our file to police: npm and tsc report a broken package.json/tsconfig themselves.
    debug(
      "txo/no-process-exit-in-library: cannot read %s (%s); its bin/outDir information is not used",
      file,
      // readFileSync and JSON.parse throw Error instances.
      (error as Error).message,
    );
    return undefined;
  }
}

function readSmallFile(files: ProjectFileReader, file: string): string {
  try {
    const size = files.size(file);
    return size !== undefined && size <= MAX_WRAPPER_BYTES ? files.readText(file) : "";
  } catch {
    // A bin that does not exist yet (not built) loads nothing we could follow.
    return "";
  }
}

function binTargets(bin: unknown): string[] {
  if (typeof bin === "string") return [normalizePackagePath(bin)];
  if (!bin || typeof bin !== "object") return [];
  // Checked just above: a non-null object, whose values are the bin paths.
  return Object.values(bin as Record<string, unknown>)
    .filter((target): target is string => typeof target === "string" && target.length > 0)
    .map(normalizePackagePath);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The string targets of an `exports` entry, through conditions (`import`, `require`, `default`, …). */
function exportTargets(entry: unknown, depth = 0): string[] {
  if (typeof entry === "string") return [entry];
  if (!isObject(entry) || depth > 4) return [];
  return Object.values(entry).flatMap((value) => exportTargets(value, depth + 1));
}

function mainModules(manifest: Record<string, unknown>): string[] {
  const { exports } = manifest;
  const hasSubpaths = isObject(exports) && Object.keys(exports).some((key) => key.startsWith("."));
  const exported = hasSubpaths ? exports["."] : exports;
  const targets = [...exportTargets(exported), manifest.module, manifest.main].filter(
    (target): target is string => typeof target === "string" && target.length > 0,
  );
  return [...new Set(targets.map(normalizePackagePath))];
}

/** Compiled or source modules only: `./package.json`, `.d.ts` typings and `./*` patterns name no module to walk from. */
function isModuleTarget(target: string): boolean {
  return /\.[cm]?[jt]sx?$/.test(target) && !/\.d\.[cm]?ts$/.test(target) && !target.includes("*");
}

function libraryModules(manifest: Record<string, unknown>): string[] {
  const targets = [...exportTargets(manifest.exports), manifest.module, manifest.main].filter(
    (target): target is string => typeof target === "string" && target.length > 0,
  );
  return [...new Set(targets.map(normalizePackagePath))].filter(isModuleTarget);
}

/** The other extensions a bundler may have given a bin's output (`dist/bin.js` declared, `dist/bin.mjs` emitted). */
const EMITTED_EXTENSIONS = [".mjs", ".cjs", ".js"];

/**
 * A declared bin target that is missing while the same file under another JavaScript extension
 * exists (tsdown/tsup renamed the output to `.mjs`): that file is what the bin runs, so both count.
 * Nothing is added when the package is not built (no output at all).
 */
function withEmittedTargets(files: ProjectFileReader, packageDir: string, targets: string[]): string[] {
  return targets.flatMap((target) => {
    if (!/\.[cm]?js$/.test(target) || files.exists(join(packageDir, target))) return [target];
    const stem = target.replace(/\.[cm]?js$/, "");
    const emitted = EMITTED_EXTENSIONS.map((extension) => `${stem}${extension}`).find((candidate) =>
      files.exists(join(packageDir, candidate)),
    );
    return emitted === undefined ? [target] : [target, emitted];
  });
}

function toPackageBins(files: ProjectFileReader, packageDir: string, manifest: Record<string, unknown>): PackageBins {
  const directories = isObject(manifest.directories) ? manifest.directories : {};
  const binDirectory = typeof directories.bin === "string" ? normalizePackagePath(directories.bin) : undefined;
  const name = typeof manifest.name === "string" ? manifest.name : undefined;
  return {
    packageDir,
    bins: withEmittedTargets(files, packageDir, binTargets(manifest.bin)),
    binDirectory,
    name,
    mainModules: mainModules(manifest),
    libraryModules: libraryModules(manifest),
    tsupConfig: manifest.tsup,
  };
}

/** Package-relative targets of the package's own name loaded by bare specifier: `import("<name>")`, `require("<name>/dist/cli")`. */
function ownPackageLoads(text: string, owner: PackageBins): string[] {
  if (owner.name === undefined) return [];
  const loads: string[] = [];
  for (const match of text.matchAll(BARE_LOAD)) {
    // BARE_LOAD's two alternatives (a require and an import) each capture the specifier.
    const specifier = match.at(2) ?? match.at(4);
    if (specifier === undefined) continue;
    if (specifier === owner.name) loads.push(...(owner.mainModules ?? []));
    else if (specifier.startsWith(`${owner.name}/`))
      loads.push(normalizePackagePath(specifier.slice(owner.name.length + 1)));
  }
  return loads;
}

/** `extends` may be a path, a package specifier, or (TypeScript 5) an array of either. */
function resolveExtends(files: ProjectFileReader, configFile: string, specifier: string): string | undefined {
  const base = dirname(configFile);
  if (specifier.startsWith(".") || isAbsolute(specifier)) {
    const path = resolve(base, specifier);
    return files.exists(path) || path.endsWith(".json") ? path : `${path}.json`;
  }
  // A package's tsconfig in node_modules: its content is recorded when read, not how it was resolved.
  try {
    return createRequire(join(base, "tsconfig.json")).resolve(specifier);
  } catch {
    debug("txo/no-process-exit-in-library: cannot resolve tsconfig extends %s from %s", specifier, configFile);
    return undefined;
  }
}

interface AbsoluteLayout {
  outDir: string | undefined;
  rootDir: string | undefined;
}

/**
 * Reads file caches for the entry-point checks: the nearest package.json with a `name` or `bin`,
 * and the compile layouts (outDir/rootDir) of that package's tsconfig files, each read once per
 * directory for the life of the instance. The rule makes one per linted file (and only when
 * the file contains an exit); txo-audit and the codemods can share one across a whole run.
 */
export class ProjectFileCache {
  private readonly packagesByDir = new Map<string, PackageBins | undefined>();
  private readonly layoutsByPackage = new Map<string, CompileLayout[]>();
  private readonly loadsByWrapper = new Map<string, string[]>();
  private readonly bundledByPackage = new Map<string, BundledEntry[]>();

  /** `reads`: the linter's reader, so that a cache knows which files a verdict depended on. */
  constructor(readonly reads: ProjectFileReader = new ProjectFileReader()) {}

  /** The package that owns `filename`, or undefined when no package.json above it names one. */
  packageFor(filename: string): PackageBins | undefined {
    const visited: string[] = [];
    let found: PackageBins | undefined;
    for (let dir = dirname(resolve(filename)); ; dir = dirname(dir)) {
      if (this.packagesByDir.has(dir)) {
        found = this.packagesByDir.get(dir);
        break;
      }
      visited.push(dir);
      found = this.readPackage(dir);
      if (found || dirname(dir) === dir) break;
    }
    for (const dir of visited) this.packagesByDir.set(dir, found);
    return found;
  }

  /** The outDir/rootDir pairs of the package's tsconfig.json and tsconfig.build.json. */
  layoutsFor(packageDir: string): CompileLayout[] {
    const cached = this.layoutsByPackage.get(packageDir);
    if (cached) return cached;
    const layouts: CompileLayout[] = [];
    for (const name of TSCONFIG_NAMES) {
      const file = join(packageDir, name);
      if (!this.reads.exists(file)) continue;
      const layout = this.readLayout(file, 0);
      if (layout.outDir === undefined) continue;
      const rootDir =
        layout.rootDir === undefined ? undefined : normalizePackagePath(toPosixRelative(packageDir, layout.rootDir));
      layouts.push({ source: name, outDir: normalizePackagePath(toPosixRelative(packageDir, layout.outDir)), rootDir });
    }
    this.layoutsByPackage.set(packageDir, layouts);
    return layouts;
  }

  /** The modules the package's bundler config (tsup, tsdown, unbuild, esbuild) builds, and from which sources. */
  bundledEntriesFor(owner: PackageBins): BundledEntry[] {
    let entries = this.bundledByPackage.get(owner.packageDir);
    if (entries === undefined) {
      entries = readBundlerEntries(owner.packageDir, owner.tsupConfig, this.reads);
      this.bundledByPackage.set(owner.packageDir, entries);
    }
    return entries;
  }

  /**
   * The package-relative modules a bin wrapper loads (`bin/tool.js` doing
   * `require("../lib/cli.js")`), so that the loaded module counts as the entry too. One hop only.
   */
  modulesLoadedBy(packageDir: string, binTarget: string): string[] {
    const file = join(packageDir, binTarget);
    const cached = this.loadsByWrapper.get(file);
    if (cached) return cached;
    const text = readSmallFile(this.reads, file);
    const specifiers = [...text.matchAll(RELATIVE_LOAD)].flatMap((match) => match.at(2) ?? match.at(4) ?? []);
    // A wrapper that forks or spawns a module of its package runs that module as the program.
    if (STARTS_CHILD.test(text))
      specifiers.push(...[...text.matchAll(RELATIVE_LITERAL)].flatMap((match) => match.at(2) ?? []));
    const loads = specifiers
      .map((specifier) => normalizePackagePath(toPosixRelative(packageDir, resolve(dirname(file), specifier))))
      .filter((target) => !target.startsWith(".."));
    const owner = this.packageFor(file);
    if (owner?.packageDir === packageDir) loads.push(...ownPackageLoads(text, owner));
    this.loadsByWrapper.set(file, loads);
    return loads;
  }

  /** A package.json that names a package (or declares bins) marks the package; others, like `{ "type": "module" }`, do not. */
  private readPackage(dir: string): PackageBins | undefined {
    const file = join(dir, "package.json");
    if (!this.reads.exists(file)) return undefined;
    const manifest = readJsonQuietly(this.reads, file, JSON.parse);
    if (!isObject(manifest)) return undefined;
    if (typeof manifest.name !== "string" && manifest.bin === undefined && !isObject(manifest.directories))
      return undefined;
    return toPackageBins(this.reads, dir, manifest);
  }

  /** Follows `extends`; a child's compilerOptions win, and each path is relative to the file that sets it. */
  private readLayout(file: string, depth: number): AbsoluteLayout {
    const tsconfig = readJsonQuietly(this.reads, file, parseJsonc);
    if (!isObject(tsconfig) || depth > MAX_EXTENDS_DEPTH) return { outDir: undefined, rootDir: undefined };
    const parents = (Array.isArray(tsconfig.extends) ? tsconfig.extends : [tsconfig.extends]).filter(
      (entry): entry is string => typeof entry === "string",
    );
    let layout: AbsoluteLayout = { outDir: undefined, rootDir: undefined };
    for (const parent of parents) {
      const parentFile = resolveExtends(this.reads, file, parent);
      if (!parentFile) continue;
      const inherited = this.readLayout(parentFile, depth + 1);
      layout = { outDir: inherited.outDir ?? layout.outDir, rootDir: inherited.rootDir ?? layout.rootDir };
    }
    const compilerOptions = isObject(tsconfig.compilerOptions) ? tsconfig.compilerOptions : {};
    const base = dirname(file);
    return {
      outDir: typeof compilerOptions.outDir === "string" ? resolve(base, compilerOptions.outDir) : layout.outDir,
      rootDir: typeof compilerOptions.rootDir === "string" ? resolve(base, compilerOptions.rootDir) : layout.rootDir,
    };
  }
}
