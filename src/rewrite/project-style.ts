import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { CodeStyle } from "./fix-text.js";

/** What a formatter's settings say about the style; each setting may be missing. */
export type PartialStyle = Partial<CodeStyle>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object";
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const data: unknown = JSON.parse(text);
    return isRecord(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Prettier's own search order within one directory (package.json's "prettier" key comes first). */
const PRETTIER_FILES = [
  ".prettierrc",
  ".prettierrc.json",
  ".prettierrc.yaml",
  ".prettierrc.yml",
  ".prettierrc.json5",
  ".prettierrc.js",
  "prettier.config.js",
  ".prettierrc.ts",
  "prettier.config.ts",
  ".prettierrc.mjs",
  "prettier.config.mjs",
  ".prettierrc.mts",
  "prettier.config.mts",
  ".prettierrc.cjs",
  "prettier.config.cjs",
  ".prettierrc.cts",
  "prettier.config.cts",
  ".prettierrc.toml",
];

const STYLE_KEYS =
  /["']?\b(singleQuote|semi|useTabs|tabWidth|printWidth|bracketSpacing)\b["']?\s*[:=]\s*(true|false|\d+)\b/g;

/**
 * The top-level settings of a YAML, TOML, JSON5 or JavaScript config, read as text: a config module
 * is never run (it may import plugins or read the environment). Settings under `overrides` apply
 * to some files only and are left out; `key: value` and `key = value` cover how these configs are written.
 */
function scanSettings(text: string): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  const [topLevel = ""] = text.split(/\boverrides\b/);
  for (const [, key, value] of topLevel.matchAll(STYLE_KEYS)) {
    if (key === undefined || value === undefined || key in settings) continue;
    settings[key] = /^\d+$/.test(value) ? Number(value) : value === "true";
  }
  return settings;
}

/** The nearest Prettier options in `directory`: undefined when it has no config, {} when it names a shared one. */
function prettierOptions(directory: string): Record<string, unknown> | undefined {
  const manifest = readText(join(directory, "package.json"));
  const fromManifest = manifest === undefined ? undefined : parseJson(manifest)?.prettier;
  if (isRecord(fromManifest)) return fromManifest;
  if (typeof fromManifest === "string") return {};
  for (const name of PRETTIER_FILES) {
    const text = readText(join(directory, name));
    if (text === undefined) continue;
    const json = name.endsWith("rc") || name.endsWith(".json") ? parseJson(text) : undefined;
    return json ?? scanSettings(text);
  }
  return undefined;
}

/** Prettier's `singleQuote`, `semi`, `useTabs`, `tabWidth`, from the config Prettier itself would use in `directory`. */
function prettierStyle(directory: string): PartialStyle | undefined {
  const options = prettierOptions(directory);
  if (options === undefined) return undefined;
  const style: PartialStyle = {};
  if (typeof options.singleQuote === "boolean") style.quote = options.singleQuote ? "'" : '"';
  if (typeof options.semi === "boolean") style.semicolons = options.semi;
  if (options.useTabs === true) style.indent = "\t";
  else if (typeof options.tabWidth === "number") style.indent = " ".repeat(options.tabWidth);
  return style;
}

/** Whether an .editorconfig section's glob matches TypeScript or JavaScript files (`*`, `*.ts`, `*.{js,ts}`, `src/**.ts`). */
function sectionMatchesSources(section: string): boolean {
  return section === "*" || section === "**" || /\b[cm]?[jt]sx?\b/.test(section);
}

interface EditorConfigStyle {
  style: PartialStyle;
  /** `root = true`: .editorconfig files further up are not read. */
  root: boolean;
}

/** `indent_style` / `indent_size` of .editorconfig's sections that match every file or JS/TS files. */
function editorConfigStyle(directory: string): EditorConfigStyle | undefined {
  const text = readText(join(directory, ".editorconfig"));
  if (text === undefined) return undefined;
  let applies = false;
  let root = false;
  const style: PartialStyle = {};
  for (const line of text.split(/\r?\n/)) {
    const section = /^\s*\[(.*)\]\s*$/.exec(line)?.at(1);
    if (section !== undefined) applies = sectionMatchesSources(section);
    if (section === undefined && !applies && /^\s*root\s*=\s*true\s*$/i.test(line)) root = true;
    const setting = /^\s*(indent_style|indent_size)\s*=\s*(\S+)/.exec(line);
    const name = setting?.at(1);
    const value = setting?.at(2);
    if (!applies || name === undefined || value === undefined) continue;
    if (name === "indent_style" && value === "tab") style.indent = "\t";
    if (name === "indent_size" && /^\d+$/.test(value) && style.indent !== "\t")
      style.indent = " ".repeat(Number(value));
  }
  return { style, root };
}

/**
 * The project's formatter settings for a file, as Prettier would resolve them: the nearest Prettier
 * config (they do not merge across directories) over the .editorconfig settings (the nearer wins,
 * up to `root = true`), from the file's directory up to the nearest package.json or git root.
 */
export function projectStyle(filePath: string): PartialStyle {
  let prettier: PartialStyle | undefined;
  let editorConfig: PartialStyle = {};
  let editorConfigDone = false;
  for (let directory = dirname(filePath); ; directory = dirname(directory)) {
    prettier ??= prettierStyle(directory);
    const found: EditorConfigStyle | undefined = editorConfigDone ? undefined : editorConfigStyle(directory);
    // The nearer directory's setting wins; the styles never hold a key set to undefined.
    if (found) editorConfig = { ...found.style, ...editorConfig };
    editorConfigDone ||= found?.root === true;
    if (
      existsSync(join(directory, "package.json")) ||
      existsSync(join(directory, ".git")) ||
      dirname(directory) === directory
    )
      return { ...editorConfig, ...prettier };
  }
}

/** oxfmt's config files: Prettier's options under other names, and a printWidth of 100 by default. */
const OXFMT_FILES = [".oxfmtrc.json", ".oxfmtrc.jsonc"];

/** The options of the formatter that formats a file: a Prettier config, or oxfmt's, from the nearest directory that has one. */
export interface FormatterConfig {
  formatter: "prettier" | "oxfmt";
  /** The config's top-level options; {} when it names a shared config this cannot read without running it. */
  options: Record<string, unknown>;
}

function oxfmtOptions(directory: string): Record<string, unknown> | undefined {
  for (const name of OXFMT_FILES) {
    const text = readText(join(directory, name));
    // JSONC: comments go before parsing (a "//" inside a string value only costs the settings).
    if (text !== undefined) return parseJson(text.replace(/^\s*\/\/.*$/gm, "")) ?? {};
  }
  return undefined;
}

/** The formatter config Prettier (or oxfmt) would use for the file, up to the nearest package.json or git root. */
export function formatterConfig(filePath: string): FormatterConfig | undefined {
  for (let directory = dirname(filePath); ; directory = dirname(directory)) {
    const prettier = prettierOptions(directory);
    if (prettier) return { formatter: "prettier", options: prettier };
    const oxfmt = oxfmtOptions(directory);
    if (oxfmt) return { formatter: "oxfmt", options: oxfmt };
    if (
      existsSync(join(directory, "package.json")) ||
      existsSync(join(directory, ".git")) ||
      dirname(directory) === directory
    )
      return undefined;
  }
}
