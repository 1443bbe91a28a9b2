#!/usr/bin/env node
// The module graph of src/ by room (rules, each rule's analysis, config, lint layer, audit,
// codemods, runtime, cli), as a Mermaid diagram, and whether every arrow points one way.
//
//   node scripts/module-graph.mjs            print the diagram (Markdown with a mermaid block)
//   node scripts/module-graph.mjs --check    exit 1 when two rooms import each other
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(repo, "src");

/** The room a source file belongs to, from its path under src/. */
function roomOf(file) {
  const [top, second] = file.split("/");
  // The plugin and its catalog list the rules; each rule's folder and the helpers every rule uses are the analysis.
  if (top === "rules") return ["index", "catalog"].includes(second.replace(/\.[jt]s$/, "")) ? "rules" : "rule analysis";
  if (top === "audit" && second === "lint") return "lint layer";
  if (top === "lint") return "lint layer";
  // Rewrite texts (a throw, a requireConfig call, an import) that rule suggestions and codemods share.
  if (top === "rewrite") return "rewrite text";
  if (top === "index.ts") return "package entry";
  return top;
}

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith(".ts") ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*["'](\.{1,2}\/[^"']+)["']/g;

const edges = new Map();
for (const path of sourceFiles(src)) {
  const from = roomOf(relative(src, path));
  for (const [, specifier] of readFileSync(path, "utf8").matchAll(IMPORT)) {
    const target = relative(src, resolve(dirname(path), specifier)).replace(/\.js$/, ".ts");
    if (target.startsWith("..")) continue;
    const to = roomOf(target);
    if (to === from) continue;
    const key = `${from}\t${to}`;
    edges.set(key, (edges.get(key) ?? 0) + 1);
  }
}

const pairs = [...edges.keys()].map((key) => key.split("\t"));
const backEdges = pairs.filter(([from, to]) => edges.has(`${to}\t${from}`));
const id = (room) => room.replace(/[^a-z]/g, "_");
const lines = ["```mermaid", "flowchart RL"];
for (const [from, to] of pairs.sort())
  lines.push(`  ${id(from)}["${from}"] -->|${edges.get(`${from}\t${to}`)}| ${id(to)}["${to}"]`);
lines.push("```");

if (process.argv.includes("--check")) {
  if (backEdges.length > 0) {
    console.error(`Rooms that import each other: ${backEdges.map(([from, to]) => `${from} → ${to}`).join(", ")}`);
    process.exit(1);
  }
  console.log(`${pairs.length} arrows between rooms, all one way.`);
} else {
  console.log(
    [
      "# Module graph of src/ (node scripts/module-graph.mjs)",
      "",
      "Arrows point from the importing room to the imported one; the numbers count imports.",
      "",
      ...lines,
    ].join("\n"),
  );
}
