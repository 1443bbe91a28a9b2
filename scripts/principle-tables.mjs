#!/usr/bin/env node
// Writes what is derived from the principle descriptors (src/rules/catalog.ts) into the hand-kept
// files: the README's and docs/audit.md's tables, each rule page's options table (from the rule's
// schema and meta.defaultOptions) and the JSON schemas' enums. Reads dist/, so run
// `npm run build` first.
//
//   node scripts/principle-tables.mjs           rewrite the generated parts in place
//   node scripts/principle-tables.mjs --check   exit 1 and name the files that drifted
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Markdown regions between `<!-- principles:NAME -->` and `<!-- /principles:NAME -->`. */
const TABLES = {
  principles: {
    head: ["principle", "fragile code", "hardened code"],
    row: (p) => [`${p.number}. ${p.audit.title}`, p.docs.fragile, p.docs.hardened],
  },
  rules: {
    head: [
      "rule",
      "finds",
      "doc",
      "test",
      "codemod",
      "precision / recall on the labelled corpus (`npm run precision`)",
    ],
    row: (p) => [
      `\`txo/${p.ruleName}\``,
      p.docs.finds,
      `[docs/rules/${p.ruleName}.md](docs/rules/${p.ruleName}.md)`,
      p.docs.test,
      `\`${p.codemod.transform}\``,
      p.docs.precision,
    ],
  },
  transforms: {
    head: ["transform", "what it does", "what stays `manual` (with the reason)"],
    row: (p) => [`\`${p.codemod.transform}\``, p.codemod.does, p.codemod.staysManual],
    order: "transforms",
  },
  severities: {
    head: ["Rule", "Principle", "Severity", "Codemod", "Breaking"],
    row: (p) => [
      `\`txo/${p.ruleName}\``,
      String(p.number),
      p.docs.severity,
      `\`${p.codemod.transform}\``,
      p.docs.breakingWhy ? `${p.codemod.breaking} (${p.docs.breakingWhy})` : p.codemod.breaking,
    ],
  },
};

function renderTable(table, principles) {
  const line = (cells) => `| ${cells.join(" | ")} |`;
  return [
    line(table.head),
    `|${table.head.map(() => "---").join("|")}|`,
    ...principles.map((p) => line(table.row(p))),
  ].join("\n");
}

function replaceRegions(text, file, catalog) {
  return text.replace(/<!-- principles:([a-z]+) -->\n[\s\S]*?\n<!-- \/principles:\1 -->/g, (_whole, name) => {
    const table = TABLES[name];
    if (!table) throw new Error(`${file}: unknown generated table "${name}"; known: ${Object.keys(TABLES).join(", ")}`);
    const principles =
      table.order === "transforms"
        ? catalog.TRANSFORM_NAMES.map((name) => catalog.PRINCIPLES.find((p) => p.codemod.transform === name))
        : catalog.PRINCIPLES;
    return `<!-- principles:${name} -->\n${renderTable(table, principles)}\n<!-- /principles:${name} -->`;
  });
}

/** The rule's options object schema, wherever it is nested (a bare number may stand for `max`: oneOf). */
function optionsSchema(schema) {
  if (Array.isArray(schema)) return schema.map(optionsSchema).find(Boolean);
  if (schema?.properties) return schema;
  return (schema?.oneOf ?? schema?.anyOf ?? []).map(optionsSchema).find(Boolean);
}

function typeOf(property) {
  if (property.type === "array") return `${property.items?.type ?? "value"}[]`;
  if (property.type === "integer" && property.minimum !== undefined) return `integer ≥ ${property.minimum}`;
  return String(
    property.type ?? (property.enum ? property.enum.map((value) => JSON.stringify(value)).join(" \\| ") : "value"),
  );
}

function defaultOf(value) {
  if (value === undefined) return "—";
  if (Array.isArray(value) && value.length > 6) return `${value.length} names (see the rule's source)`;
  return `\`${JSON.stringify(value).replaceAll(",", ", ").replaceAll("|", "\\|")}\``;
}

