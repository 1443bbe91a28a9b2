import { diffArrays } from "diff";
import { afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { runCodemods } from "../../src/codemods/index.js";
import { TempProject } from "./project-fixture.js";

/**
 * split-long-functions moves statements into helpers. A reviewer must see them moved, not rewritten:
 * every line that leaves the long function comes back byte for byte, only its indentation shifted, and
 * the only other lines are the helper's header, its return, its closing brace and the call.
 */

const projects: TempProject[] = [];
afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
});

/** CRLF, four-space indentation, semicolons, no trailing commas, long lines, comments inside calls, odd spacing. */
const CRLF_SOURCE = [
  "export interface Row { name: string; amount: number; tags: string[] }",
  "",
  "export function renderLedger(rows: Row[], title: string, currency: string): string {",
  "    const out: string[] = [];",
  "    out.push( `== ${title} ==` );",
  "",
  "    // Keep only the rows worth showing",
  "    const visible = rows.filter((row) => row.amount !== 0 && row.name.trim().length > 0 && !row.tags.includes('hidden'));",
  "    const sorted = [...visible].sort((a, b) =>",
  "        b.amount - a.amount || a.name.localeCompare(b.name)",
  "    );",
  "    out.push(describeCount(sorted.length, /* what */ 'row'  ));",
  "",
  "    // Write one line per row",
  "    for (const row of sorted) {",
  "        const label = (row.name.length > 12 ? row.name.slice(0, 11) + '…' : row.name);",
  "        try { label.normalize(); } catch {}",
  "        out.push(",
  "            label.padEnd(12) + ' ' + row.amount.toFixed(2).padStart(10) + ' ' + currency",
  "        );",
  "        if (row.tags.length > 1) out.push(`  tags:",
  '    ${row.tags.join( ", " )}`); // on a line of their own',
  "    }",
  "",
  "    // Sum up the totals",
  "    let total = 0;",
  "    for (const row of sorted) total += row.amount;",
  "    const summary = {",
  "        count: sorted.length,",
  "        total: total.toFixed(2)",
  "    };",
  "    out.push(`total: ${summary.total} ${currency} over ${summary.count}`);",
  "    out.push(`multi-line note:",
  "  kept exactly",
  "        as written`);",
  "    return out.join('\\n');",
  "}",
  "",
  "function describeCount(count: number, noun: string): string {",
  "    return count === 1 ? `1 ${noun}` : `${count} ${noun}s`;",
  "}",
  "",
].join("\r\n");

/** Tabs, no semicolons, double quotes, a method of a class. */
const TAB_SOURCE = [
  "export class Inventory {",
  "\tprivate readonly stock = new Map<string, number>()",
  "",
  "\trestock(lines: string[]): string[] {",
  "\t\tconst log: string[] = []",
  "",
  "\t\t// Parse the incoming lines",
  '\t\tconst parsed = lines.map((line) => line.split("=")).filter(([sku, count]) => sku !== undefined && count !== undefined)',
  "\t\tconst entries = parsed.map(([sku, count]) => ({ sku: sku.trim(),   count: Number(count) }))",
  '\t\tlog.push("parsed " + entries.length)',
  "",
  "\t\t// Apply the entries to the stock",
  "\t\tfor (const entry of entries) {",
  "\t\t\tconst before = this.stock.get(entry.sku) ?? 0",
  "\t\t\tthis.stock.set(",
  "\t\t\t\tentry.sku,",
  "\t\t\t\tbefore + entry.count",
  "\t\t\t)",
  "\t\t\tlog.push(`${entry.sku}: ${before} -> ${before + entry.count}`)",
  "\t\t}",
  "",
  "\t\t// Report what is low",
  "\t\tconst low = [...this.stock].filter(([, count]) => count < 3).map(([sku]) => sku)",
  '\t\tif (low.length > 0) log.push("low: " + low.join(", "))',
  '\t\tlog.push("done")',
  "\t\treturn log",
  "\t}",
  "}",
  "",
  "export function describeAll(items: string[][]): string[] {",
  "\tconst out: string[] = []",
  "\tfor (const item of items) {",
  "\t\tconst [name, ...rest] = item",
  "\t\tconst heading = `${name}:",
  "\t${rest.length} parts`",
  "\t\tout.push(heading)",
  "\t\tfor (const part of rest) {",
  '\t\t\tout.push("  - " + part)',
  "\t\t}",
  "\t\tout.push(",
  '\t\t\trest.join( "+" )',
  "\t\t)",
  '\t\tif (rest.length === 0) out.push("(empty)")',
  '\t\tout.push("")',
  "\t}",
  "\treturn out",
  "}",
  "",
].join("\n");

interface Line {
  content: string;
  ending: string;
}

function linesOf(text: string): Line[] {
  return [...text.matchAll(/([^\r\n]*)(\r\n|\n|$)/g)]
    .filter((match) => match[0] !== "")
    .map(([, content = "", ending = ""]) => ({ content, ending }));
}

