import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, TempProject } from "./project-fixture.js";

// The built binary, on fixture trees whose files give no evidence of their own style (as many single-
// and double-quoted strings, as many statements with and without `;`, no multi-line block), so the
// project's Prettier or EditorConfig settings decide how inserted imports and code are written.
const binary = join(repoRoot, "dist", "cli", "txo-codemod.js");
const TYPES = "export interface Settings { retries?: number; limit?: number }\n";
const SETTINGS = [
  "import { type Settings } from './types.js'",
  "export const retries = (settings: Settings) => settings.retries ?? 3;",
  'export const label = "retries"',
  "export const limit = (settings: Settings) => settings.limit ?? 10;",
  "",
].join("\n");
const STOP = "export function stop(): void { void [\"a\", 'b']; process.exit(1) }\n";

/** Each package gets its own config (the style lookup stops at a package.json); one run rewrites them all. */
const PACKAGES: Record<string, Record<string, string>> = {
  yaml: { ".prettierrc": "semi: false\nsingleQuote: true\ntabWidth: 4\n" },
  module: {
    "prettier.config.mjs":
      'export default { singleQuote: true, useTabs: true, overrides: [{ files: "*.ts", options: { semi: false } }] };\n',
    ".editorconfig": "root = true\n\n[*.{ts,js}]\nindent_style = space\nindent_size = 3\n",
  },
  editorconfig: { ".editorconfig": "[*]\nindent_style = tab\n\n[*.md]\nindent_size = 8\n" },
  own: {
    "package.json": JSON.stringify({ name: "own", type: "module", prettier: { singleQuote: true, semi: false } }),
    "src/settings.ts": 'export const retries = (settings: { retries?: number }) => settings.retries ?? "3";\n',
  },
};

let project: TempProject;

beforeAll(() => {
  const files: Record<string, string> = {};
  for (const [name, config] of Object.entries(PACKAGES)) {
    const own = { "package.json": JSON.stringify({ name, type: "module" }), "src/types.ts": TYPES };
    const sources: Record<string, string> = name === "own" ? {} : { "src/settings.ts": SETTINGS, "src/stop.ts": STOP };
    for (const [path, text] of Object.entries({ ...own, ...sources, ...config }))
      files[`packages/${name}/${path}`] = text;
  }
  project = new TempProject(files);
  const run = spawnSync(process.execPath, [binary, "all", "packages", "--mode", "explicit", "--write", "--quiet"], {
    cwd: project.dir,
    encoding: "utf8",
  });
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
});

afterAll(() => project.remove());

function rewritten(name: string): { settings: string; stop: string } {
  return {
    settings: project.read(`packages/${name}/src/settings.ts`),
    stop: project.read(`packages/${name}/src/stop.ts`),
  };
}

/** What the two rewritten files become with the given quote, semicolon and indentation unit. */
function expected(quote: string, semi: string, indent: string): { settings: string; stop: string } {
  const q = (text: string) => `${quote}${text}${quote}`;
  return {
    settings: [
      "import { type Settings } from './types.js'",
      `import { optional } from ${q("@txo-toolkit/runtime")}${semi}`,
      `export const retries = (settings: Settings) => optional(settings, [${q("retries")}], 3);`,
      'export const label = "retries"',
      `export const limit = (settings: Settings) => optional(settings, [${q("limit")}], 10);`,
      "",
    ].join("\n"),
    stop: [
      `import { HelpfulError } from ${q("@txo-toolkit/runtime")}${semi}`,
      "",
      `export function stop(): void { void ["a", 'b']; throw new HelpfulError({`,
      `${indent}whatWentWrong: ${q("TODO(txo-codemod): say what went wrong")},`,
      `${indent}howToFix: ${q("TODO(txo-codemod): tell the user how to fix this")},`,
      `})${semi} }`,
      "",
    ].join("\n"),
  };
}

describe("inserted code follows the project's formatter settings (built binary)", () => {
  it("a YAML .prettierrc: single quotes, no semicolons, four spaces", () => {
    expect(rewritten("yaml")).toEqual(expected("'", "", "    "));
  });

  it("prettier.config.mjs, read as text (never run), over .editorconfig; its overrides are left out", () => {
    expect(rewritten("module")).toEqual(expected("'", ";", "\t"));
  });

  it("an .editorconfig alone sets the indentation; quotes and semicolons stay the defaults", () => {
    expect(rewritten("editorconfig")).toEqual(expected('"', ";", "\t"));
  });

  it("the file's own evidence (double quotes, semicolons) wins over package.json's prettier settings", () => {
    expect(project.read("packages/own/src/settings.ts")).toBe(
      [
        'import { optional } from "@txo-toolkit/runtime";',
        "",
        'export const retries = (settings: { retries?: number }) => optional(settings, ["retries"], "3");',
        "",
      ].join("\n"),
    );
  });
});
