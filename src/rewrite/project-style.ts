import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { CodeStyle } from "./fix-text.js";

/** What a formatter's settings say about the style; each setting may be missing. */
export type PartialStyle = Partial<CodeStyle>;

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    const data = JSON.parse(readFileSync(path, "utf8")) as unknown;
    return data !== null && typeof data === "object" ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Prettier's `singleQuote`, `semi`, `useTabs`, `tabWidth` from .prettierrc(.json) or package.json. */
function prettierStyle(directory: string): PartialStyle | undefined {
  const options =
    readJson(join(directory, ".prettierrc")) ??
    readJson(join(directory, ".prettierrc.json")) ??
    (readJson(join(directory, "package.json"))?.prettier as Record<string, unknown> | undefined);
  if (!options || typeof options !== "object") return undefined;
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
    const section = /^\s*\[(.*)\]\s*$/.exec(line);
    if (section) applies = section[1] === "*" || /\bts\b|\bjs\b/.test(section[1]);
    const setting = /^\s*(indent_style|indent_size)\s*=\s*(\S+)/.exec(line);
    if (!applies || !setting) continue;
    if (setting[1] === "indent_style" && setting[2] === "tab") style.indent = "\t";
    if (setting[1] === "indent_size" && /^\d+$/.test(setting[2]) && style.indent !== "\t")
      style.indent = " ".repeat(Number(setting[2]));
  }
  return style;
}

/** The project's formatter settings, from the file's directory up to the nearest package.json. */
export function projectStyle(filePath: string): PartialStyle {
  const merged: PartialStyle = {};
  for (let directory = dirname(filePath); ; directory = dirname(directory)) {
    for (const found of [prettierStyle(directory), editorConfigStyle(directory)]) {
      if (found) for (const [key, value] of Object.entries(found)) (merged as Record<string, unknown>)[key] ??= value;
    }
    if (
      existsSync(join(directory, "package.json")) ||
      existsSync(join(directory, ".git")) ||
      dirname(directory) === directory
    )
      return merged;
  }
}
