/**
 * Project-relative paths. `getPath(Dir.CONFIG, "acme-prod-config.json")` resolves a file inside one
 * of the project's standard folders and refuses anything that would land outside that folder:
 * absolute paths, `..` traversal (also written with backslashes), and NUL bytes.
 */
import { isAbsolute, posix, relative, resolve, sep, win32 } from "node:path";
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
    howToFix: "Pass a plain file name (or a relative path below the folder) without \"..\" segments or a leading \"/\" or drive letter.",
    example: EXAMPLE,
    context: { operation: "resolve project path", resource: file },
    path: file,
    fileOperation: "resolve",
  });
}

function assertRelativeAndContained(what: string, value: string): void {
  if (value.length === 0) throw unsafePathError(what, value, "it is empty");
  if (value.includes("\0")) throw unsafePathError(what, value.replaceAll("\0", "\\0"), "it contains a NUL byte");
  if (isAbsolute(value) || posix.isAbsolute(value) || win32.isAbsolute(value)) throw unsafePathError(what, value, "absolute paths are not allowed");
  const segments = value.split(/[\\/]+/);
  if (segments.includes("..")) throw unsafePathError(what, value, "it climbs out of its folder with \"..\"");
}

function assertInside(base: string, target: string, file: string): void {
  const fromBase = relative(base, target);
  if (fromBase === "" || fromBase.startsWith(`..${sep}`) || fromBase === ".." || isAbsolute(fromBase)) {
    throw unsafePathError("path", file, `it resolves outside ${base}`);
  }
}

/**
 * The absolute path of `file` inside the project folder `dir` (one of `Dir`, or another relative
 * folder). Throws a `FileOperationError` for absolute paths and traversal out of the folder.
 */
export function getPath(dir: string, file: string, options: GetPathOptions = {}): string {
  const root = resolve(options.root ?? process.cwd());
  assertRelativeAndContained("folder", dir);
  assertRelativeAndContained("file name", file);
  const folder = resolve(root, dir);
  assertInside(root, folder, dir);
  const target = resolve(folder, file);
  assertInside(folder, target, file);
  return target;
}
