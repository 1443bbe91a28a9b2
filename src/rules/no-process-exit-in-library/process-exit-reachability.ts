import type { Dirent } from "node:fs";
import { dirname, join, posix, relative, resolve, sep } from "node:path";
import type { Derivation, ProjectFileReader } from "../../config/file-reader.js";
import type { PackageBins, ProjectFileCache } from "./process-exit-project-files.js";

/** Relative imports of a module: `from "./x.js"`, `import "./x"`, `import("./x")`, `require("../x")`. */
const RELATIVE_IMPORT =
  /\b(?:from|import)\s*\(?\s*(["'])(\.{1,2}\/[^"']+)\1|\brequire\s*\(\s*(["'])(\.{1,2}\/[^"']+)\3/g;
/** `fork(path.resolve(__dirname, "worker.js"), …)`, `spawn(process.execPath, [join(__dirname, "x.js")])`: up to the first `)`. */
const STARTS_CHILD = /\b(?:fork|spawn|spawnSync|execFile|execFileSync)\s*\(([^;)]{0,300})\)/g;
/** A module file named in a child-starting call: `"remote-rebuild.js"`, `"../dist/worker.cjs"`. */
const MODULE_LITERAL = /(["'`])((?:\.{1,2}\/)?[\w@./-]+\.[cm]?[jt]s)\1/g;
const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs"];
/** A package bigger than this is not walked: the answer would cost more than the finding is worth. */
const MAX_MODULES = 5_000;

/** Package-relative source paths a compiled target may come from (tsconfig outDir/rootDir, conventions). */
export type SourceCandidates = (target: string) => string[];

/** The source file a specifier resolves to: `./x.js` may be `x.ts`, `./dir` may be `dir/index.ts`. */
function resolveSource(reads: ProjectFileReader, fromDir: string, specifier: string): string | undefined {
  const target = resolve(fromDir, specifier);
  const stem = /\.[cm]?js$/.test(target) ? target.replace(/\.[cm]?js$/, "") : target;
  const candidates = [
    target,
    ...SOURCE_EXTENSIONS.map((extension) => `${stem}${extension}`),
    ...SOURCE_EXTENSIONS.map((extension) => join(target, `index${extension}`)),
  ];
  return candidates.find((candidate) => reads.isFile(candidate));
}

function readQuietly(reads: ProjectFileReader, file: string): string {
  try {
    return reads.readText(file);
  } catch {
    // An unreadable module imports nothing we can follow.
    return "";
  }
}

interface ModuleLinks {
  imports: string[];
  /** Modules this one starts as a child process: programs of their own, not imported code. */
  children: string[];
}

/** The specifiers of the modules a file's text imports, and of those it starts as a child (`fork("./worker.js")`). */
function linkSpecifiers(text: string): ModuleLinks {
  const imports = [...text.matchAll(RELATIVE_IMPORT)].flatMap((match) => match.at(2) ?? match.at(4) ?? []);
  const children: string[] = [];
  for (const call of text.matchAll(STARTS_CHILD)) {
    for (const literal of call.at(1)?.matchAll(MODULE_LITERAL) ?? []) {
      const path = literal.at(2);
      if (path !== undefined) children.push(path.startsWith(".") ? path : `./${path}`);
    }
  }
  return { imports, children };
}

/** The walk uses only a module's link specifiers: an edit elsewhere in it keeps a cached verdict. */
export const MODULE_LINKS: Derivation<ModuleLinks> = {
  name: "module-links",
  parse: linkSpecifiers,
  facts: (links) => JSON.stringify(links),
};

/** A child's path is relative to the compiled file's folder (`__dirname`), whose source sits in the same place under src. */
function linksOf(reads: ProjectFileReader, file: string): ModuleLinks {
  let specifiers: ModuleLinks;
  try {
    specifiers = reads.readParsed(file, MODULE_LINKS);
  } catch {
    // An unreadable module imports nothing we can follow.
    return { imports: [], children: [] };
  }
  const resolved = (specifier: string) => resolveSource(reads, dirname(file), specifier) ?? [];
  return { imports: specifiers.imports.flatMap(resolved), children: specifiers.children.flatMap(resolved) };
}

interface Reached {
  modules: Set<string>;
  children: Set<string>;
}

/** Every module reachable from `roots` through relative imports inside `packageDir`, and the children they start. */
function reachableFrom(reads: ProjectFileReader, roots: Iterable<string>, packageDir: string): Reached {
  const modules = new Set(roots);
  const children = new Set<string>();
  const queue = [...modules];
  while (queue.length > 0 && modules.size < MAX_MODULES) {
    // The loop runs only while the queue is non-empty, so pop() returns a string.
    const links = linksOf(reads, queue.pop() as string);
    for (const child of links.children) children.add(child);
    for (const next of links.imports) {
      if (modules.has(next) || relative(packageDir, next).startsWith("..")) continue;
      modules.add(next);
      queue.push(next);
    }
  }
  return { modules, children };
}

function isSourceFile(file: string): boolean {
  return SOURCE_EXTENSIONS.some((extension) => file.endsWith(extension)) && !/\.d\.[cm]?ts$/.test(file);
}

/**
 * commander's executable subcommands: with a bin source `electron-forge.ts` that declares
 * `.command("start", "description")`, `electron-forge-start.ts` next to it runs as its own process.
 * The declaration is required, so a helper that merely shares the prefix stays a module.
 */
export function executableSubcommands(reads: ProjectFileReader, binSource: string): string[] {
  const stem = posix.basename(binSource.split(sep).join("/")).replace(/\.[^.]+$/, "");
  const text = readQuietly(reads, binSource);
  if (!text.includes(".command(")) return [];
  let names: string[];
  try {
    names = reads.list(dirname(binSource)).map((entry) => entry.name);
  } catch {
    // A bin source whose folder cannot be listed has no subcommands we can see.
    return [];
  }
  return names
    .filter((name) => name.startsWith(`${stem}-`) && isSourceFile(name))
    .filter((name) => {
      const command = name.slice(stem.length + 1).replace(/\.[^.]+$/, "");
      return new RegExp(`\\.command\\(\\s*["'\`]${command.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`).test(text);
    })
    .map((name) => join(dirname(binSource), name));
}

/** The sources a source map names, inside the package and outside node_modules. */
function sourceMapSources(reads: ProjectFileReader, compiled: string, packageDir: string): string[] {
  const mapFile = `${compiled}.map`;
  if (!reads.exists(mapFile)) return [];
  let map: { sources?: unknown; sourceRoot?: unknown };
  try {
    // Every field of the map type is unknown and checked before use.
    map = JSON.parse(reads.readText(mapFile)) as typeof map;
  } catch {
    // A broken source map tells us nothing about where the module came from.
    return [];
  }
  const root = typeof map.sourceRoot === "string" ? map.sourceRoot : "";
  const sources = Array.isArray(map.sources) ? map.sources.filter((source) => typeof source === "string") : [];
  return sources
    .map((source) => resolve(dirname(mapFile), root, source))
    .filter((file) => !relative(packageDir, file).startsWith("..") && !file.split(sep).includes("node_modules"))
    .filter((file) => isSourceFile(file) && reads.exists(file));
}

/**
 * Where a package target's code lives. `program` is the one source file it is compiled from (the
 * tsconfig/convention mapping, or a source map that names one source); `contents` adds every module
 * a bundle's source map lists: they run as part of it, but none of them is the program itself.
 */
interface TargetSources {
  program: string[];
  contents: string[];
}

function sourcesOf(
  reads: ProjectFileReader,
  owner: PackageBins,
  target: string,
  candidatesOf: SourceCandidates,
): TargetSources {
  const compiled = join(owner.packageDir, target);
  const direct = [target, ...candidatesOf(target)]
    .map((path) => join(owner.packageDir, path))
    .filter((file) => isSourceFile(file) && reads.exists(file));
  const mapped = sourceMapSources(reads, compiled, owner.packageDir);
  const program = [...new Set(mapped.length === 1 ? [...direct, ...mapped] : direct)];
  return { program, contents: [...new Set([...program, ...mapped])] };
}

/** What one package's bins and library entries reach; computed once per package and lint run. */
export interface PackageReach {
  /** Modules the bins run: their sources, commander subcommands, bundle contents, the package's `#!` files, and all they import. */
  fromBins: ReadonlySet<string>;
  /**
   * Modules an importer of the package can load. undefined when the package declares no library
   * entry (exports/module/main), or one whose source cannot be found: then nothing is known to be
   * CLI-only.
   */
  fromLibrary: ReadonlySet<string> | undefined;
  /** Modules that reached code starts as a child process (`fork(…)`, `spawn(process.execPath, […])`): programs. */
  childPrograms: ReadonlySet<string>;
}

/** An unreadable file has an empty head: no program we can see. */
function startsWithShebang(reads: ProjectFileReader, file: string): boolean {
  const text = reads.readHead(file);
  return text.startsWith("#!") || text.startsWith("\uFEFF#!");
}

/**
 * Source files of the package that start with `#!`: programs of their own even when package.json
 * does not list them as a bin (an unreleased second CLI, a release script). Skips node_modules and
 * dot folders; stops after MAX_MODULES entries.
 */
function shebangPrograms(reads: ProjectFileReader, packageDir: string): string[] {
  const found: string[] = [];
  const folders = [packageDir];
  let seen = 0;
  for (let folder = folders.pop(); folder !== undefined && seen < MAX_MODULES; folder = folders.pop()) {
    let entries: Dirent[];
    try {
      entries = reads.list(folder);
    } catch {
      // A folder that cannot be listed holds no program we can see.
      continue;
    }
    for (const entry of entries) {
      seen += 1;
      const path = join(entry.parentPath, entry.name);
      if (entry.isDirectory() && entry.name !== "node_modules" && !entry.name.startsWith(".")) folders.push(path);
      else if (entry.isFile() && isSourceFile(entry.name) && startsWithShebang(reads, path)) found.push(path);
    }
  }
  return found;
}

function binReach(owner: PackageBins, files: ProjectFileCache, candidatesOf: SourceCandidates) {
  const targets = [...owner.bins, ...owner.bins.flatMap((bin) => files.modulesLoadedBy(owner.packageDir, bin))];
  const sources = targets.map((target) => sourcesOf(files.reads, owner, target, candidatesOf));
  const programs = new Set(sources.flatMap((source) => source.program));
  const roots = [
    ...sources.flatMap((source) => source.contents),
    ...[...programs].flatMap((program) => executableSubcommands(files.reads, program)),
    ...shebangPrograms(files.reads, owner.packageDir),
  ];
  return { programs, ...reachableFrom(files.reads, roots, owner.packageDir) };
}

/** Library sources, or undefined when a library entry's source cannot be found. */
function libraryRoots(
  reads: ProjectFileReader,
  owner: PackageBins,
  programs: ReadonlySet<string>,
  candidatesOf: SourceCandidates,
): string[] | undefined {
  const sources = (owner.libraryModules ?? []).map((target) => sourcesOf(reads, owner, target, candidatesOf));
  if (sources.some((source) => source.contents.length === 0)) return undefined;
  // A library entry that is itself a bin's program (`main` = the CLI) is the program, not a library.
  return sources.flatMap((source) => source.contents).filter((file) => !programs.has(file));
}

export function packageReach(
  owner: PackageBins,
  files: ProjectFileCache,
  candidatesOf: SourceCandidates,
): PackageReach {
  const bins = binReach(owner, files, candidatesOf);
  const roots = libraryRoots(files.reads, owner, bins.programs, candidatesOf);
  const library = roots === undefined ? undefined : reachableFrom(files.reads, roots, owner.packageDir);
  const fromLibrary = (owner.libraryModules?.length ?? 0) > 0 ? library?.modules : undefined;
  const childPrograms = new Set([...bins.children, ...(library?.children ?? [])]);
  return { fromBins: bins.modules, fromLibrary, childPrograms };
}

/** Why `filename` is a program another module of its package starts as a child process; undefined when it is not. */
export function childProgram(filename: string, reach: PackageReach): string | undefined {
  const file = resolve(filename);
  if (!reach.childPrograms.has(file) || reach.fromLibrary?.has(file)) return undefined;
  return "a module of its package starts it as a child process (fork/spawn/execFile with its path)";
}

/**
 * Why `filename` is CLI code: reachable from the package's bins (their sources, commander
 * executable subcommands, bundle contents) but not from any library entry (`exports`, `module`,
 * `main`), so no importer of the package can call it. undefined when it is not.
 */
export function entryOnlyModule(filename: string, owner: PackageBins, reach: PackageReach): string | undefined {
  const file = resolve(filename);
  if (!reach.fromBins.has(file)) return undefined;
  if (owner.libraryModules?.length && reach.fromLibrary === undefined) return undefined;
  if (reach.fromLibrary?.has(file)) return undefined;
  return `reachable only from the package's bin (${owner.bins.join(", ")}), not from its exports/main`;
}
