import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import tsParser from "@typescript-eslint/parser";
import { RuleTester } from "@typescript-eslint/rule-tester";
import { afterAll, describe, expect, it } from "vitest";
import rule, { type MessageIds, type NoProcessExitOptions } from "../../src/rules/no-process-exit-in-library/rule.js";
import { findBinEntry, ProjectFileCache } from "../../src/rules/no-process-exit-in-library/entry-points.js";
import { readBundlerEntries } from "../../src/rules/no-process-exit-in-library/process-exit-bundler-entries.js";

// The false-positive classes and missed entry points of issue #13, each seen on published
// packages (test/real-world/): valid cases must stay silent, invalid ones must still be reported.
RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;

const fixtures = join(resolve(dirname(fileURLToPath(import.meta.url)), "..", ".."), "test", "fixtures", "process-exit");
const fixture = (...parts: string[]): string => join(fixtures, ...parts);
const LIBRARY = fixture("library", "src", "config-loader.ts");
const ruleTester = new RuleTester({ languageOptions: { parser: tsParser, sourceType: "module" } });
// A RuleCreator rule is the RuleModule RuleTester.run takes; the two packages type it apart.
const testedRule = rule as unknown as Parameters<typeof ruleTester.run<MessageIds, [NoProcessExitOptions]>>[1];

/** The suggestion for `process.exit(1);` as the body's only statement of a function written as `<head> {\n  …\n}`. */
function throwInside(head: string) {
  const output = `import { HelpfulError } from "@txo-toolkit/runtime";\n${head} {\n  throw new HelpfulError({\n    whatWentWrong: "TODO(txo-codemod): say what went wrong",\n    howToFix: "TODO(txo-codemod): tell the user how to fix this",\n  });\n}`;
  return [{ messageId: "suggestThrow" as const, output }];
}

ruleTester.run("no-process-exit-in-library: test doubles and non-terminating signals", testedRule, {
  valid: [
    {
      name: "expect(process.exit) inspects a spy",
      filename: LIBRARY,
      code: "expect(process.exit).not.toHaveBeenCalled();",
    },
    {
      name: "expect(process.exit) with a matcher argument",
      filename: LIBRARY,
      code: "expect(process.exit).toHaveBeenCalledWith(1);",
    },
    {
      name: "vi.spyOn(process, 'exit') replaces the method",
      filename: LIBRARY,
      code: "vi.spyOn(process, 'exit').mockImplementation(() => undefined as never);",
    },
    { name: "vi.mocked(process.exit)", filename: LIBRARY, code: "vi.mocked(process.exit).mockClear();" },
    {
      name: "SIGTSTP suspends the process (Ctrl+Z), it does not end it",
      filename: LIBRARY,
      code: "process.kill(process.pid, 'SIGTSTP');",
    },
    { name: "SIGWINCH reports a resize", filename: LIBRARY, code: "process.kill(process.pid, 'SIGWINCH');" },
  ],
  invalid: [
    {
      name: "an exit passed to anything else is still handed over",
      filename: LIBRARY,
      code: "promise.catch(process.exit);",
      errors: [{ messageId: "processExitReference" }],
    },
    {
      name: "SIGTERM to the own pid still ends the process",
      filename: LIBRARY,
      code: "process.kill(process.pid, 'SIGTERM');",
      errors: [{ messageId: "processKill" }],
    },
    {
      name: "an exit inside a test body is still an exit",
      filename: LIBRARY,
      code: "it('quits', () => { process.exit(1); });",
      errors: [{ messageId: "processExit" }],
    },
  ],
});