/** docs/rules/<rule>.md's options table, from the rule's schema and meta.defaultOptions. */
function optionsTable(principle) {
  const schema = optionsSchema(principle.rule.meta.schema);
  const defaults = principle.rule.meta.defaultOptions?.[0] ?? {};
  const rows = Object.entries(schema?.properties ?? {}).map(
    ([name, property]) =>
      `| \`${name}\` | ${typeOf(property)} | ${defaultOf(defaults[name])} | ${(property.description ?? "").replaceAll("|", "\\|")} |`,
  );
  return ["| option | type | default | meaning |", "|---|---|---|---|", ...rows].join("\n");
}

function replaceOptionsRegion(text, file, principle) {
  const pattern = /<!-- options -->\n(?:[\s\S]*?\n)?<!-- \/options -->/;
  // A page may keep a hand-written table instead; test/docs.test.ts checks it against the schema.
  if (!pattern.test(text)) return text;
  return text.replace(pattern, () => `<!-- options -->\n${optionsTable(principle)}\n<!-- /options -->`);
}

/** Replaces the array after `anchor` (a literal prefix ending in `[`) with `values`; the rest of the file keeps its layout. */
function replaceEnum(text, file, anchor, values) {
  const start = text.indexOf(anchor);
  if (start === -1) throw new Error(`${file}: cannot find ${anchor}`);
  const from = start + anchor.length;
  const to = text.indexOf("]", from);
  return text.slice(0, from) + values.map((value) => JSON.stringify(value)).join(", ") + text.slice(to);
}

function schemaEnums(catalog) {
  const transforms = [...catalog.TRANSFORM_NAMES];
  const breaking = [...catalog.BREAKING_LEVELS];
  return {
    "schemas/audit-report.schema.json": [
      ['"principle": { "type": "integer", "enum": [', catalog.PRINCIPLES.map((p) => p.number)],
      ['"breaking": { "type": "string", "enum": [', breaking],
      [
        '"codemod": { "type": ["string", "null"], "enum": [',
        [...catalog.PRINCIPLES.map((p) => p.codemod.transform), null],
      ],
    ],
    "schemas/change-table.schema.json": [
      ['"items": { "enum": [', transforms],
      ['"transform": { "enum": [', transforms],
      ['"breaking": { "enum": [', breaking],
    ],
  };
}

/** Every generated file's expected text: path → [current, expected]. */
export async function generatedFiles(root = repo) {
  const dist = (path) => import(pathToFileURL(join(root, "dist", path)).href);
  const [{ PRINCIPLES }, { BREAKING_LEVELS }, { TRANSFORM_NAMES }] = await Promise.all([
    dist("rules/catalog.js"),
    dist("rules/principle.js"),
    dist("codemods/registry.js"),
  ]);
  const catalog = { PRINCIPLES, BREAKING_LEVELS, TRANSFORM_NAMES };
  const files = new Map();
  for (const file of ["README.md", "docs/audit.md"]) {
    const text = readFileSync(join(root, file), "utf8");
    files.set(file, [text, replaceRegions(text, file, catalog)]);
  }
  for (const principle of PRINCIPLES) {
    const file = `docs/rules/${principle.ruleName}.md`;
    const text = readFileSync(join(root, file), "utf8");
    files.set(file, [text, replaceOptionsRegion(text, file, principle)]);
  }
  for (const [file, enums] of Object.entries(schemaEnums(catalog))) {
    const text = readFileSync(join(root, file), "utf8");
    files.set(file, [
      text,
      enums.reduce((current, [anchor, values]) => replaceEnum(current, file, anchor, values), text),
    ]);
  }
  return files;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const check = process.argv.includes("--check");
  const drifted = [];
  for (const [file, [current, expected]] of await generatedFiles()) {
    if (current === expected) continue;
    drifted.push(file);
    if (!check) writeFileSync(join(repo, file), expected);
  }
  if (check && drifted.length > 0) {
    console.error(
      `Out of date with src/rules/catalog.ts: ${drifted.join(", ")}.\nRun: npm run build && node scripts/principle-tables.mjs`,
    );
    process.exit(1);
  }
  console.log(drifted.length === 0 ? "Generated tables and enums are up to date." : `Rewrote ${drifted.join(", ")}.`);
}
