import { closeSync, openSync, readSync, statSync } from "node:fs";
import { join, posix, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import { ProjectFileReader, RecordedMemo } from "../../config/file-reader.js";
import type { BundledEntry } from "./process-exit-bundler-entries.js";
import {
  type CompileLayout,
  normalizePackagePath,
  type PackageBins,
  ProjectFileCache,
} from "./process-exit-project-files.js";
import {
  childProgram,
  entryOnlyModule,
  executableSubcommands,
  type PackageReach,
  packageReach,
} from "./process-exit-reachability.js";

export { ProjectFileCache, parseJsonc } from "./process-exit-project-files.js";
export type { CompileLayout, PackageBins } from "./process-exit-project-files.js";

/** Globs (relative to the project root) of files treated as program entry points when nothing else is configured. */
export const DEFAULT_ENTRY_POINTS: readonly string[] = Object.freeze([
  "bin/**",
  "scripts/**",
  "**/cli.{ts,js,mts,mjs,cts,cjs}",
  "**/cli/index.{ts,js,mts,mjs,cts,cjs}",
]);

/** Why a file counts as an entry point. */
export type EntryFileReason =
  "package-bin" | "entry-point-glob" | "shebang" | "entry-only-module" | "child-process" | "command-line-script";

export interface EntryFileVerdict {
  entry: boolean;
  reason: EntryFileReason | undefined;
  /** Which declaration made it an entry, in words: `package.json bin "dist/cli.js" (tsconfig.json outDir dist → rootDir src)`. */
  detail: string;
  /**
   * `whole-file`: package.json bin and entryPoints files are programs through and through.
   * `entry-code`: a shebang makes the file's own top level and private functions entry code, but
   * the functions it exports are still library code. `none`: a library file.
   */
  exemption: "whole-file" | "entry-code" | "none";
}

export interface EntryFileQuery {
  /** The file's text, when the caller has it; otherwise the first bytes are read from disk for the shebang check. */
  sourceText?: string;
  /** Share one across many files (txo-audit, codemods) so each package.json/tsconfig is read once. */
  files?: ProjectFileCache;
}

/** Conventional build folders, used only when no tsconfig declares an outDir. */
const CONVENTIONAL_LAYOUTS: readonly CompileLayout[] = Object.freeze(
  ["dist", "lib", "build", "out"].map((outDir) => ({ source: "convention", outDir, rootDir: "src" })),
);

/** Source extensions a compiled file may come from, by the compiled file's extension. */
const SOURCE_EXTENSIONS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  ".js": [".ts", ".tsx", ".js", ".jsx"],
  ".jsx": [".tsx", ".jsx"],
  ".mjs": [".mts", ".mjs"],
  ".cjs": [".cts", ".cjs"],
  "": [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"],
});

const NOT_AN_ENTRY: EntryFileVerdict = Object.freeze({
  entry: false,
  reason: undefined,
  detail: "library file",
  exemption: "none",
});

/** True when the text starts with `#!` (after an optional byte-order mark). */
export function startsWithShebang(text: string): boolean {
  return text.startsWith("#!") || text.startsWith("\uFEFF#!");
}

