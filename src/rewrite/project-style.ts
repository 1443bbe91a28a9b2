import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { CodeStyle } from "./fix-text.js";

/** What a formatter's settings say about the style; each setting may be missing. */
export type PartialStyle = Partial<CodeStyle>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object";
}

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    const data: unknown = JSON.parse(readFileSync(path, "utf8"));
    return isRecord(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Prettier's `singleQuote`, `semi`, `useTabs`, `tabWidth` from .prettierrc(.json) or package.json. */
function prettierStyle(directory: string): PartialStyle | undefined {
  const options =
    readJson(join(directory, ".prettierrc")) ??
    readJson(join(directory, ".prettierrc.json")) ??
    readJson(join(directory, "package.json"))?.prettier;
  if (!isRecord(options)) return undefined;
  const style: PartialStyle = {};
  if (typeof options.singleQuote === "boolean") style.quote = options.singleQuote ? "'" : '"';
  if (typeof options.semi === "boolean") style.semicolons = options.semi;
  if (options.useTabs === true) style.indent = "\t";
  else if (typeof options.tabWidth === "number") style.indent = " ".repeat(options.tabWidth);
  return style;
}

/** `indent_style` / `indent_size` of .editorconfig's sections that match every file or JS/TS files. */
function editorConfigStyle(directory: string): PartialStyle | undefined {
  const path = join(directory, ".editorconfig");
  if (!existsSync(path)) return undefined;
  let applies = false;
  const style: PartialStyle = {};
  for (const line of readFileSync(path, "utf8").split(/\r?\n/)) {
    const section = /^\s*\[(.*)\]\s*$/.exec(line)?.at(1);
    if (section !== undefined) applies = section === "*" || /\bts\b|\bjs\b/.test(section);
    const setting = /^\s*(indent_style|indent_size)\s*=\s*(\S+)/.exec(line);
    const name = setting?.at(1);
    const value = setting?.at(2);
    if (!applies || name === undefined || value === undefined) continue;
    if (name === "indent_style" && value === "tab") style.indent = "\t";
    if (name === "indent_size" && /^\d+$/.test(value) && style.indent !== "\t")
      style.indent = " ".repeat(Number(value));
  }
  return style;
}

/** The project's formatter settings, from the file's directory up to the nearest package.json. */
export function projectStyle(filePath: string): PartialStyle {
  let merged: PartialStyle = {};
  for (let directory = dirname(filePath); ; directory = dirname(directory)) {
    for (const found of [prettierStyle(directory), editorConfigStyle(directory)]) {
      // The nearer directory's setting wins; the styles never hold a key set to undefined.
      if (found) merged = { ...found, ...merged };
    }
    if (
      existsSync(join(directory, "package.json")) ||
      existsSync(join(directory, ".git")) ||
      dirname(directory) === directory
    )
      return merged;
  }
}