ruleTester.run("no-process-exit-in-library: signal handlers registered through a table", testedRule, {
  valid: [
    {
      name: "for…of over Object.keys of a handler table",
      filename: LIBRARY,
      code: "const handlers = { SIGINT: () => process.exit(130), SIGTERM: () => process.exit(143) };\nfor (const name of Object.keys(handlers)) process.on(name, handlers[name as keyof typeof handlers]);",
    },
    {
      name: "a named handler in the table",
      filename: LIBRARY,
      code: "function stop() { process.exit(0); }\nconst handlers = { SIGINT: stop };\nfor (const [name] of Object.entries(handlers)) process.once(name, handlers[name]);",
    },
  ],
  invalid: [
    {
      name: "a table entry for a non-signal event is not a signal handler",
      filename: LIBRARY,
      code: "const handlers = { exit: () => process.exit(1), SIGINT: () => process.exit(130) };\nfor (const name of Object.keys(handlers)) process.on(name, handlers[name]);",
      errors: [{ messageId: "processExit", line: 1, column: 32 }],
    },
    {
      name: "a table function also called directly is reachable outside the handler",
      filename: LIBRARY,
      code: "function stop() { process.exit(0); }\nconst handlers = { SIGINT: stop };\nfor (const name of Object.keys(handlers)) process.on(name, handlers[name]);\nexport const quit = () => stop();",
      errors: [{ messageId: "processExit", line: 1 }],
    },
  ],
});

ruleTester.run("no-process-exit-in-library: bins that start the package by name or as a child", testedRule, {
  valid: [
    {
      name: "the main module a bin imports by the package's own name",
      filename: fixture("bin-own-name", "src", "index.mts"),
      code: "export function main(): void {\n  process.exit(1);\n}",
    },
    { name: "the module a bin forks", filename: fixture("bin-fork", "src", "worker.ts"), code: "process.exit(0);" },
  ],
  invalid: [
    {
      name: "another module of the same package is library code",
      filename: fixture("bin-own-name", "src", "helper.ts"),
      code: "export function helper(): void {\n  process.exit(1);\n}",
      errors: [{ messageId: "processExit", suggestions: throwInside("export function helper(): void") }],
    },
    {
      name: "a module the forking bin does not start",
      filename: fixture("bin-fork", "src", "other.ts"),
      code: "export const other = () => process.exit(1);",
      errors: [{ messageId: "processExit" }],
    },
  ],
});

ruleTester.run("no-process-exit-in-library: modules only the bin reaches (entryOnlyModules)", testedRule, {
  valid: [
    {
      name: "a command module only the bin's source imports",
      filename: fixture("bin-commands", "src", "commands", "build.ts"),
      options: [{ entryOnlyModules: true }],
      code: "export function build(): void {\n  process.exit(1);\n}",
    },
    {
      name: "a commander executable subcommand next to the bin's source",
      filename: fixture("bin-commands", "src", "cmd-tool-deploy.ts"),
      options: [{ entryOnlyModules: true }],
      code: "process.exit(0);",
    },
  ],
  invalid: [
    {
      name: "a module the library entry also reaches",
      filename: fixture("bin-commands", "src", "shared.ts"),
      options: [{ entryOnlyModules: true }],
      code: "export function shared(): void {\n  process.exit(1);\n}",
      errors: [{ messageId: "processExit", suggestions: throwInside("export function shared(): void") }],
    },
    {
      name: "the option off: a command module is library code",
      filename: fixture("bin-commands", "src", "commands", "build.ts"),
      options: [{ entryOnlyModules: false }],
      code: "export function build(): void {\n  process.exit(1);\n}",
      errors: [{ messageId: "processExit", suggestions: throwInside("export function build(): void") }],
    },
    {
      name: "a file that shares the bin's prefix but no .command() declares is no subcommand",
      filename: fixture("bin-commands", "src", "cmd-tool-helpers.ts"),
      code: "export function formatPlan(): string {\n  process.exit(1);\n}",
      errors: [{ messageId: "processExit", suggestions: throwInside("export function formatPlan(): string") }],
    },
  ],
});

