import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, posix, relative, resolve, sep } from "node:path";
import type { CompileLayout, PackageBins, ProjectFileCache } from "./process-exit-project-files.js";

/** Relative imports of a module: `from "./x.js"`, `import "./x"`, `import("./x")`, `require("../x")`. */
const RELATIVE_IMPORT =
  /\b(?:from|import)\s*\(?\s*(["'])(\.{1,2}\/[^"']+)\1|\brequire\s*\(\s*(["'])(\.{1,2}\/[^"']+)\3/g;
const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs"];
/** A package bigger than this is not walked: the answer would cost more than the finding is worth. */
const MAX_MODULES = 5_000;

type SourceCandidates = (target: string) => string[];

/** The source file a specifier resolves to: `./x.js` may be `x.ts`, `./dir` may be `dir/index.ts`. */
function resolveSource(fromDir: string, specifier: string): string | undefined {
  const target = resolve(fromDir, specifier);
  const stem = /\.[cm]?js$/.test(target) ? target.replace(/\.[cm]?js$/, "") : target;
  const candidates = [
    target,
    ...SOURCE_EXTENSIONS.map((extension) => `${stem}${extension}`),
    ...SOURCE_EXTENSIONS.map((extension) => join(target, `index${extension}`)),
  ];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

function importsOf(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    // An unreadable module imports nothing we can follow.
    return [];
  }
  const found: string[] = [];
  for (const match of text.matchAll(RELATIVE_IMPORT)) {
    const resolved = resolveSource(dirname(file), match[2] ?? match[4]);
    if (resolved) found.push(resolved);
  }
  return found;
}

/** Every module reachable from `roots` through relative imports, inside `packageDir`. */
function reachableFrom(roots: readonly string[], packageDir: string): Set<string> {
  const seen = new Set(roots);
  const queue = [...roots];
  while (queue.length > 0 && seen.size < MAX_MODULES) {
    for (const next of importsOf(queue.pop() as string)) {
      if (seen.has(next) || relative(packageDir, next).startsWith("..")) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return seen;
}

/**
 * commander's executable subcommands: with a bin `electron-forge`, `electron-forge-start.ts` next
 * to its source runs as its own process for `electron-forge start`.
 */
function executableSubcommands(entry: string): string[] {
  const stem = posix.basename(entry.split(sep).join("/")).replace(/\.[^.]+$/, "");
  try {
    return readdirSync(dirname(entry))
      .filter(
        (name) =>
          name.startsWith(`${stem}-`) &&
          SOURCE_EXTENSIONS.some((extension) => name.endsWith(extension)) &&
          !/\.d\.[cm]?ts$/.test(name),
      )
      .map((name) => join(dirname(entry), name));
  } catch {
    // A bin source whose folder cannot be listed has no subcommands we can see.
    return [];
  }
}

function existingSources(owner: PackageBins, targets: readonly string[], candidatesOf: SourceCandidates): string[] {
  const files = targets
    .flatMap((target) => [target, ...candidatesOf(target)])
    .map((path) => join(owner.packageDir, path));
  return [...new Set(files)].filter(
    (file) => SOURCE_EXTENSIONS.some((extension) => file.endsWith(extension)) && existsSync(file),
  );
}

/**
 * Why `filename` is CLI code: reachable through relative imports from the package's bin sources
 * (and commander executable subcommands next to them) but not from its library entry (`exports`,
 * `module`, `main`), so no importer of the package can call it. undefined when it is not.
 */
export function entryOnlyModule(
  filename: string,
  owner: PackageBins,
  files: ProjectFileCache,
  layouts: readonly CompileLayout[],
  candidatesOf: SourceCandidates,
): string | undefined {
  const binTargets = [...owner.bins, ...owner.bins.flatMap((bin) => files.modulesLoadedBy(owner.packageDir, bin))];
  const entries = existingSources(owner, binTargets, candidatesOf);
  if (entries.length === 0 || layouts.length === 0) return undefined;
  const roots = [...entries, ...entries.flatMap(executableSubcommands)];
  const file = resolve(filename);
  if (!reachableFrom(roots, owner.packageDir).has(file)) return undefined;
  const library = existingSources(owner, owner.mainModules ?? [], candidatesOf);
  if (reachableFrom(library, owner.packageDir).has(file)) return undefined;
  return `reachable only from the package's bin (${owner.bins.join(", ")}), not from its exports/main`;
}
