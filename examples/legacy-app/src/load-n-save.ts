/**
 * Saving results to files and reading them back, choosing the format from the data and the
 * file extension.
 *
 * Legacy shape: the output folder and the list of written files are module-level state, and
 * `save()` does all of its type detection in one long function.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, dirname, extname, isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { logger } from "./logger.js";

export interface SaveOptions {
  /** Folder to write to; the current output folder when omitted. */
  directory?: string;
  /** JSON indentation. */
  indent?: number;
  csvDelimiter?: string;
  /** false: never replace a file, add a timestamp to the name instead. */
  overwrite?: boolean;
  /** Start CSV files with a byte-order mark so Excel detects UTF-8. */
  excelCompatible?: boolean;
}

export interface LoadOptions {
  directory?: string;
  csvDelimiter?: string;
}

type Loader = (text: string, options: LoadOptions) => unknown;

let outputDirectory = fileURLToPath(new URL("../output", import.meta.url));
const savedFiles: string[] = [];

/** File extension → parser. Filled once below, at module load, and only read afterwards. */
const LOADERS_BY_EXTENSION = new Map<string, Loader>();

function parseCsvLine(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let current = "";
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const character = line[index];
    if (quoted && character === '"' && line[index + 1] === '"') {
      current += '"';
      index++;
    } else if (character === '"') {
      quoted = !quoted;
    } else if (!quoted && character === delimiter) {
      cells.push(current);
      current = "";
    } else {
      current += character;
    }
  }
  cells.push(current);
  return cells;
}

/** Rows become objects keyed by the header line (quoted fields may not span lines). */
function parseCsv(text: string, options: LoadOptions): Record<string, string>[] {
  const delimiter = options.csvDelimiter ?? ",";
  const lines = text.split(/\r?\n/).filter((line) => line !== "");
  if (lines.length === 0) return [];
  const header = parseCsvLine(lines[0], delimiter);
  return lines.slice(1).map((line) => {
    const cells = parseCsvLine(line, delimiter);
    return Object.fromEntries(header.map((name, index) => [name, cells[index] ?? ""]));
  });
}

for (const [extension, loader] of [
  [".json", (text: string) => JSON.parse(text) as unknown],
  [".jsonl", (text: string) => text.split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line) as unknown)],
  [".csv", parseCsv],
  [".txt", (text: string) => text],
  [".md", (text: string) => text],
] as const) {
  LOADERS_BY_EXTENSION.set(extension, loader);
}

export function setOutputDirectory(directory: string): void {
  outputDirectory = directory;
}

export function getOutputDirectory(): string {
  return outputDirectory;
}

/** Every file written by `save()` in this process, oldest first. */
export function getSavedFiles(): string[] {
  return [...savedFiles];
}

function csvCell(value: unknown, delimiter: string): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  else if (typeof value === "object") text = JSON.stringify(value);
  else text = String(value);
  const needsQuotes = text.includes(delimiter) || text.includes('"') || text.includes("\n") || text.includes("\r");
  return needsQuotes ? `"${text.replaceAll('"', '""')}"` : text;
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  return value;
}

