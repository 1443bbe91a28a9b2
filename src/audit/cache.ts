import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { HelpfulError } from "@txo-toolkit/runtime";
import { type ConsultedFile, type Derivations, readKey, stampHolds, stillHolds } from "../config/file-reader.js";
import type { FileLintResult } from "../lint/engine.js";
import { hashProjectInputs } from "../lint/project-inputs.js";
import { isRecord } from "./json-shape.js";
import { removeTemporary, temporaryNameOf } from "./temporary-file.js";
import { messageOf } from "./error-message.js";

interface StoredEntry {
  hash: string;
  /** Size, mtime and ctime when the hash was taken: while they hold, the content need not be read again. */
  stamp?: string;
  result: FileLintResult;
  /** Indexes into the document's `reads`: the other files the result depended on. */
  reads?: number[];
}

interface CacheDocument {
  key: string;
  /** Each file some result depended on, with what was found there; shared by the entries that read it. */
  reads?: ConsultedFile[];
  entries: Record<string, StoredEntry>;
}

interface CacheEntry {
  hash: string;
  stamp?: string;
  result: FileLintResult;
  consulted: readonly ConsultedFile[];
}

export { statStamp } from "../config/file-reader.js";

/** The cache directory: node_modules/.cache/txo-audit when the project has node_modules, else .txo-cache. */
export function cacheDirectory(root: string): string {
  return existsSync(join(root, "node_modules"))
    ? join(root, "node_modules", ".cache", "txo-audit")
    : join(root, ".txo-cache");
}

/** The code folders whose code decides lint results; scripts/write-build-id.mjs hashes the same. */
const CODE_FOLDERS = ["../rules", "../lint", "../config"];

/** The id `npm run build` wrote (dist/build-id.txt); undefined when running from the TypeScript sources. */
function buildId(): string | undefined {
  try {
    return readFileSync(new URL("../build-id.txt", import.meta.url), "utf8").trim();
  } catch {
    // The test runner loads the sources, which have no build id: their content is hashed instead.
    return undefined;
  }
}

