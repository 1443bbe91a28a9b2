import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { ESLint } from "eslint";
import fg from "fast-glob";
import { describe, expect, it } from "vitest";
import { FileLinter } from "../../src/lint/engine.js";
import { RuleHost } from "../../src/lint/rule-host.js";
import { nth } from "../nth.js";
import { auditSetupConfig } from "../eslint-config.js";

const repoRoot = resolve(import.meta.dirname, "../..");

/** ESLint's Node API with the plugin's recommended config and @typescript-eslint/parser: the reference. */
async function referenceMessages(cwd: string, files: string[]): Promise<Map<string, string[]>> {
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    // The audit counts describe() callbacks of test files (its test section); the plugin's
    // recommended config skips them, so the reference uses the audit's rule setup.
    overrideConfig: [
      { ignores: ["!**/node_modules/"] },
      ...auditSetupConfig,
      { linterOptions: { reportUnusedDisableDirectives: "off" } },
    ],
    cache: false,
    ignore: false,
  });
  const results = await eslint.lintFiles(files);
  return new Map(
    results.map((result) => [
      result.filePath,
      result.messages
        // Only rule findings and parse errors: "rule not found" notes for other plugins' disable comments are not findings.
        .filter((message) => message.fatal === true || message.ruleId?.startsWith("txo/"))
        .map((message) =>
          message.fatal
            ? `parse:${message.line}:${message.column}`
            : `${message.ruleId}:${message.line}:${message.column}:${message.endLine}:${message.endColumn}:${message.message}`,
        )
        .sort(),
    ]),
  );
}

function fastMessages(cwd: string, files: string[]): Map<string, string[]> {
  const linter = new FileLinter(cwd, { fastParser: true });
  return new Map(
    files.map((file) => {
      const result = linter.lint(readFileSync(file, "utf8"), file);
      if (result.parseError) return [file, [`parse:${result.parseError.line}:${result.parseError.column}`]];
      return [
        file,
        result.findings
          .map(
            (finding) =>
              `${finding.ruleId}:${finding.line}:${finding.column}:${finding.endLine}:${finding.endColumn}:${finding.message}`,
          )
          .sort(),
      ];
    }),
  );
}

/** What the RuleHost alone reports, for the files it accepts (it hands the others to ESLint). */
function hostMessages(cwd: string, files: string[]): Map<string, string[]> {
  const host = new RuleHost(cwd);
  const accepted = new Map<string, string[]>();
  for (const file of files) {
    const messages = host.lint(readFileSync(file, "utf8"), file);
    if (messages !== undefined)
      accepted.set(
        file,
        messages
          .map(
            (message) =>
              `${message.ruleId}:${message.line}:${message.column}:${message.endLine}:${message.endColumn}:${message.message}`,
          )
          .sort(),
      );
  }
  return accepted;
}

async function compare(
  cwd: string,
  files: string[],
): Promise<{ reference: Map<string, string[]>; fast: Map<string, string[]>; host: Map<string, string[]> }> {
  return {
    reference: await referenceMessages(cwd, files),
    fast: fastMessages(cwd, files),
    host: hostMessages(cwd, files),
  };
}

