import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";

/**
 * The JavaScript and TypeScript code blocks of README.md and docs/, and what each claims. A block
 * either runs as written (its first line names its file and says "runs as written"; a test runs
 * it), or its info string says it does not: `ts fragment` (an excerpt: it must still parse on every
 * supported Node), or `ts notation` (a signature such as `{ debug? }`, or one case per line).
 */

export const repoRoot = resolve(import.meta.dirname, "..", "..");

/** Blocks that run as written, by the file name on their first line; test/readme.test.ts runs each. */
export const RUNNABLE_BLOCKS: readonly string[] = Object.freeze(["example.mjs", "export-users.mjs", "app.mjs"]);

const CODE_LANGUAGES = new Set(["js", "ts", "mjs", "cjs", "javascript", "typescript", "jsx", "tsx"]);
const FENCE = /^(\s*)(`{3,})(.*)$/;

export interface CodeBlock {
  /** `docs/runtime.md:8`: file and line of the opening fence. */
  where: string;
  language: string;
  /** The words after the language in the info string (`fragment`, `notation`). */
  marks: string[];
  code: string;
}

function markdownFiles(): string[] {
  const docs = readdirSync(join(repoRoot, "docs"), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".md"))
    .map((entry) => join(entry.parentPath, entry.name));
  return [join(repoRoot, "README.md"), ...docs.sort()];
}

function blocksOf(file: string): CodeBlock[] {
  const lines = readFileSync(file, "utf8").split("\n");
  const blocks: CodeBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = FENCE.exec(lines[index] ?? "");
    if (!open) continue;
    const [, indent = "", fence = "", info = ""] = open;
    const end = lines.findIndex(
      (line, at) => at > index && line.trim().startsWith(fence) && line.trim().length === fence.length,
    );
    const closing = end === -1 ? lines.length : end;
    const [language = "", ...marks] = info.trim().split(/\s+/);
    const code = lines
      .slice(index + 1, closing)
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
      .join("\n");
    if (CODE_LANGUAGES.has(language))
      blocks.push({ where: `${relative(repoRoot, file)}:${index + 1}`, language, marks, code });
    index = closing;
  }
  return blocks;
}

export function codeBlocks(): CodeBlock[] {
  return markdownFiles().flatMap(blocksOf);
}

/** The file name a runnable block gives on its first line (`// example.mjs — runs as written …`). */
export function runnableName(block: CodeBlock): string | undefined {
  const first = block.code.split("\n")[0] ?? "";
  return first.includes("runs as written") ? /([\w.-]+\.[cm]?[jt]s)\b/.exec(first)?.[1] : undefined;
}

/** The one runnable block named `name`; throws when the docs have none or several. */
export function runnableBlock(name: string): string {
  const found = codeBlocks().filter((block) => runnableName(block) === name);
  if (found.length !== 1)
    throw new Error(`README.md and docs/ have ${found.length} blocks that run as written as ${name}; expected 1`);
  return found[0]?.code ?? "";
}