function fileStartsWithShebang(filename: string): boolean {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(filename, "r");
    const head = Buffer.alloc(5);
    const length = readSync(descriptor, head, 0, head.length, 0);
    return startsWithShebang(head.subarray(0, length).toString("utf8"));
  } catch {
    // An unreadable or virtual file (stdin, a Markdown code block) has no shebang on disk.
    return false;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

function toPosixPath(path: string): string {
  return path.split(sep).join("/");
}

/** The first glob of `entryPoints` that matches the file, relative to the project root. */
export function matchEntryPointGlob(
  filename: string,
  projectRoot: string,
  entryPoints: readonly string[],
): string | undefined {
  const path = toPosixPath(relative(resolve(projectRoot), resolve(filename)));
  if (path === "" || path.startsWith("../") || path === "..") return undefined;
  return entryPoints.find((glob) => picomatch.isMatch(path, normalizePackagePath(glob), { dot: true }));
}

/** Drops the extension npm/tsc would have added, keeping the one that decides the source kind. */
function splitExtension(path: string): { stem: string; extension: string } {
  const extension = posix.extname(path);
  return extension in SOURCE_EXTENSIONS
    ? { stem: path.slice(0, path.length - extension.length), extension }
    : { stem: path, extension: "" };
}

/**
 * The source files a compiled bin target can come from: `dist/cli.js` with outDir `dist` and
 * rootDir `src` comes from `src/cli.ts`, `src/cli.tsx` or `src/cli.js`; `.mjs` from `.mts`, `.cjs`
 * from `.cts`. Without a rootDir, TypeScript's usual inferred roots (`src`, the package) are tried.
 */
export function binSourceCandidates(
  binTarget: string,
  layouts: readonly CompileLayout[],
): { path: string; layout: CompileLayout; rootDir: string }[] {
  const candidates: { path: string; layout: CompileLayout; rootDir: string }[] = [];
  for (const layout of layouts) {
    const prefix = layout.outDir === "" ? "" : `${layout.outDir}/`;
    if (!binTarget.startsWith(prefix)) continue;
    const { stem, extension } = splitExtension(binTarget.slice(prefix.length));
    const roots = layout.rootDir === undefined ? ["src", ""] : [layout.rootDir];
    for (const rootDir of roots) {
      for (const sourceExtension of SOURCE_EXTENSIONS[extension] ?? []) {
        candidates.push({ path: posix.join(rootDir, `${stem}${sourceExtension}`), layout, rootDir });
      }
    }
  }
  return candidates;
}

function describeLayout(layout: CompileLayout, rootDir: string): string {
  const from = layout.source === "convention" ? "the conventional layout" : layout.source;
  return `(${from} outDir ${layout.outDir || "."} → rootDir ${rootDir || "."})`;
}

/** Whether `filename` is a bin target of its package, directly or as the source a bin is compiled from. */
export function findBinEntry(filename: string, files: ProjectFileCache = new ProjectFileCache()): string | undefined {
  const owner: PackageBins | undefined = files.packageFor(filename);
  if (!owner) return undefined;
  const path = toPosixPath(relative(owner.packageDir, resolve(filename)));
  if (owner.binDirectory !== undefined && path.startsWith(`${owner.binDirectory}/`))
    return `package.json directories.bin "${owner.binDirectory}"`;
  if (owner.bins.length === 0) return undefined;
  if (owner.bins.includes(path)) return `package.json bin "${path}"`;
  const layouts = layoutsOf(owner.packageDir, files);
  for (const binTarget of owner.bins) {
    const match = binSourceCandidates(binTarget, layouts).find((candidate) => candidate.path === path);
    if (match) return `package.json bin "${binTarget}" ${describeLayout(match.layout, match.rootDir)}`;
    const bundled = builtFrom(binTarget, path, owner, files);
    if (bundled) return `package.json bin "${binTarget}" ${bundled}`;
  }
  return findWrappedBinEntry(path, owner, layouts, files) ?? findSubcommandEntry(filename, owner, layouts, files);
}

/** The entries of the package's bundler config that build `target` (`dist/index.js` from tsup's `entry: ["index.ts"]`). */
function bundledEntriesOf(target: string, owner: PackageBins, files: ProjectFileCache): BundledEntry[] {
  const stem = target.replace(/\.[cm]?js$/, "");
  if (stem === target) return [];
  return files.bundledEntriesFor(owner).filter((entry) => entry.outputStem === stem);
}

/** Build folders whose files a bundler names after their source when no config says otherwise. */
const BUILD_FOLDERS: ReadonlySet<string> = new Set(["dist", "lib", "build", "out"]);
/** A bundler writes `.js`, `.mjs` or `.cjs` by output format, from a source of any of these kinds. */
const BUNDLED_SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"] as const;

/**
 * The sources a built file may come from when neither a tsconfig outDir nor a bundler config
 * names one: the same name under `src/` (`dist/cli.mjs` from `src/cli.ts`). Not the bare basename:
 * `lib/start-server/index.js` is not `src/index.ts`.
 */
function sameNameUnderSrc(target: string): string[] {
  const [folder, ...rest] = target.split("/");
  if (folder === undefined || !BUILD_FOLDERS.has(folder) || rest.length === 0) return [];
  const { stem } = splitExtension(rest.join("/"));
  return BUNDLED_SOURCE_EXTENSIONS.map((source) => `src/${stem}${source}`);
}

/**
 * The sources a bundler builds `target` from: the entries of its config that name it, else (no
 * config entry, and no tsconfig layout names an existing source) the same name under `src/`.
 */
function bundledSources(
  target: string,
  owner: PackageBins,
  files: ProjectFileCache,
): { paths: string[]; why: (path: string) => string } {
  const entries = bundledEntriesOf(target, owner, files);
  if (entries.length > 0)
    return {
      paths: entries.map((entry) => entry.source),
      why: (path) => {
        const entry = entries.find((candidate) => candidate.source === path);
        return `(${entry?.config ?? "the bundler config"} entry "${path}" → ${entry?.outputStem ?? target})`;
      },
    };
  const declared = binSourceCandidates(target, files.layoutsFor(owner.packageDir));
  const declaredExists = declared.some((candidate) => files.reads.exists(join(owner.packageDir, candidate.path)));
  return { paths: declaredExists ? [] : sameNameUnderSrc(target), why: () => "(built from the same name under src/)" };
}

/** Why `path` is the source a bundler builds `target` from; undefined when it is not. */
function builtFrom(target: string, path: string, owner: PackageBins, files: ProjectFileCache): string | undefined {
  const sources = bundledSources(target, owner, files);
  return sources.paths.includes(path) ? sources.why(path) : undefined;
}

function layoutsOf(packageDir: string, files: ProjectFileCache): readonly CompileLayout[] {
  const declared = files.layoutsFor(packageDir);
  return declared.length > 0 ? declared : CONVENTIONAL_LAYOUTS;
}

/**
 * Source paths a compiled target may come from: the package's tsconfig layout, and the layout of a
 * nested project on the target's path (`cli/build/cli.js` from `cli/tsconfig.json`: `cli/src/cli.ts`).
 */
function compiledSourcePaths(target: string, owner: PackageBins, files: ProjectFileCache): string[] {
  // Bundlers (tsup, tsdown, preconstruct) also emit .mjs/.cjs from a plain .ts: try it as a .js too.
  const targets = [...resolutionCandidates(target), target.replace(/\.[cm]js$/, ".js")];
  return [...new Set(targets)].flatMap((path) => [
    path,
    ...layoutSourcePaths(path, owner.packageDir, files),
    ...bundledSources(path, owner, files).paths,
  ]);
}

function layoutSourcePaths(target: string, packageDir: string, files: ProjectFileCache): string[] {
  const paths = binSourceCandidates(target, layoutsOf(packageDir, files)).map((candidate) => candidate.path);
  const parts = target.split("/");
  for (let depth = 1; depth < parts.length - 1; depth += 1) {
    const project = parts.slice(0, depth).join("/");
    const nested = files.layoutsFor(join(packageDir, project));
    const inner = parts.slice(depth).join("/");
    paths.push(...binSourceCandidates(inner, nested).map((candidate) => posix.join(project, candidate.path)));
  }
  return paths;
}

function packageJsonStamp(packageDir: string): string {
  try {
    return String(statSync(join(packageDir, "package.json")).mtimeMs);
  } catch {
    // A package.json that vanished mid-run is stale: recompute.
    return "absent";
  }
}

/**
 * What each package's bins and library entries reach through imports, computed once per package
 * (and again when its package.json changes). The walk reads every module it reaches, so the rule
 * keeps one cache per ESLint configuration and asks only for files that contain an exit. Every
 * lint that uses a package's reach records the files the walk read (`reads`, the linter's reader).
 */
export class PackageReachCache {
  private readonly byPackage: RecordedMemo<string, PackageReach>;

  constructor(reads: ProjectFileReader = new ProjectFileReader()) {
    this.byPackage = new RecordedMemo(reads);
  }

  reachOf(owner: PackageBins, files: ProjectFileCache): PackageReach {
    const walk = () => packageReach(owner, files, (target) => compiledSourcePaths(target, owner, files));
    return this.byPackage.get(owner.packageDir, walk, packageJsonStamp(owner.packageDir));
  }
}

/** Whether the package that owns `filename` declares a library entry: `exports`, `module` or `main`. */
export function declaresLibraryEntry(filename: string, files: ProjectFileCache = new ProjectFileCache()): boolean {
  return (files.packageFor(filename)?.libraryModules?.length ?? 0) > 0;
}

/**
 * Whether `filename` is CLI code: a module of a package with a bin that only the bin's sources
 * reach through imports, never the package's exports/main (option `entryOnlyModules`).
 */
export function findEntryOnlyModule(
  filename: string,
  files: ProjectFileCache = new ProjectFileCache(),
  reaches: PackageReachCache = new PackageReachCache(),
): string | undefined {
  const owner = files.packageFor(filename);
  if (!owner || owner.bins.length === 0) return undefined;
  return entryOnlyModule(filename, owner, reaches.reachOf(owner, files));
}

/** Whether another module of the package starts `filename` as a child process (a program of its own). */
export function findChildProgram(
  filename: string,
  files: ProjectFileCache = new ProjectFileCache(),
  reaches: PackageReachCache = new PackageReachCache(),
): string | undefined {
  const owner = files.packageFor(filename);
  if (!owner || (owner.bins.length === 0 && !owner.libraryModules?.length)) return undefined;
  return childProgram(filename, reaches.reachOf(owner, files));
}

/** Whether an importer of the package can load `filename`: its library entries reach it (false when unknown). */
export function isReachableFromLibrary(
  filename: string,
  files: ProjectFileCache = new ProjectFileCache(),
  reaches: PackageReachCache = new PackageReachCache(),
): boolean {
  const owner = files.packageFor(filename);
  if (!owner?.libraryModules?.length) return false;
  return reaches.reachOf(owner, files).fromLibrary?.has(resolve(filename)) === true;
}

/** `electron-forge-start.ts` beside the bin source `electron-forge.ts` that declares `.command("start", …)`. */
function findSubcommandEntry(
  filename: string,
  owner: PackageBins,
  layouts: readonly CompileLayout[],
  files: ProjectFileCache,
): string | undefined {
  if (!posix.basename(filename.split(sep).join("/")).includes("-")) return undefined;
  for (const binTarget of owner.bins) {
    for (const candidate of binSourceCandidates(binTarget, layouts)) {
      const source = join(owner.packageDir, candidate.path);
      if (executableSubcommands(files.reads, source).includes(resolve(filename)))
        return `package.json bin "${binTarget}" runs it as a commander executable subcommand of ${candidate.path}`;
    }
  }
  return undefined;
}

/** Specifiers written without an extension resolve the way Node's require does. */
function resolutionCandidates(target: string): string[] {
  if (posix.extname(target) !== "") return [target];
  return ["", ".js", ".cjs", ".mjs", "/index.js", "/index.cjs", "/index.mjs"].map((suffix) => `${target}${suffix}`);
}

/** `bin/tool.js` that only does `require("../dist/cli.js")` makes dist/cli.js (and src/cli.ts) the entry. */
function findWrappedBinEntry(
  path: string,
  owner: PackageBins,
  layouts: readonly CompileLayout[],
  files: ProjectFileCache,
): string | undefined {
  for (const binTarget of owner.bins) {
    for (const loaded of files.modulesLoadedBy(owner.packageDir, binTarget).flatMap(resolutionCandidates)) {
      const via = `package.json bin "${binTarget}" loads "${loaded}"`;
      if (loaded === path) return via;
      const match = binSourceCandidates(loaded, layouts).find((candidate) => candidate.path === path);
      if (match) return `${via} ${describeLayout(match.layout, match.rootDir)}`;
      const bundled = builtFrom(loaded, path, owner, files);
      if (bundled) return `${via} ${bundled}`;
    }
  }
  return undefined;
}

/**
 * Decides whether a file is a program entry point, checking in this order: package.json `bin`
 * (with src↔dist mapping through tsconfig outDir/rootDir), the `entryPoints` globs (relative to
 * `projectRoot`), then a `#!` shebang. The first two exempt the whole file; a shebang only the
 * file's own entry code.
 */
export function isEntryFile(
  filename: string,
  projectRoot: string,
  entryPoints: readonly string[] = DEFAULT_ENTRY_POINTS,
  query: EntryFileQuery = {},
): EntryFileVerdict {
  const bin = findBinEntry(filename, query.files);
  if (bin) return { entry: true, reason: "package-bin", detail: bin, exemption: "whole-file" };
  const glob = matchEntryPointGlob(filename, projectRoot, entryPoints);
  if (glob !== undefined)
    return { entry: true, reason: "entry-point-glob", detail: `entryPoints glob "${glob}"`, exemption: "whole-file" };
  const hasShebang =
    query.sourceText === undefined ? fileStartsWithShebang(filename) : startsWithShebang(query.sourceText);
  if (hasShebang)
    return { entry: true, reason: "shebang", detail: "shebang (#!) on the first line", exemption: "entry-code" };
  return NOT_AN_ENTRY;
}
