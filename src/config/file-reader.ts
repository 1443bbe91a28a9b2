import { createHash } from "node:crypto";
import { closeSync, type Dirent, openSync, readdirSync, readFileSync, readSync, type Stats, statSync } from "node:fs";

/**
 * What a rule learned from a path: its bytes (`content`), its first bytes (`head`), its size, whether
 * it is a file or a folder (`entry`), a folder's entries (`listing`), or facts a Derivation takes
 * from its text (`derived`).
 */
export type ReadKind = "content" | "head" | "size" | "entry" | "listing" | "derived";

/**
 * What a rule takes from a file's text, when that is less than all of it (the modules it imports, the
 * type declarations it holds): a cached result then survives edits elsewhere in the file. `facts`
 * must cover everything the rule uses from `parse`'s value.
 */
export interface Derivation<T> {
  /** Names it in a cache file, whose reader looks it up to check the read again (see DERIVED_READS). */
  name: string;
  parse(text: string, path: string): T;
  facts(value: T, text: string): string;
}

/** Derivations by name, as a cache validating `derived` reads is given them. */
export type Derivations = ReadonlyMap<string, Derivation<unknown>>;

/** A derivation as the cache holds it, among others of other value types. */
export function erasedDerivation<T>(derivation: Derivation<T>): Derivation<unknown> {
  return {
    name: derivation.name,
    parse: (text, path) => derivation.parse(text, path),
    // The cache hands facts only what this derivation's own parse returned (derivedState).
    facts: (value, text) => derivation.facts(value as T, text),
  };
}

/** One path a lint consulted and what it found there: a cached result holds while every one still does. */
export interface ConsultedFile {
  kind: ReadKind;
  path: string;
  /** A hash of what was read, or what the path was: `file`, `folder`, `absent`, `unreadable:<code>`. */
  state: string;
  /** Size, mtime and ctime before a content read: while they hold, the content need not be hashed again. */
  stamp?: string;
  /** The Derivation a `derived` read's state comes from. */
  derivation?: string;
}

/** Bytes of a file's head: enough for a `#!` after a byte-order mark. */
const HEAD_BYTES = 8;

/**
 * A file's size, mtime and ctime (which also moves on chmod): when all three match, the content is
 * taken to be the one hashed before, as ESLint's own cache assumes from metadata. Undefined when the
 * path cannot be stat'ed.
 */