function writeCorpus(corpus: string, sources: Record<string, string>): string[] {
  return Object.entries(sources).map(([name, text]) => {
    const target = join(corpus, name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    return target;
  });
}

/** Both paths against the reference; returns the three for further checks. */
async function compareAll(cwd: string, files: string[]): ReturnType<typeof compare> {
  const result = await compare(cwd, files);
  expect(result.fast).toEqual(result.reference);
  expectHostAgrees(result.reference, result.host);
  return result;
}

function expectHostAgrees(reference: Map<string, string[]>, host: Map<string, string[]>): void {
  for (const [file, messages] of host) expect({ file, messages }).toEqual({ file, messages: reference.get(file) });
}

describe("the fast path (oxc + typescript-estree-compatible tokens) reports exactly what plain ESLint reports", () => {
  it("on examples/legacy-app", async () => {
    const cwd = join(repoRoot, "examples/legacy-app");
    const files = fg.sync(["**/*.{ts,tsx,js,mjs,cjs,mts,cts}"], {
      cwd,
      absolute: true,
      ignore: ["**/node_modules/**", "**/*.d.ts"],
    });
    expect(files.length).toBeGreaterThan(5);
    const { reference, fast, host } = await compare(cwd, files);
    expect(fast).toEqual(reference);
    expectHostAgrees(reference, host);
    // Files with eslint-disable comments go to ESLint; the rest must not.
    expect(host.size).toBeGreaterThanOrEqual(files.length - 3);
    const total = [...reference.values()].reduce((sum, messages) => sum + messages.length, 0);
    expect(total).toBeGreaterThan(10);
  });

  it("on a few hundred real files from node_modules (TypeScript and JavaScript)", async () => {
    // Copied out of node_modules, which ESLint ignores by default, into a corpus folder.
    const corpus = mkdtempSync(join(tmpdir(), "txo-equivalence-"));
    const typescriptFiles = fg.sync(["node_modules/ajv/lib/**/*.ts"], { cwd: repoRoot, ignore: ["**/*.d.ts"] });
    const javascriptFiles = fg
      .sync(["node_modules/eslint/lib/**/*.js", "node_modules/commander/lib/*.js"], { cwd: repoRoot })
      .slice(0, 180);
    const sources = [...typescriptFiles, ...javascriptFiles, ...fg.sync(["src/**/*.ts"], { cwd: repoRoot })];
    const files = sources.map((file) => {
      const target = join(corpus, file.replace(/^node_modules\//, "packages/"));
      cpSync(join(repoRoot, file), target);
      return target;
    });
    expect(files.length).toBeGreaterThan(300);
    try {
      const { reference, fast, host } = await compare(corpus, files);
      for (const file of files)
        expect({ file, messages: fast.get(file) }).toEqual({ file, messages: reference.get(file) });
      expectHostAgrees(reference, host);
      expect(host.size / files.length).toBeGreaterThan(0.6);
    } finally {
      rmSync(corpus, { recursive: true, force: true });
    }
  }, 600_000);

  it("on TSX and JSX components (JSX is linted by the RuleHost without tokens)", async () => {
    const corpus = mkdtempSync(join(tmpdir(), "txo-equivalence-jsx-"));
    const bodyLines = Array.from(
      { length: 55 },
      (_, index) => `      <li key="${index}" className={styles.item}>{props.items[${index}]}</li>`,
    ).join("\n");
    const sources: Record<string, string> = {
      "src/List.tsx": `import * as React from "react";\nconst styles = { item: "item" };\nlet renders = 0;\nexport function List(props: { items: string[] }): JSX.Element {\n  renders++;\n  return (\n    <ul>\n${bodyLines}\n    </ul>\n  );\n}\n`,
      "src/Panel.tsx": `const config = { apiUrl: process.env.API_URL || "http://localhost" };\nexport const Panel = ({ title }: { title?: string }) => <section data-url={config.apiUrl}><h1>{title ?? "untitled"}</h1><>{[1, 2].map((n) => <b key={n}>{n}</b>)}</></section>;\nexport function stop(): void {\n  process.exit(2);\n}\n`,
      "src/legacy.jsx": `const cache = new Map();\nexport function Row({ id }) {\n  cache.set(id, true);\n  return <tr><td {...{ id }}>{id}</td><td>{"<&>"}</td></tr>;\n}\n`,
      "src/namespace.tsx": `export const Svg = () => <svg xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="#a" /></svg>;\nexport const Member = () => <Foo.Bar.Baz value={<i>nested</i>} />;\n`,
    };
    const files = writeCorpus(corpus, sources);
    try {
      const { reference, host } = await compareAll(corpus, files);
      // Even List.tsx, whose long function needs its head token: read from the text, not by a JSX-less scanner.
      expect([...host.keys()].sort()).toEqual([...files].sort());
      expect([...reference.values()].flat().length).toBeGreaterThan(4);
    } finally {
      rmSync(corpus, { recursive: true, force: true });
    }
  });

  it("on files with ESLint directive comments (line and block directives are applied by the RuleHost)", async () => {
    const corpus = mkdtempSync(join(tmpdir(), "txo-equivalence-directives-"));
    const exitIn = (name: string) => `export function ${name}(): void {\n  process.exit(1);\n}\n`;
    const sources: Record<string, string> = {
      "src/lib/blanket-next-line.ts": `export function a(): void {\n  // eslint-disable-next-line\n  process.exit(1);\n  process.exit(2);\n}\n`,
      "src/lib/named-line.ts": `export function b(): void {\n  process.exit(1); // eslint-disable-line txo/no-process-exit-in-library -- CLI helper\n  process.exit(2); // eslint-disable-line txo/max-function-lines\n}\n`,
      "src/lib/other-rules.ts": `/* eslint class-methods-use-this: off -- reason */\n/* eslint-disable no-console */\n// eslint-disable-next-line no-console, no-alert\n// exported by the "exported" comment above; global state lives elsewhere\n// eslint-disable txo/no-process-exit-in-library (a line comment: ESLint ignores it)\n${exitIn("c")}`,
      "src/lib/multi-line-block.ts": `export function d(): void {\n  /* eslint-disable-next-line\n     txo/no-process-exit-in-library */\n  process.exit(1);\n}\n`,
      "src/lib/range.ts": `/* eslint-disable txo/no-process-exit-in-library */\n${exitIn("e")}/* eslint-enable txo/no-process-exit-in-library */\n${exitIn("f")}`,
      "src/lib/generated.ts": `/* eslint-disable */\nlet calls = 0;\n${exitIn("g1")}export function count(): number {\n  return ++calls;\n}\n`,
      "src/lib/blanket-then-one.ts": `/* eslint-disable */\n${exitIn("g2")}/* eslint-enable "txo/no-process-exit-in-library" -- only this one */\nlet calls = 0;\n${exitIn("g3")}export function count(): number {\n  return ++calls;\n}\n`,
      "src/lib/one-then-blanket.ts": `/* eslint-disable no-console, 'txo/no-process-exit-in-library' */\n${exitIn("g4")}/* eslint-enable */\n${exitIn("g5")}`,
      "src/lib/mid-line.ts": `export function g6(): void {\n  process.exit(1); /* eslint-disable txo/no-process-exit-in-library */ process.exit(2);\n  /* eslint-enable\n     txo/no-process-exit-in-library */ process.exit(3);\n}\n`,
      "src/lib/quoted-line.ts": `export function g7(): void {\n  process.exit(1); // eslint-disable-line "txo/no-process-exit-in-library"\n  process.exit(2);\n}\n`,
      "src/lib/unknown-rule.ts": `/* eslint-disable txo/no-such-rule */\n${exitIn("g8")}`,
      "src/lib/globals.ts": `/* global process */\n${exitIn("g")}`,
      "src/lib/inline-config.ts": `/* eslint txo/no-process-exit-in-library: "off" */\n${exitIn("h")}`,
    };
    const files = writeCorpus(corpus, sources);
    try {
      const { reference, host } = await compareAll(corpus, files);
      const hosted = [...host.keys()].map((file) => file.slice(file.lastIndexOf("/") + 1)).sort();
      expect(hosted).toEqual([
        "blanket-next-line.ts",
        "blanket-then-one.ts",
        "generated.ts",
        "mid-line.ts",
        "named-line.ts",
        "one-then-blanket.ts",
        "other-rules.ts",
        "quoted-line.ts",
        "range.ts",
      ]);
      const findingsIn = (name: string) =>
        reference
          .get(nth(files, Object.keys(sources).indexOf(`src/lib/${name}`)))
          ?.map((message) => message.split(":").slice(0, 2).join("@"));
      expect(findingsIn("blanket-next-line.ts")).toHaveLength(1);
      expect(findingsIn("named-line.ts")).toHaveLength(1);
      expect(findingsIn("generated.ts")).toEqual([]);
      expect(findingsIn("blanket-then-one.ts")).toEqual(["txo/no-process-exit-in-library@8"]);
      expect(findingsIn("one-then-blanket.ts")).toEqual(["txo/no-process-exit-in-library@7"]);
      expect(findingsIn("mid-line.ts")).toEqual([
        "txo/no-process-exit-in-library@2",
        "txo/no-process-exit-in-library@4",
      ]);
      expect(findingsIn("quoted-line.ts")).toEqual(["txo/no-process-exit-in-library@3"]);
    } finally {
      rmSync(corpus, { recursive: true, force: true });
    }
  });

  it("on real files with block directives put at random lines (the RuleHost applies them as ESLint does)", async () => {
    const corpus = mkdtempSync(join(tmpdir(), "txo-equivalence-blocks-"));
    const ruleIds = [
      "txo/no-process-exit-in-library",
      "txo/max-function-lines",
      "txo/no-global-mutable-state",
      "txo/no-soft-fail-config",
    ];
    let seed = 7;
    const next = (bound: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % bound;
    };
    const names = () =>
      [
        "",
        ` ${ruleIds[next(4)]}`,
        ` no-console, "${ruleIds[next(4)]}"`,
        ` ${ruleIds[next(4)]}, ${ruleIds[next(4)]} -- legacy`,
      ][next(4)];
    const directive = () => `/* ${next(2) === 0 ? "eslint-disable" : "eslint-enable"}${names()} */`;
    const sources = Object.fromEntries(
      fg
        .sync(
          ["examples/legacy-app/**/*.ts", "node_modules/ajv/lib/compile/**/*.ts", "node_modules/commander/lib/*.js"],
          { cwd: repoRoot, ignore: ["**/*.d.ts"] },
        )
        .slice(0, 60)
        .map((file) => {
          const lines = readFileSync(join(repoRoot, file), "utf8").split("\n");
          for (let count = 1 + next(4); count > 0; count -= 1) lines.splice(next(lines.length), 0, directive());
          return [file.replace(/^node_modules\//, "packages/"), lines.join("\n")];
        }),
    );
    const files = writeCorpus(corpus, sources);
    try {
      const { reference, host } = await compareAll(corpus, files);
      expect(host.size / files.length).toBeGreaterThan(0.9);
      expect([...reference.values()].flat().length).toBeGreaterThan(10);
    } finally {
      rmSync(corpus, { recursive: true, force: true });
    }
  }, 120_000);

  it("reports a parse error like ESLint does for a file that does not parse", () => {
    const linter = new FileLinter(repoRoot, { fastParser: true });
    const result = linter.lint("export function broken( {\n", join(repoRoot, "broken.ts"));
    expect(result.parser).toBe("typescript-estree");
    expect(result.parseError?.message).toMatch(/expected|Parsing error/i);
  });
});

describe("the RuleHost", () => {
  const cwd = join(repoRoot, "examples/legacy-app");
  const host = new RuleHost(cwd);
  const lint = (text: string, name = "src/sample.ts") => host.lint(text, join(cwd, name));

  it("hands files with directive comments it does not apply itself to ESLint", () => {
    expect(lint("/* eslint-disable txo/no-such-rule */\nexport const x = 1;\n")).toBeUndefined();
    expect(lint('/* eslint txo/max-function-lines: ["error", { max: 3 }] */\nexport const x = 1;\n')).toBeUndefined();
    expect(lint("/* global counter */\nexport const x = 1;\n")).toBeUndefined();
    expect(lint("/* exported x */\nexport const x = 1;\n")).toBeUndefined();
  });

  it("applies block eslint-disable / eslint-enable ranges itself", () => {
    expect(
      lint("/* eslint-disable */\nexport function stop(): void {\n  process.exit(1);\n}\n", "src/lib/stop.ts"),
    ).toEqual([]);
    const ranged = lint(
      "/* eslint-disable no-console, txo/no-process-exit-in-library -- legacy */\nexport function a(): void {\n  process.exit(1);\n}\n/* eslint-enable */\nexport function b(): void {\n  process.exit(2);\n}\n",
      "src/lib/stop.ts",
    );
    expect(ranged?.map((message) => [message.ruleId, message.line])).toEqual([["txo/no-process-exit-in-library", 7]]);
  });

  it("lints files whose directive comments only concern other rules", () => {
    expect(lint("// an ordinary comment about global state and eslint\nexport const x = 1;\n")).toEqual([]);
    const otherRule = lint(
      "// eslint-disable-next-line no-console -- the CLI prints\nexport function stop(): void {\n  process.exit(1);\n}\n",
      "src/lib/stop.ts",
    );
    expect(otherRule?.map((message) => message.ruleId)).toEqual(["txo/no-process-exit-in-library"]);
  });

  it("treats a shebang line and a byte-order mark as ESLint does", () => {
    const exits = lint(
      "\uFEFF#!/usr/bin/env node\nexport function stop(): void {\n  process.exit(1);\n}\n",
      "src/lib/stop.ts",
    );
    expect(exits?.map((message) => [message.ruleId, message.line, message.column])).toEqual([
      ["txo/no-process-exit-in-library", 3, 3],
    ]);
  });

  it("reads tokens only where a rule asks for them, and lints JSX", () => {
    const long = `export function long(): void {\n${"  console.log(1);\n".repeat(60)}}\n`;
    expect(lint(long)?.map((message) => [message.ruleId, message.endLine, message.endColumn])).toEqual([
      ["txo/max-function-lines", 1, 29],
    ]);
    expect(lint("export const Row = () => <li>{1}</li>;\n", "src/row.tsx")).toEqual([]);
    expect(
      lint(`export const Row = () => {\n${"  console.log(1);\n".repeat(60)}  return <li />;\n};\n`, "src/row.tsx")?.map(
        (message) => message.ruleId,
      ),
    ).toEqual(["txo/max-function-lines"]);
    // A head ending in a string literal type is beyond the text reader: TypeScript's scanner answers, except in JSX files.
    const stringHead = `export function kind(): "a" {\n${"  console.log(1);\n".repeat(60)}  return "a";\n}\n`;
    expect(lint(stringHead)?.map((message) => [message.ruleId, message.endColumn])).toEqual([
      ["txo/max-function-lines", 28],
    ]);
    expect(lint(`${stringHead}export const x = <i />;\n`, "src/kind.tsx")).toBeUndefined();
  });
});