ruleTester.run("no-process-exit-in-library: entryOnlyModules by default (on with a library entry)", testedRule, {
  valid: [
    {
      name: "a command module of a package with bin and main, by default",
      filename: fixture("bin-commands", "src", "commands", "build.ts"),
      code: "export function build(): void {\n  process.exit(1);\n}",
    },
    {
      name: "a commander executable subcommand is a bin itself, with or without the option",
      filename: fixture("bin-commands", "src", "cmd-tool-deploy.ts"),
      options: [{ entryOnlyModules: false }],
      code: "process.exit(0);",
    },
    {
      name: "main is the bin's program (a source map names src/index.ts): what it imports is the program's",
      filename: fixture("bin-main-program", "src", "generate.ts"),
      code: "export function generate(): void {\n  process.exit(0);\n}",
    },
    {
      name: "a module listed in the source map of the bundle the bin runs",
      filename: fixture("bin-bundle", "src", "cli", "prompts.ts"),
      code: "export function ask(): void {\n  process.exit(130);\n}",
    },
    {
      name: "a module of a nested TypeScript project the bin loads (cli/tsconfig.json: build → src)",
      filename: fixture("bin-nested", "cli", "src", "utils", "log.ts"),
      code: "export function fatal(message: string): never {\n  console.error(message);\n  process.exit(1);\n}",
    },
    {
      name: "a bundler's dist/index.mjs (the bin imports the package by name) comes from src/index.ts",
      filename: fixture("bin-mjs", "src", "commands", "run.ts"),
      code: "export function run(): void {\n  process.exit(0);\n}",
    },
    {
      name: "cli/index.ts is a default entry point, like cli.ts",
      filename: fixture("library", "src", "cli", "index.ts"),
      code: "export function main(): void {\n  process.exit(1);\n}",
    },
  ],
  invalid: [
    {
      name: "a bin-only application (no exports/main): its modules stay library code",
      filename: fixture("bin-app", "src", "config.ts"),
      code: "export function loadConfig(): void {\n  process.exit(1);\n}",
      errors: [{ messageId: "processExit", suggestions: throwInside("export function loadConfig(): void") }],
    },
    {
      name: "a module in the bin's bundle that the library entry also imports",
      filename: fixture("bin-bundle", "src", "shared.ts"),
      code: "export function shared(): void {\n  process.exit(1);\n}",
      errors: [{ messageId: "processExit", suggestions: throwInside("export function shared(): void") }],
    },
    {
      name: "a library entry whose source cannot be found: nothing is known to be CLI-only",
      filename: fixture("bin-unknown-main", "src", "commands", "run.ts"),
      code: "export function run(): void {\n  process.exit(1);\n}",
      errors: [{ messageId: "processExit", suggestions: throwInside("export function run(): void") }],
    },
  ],
});

ruleTester.run("no-process-exit-in-library: programs package.json does not name exactly", testedRule, {
  valid: [
    {
      name: "bin names out/bin.js but the bundler emitted out/bin.mjs: its source map's modules are the CLI's",
      filename: fixture("bin-renamed", "src", "tools", "git.ts"),
      code: "export async function assertCleanTree(): Promise<void> {\n  process.exit(1);\n}",
    },
    {
      name: "a module only a #! file loads, though package.json lists that file as no bin",
      filename: fixture("shebang-program", "src", "internal", "second-main.ts"),
      code: "export async function main(): Promise<void> {\n  process.exitCode = 1;\n}",
    },
  ],
  invalid: [
    {
      name: "tricky: the renamed bin's module that the exported transform also imports stays library code",
      filename: fixture("bin-renamed", "src", "tools", "format.ts"),
      code: "export function format(text: string): string {\n  process.exit(1);\n}",
      errors: [{ messageId: "processExit", suggestions: throwInside("export function format(text: string): string") }],
    },
    {
      name: "tricky: a module both the #! file and the library entry load stays library code",
      filename: fixture("shebang-program", "src", "internal", "shared.ts"),
      code: "export function describe(): string {\n  process.exit(1);\n}",
      errors: [{ messageId: "processExit", suggestions: throwInside("export function describe(): string") }],
    },
  ],
});