/** The rule and lint-engine code itself, so a rebuilt or patched tool never reuses stale results. */
function codeStamp(hash: ReturnType<typeof createHash>): void {
  const id = buildId();
  if (id !== undefined) {
    hash.update(`\0build ${id}`);
    return;
  }
  for (const directory of CODE_FOLDERS.map((relative) => fileURLToPath(new URL(relative, import.meta.url)))) {
    for (const entry of readdirSync(directory, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      // Content, not mtime: a rebuild that writes identical files keeps the cache.
      const path = join(entry.parentPath, entry.name);
      if (/\.(js|ts|mjs|cjs)$/.test(entry.name)) hash.update(`\0${entry.name}\0`).update(readFileSync(path));
    }
  }
}

/**
 * Everything besides a file's own content that decides its findings: the toolkit's version and
 * code, Node's version, the parser choice, and every project input the rules may read (see
 * project-inputs.ts), found by discovery (`projectInputs`, relative to the root).
 */
export function cacheKey(
  root: string,
  toolVersion: string,
  fastParser: boolean,
  projectInputs: readonly string[],
): string {
  const hash = createHash("sha256").update(`${toolVersion}\0${process.version}\0${fastParser}`);
  codeStamp(hash);
  hashProjectInputs(hash, root, projectInputs);
  return hash.digest("hex");
}

/**
 * Content-hash cache of lint results: a file is linted again when its content, the tool version,
 * the project inputs, or any other file its rules consulted (an imported module, a package.json, a
 * bundler config: see ProjectFileReader) changed. Stored as one JSON file, replaced atomically.
 */
export class LintCache {
  private readonly entries: Map<string, CacheEntry>;
  private readonly file: string;
  /** Whether each consulted file still looks as it did, checked once per run. */
  private readonly holding = new Map<ConsultedFile, boolean>();
  private derivations: Derivations | undefined;
  private dirty = false;

  /** `onWarning` hears of a cache that could not be read or saved; the run goes on without it. */
  constructor(
    directory: string,
    private readonly key: string,
    private readonly onWarning: (warning: HelpfulError) => void = () => {
      // Warnings are optional: by default nobody listens.
    },
  ) {
    this.file = join(directory, "lint-results.json");
    this.entries = entriesOf(this.readDocument());
  }

  private readDocument(): CacheDocument | undefined {
    if (!existsSync(this.file)) return undefined;
    let document: unknown;
    try {
      document = JSON.parse(readFileSync(this.file, "utf8"));
    } catch (error) {
      this.warn(`it cannot be read as JSON (${messageOf(error)})`, "Delete it; the next run rebuilds it.");
      return undefined;
    }
    if (!isCacheDocument(document)) {
      this.warn("it is not a txo-audit lint cache (wrong shape)", "Delete it; the next run rebuilds it.");
      return undefined;
    }
    // A cache of another tool version or configuration is simply stale: everything is linted again.
    return document.key === this.key ? document : undefined;
  }

  private warn(reason: string, howToFix: string, cause?: unknown): void {
    this.onWarning(
      new HelpfulError({
        whatWentWrong: `The lint cache ${this.file} was not used: ${reason}. This run lints every file.`,
        howToFix,
        example: "txo-audit . --no-cache",
        cause,
      }),
    );
  }

  /**
   * Whether a `derived` read (what a rule took from a file's text) must be checked again: its file's
   * stamp moved. The caller then loads the rules' derivations and hands them to `useDerivations`;
   * an unchanged tree never loads them.
   */
  needsDerivations(): boolean {
    for (const entry of this.entries.values())
      if (entry.consulted.some((read) => read.kind === "derived" && !stampHolds(read))) return true;
    return false;
  }

  useDerivations(derivations: Derivations): void {
    this.derivations = derivations;
  }

  /** The entry of `file` when every file its rules consulted still looks the same. */
  private current(file: string): CacheEntry | undefined {
    const entry = this.entries.get(file);
    return entry?.consulted.every((read) => this.holds(read)) === true ? entry : undefined;
  }

  private holds(read: ConsultedFile): boolean {
    let holds = this.holding.get(read);
    if (holds === undefined) {
      holds = stillHolds(read, this.derivations);
      this.holding.set(read, holds);
    }
    return holds;
  }

  get(file: string, hash: string): FileLintResult | undefined {
    const entry = this.current(file);
    return entry?.hash === hash ? entry.result : undefined;
  }

  /** The entry of a file whose stat stamp is unchanged since its content was hashed. */
  getByStamp(file: string, stamp: string | undefined): { hash: string; result: FileLintResult } | undefined {
    const entry = this.current(file);
    return stamp !== undefined && entry?.stamp === stamp ? entry : undefined;
  }

  set(
    file: string,
    hash: string,
    result: FileLintResult,
    stamp?: string,
    consulted: readonly ConsultedFile[] = [],
  ): void {
    this.entries.set(file, { hash, stamp, result, consulted });
    this.dirty = true;
  }

  /** Records the stamp of a file found unchanged by its content hash (after a checkout that only touched times). */
  restamp(file: string, stamp: string | undefined): void {
    const entry = this.entries.get(file);
    if (entry === undefined || stamp === undefined || entry.stamp === stamp) return;
    entry.stamp = stamp;
    this.dirty = true;
  }

  /** Drops entries of files that no longer exist in the scanned set. */
  retainOnly(files: ReadonlySet<string>): void {
    for (const file of this.entries.keys()) {
      if (!files.has(file)) {
        this.entries.delete(file);
        this.dirty = true;
      }
    }
  }

  /** Writes the cache; where that fails (read-only tree, a file in the folder's place) it warns and the run goes on. */
  save(): void {
    if (!this.dirty) return;
    const temporary = temporaryNameOf(this.file);
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(temporary, JSON.stringify(documentOf(this.key, this.entries)));
      renameSync(temporary, this.file);
      this.dirty = false;
    } catch (error) {
      removeTemporary(temporary);
      this.onWarning(
        new HelpfulError({
          whatWentWrong: `The lint cache could not be saved to ${this.file}: ${messageOf(error)}. The reports are complete; the next run lints every file again.`,
          howToFix: "Make that folder writable, or turn the cache off where the tree is read-only.",
          example: "txo-audit . --no-cache",
          cause: error,
        }),
      );
    }
  }
}