export async function save(data: unknown, fileName: string, options: SaveOptions = {}): Promise<string> {
  const directory = options.directory ?? outputDirectory;
  const indent = options.indent ?? 2;
  const delimiter = options.csvDelimiter ?? ",";
  // Characters Windows refuses in file names are replaced, so results can be shared.
  const safeName = basename(fileName).replace(/[<>:"|?*\u0000-\u001f]/g, "_");
  if (safeName !== basename(fileName)) {
    logger.warn(`File name ${fileName} contains unsafe characters; saving as ${safeName}`);
  }
  const requested = join(dirname(fileName), safeName);
  let target = isAbsolute(requested) ? requested : join(directory, requested);
  const extension = extname(target).toLowerCase();

  // Never replace an earlier result when asked not to: add a timestamp instead.
  if (options.overwrite === false && existsSync(target)) {
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    target = join(dirname(target), `${basename(target, extension)}-${stamp}${extension}`);
  }
  await mkdir(dirname(target), { recursive: true });

  let content: string | Uint8Array;
  let kind: string;
  if (data === undefined || typeof data === "function" || typeof data === "symbol") {
    throw new TypeError(`Cannot save a value of type ${typeof data} to ${target}`);
  } else if (Buffer.isBuffer(data) || data instanceof Uint8Array) {
    // Binary data is written as is, whatever the extension says.
    if (extension === ".json" || extension === ".csv") {
      logger.warn(`Writing binary data to ${target}; the ${extension} extension will mislead readers`);
    }
    content = data;
    kind = "binary";
  } else if (data instanceof Date) {
    content = `${data.toISOString()}\n`;
    kind = "text";
  } else if (data instanceof ArrayBuffer) {
    content = new Uint8Array(data);
    kind = "binary";
  } else if (typeof data === "string") {
    // A string destined for a .json file must already be JSON.
    if (extension === ".json") {
      try {
        JSON.parse(data);
      } catch (error) {
        throw new TypeError(`Refusing to write invalid JSON to ${target}: ${(error as Error).message}`);
      }
    }
    content = data;
    kind = "text";
  } else if (extension === ".csv") {
    // CSV: an array of objects (header = union of keys, first seen first) or an array of arrays.
    if (!Array.isArray(data)) {
      throw new TypeError(`CSV output needs an array of rows, got ${typeof data} for ${target}`);
    }
    const lines: string[] = [];
    if (data.length > 0 && data.every((row) => Array.isArray(row))) {
      for (const row of data as unknown[][]) lines.push(row.map((cell) => csvCell(cell, delimiter)).join(delimiter));
    } else {
      const columns: string[] = [];
      for (const row of data as Record<string, unknown>[]) {
        for (const key of Object.keys(row ?? {})) {
          if (!columns.includes(key)) columns.push(key);
        }
      }
      lines.push(columns.map((column) => csvCell(column, delimiter)).join(delimiter));
      for (const row of data as Record<string, unknown>[]) {
        lines.push(columns.map((column) => csvCell(row?.[column], delimiter)).join(delimiter));
      }
    }
    content = `${lines.join("\n")}\n`;
    if (options.excelCompatible) {
      content = `\uFEFF${content}`;
    }
    kind = "csv";
  } else if (extension === ".jsonl" || extension === ".ndjson") {
    // One JSON document per line; a single object is a file of one line.
    const records = Array.isArray(data) ? data : [data];
    content = records.map((record) => JSON.stringify(record, jsonReplacer)).join("\n") + "\n";
    kind = "jsonl";
  } else if (extension === ".txt" || extension === ".md" || extension === ".log") {
    // Text files: arrays become lines, anything else its JSON.
    if (Array.isArray(data)) {
      content = `${data.map((line) => (typeof line === "string" ? line : JSON.stringify(line, jsonReplacer))).join("\n")}\n`;
    } else if (typeof data === "number" || typeof data === "boolean" || typeof data === "bigint") {
      content = `${String(data)}\n`;
    } else {
      content = `${JSON.stringify(data, jsonReplacer, indent)}\n`;
    }
    kind = "text";
  } else {
    // Everything else is JSON: Maps become objects, Sets arrays, Dates ISO strings.
    if (extension !== ".json" && extension !== "") {
      logger.warn(`Unknown extension ${extension} for ${target}; writing JSON`);
    }
    const value = data instanceof Map ? Object.fromEntries(data) : data instanceof Set ? [...data] : data;
    content = `${JSON.stringify(value, jsonReplacer, indent)}\n`;
    kind = "json";
  }

  await writeFile(target, content);
  savedFiles.push(target);
  const size = typeof content === "string" ? Buffer.byteLength(content) : content.byteLength;
  logger.info(`Saved ${kind} to ${target}`, { bytes: size });
  return target;
}

/** Reads a file written by `save()`, parsing it by extension; unknown extensions come back as text. */
export async function load<T = unknown>(fileName: string, options: LoadOptions = {}): Promise<T> {
  const source = isAbsolute(fileName) ? fileName : join(options.directory ?? outputDirectory, fileName);
  const text = await readFile(source, "utf8");
  const loader = LOADERS_BY_EXTENSION.get(extname(source).toLowerCase());
  return (loader ? loader(text, options) : text) as T;
}
