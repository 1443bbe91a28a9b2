import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import tsParser from "@typescript-eslint/parser";
import { RuleTester } from "@typescript-eslint/rule-tester";
import { afterAll, describe, expect, it } from "vitest";
import rule, { type MessageIds, type NoProcessExitOptions } from "../../src/rules/no-process-exit-in-library/rule.js";
import { findBinEntry, ProjectFileCache } from "../../src/rules/no-process-exit-in-library/entry-points.js";

// The false-positive classes and missed entry points of issue #13, each seen on published
// packages (test/real-world/): valid cases must stay silent, invalid ones must still be reported.
RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;

const fixtures = join(resolve(dirname(fileURLToPath(import.meta.url)), "..", ".."), "test", "fixtures", "process-exit");
const fixture = (...parts: string[]): string => join(fixtures, ...parts);
const LIBRARY = fixture("library", "src", "config-loader.ts");
const ruleTester = new RuleTester({ languageOptions: { parser: tsParser, sourceType: "module" } });
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
      name: "the option off (the default): a command module is library code",
      filename: fixture("bin-commands", "src", "commands", "build.ts"),
      code: "export function build(): void {\n  process.exit(1);\n}",
      errors: [{ messageId: "processExit", suggestions: throwInside("export function build(): void") }],
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