/** The document's entries with their consulted files looked up (one object per read, shared). */
function entriesOf(document: CacheDocument | undefined): Map<string, CacheEntry> {
  const reads = document?.reads ?? [];
  const entries = new Map<string, CacheEntry>();
  for (const [file, { hash, stamp, result, reads: indexes = [] }] of Object.entries(document?.entries ?? {})) {
    const consulted = indexes.map((index) => reads[index]);
    // An index outside the table means a damaged document: that entry is dropped (linted again).
    if (consulted.every((read) => read !== undefined)) entries.set(file, { hash, stamp, result, consulted });
  }
  return entries;
}

/** The document to save: each distinct read (path, kind and what was found) stored once. */
function documentOf(key: string, entries: ReadonlyMap<string, CacheEntry>): CacheDocument {
  const reads: ConsultedFile[] = [];
  const indexById = new Map<string, number>();
  // Entries loaded from the last document share their read objects: most are found by identity.
  const indexOfObject = new Map<ConsultedFile, number>();
  const indexOf = (read: ConsultedFile): number => {
    let index = indexOfObject.get(read);
    if (index !== undefined) return index;
    const id = `${readKey(read)}\0${read.state}`;
    index = indexById.get(id) ?? reads.push(read) - 1;
    indexById.set(id, index);
    indexOfObject.set(read, index);
    return index;
  };
  const stored: Record<string, StoredEntry> = {};
  for (const [file, { hash, stamp, result, consulted }] of entries) {
    const indexes = consulted.map(indexOf);
    stored[file] = { hash, stamp, result, ...(indexes.length === 0 ? {} : { reads: indexes }) };
  }
  return { key, reads, entries: stored };
}

const READ_KINDS: ReadonlySet<unknown> = new Set(["content", "head", "size", "entry", "listing", "derived"]);

function isConsultedFile(value: unknown): value is ConsultedFile {
  if (!isRecord(value)) return false;
  const { kind, path, state, stamp, derivation } = value;
  return (
    READ_KINDS.has(kind) &&
    typeof path === "string" &&
    typeof state === "string" &&
    (stamp === undefined || typeof stamp === "string") &&
    (derivation === undefined || typeof derivation === "string")
  );
}

function isStoredEntry(value: unknown): value is StoredEntry {
  if (!isRecord(value)) return false;
  const { hash, stamp, result, reads } = value;
  if (typeof hash !== "string" || (stamp !== undefined && typeof stamp !== "string")) return false;
  if (reads !== undefined && !(Array.isArray(reads) && reads.every((index) => Number.isInteger(index)))) return false;
  if (!isRecord(result) || typeof result.parser !== "string" || typeof result.parseError !== "object") return false;
  const findings = result.findings;
  return (
    Array.isArray(findings) &&
    findings.every(
      (finding: unknown) => isRecord(finding) && typeof finding.ruleId === "string" && typeof finding.line === "number",
    )
  );
}

function isCacheDocument(value: unknown): value is CacheDocument {
  if (!isRecord(value)) return false;
  const { key, entries, reads } = value;
  if (typeof key !== "string" || !isRecord(entries) || Array.isArray(entries)) return false;
  if (reads !== undefined && !(Array.isArray(reads) && reads.every(isConsultedFile))) return false;
  return Object.values(entries).every(isStoredEntry);
}