export function statStamp(path: string): string | undefined {
  const stats = statSync(path, { throwIfNoEntry: false });
  return stats === undefined ? undefined : `${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

function hashOf(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex").slice(0, 32);
}

function failureState(error: unknown): string {
  // fs calls throw Node system errors, which carry a code.
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR") return "absent";
  return code === "EISDIR" ? "folder" : `unreadable:${code ?? "ERROR"}`;
}

function entryState(stats: Stats | undefined): string {
  if (stats === undefined) return "absent";
  return stats.isFile() ? "file" : stats.isDirectory() ? "folder" : "other";
}

function statQuietly(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    // A path through a file (ENOTDIR) or a too-long name: nothing is there for the rules.
    return undefined;
  }
}

function readHeadBytes(path: string): Buffer {
  const descriptor = openSync(path, "r");
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    return head.subarray(0, readSync(descriptor, head, 0, HEAD_BYTES, 0));
  } finally {
    closeSync(descriptor);
  }
}

/** What rules look for in a folder: JavaScript and TypeScript sources, and sub-folders to walk into. */
const SOURCE_NAME = /\.[cm]?[jt]sx?$/;

/**
 * A folder's listing as far as rules use it: its sub-folders (not node_modules or dot folders, which
 * no rule walks) and its source files. Reports, caches and other files coming and going keep it.
 */
function listingState(entries: readonly Dirent[]): string {
  const kinds = entries.flatMap((entry) => {
    if (entry.isDirectory())
      return entry.name === "node_modules" || entry.name.startsWith(".") ? [] : [`${entry.name}/`];
    return SOURCE_NAME.test(entry.name) ? [entry.name] : [];
  });
  return hashOf(kinds.sort().join("\n"));
}

/** Runs a read and turns its outcome (or failure) into the state a cache compares. */
function stateOfRead<T>(read: () => T, state: (value: T) => string): string {
  try {
    return state(read());
  } catch (error) {
    return failureState(error);
  }
}

function derivedState(derivation: Derivation<unknown> | undefined, path: string): string {
  if (derivation === undefined) return "unknown derivation";
  return stateOfRead(
    () => readFileSync(path, "utf8"),
    (text) => hashOf(derivation.facts(derivation.parse(text, path), text)),
  );
}

/** What a read finds at its path now: compared with the recorded state to tell whether a cached result holds. */
export function currentState(
  read: Pick<ConsultedFile, "kind" | "path" | "derivation">,
  derivations?: Derivations,
): string {
  const { kind, path } = read;
  switch (kind) {
    case "derived":
      return derivedState(derivations?.get(read.derivation ?? ""), path);
    case "content":
      return stateOfRead(() => readFileSync(path), hashOf);
    case "head":
      return stateOfRead(() => readHeadBytes(path), hashOf);
    case "size":
      return stateOfRead(
        () => statSync(path),
        (stats) => (stats.isFile() ? String(stats.size) : entryState(stats)),
      );
    case "entry":
      return entryState(statQuietly(path));
    case "listing":
      return stateOfRead(() => readdirSync(path, { withFileTypes: true }), listingState);
  }
}

/** Whether a read's stat stamp is unchanged: the content then need not be read again. */
export function stampHolds(read: ConsultedFile): boolean {
  return read.stamp !== undefined && statStamp(read.path) === read.stamp;
}

/** Whether a recorded read still holds; `derived` reads need their Derivation (see DERIVED_READS). */
export function stillHolds(read: ConsultedFile, derivations?: Derivations): boolean {
  return stampHolds(read) || currentState(read, derivations) === read.state;
}

/** Identifies a read within one lint: the same path read the same way is noted once. */
export function readKey(read: Pick<ConsultedFile, "kind" | "path" | "derivation">): string {
  return `${read.kind}\0${read.derivation ?? ""}\0${read.path}`;
}

/**
 * The one way rules read files other than the one they lint (package.json, tsconfig, imported
 * modules, bundler configs, folder listings). Inside `record`, every read is noted with what it
 * found, so a cache can store a lint's result with the files it depended on and drop it when any
 * of them changes, appears or disappears. Outside a recording it only reads.
 */
export class ProjectFileReader {
  private readonly frames: Map<string, ConsultedFile>[] = [];

  private note(kind: ReadKind, path: string, state: () => string, stamp?: string, derivation?: string): void {
    const frame = this.frames.at(-1);
    if (frame === undefined) return;
    const key = readKey({ kind, path, derivation });
    if (frame.has(key)) return;
    frame.set(key, {
      kind,
      path,
      state: state(),
      ...(stamp === undefined ? {} : { stamp }),
      ...(derivation === undefined ? {} : { derivation }),
    });
  }

  /** The file's text (UTF-8); throws what readFileSync throws. */
  readText(path: string): string {
    const stamp = this.frames.length === 0 ? undefined : statStamp(path);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      this.note("content", path, () => failureState(error));
      throw error;
    }
    this.note("content", path, () => hashOf(bytes), stamp);
    return bytes.toString("utf8");
  }

  /** What `derivation` parses from the file's text; only its facts are recorded. Throws what readFileSync throws. */
  readParsed<T>(path: string, derivation: Derivation<T>): T {
    const stamp = this.frames.length === 0 ? undefined : statStamp(path);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      this.note("derived", path, () => failureState(error), undefined, derivation.name);
      throw error;
    }
    const value = derivation.parse(text, path);
    this.note("derived", path, () => hashOf(derivation.facts(value, text)), stamp, derivation.name);
    return value;
  }

  /** The file's first bytes as text (for a `#!` check), or "" when it cannot be read. */
  readHead(path: string): string {
    let head: Buffer | undefined;
    this.note("head", path, () => stateOfRead(() => (head ??= readHeadBytes(path)), hashOf));
    try {
      return (head ??= readHeadBytes(path)).toString("utf8");
    } catch {
      // An unreadable or virtual file has no head the rules could use.
      return "";
    }
  }

  /** The file's size in bytes, or undefined when it is not a readable file. */
  size(path: string): number | undefined {
    const stats = statQuietly(path);
    this.note("size", path, () => (stats?.isFile() === true ? String(stats.size) : entryState(stats)));
    return stats?.isFile() === true ? stats.size : undefined;
  }

  exists(path: string): boolean {
    return this.entryOf(path) !== "absent";
  }

  isFile(path: string): boolean {
    return this.entryOf(path) === "file";
  }

  isDirectory(path: string): boolean {
    return this.entryOf(path) === "folder";
  }

  private entryOf(path: string): string {
    const state = entryState(statQuietly(path));
    this.note("entry", path, () => state);
    return state;
  }

  /** The folder's entries with their types (recorded as far as listingState says); throws what readdirSync throws. */
  list(path: string): Dirent[] {
    let entries: Dirent[];
    try {
      entries = readdirSync(path, { withFileTypes: true });
    } catch (error) {
      this.note("listing", path, () => failureState(error));
      throw error;
    }
    this.note("listing", path, () => listingState(entries));
    return entries;
  }

  /** Runs `compute`, returning what it read (nested recordings also count for the enclosing one). */
  record<T>(compute: () => T): { value: T; consulted: ConsultedFile[] } {
    const frame = new Map<string, ConsultedFile>();
    this.frames.push(frame);
    try {
      return { value: compute(), consulted: [...frame.values()] };
    } finally {
      this.frames.pop();
      this.replay(frame.values());
    }
  }

  /** Notes reads made earlier for a value computed once and reused (see RecordedMemo). */
  replay(consulted: Iterable<ConsultedFile>): void {
    const frame = this.frames.at(-1);
    if (frame === undefined) return;
    for (const read of consulted) {
      const key = readKey(read);
      if (!frame.has(key)) frame.set(key, read);
    }
  }
}

/**
 * Values computed from files once per run (a package's reach, a parsed module) and reused by later
 * lints: each reuse replays the reads that computed it, so every lint that depends on it records them.
 */
export class RecordedMemo<K, V> {
  private readonly entries = new Map<K, { value: V; consulted: ConsultedFile[]; version: string | undefined }>();

  constructor(private readonly reader: ProjectFileReader) {}

  /** `version` (a stat stamp, say) lets a long-lived linter see an edited file: a different one recomputes. */
  get(key: K, compute: () => V, version?: string): V {
    const hit = this.entries.get(key);
    if (hit?.version === version && hit !== undefined) {
      this.reader.replay(hit.consulted);
      return hit.value;
    }
    const { value, consulted } = this.reader.record(compute);
    this.entries.set(key, { value, consulted, version });
    return value;
  }
}
