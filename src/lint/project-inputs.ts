import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { parseJsonc } from "../rules/no-process-exit-in-library/entry-points.js";

/**
 * Files whose content changes what the rules report for other files: package.json (`bin`,
 * `directories.bin`, the "txo" key), tsconfig.json and tsconfig.build.json (outDir/rootDir, with
 * their `extends` chain), txo.config.json (entry points, config names, limits), in any folder.
 */
export const PROJECT_INPUT_NAMES: ReadonlySet<string> = new Set([
  "package.json",
  "tsconfig.json",
  "tsconfig.build.json",
  "txo.config.json",
]);

const MAX_EXTENDS_DEPTH = 8;

function readOrNull(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch {
    // Absent, a folder, or unreadable: the rules then read nothing from it either.
    return null;
  }
}

function parsed(content: Buffer | null, parse: (text: string) => unknown): Record<string, unknown> {
  try {
    const value = content === null ? null : parse(content.toString("utf8"));
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? // Checked just above: a non-null, non-array object.
        (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** Files a package.json's `bin` names: the rule reads a bin wrapper to follow what it loads. */
function binFiles(file: string, manifest: Record<string, unknown>): string[] {
  const bin = manifest.bin;
  const targets =
    typeof bin === "string"
      ? [bin]
      : bin !== null && typeof bin === "object"
        ? // Checked just above: a non-null object, whose values are the bin paths.
          Object.values(bin as Record<string, unknown>)
        : [];
  return targets
    .filter((target): target is string => typeof target === "string")
    .map((target) => resolve(dirname(file), target));
}

function extendsFiles(file: string, tsconfig: Record<string, unknown>): string[] {
  const specifiers = (Array.isArray(tsconfig.extends) ? tsconfig.extends : [tsconfig.extends]).filter(
    (entry): entry is string => typeof entry === "string",
  );
  return specifiers.flatMap((specifier) => {
    if (specifier.startsWith(".") || isAbsolute(specifier)) {
      const path = resolve(dirname(file), specifier);
      return [path, `${path}.json`];
    }
    try {
      return [createRequire(join(dirname(file), "tsconfig.json")).resolve(specifier)];
    } catch {
      return [];
    }
  });
}

/** Adds each file's content (or its absence) to the hash, and follows bins and `extends`. */
class InputHasher {
  private readonly seen = new Set<string>();

  constructor(private readonly hash: ReturnType<typeof createHash>) {}

  /** `kind` says how the file is read: a bin wrapper is only hashed, a tsconfig's `extends` is followed. */
  add(file: string, kind: "input" | "bin" | "tsconfig" = "input", depth = 0): void {
    if (this.seen.has(file) || depth > MAX_EXTENDS_DEPTH) return;
    this.seen.add(file);
    const content = readOrNull(file);
    this.hash.update(`\0${file}\0`).update(content ?? "\0absent\0");
    const name = basename(file);
    if (kind === "input" && name === "package.json")
      for (const target of binFiles(file, parsed(content, JSON.parse))) this.add(target, "bin", depth + 1);
    const isTsconfig = kind === "tsconfig" || (kind === "input" && name.startsWith("tsconfig"));
    if (isTsconfig)
      for (const parent of extendsFiles(file, parsed(content, parseJsonc))) this.add(parent, "tsconfig", depth + 1);
  }
}

/** The folders above the root, where the project configuration and the owning package.json may live. */
function ancestorInputs(root: string): string[] {
  const files: string[] = [];
  for (let dir = dirname(root); ; dir = dirname(dir)) {
    for (const name of PROJECT_INPUT_NAMES) if (existsSync(join(dir, name))) files.push(join(dir, name));
    if (dirname(dir) === dir) return files;
  }
}

/**
 * Hashes every project input of the tree (`inTree`, relative to the root, as discovery found them),
 * those of the folders above it, the files their `bin` entries name and their tsconfig `extends`.
 */
export function hashProjectInputs(hash: ReturnType<typeof createHash>, root: string, inTree: readonly string[]): void {
  const hasher = new InputHasher(hash);
  for (const file of [...ancestorInputs(root), ...inTree.map((file) => join(root, file))].sort()) hasher.add(file);
}
