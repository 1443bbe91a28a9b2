import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { DEFAULT_IMPORT_SOURCE, helperImportSources } from "../rewrite/fix-text.js";
import { toRelative } from "./source-files.js";
import type { ChangeRow, FileChange, ProjectChange, ResolvedCodemodOptions } from "./types.js";

/**
 * A rewrite that imports the runtime helpers into a project that does not depend on them works
 * here (the toolkit brings them along) and breaks after the next fresh install. The package then
 * goes into the nearest package.json's dependencies, at the version of the helpers this run used,
 * as one more planned write with its row in the change table.
 */

const PACKAGE_OF: Readonly<Record<string, string>> = Object.freeze({
  [DEFAULT_IMPORT_SOURCE]: DEFAULT_IMPORT_SOURCE,
  "txo-toolkit/runtime": "txo-toolkit",
});
const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"];

/** The version of an installed package, found by walking up from what its name resolves to. */
function installedVersion(name: string): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    for (
      let directory = dirname(require.resolve(name));
      dirname(directory) !== directory;
      directory = dirname(directory)
    ) {
      const manifest = join(directory, "package.json");
      if (!existsSync(manifest)) continue;
      // A package.json; both fields are optional and compared, never trusted further.
      const data = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; version?: string };
      if (data.name === name) return data.version;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function importsFrom(text: string, source: string): boolean {
  const quotedSource = source.replace(/[/]/g, "\\/");
  return new RegExp(`(from|import|require\\()\\s*["']${quotedSource}["']`).test(text);
}

/** The nearest package.json from the file's directory up to the run's root, never above it. */
function nearestManifest(file: string, root: string): string | undefined {
  for (let directory = dirname(file); ; directory = dirname(directory)) {
    if (existsSync(join(directory, "package.json"))) return join(directory, "package.json");
    if (
      relative(root, directory) === "" ||
      relative(root, directory).startsWith("..") ||
      dirname(directory) === directory
    )
      return undefined;
  }
}

function lists(manifestText: string, name: string): boolean {
  try {
    // A package.json is an object; its dependency fields are read as unknown and checked by hasOwn.
    const manifest = JSON.parse(manifestText) as Record<string, unknown>;
    return DEPENDENCY_FIELDS.some((field) => Object.hasOwn(manifest[field] ?? {}, name));
  } catch {
    return true;
  }
}

/** The manifest text with `"name": "range"` in `dependencies`, in name order, formatted like the lines around it. */
export function withDependency(text: string, name: string, range: string): string | undefined {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const unit = /^([ \t]+)"/m.exec(text)?.[1] ?? "  ";
  const entry = `"${name}": "${range}"`;
  const section = /^([ \t]*)"dependencies"\s*:\s*\{([^}]*)\}/m.exec(text);
  let result: string;
  if (!section) {
    const close = text.lastIndexOf("}");
    const body = text.slice(0, close).replace(/\s*$/, "");
    const comma = body.endsWith("{") ? "" : ",";
    result = `${body}${comma}${eol}${unit}"dependencies": {${eol}${unit}${unit}${entry}${eol}${unit}}${eol}${text.slice(close)}`;
  } else {
    // Both groups of the pattern always take part in a match.
    const [whole, indent = "", inner = ""] = section;
    const lines = inner.split(/\r?\n/).filter((line) => line.trim() !== "");
    const entryIndent = lines[0] ? (/^[ \t]*/.exec(lines[0])?.[0] ?? indent + unit) : indent + unit;
    const names = lines.map((line) => /"([^"]+)"/.exec(line)?.[1] ?? "");
    const at = names.findIndex((existing) => existing > name);
    const bare = lines.map((line) => line.trim().replace(/,$/, ""));
    bare.splice(at === -1 ? bare.length : at, 0, entry);
    const rebuilt = `"dependencies": {${eol}${bare.map((line) => entryIndent + line).join(`,${eol}`)}${eol}${indent}}`;
    result = text.replace(whole, indent + rebuilt);
  }
  try {
    // Parsed back only to check the new entry landed; a wrong shape fails that comparison.
    const parsed = JSON.parse(result) as { dependencies?: Record<string, string> };
    return parsed.dependencies?.[name] === range ? result : undefined;
  } catch {
    return undefined;
  }
}

export interface DependencyPlan {
  projectChanges: ProjectChange[];
  rows: ChangeRow[];
}

function rowFor(manifest: string, files: FileChange[], fixedRow: ChangeRow, cwd: string): ChangeRow {
  return {
    file: toRelative(cwd, manifest),
    line: 1,
    column: 1,
    rule: fixedRow.rule,
    transform: fixedRow.transform,
    issue: `${files.map((change) => change.relativePath).join(", ")} now import the runtime helpers, which ${toRelative(cwd, manifest)} does not list`,
    fix: "none",
    status: "manual",
    breaking: "none",
  };
}

/** The dependency each manifest needs for the helpers this run's rewrites import. */
export function planRuntimeDependency(
  fileChanges: FileChange[],
  rows: ChangeRow[],
  options: ResolvedCodemodOptions,
): DependencyPlan {
  const plan: DependencyPlan = { projectChanges: [], rows: [] };
  const byManifest = new Map<string, { name: string; files: FileChange[] }>();
  for (const change of fileChanges) {
    const source = helperImportSources(options.importSource).find(
      (candidate) => importsFrom(change.after, candidate) && !importsFrom(change.before, candidate),
    );
    const name = source && PACKAGE_OF[source];
    if (!name) continue;
    const manifest = nearestManifest(change.path, options.cwd) ?? join(options.cwd, "package.json");
    const entry = byManifest.get(manifest) ?? { name, files: [] };
    entry.files.push(change);
    byManifest.set(manifest, entry);
  }
  for (const [manifest, { name, files }] of byManifest) {
    const text = existsSync(manifest) ? readFileSync(manifest, "utf8") : undefined;
    if (text !== undefined && lists(text, name)) continue;
    const fixedRow = rows.find((row) => row.status === "fixed" && files.some((f) => f.relativePath === row.file));
    if (!fixedRow) continue;
    const row = rowFor(manifest, files, fixedRow, options.cwd);
    const version = installedVersion(name);
    const after = text !== undefined && version ? withDependency(text, name, `^${version}`) : undefined;
    if (text !== undefined && after !== undefined) {
      plan.projectChanges.push({ path: manifest, before: text, after, description: `added ${name} to dependencies` });
      plan.rows.push({
        ...row,
        status: "fixed",
        fix: `added "${name}": "^${version}" to dependencies; run npm install`,
      });
    } else
      plan.rows.push({
        ...row,
        reason: `could not add ${name} to ${toRelative(options.cwd, manifest)} (missing or not plain JSON): run npm install ${name}${version ? `@^${version}` : ""} there, or the import fails after a fresh install`,
      });
  }
  return plan;
}