ruleTester.run("no-process-exit-in-library: a module the bin runs and the library exports", testedRule, {
  valid: [
    {
      name: "its entry code (top level, functions nothing exports) is still the program's",
      filename: fixture("bin-and-library", "src", "start-server.ts"),
      code: "function stop(): void {\n  process.exit(1);\n}\nif (process.argv.includes('--stop')) stop();\nexport {};",
    },
  ],
  invalid: [
    {
      name: "bin.ts runs startServer(), index.ts exports it: an importer would be ended too",
      filename: fixture("bin-and-library", "src", "start-server.ts"),
      code: "export async function startServer(): Promise<void> {\n  process.exit(1);\n}",
      errors: [
        { messageId: "processExit", suggestions: throwInside("export async function startServer(): Promise<void>") },
      ],
    },
  ],
});

ruleTester.run("no-process-exit-in-library: modules the package starts as a child process", testedRule, {
  valid: [
    {
      name: "fork(path.resolve(__dirname, 'remote-rebuild.js')) in library code makes remote-rebuild a program",
      filename: fixture("lib-fork", "src", "remote-rebuild.ts"),
      code: "if (!process.send) process.exit(1);",
    },
  ],
  invalid: [
    {
      name: "a module the library imports instead of starting",
      filename: fixture("lib-fork", "src", "helper.ts"),
      code: "export function helper(): void {\n  process.exit(1);\n}",
      errors: [{ messageId: "processExit", suggestions: throwInside("export function helper(): void") }],
    },
  ],
});

ruleTester.run("no-process-exit-in-library: command-line scripts (no exports, reads process.argv)", testedRule, {
  valid: [
    {
      name: "a build-phase script: a top-level IIFE that reads its arguments",
      filename: LIBRARY,
      code: "(async () => {\n  const platform = process.argv[2];\n  if (!platform) throw new Error('platform?');\n})().catch((error) => {\n  console.error(error);\n  process.exit(1);\n});",
    },
    {
      name: "a forked child: top-level statements and promise callbacks",
      filename: LIBRARY,
      code: "if (!process.send) process.exit(1);\nconst options = JSON.parse(process.argv[2]);\nrun(options).then(() => process.exit(0));",
    },
    {
      name: "argv destructured from process, in a helper only the script calls",
      filename: LIBRARY,
      code: "const { argv } = process;\nfunction fail(): never {\n  process.exit(2);\n}\nif (argv.length < 3) fail();",
    },
  ],
  invalid: [
    {
      name: "a module that exports nothing and reads no arguments may be a side-effect import",
      filename: LIBRARY,
      code: "if (!globalThis.fetch) process.abort();",
      errors: [{ messageId: "processAbort" }],
    },
    {
      name: "a script that exports a function is library code",
      filename: LIBRARY,
      code: "const file = process.argv[2];\nexport function check(): void {\n  process.exit(file ? 0 : 2);\n}",
      errors: [{ messageId: "processExit" }],
    },
    {
      name: "a CommonJS export keeps the file a library",
      filename: LIBRARY,
      code: "const file = process.argv[2];\nmodule.exports = function check() {\n  if (!file) process.exit(2);\n};",
      errors: [{ messageId: "processExit" }],
    },
    {
      name: "a test body in a script is called by the test runner",
      filename: LIBRARY,
      code: "const args = process.argv.slice(2);\nit('parses', () => {\n  process.exit(args.length);\n});",
      errors: [{ messageId: "processExit" }],
    },
    {
      name: "a script that the library entry imports for its side effects is library code",
      filename: fixture("bin-bundle", "src", "setup.ts"),
      code: 'if (process.argv.includes("--strict")) process.abort();',
      errors: [{ messageId: "processAbort" }],
    },
  ],
});