const HELPER_HEADER = /^(export )?(private )?(async )?(function )?\w+\([^)]*\)(: [^{]+)? \{$/;
const HELPER_RETURN = /^return [\w{}, ]+;?$/;

function returnedForm(declaration: string): string | undefined {
  const match = /^(?:(?:const|let|var) )?[\w$]+ = (.*)$/.exec(declaration);
  return match ? `return ${match[1]}` : undefined;
}

/** What the split changed, as lines: moved ones must match removed ones, the rest must be helper scaffolding. */
function movedLineProblems(before: string, after: string): string[] {
  const problems: string[] = [];
  const removed: string[] = [];
  const added: string[] = [];
  for (const change of diffArrays(
    linesOf(before).map((line) => line.content),
    linesOf(after).map((line) => line.content),
  ))
    if (change.removed) removed.push(...change.value);
    else if (change.added) added.push(...change.value);
  const helperNames = added.flatMap(
    (line) => /(\w+)\(/.exec(HELPER_HEADER.test(line.trim()) ? line.trim() : "")?.[1] ?? [],
  );
  const unmatched = new Map<string, number>();
  for (const line of removed) unmatched.set(line.trimStart(), (unmatched.get(line.trimStart()) ?? 0) + 1);
  for (const line of added) {
    const content = line.trimStart();
    // A helper made of one declaration returns its initializer: `const x = {` comes back as `return {`.
    const source = [content, ...[...unmatched.keys()].filter((key) => returnedForm(key) === content)].find(
      (key) => (unmatched.get(key) ?? 0) > 0,
    );
    if (source !== undefined) unmatched.set(source, (unmatched.get(source) ?? 0) - 1);
    else if (
      !HELPER_HEADER.test(content) &&
      !HELPER_RETURN.test(content) &&
      !["}", ""].includes(content) &&
      !helperNames.some((name) => content.includes(`${name}(`))
    )
      problems.push(`added line that is not moved text nor helper scaffolding: ${JSON.stringify(line)}`);
  }
  for (const [content, left] of unmatched)
    if (left > 0 && content !== "") problems.push(`moved line lost or rewritten: ${JSON.stringify(content)}`);
  return problems;
}

/** The module as it was before the split, from a project of its own. */
async function importOriginal(path: string, source: string): Promise<unknown> {
  const project = new TempProject({ [path]: source }, { git: false });
  projects.push(project);
  return import(join(project.dir, path));
}

async function split(files: Record<string, string>, maxLines: number): Promise<TempProject> {
  const project = new TempProject({ ...files, "txo.config.json": JSON.stringify({ maxLines }) });
  projects.push(project);
  const result = await runCodemods(["split-long-functions"], { cwd: project.dir, write: true });
  expect(result.rows.filter((row) => row.status === "fixed").length).toBeGreaterThan(0);
  return project;
}

describe("split-long-functions moves the author's text", () => {
  it("keeps every moved line of a CRLF, four-space, semicolon file byte for byte, only re-indented", async () => {
    const project = await split({ "src/ledger.ts": CRLF_SOURCE }, 14);
    const after = project.read("src/ledger.ts");
    expect(after).not.toBe(CRLF_SOURCE);
    expect(movedLineProblems(CRLF_SOURCE, after)).toEqual([]);
    expect(after.match(/\r?\n/g)?.every((ending) => ending === "\r\n")).toBe(true);
    expect(after).toContain("`multi-line note:\r\n  kept exactly\r\n        as written`");
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
    const rows = [
      { name: "pear", amount: 2.5, tags: ["ripe", "cheap"] },
      { name: "an apple with a long name", amount: 10, tags: ["x"] },
      { name: "ghost", amount: 3, tags: ["hidden"] },
      { name: "zero", amount: 0, tags: [] },
    ];
    // The source above exports renderLedger(); the split keeps its signature (the typecheck compiles it).
    const splitModule = (await import(join(project.dir, "src/ledger.ts"))) as {
      renderLedger: (rows: unknown[], title: string, currency: string) => string;
    };
    // The same source, not split: same exports.
    const originalModule = (await importOriginal("src/ledger.ts", CRLF_SOURCE)) as typeof splitModule;
    expect(splitModule.renderLedger(rows, "May", "EUR")).toBe(originalModule.renderLedger(rows, "May", "EUR"));
    expect(splitModule.renderLedger(rows, "May", "EUR")).toContain("  tags:\n    ripe, cheap");
  });

  it("keeps every moved line of a tab-indented, semicolon-free file (a class method, a loop body) byte for byte", async () => {
    const project = await split({ "src/inventory.ts": TAB_SOURCE }, 12);
    const after = project.read("src/inventory.ts");
    expect(after).not.toBe(TAB_SOURCE);
    expect(movedLineProblems(TAB_SOURCE, after)).toEqual([]);
    expect(after).not.toMatch(/;\n/);
    expect(after).toContain("`${name}:\n\t${rest.length} parts`");
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
    interface Module {
      Inventory: new () => { restock(lines: string[]): string[] };
      describeAll(items: string[][]): string[];
    }
    // TAB_SOURCE exports these two; the split keeps their signatures (the typecheck above compiles it).
    const splitModule = (await import(join(project.dir, "src/inventory.ts"))) as Module;
    // import() gives the module just written from TAB_SOURCE, which exports Module's members.
    const original = (await importOriginal("src/inventory.ts", TAB_SOURCE)) as Module;
    const lines = ["a=1", "b = 5", "bad", "a=1"];
    expect(new splitModule.Inventory().restock(lines)).toEqual(new original.Inventory().restock(lines));
    const items = [["a", "x", "y"], ["b"]];
    expect(splitModule.describeAll(items)).toEqual(original.describeAll(items));
  });
});
