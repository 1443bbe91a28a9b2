/**
 * The source text the codemods and the ESLint rules' suggestions write: a throw of a HelpfulError, a
 * requireConfig/optional read, the import that brings a runtime helper in. Plain strings in, plain
 * strings out (no ts-morph, no ESLint), so both write exactly the same code and the plugin loads no
 * codemod machinery.
 */

/** The module runtime helpers are imported from unless `--import-source` or a rule's `importSource` says otherwise. */
export const DEFAULT_IMPORT_SOURCE = "@txo-toolkit/runtime";

/**
 * The modules an existing import of the helpers may already name: `txo-toolkit/runtime` re-exports
 * the runtime package, so code migrated before the package existed keeps its one import source.
 */
export function helperImportSources(importSource: string): readonly string[] {
  return importSource === DEFAULT_IMPORT_SOURCE ? [DEFAULT_IMPORT_SOURCE, "txo-toolkit/runtime"] : [importSource];
}

/** How the file writes code, so inserted imports and statements look like the lines around them. */
export interface CodeStyle {
  quote: '"' | "'";
  semicolons: boolean;
  /** One level of indentation: a tab or some spaces. */
  indent: string;
}

export const DEFAULT_STYLE: Readonly<CodeStyle> = Object.freeze({ quote: '"', semicolons: true, indent: "  " });

/** A string literal in the given quote style. */
export function quoted(value: string, quote: '"' | "'"): string {
  if (quote === '"') return JSON.stringify(value);
  return `'${JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** A double-quoted string literal (as JSON.stringify writes it) in the given quote style; any other source text as it is. */
export function requote(source: string, quote: '"' | "'"): string {
  if (quote === '"' || !/^"(?:[^"\\]|\\.)*"$/.test(source)) return source;
  try {
    const value: unknown = JSON.parse(source);
    return typeof value === "string" ? quoted(value, quote) : source;
  } catch {
    return source;
  }
}

/** The most common step from a line that opens a block to the line after it. */
export function indentOf(text: string): string | undefined {
  const lines = text.split("\n");
  const counts = new Map<string, number>();
  for (const [index, line] of lines.entries()) {
    const next = lines.at(index + 1);
    if (next === undefined || !/[{([]\s*$/.test(line) || !next.trim()) continue;
    const outer = /^[\t ]*/.exec(line)?.[0] ?? "";
    const inner = /^[\t ]*/.exec(next)?.[0] ?? "";
    if (inner.length > outer.length && inner.startsWith(outer))
      counts.set(inner.slice(outer.length), (counts.get(inner.slice(outer.length)) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** Placeholders a person must replace when the code did not say what went wrong or how to fix it. */
export const TODO_WHAT_WENT_WRONG = JSON.stringify("TODO(txo-codemod): say what went wrong");
export const TODO_HOW_TO_FIX = JSON.stringify("TODO(txo-codemod): tell the user how to fix this");

/** The fields of the HelpfulError an exit becomes, each as source text (a string literal, a template, an expression). */
export interface HelpfulErrorFields {
  whatWentWrong: string;
  howToFix: string;
  cause: string | undefined;
}

/** `throw new HelpfulError({ whatWentWrong, howToFix, cause })`, one field a line, `indent` being the throw's own indentation. */
export function renderThrow(errorClass: string, message: HelpfulErrorFields, indent: string, style: CodeStyle): string {
  const unit = style.indent;
  const text = (source: string) => requote(source, style.quote);
  const lines = [
    `throw new ${errorClass}({`,
    `${indent}${unit}whatWentWrong: ${text(message.whatWentWrong)},`,
    `${indent}${unit}howToFix: ${text(message.howToFix)},`,
  ];
  if (message.cause) lines.push(`${indent}${unit}cause: ${message.cause},`);
  lines.push(`${indent}})${style.semicolons ? ";" : ""}`);
  return lines.join("\n");
}

/** What a soft-fail becomes: `requireConfig(root, "a", "b")` or `optional(root, ["a", "b"], default)`. */
export type HardenedForm = "require" | "optional";

/** The hardened read, from the config object's text, the key arguments' texts and (for optional) the old default's text. */
export function renderHardenedCall(
  form: HardenedForm,
  callee: string,
  rootText: string,
  keyTexts: readonly string[],
  defaultText: string | undefined,
): string {
  const keys = keyTexts.join(", ");
  if (form === "require") return `${callee}(${rootText}, ${keys})`;
  return `${callee}(${rootText}, [${keys}], ${defaultText ?? "undefined"})`;
}

/** `import { name } from "source";`, or `import { name as local } …` when the name is taken. */
export function namedImportText(name: string, localName: string, source: string, style: CodeStyle): string {
  const binding = localName === name ? name : `${name} as ${localName}`;
  return `import { ${binding} } from ${quoted(source, style.quote)}${style.semicolons ? ";" : ""}`;
}

/**
 * `const { name } = require("source");`. With `typed`, for a TypeScript file compiled to CommonJS,
 * the call is typed with `typeof import(…, { with: { "resolution-mode": "import" } })`: Node
 * (20.19+) can require an ES module, while a plain `import` of one is TS1479 there.
 */
export function namedRequireText(
  name: string,
  localName: string,
  source: string,
  style: CodeStyle,
  typed: boolean,
): string {
  const binding = localName === name ? name : `${name}: ${localName}`;
  const specifier = quoted(source, style.quote);
  const cast = typed
    ? ` as typeof import(${specifier}, { with: { ${quoted("resolution-mode", style.quote)}: ${quoted("import", style.quote)} } })`
    : "";
  return `const { ${binding} } = require(${specifier})${cast}${style.semicolons ? ";" : ""}`;
}