describe("bin wrappers that load the package by name or start a child", () => {
  it('resolves import("<own name>") to the package\'s exports and main', () => {
    expect(new ProjectFileCache().modulesLoadedBy(fixture("bin-own-name"), "bin/release-tool.js")).toEqual([
      "dist/index.mjs",
      "dist/index.cjs",
    ]);
    expect(findBinEntry(fixture("bin-own-name", "src", "index.mts"))).toBe(
      'package.json bin "bin/release-tool.js" loads "dist/index.mjs" (the conventional layout outDir dist → rootDir src)',
    );
  });

  it("follows the relative module a bin forks", () => {
    expect(new ProjectFileCache().modulesLoadedBy(fixture("bin-fork"), "bin/fork-tool.js")).toEqual(["lib/worker.js"]);
    expect(findBinEntry(fixture("bin-fork", "src", "other.ts"))).toBeUndefined();
  });
});

ruleTester.run("no-process-exit-in-library: a bin that loads a bundle its package builds", testedRule, {
  valid: [
    {
      name: 'the tsup entry a bin\'s import("../dist/index.js") runs, with no source map and no outDir',
      filename: fixture("bin-tsup", "index.ts"),
      code: "export async function main(): Promise<void> {\n  process.exit(1);\n}",
    },
    {
      name: "a named tsdown entry with its own outDir, while tsconfig's outDir is the library's",
      filename: fixture("bin-tsup-renamed", "src", "commands", "deploy-main.ts"),
      code: "export function deploy(): void {\n  process.exit(1);\n}",
    },
    {
      name: "a bundled bin no config names, while tsconfig's outDir is the library's: the same name under src/",
      filename: fixture("bin-tsup-renamed", "src", "bin", "doctor.ts"),
      code: "process.exit(0);",
    },
  ],
  invalid: [
    {
      name: "a module of the same package that no bin loads",
      filename: fixture("bin-tsup", "unused.ts"),
      code: "export function unused(): void {\n  process.exit(1);\n}",
      errors: [{ messageId: "processExit", suggestions: throwInside("export function unused(): void") }],
    },
    {
      name: "the library entry tsc builds is not the bundled bin",
      filename: fixture("bin-tsup-renamed", "src", "index.ts"),
      code: "export function version(): string {\n  process.exit(1);\n}",
      errors: [{ messageId: "processExit", suggestions: throwInside("export function version(): string") }],
    },
  ],
});

describe("bundler configs name the sources of built bins", () => {
  it("maps tsup's entry to dist/<name> and says where the mapping came from", () => {
    expect(findBinEntry(fixture("bin-tsup", "index.ts"))).toBe(
      'package.json bin "bin/cli.js" loads "dist/index.js" (tsup.config.ts entry "index.ts" → dist/index)',
    );
    expect(findBinEntry(fixture("bin-tsup", "unused.ts"))).toBeUndefined();
  });

  it("reads arrays of configs, named entries, outDir, and skips globs", () => {
    expect(readBundlerEntries(fixture("bin-tsup-renamed"))).toEqual([
      { source: "src/commands/deploy-main.ts", outputStem: "out/deploy", config: "tsdown.config.mjs" },
    ]);
  });

  it("names outputs by the entries' common folder, unbuild's src/, and package.json's tsup field", () => {
    const dir = mkdtempSync(join(tmpdir(), "txo-bundler-"));
    try {
      for (const file of ["src/cli.ts", "src/sub/worker.ts", "tools/gen.mts"]) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), "export {};\n");
      }
      writeFileSync(join(dir, "build.config.ts"), 'export default { entries: ["src/cli", { input: "tools/gen" }] };\n');
      writeFileSync(
        join(dir, "esbuild.config.mjs"),
        'build({ entryPoints: ["src/cli.ts", "src/sub/worker.ts"], outdir: "./bin-out/" });\n',
      );
      const stems = (tsup?: unknown) =>
        readBundlerEntries(dir, tsup).map((entry) => `${entry.source} → ${entry.outputStem}`);
      expect(stems({ entry: { tool: "src/sub/worker.ts" } })).toEqual([
        "src/cli.ts → dist/cli",
        "tools/gen.mts → dist/gen",
        "src/cli.ts → bin-out/cli",
        "src/sub/worker.ts → bin-out/sub/worker",
        "src/sub/worker.ts → dist/tool",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
