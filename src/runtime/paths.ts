/**
 * Project-relative paths. `getPath(Dir.CONFIG, "acme-prod-config.json")` resolves a file inside one
 * of the project's standard folders and refuses anything that would land outside that folder:
 * absolute paths, `..` traversal (also written with backslashes), NUL bytes, and symbolic links
 * (of the folder or of anything below it) that point outside the project root.
 */
import { realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, join, posix, relative, resolve, sep, win32 } from "node:path";
import { FileOperationError } from "./errors.js";

/** The standard project folders (relative to the project root). */
export const Dir = Object.freeze({
  CONFIG: "config",
  DATA: "data",
  OUTPUT: "output",
  LOGS: "logs",
  SCHEMAS: "schemas",
  TMP: "tmp",
  PAYLOADS: "payloads",
  GENERATED_PAYLOADS: "generated_payloads",
  FILES: "files",
  WSDL: "wsdl",
} as const);

export type DirName = (typeof Dir)[keyof typeof Dir];

export interface GetPathOptions {
  /** Project root the folder is resolved against. Default: the current working directory. */
  root?: string;
}

const EXAMPLE = 'getPath(Dir.CONFIG, "acme-prod-config.json")  // → <root>/config/acme-prod-config.json';

function unsafePathError(what: string, file: string, reason: string): FileOperationError {
  return new FileOperationError({
    whatWentWrong: `Refusing ${what} "${file}": ${reason}.`,
    howToFix:
      'Pass a plain file name (or a relative path below the folder) without ".." segments or a leading "/" or drive letter.',
    example: EXAMPLE,
    context: { operation: "resolve project path", resource: file },
    path: file,
    fileOperation: "resolve",
  });
}

function assertRelativeAndContained(what: string, value: string): void {
  if (value.length === 0) throw unsafePathError(what, value, "it is empty");
  if (value.includes("\0")) throw unsafePathError(what, value.replaceAll("\0", "\\0"), "it contains a NUL byte");
  if (isAbsolute(value) || posix.isAbsolute(value) || win32.isAbsolute(value))
    throw unsafePathError(what, value, "absolute paths are not allowed");
  const segments = value.split(/[\\/]+/);
  if (segments.includes("..")) throw unsafePathError(what, value, 'it climbs out of its folder with ".."');
}

function isInside(base: string, target: string): boolean {
  const fromBase = relative(base, target);
  return !(fromBase === "" || fromBase.startsWith(`..${sep}`) || fromBase === ".." || isAbsolute(fromBase));
}

function assertInside(base: string, target: string, file: string): void {
  if (!isInside(base, target)) throw unsafePathError("path", file, `it resolves outside ${base}`);
}

/**
 * `path` with every symbolic link resolved. Only the longest existing prefix can be resolved: the
 * rest does not exist yet (an output file about to be written), so it cannot be a link.
 */
function realPathOfPrefix(path: string): string {
  const missing: string[] = [];
  for (let current = path; ; current = dirname(current)) {
    try {
      return join(realpathSync.native(current), ...missing.reverse());
    } catch (error) {
      // realpathSync throws Node system errors, which carry an optional `code`.
      const code = (error as NodeJS.ErrnoException).code;
      // ENOTDIR: a file stands where a folder would be; the write will fail, but not outside the root.
      if ((code !== "ENOENT" && code !== "ENOTDIR") || dirname(current) === current) throw error;
      missing.push(basename(current));
    }
  }
}

/** Refuses `target` when a symbolic link on its way leads out of the (real) project root. */
function assertNoLinkOutside(root: string, target: string, file: string): void {
  let realRoot: string;
  let realTarget: string;
  try {
    realRoot = realPathOfPrefix(root);
    realTarget = realPathOfPrefix(target);
  } catch (error) {
    throw linkError(
      file,
      // realpathSync throws Node system errors, which carry an optional `code`.
      `its symbolic links could not be resolved (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      "Fix or remove the broken link (a link loop, or a folder that cannot be read) on the way to the file.",
      error,
    );
  }
  if (realTarget === realRoot || isInside(realRoot, realTarget)) return;
  throw linkError(
    file,
    `a symbolic link makes it resolve to ${realTarget}, outside the project root ${realRoot}`,
    "Replace the link with the file itself (or a link that stays inside the project), or pass a root that contains the link's target.",
  );
}

function linkError(file: string, reason: string, howToFix: string, cause?: unknown): FileOperationError {
  return new FileOperationError({
    whatWentWrong: `Refusing path "${file}": ${reason}.`,
    howToFix,
    example: EXAMPLE,
    context: { operation: "resolve project path", resource: file },
    path: file,
    fileOperation: "resolve",
    cause,
  });
}

/**
 * The absolute path of `file` inside the project folder `dir` (one of `Dir`, or another relative
 * folder). Throws a `FileOperationError` for absolute paths, traversal out of the folder, and
 * symbolic links that lead out of the project root (links inside the root are followed).
 */
export function getPath(dir: string, file: string, options: GetPathOptions = {}): string {
  const root = resolve(options.root ?? process.cwd());
  assertRelativeAndContained("folder", dir);
  assertRelativeAndContained("file name", file);
  const folder = resolve(root, dir);
  assertInside(root, folder, dir);
  const target = resolve(folder, file);
  assertInside(folder, target, file);
  assertNoLinkOutside(root, target, file);
  return target;
}
