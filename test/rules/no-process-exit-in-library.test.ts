import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import tsParser from "@typescript-eslint/parser";
import { RuleTester, type TestLanguageOptions } from "@typescript-eslint/rule-tester";
import { Linter } from "eslint";
import n from "eslint-plugin-n";
import unicorn from "eslint-plugin-unicorn";
import fg from "fast-glob";
import { afterAll, describe, expect, it } from "vitest";
import rule, { type MessageIds, type NoProcessExitOptions } from "../../src/rules/no-process-exit-in-library/rule.js";
import {
  binSourceCandidates,
  DEFAULT_ENTRY_POINTS,
  findBinEntry,
  isEntryFile,
  matchEntryPointGlob,
  parseJsonc,
  ProjectFileCache,
  startsWithShebang,
} from "../../src/rules/no-process-exit-in-library/entry-points.js";

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const fixtures = join(repoRoot, "test", "fixtures", "process-exit");
const fixture = (...parts: string[]): string => join(fixtures, ...parts);

/** A plain library package: no bin, no txo.config.json, default entry-point globs. */
const LIBRARY = fixture("library", "src", "config-loader.ts");
const LIBRARY_CJS = fixture("library", "src", "legacy.cjs");
const LIBRARY_MJS = fixture("library", "src", "loader.mjs");
const LIBRARY_TSX = fixture("library", "src", "QuitButton.tsx");
const SHEBANG = "#!/usr/bin/env node\n";

const ruleTester = new RuleTester({ languageOptions: { parser: tsParser, sourceType: "module" } });
/** The rule tester bundles its own copy of @typescript-eslint/utils, whose types differ only by identity. */
const testedRule = rule as unknown as Parameters<typeof ruleTester.run<MessageIds, [NoProcessExitOptions]>>[1];

/** RuleTester's types omit sourceType, but ESLint honours it: "commonjs" gives the file a module scope with top-level return. */
const commonjs = { sourceType: "commonjs" } as unknown as TestLanguageOptions;
const jsx = { parserOptions: { ecmaFeatures: { jsx: true } } };

const TODO_WHAT = '"TODO(txo-codemod): say what went wrong"';
const TODO_HOW = '"TODO(txo-codemod): tell the user how to fix this"';
const IMPORT = 'import { HelpfulError } from "@txo-toolkit/runtime";';

/** The throw exit-to-throw writes, at the given indentation, with the default style. */
function thrown(indent: string, what: string, how: string, cause?: string, errorClass = "HelpfulError"): string {
  const lines = [`throw new ${errorClass}({`, `${indent}  whatWentWrong: ${what},`, `${indent}  howToFix: ${how},`];
  if (cause) lines.push(`${indent}  cause: ${cause},`);
  return [...lines, `${indent}});`].join("\n");
}

/** One processExit error whose suggestion gives `output`. */
function exitSuggestion(name: string, code: string, output: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    filename: LIBRARY,
    code,
    errors: [{ messageId: "processExit" as const, suggestions: [{ messageId: "suggestThrow" as const, output }] }],
    ...extra,
  };
}

/** One processExit error with no suggestion: exit-to-throw would leave it to a person too. */
function exitWithoutSuggestion(name: string, code: string, extra: Record<string, unknown> = {}) {
  return { name, filename: LIBRARY, code, errors: [{ messageId: "processExit" as const, suggestions: [] }], ...extra };
}

/** The suggestion the old detection cases get, worked out by hand: `target` (the exit, or the log and the exit) becomes the throw, and the import goes in. */
function suggestedThrow(code: string, target: string, options: { commonjs?: boolean; what?: string } = {}) {
  const at = code.indexOf(target);
  if (at < 0) throw new Error(`test setup: ${target} is not in ${code}`);
  const indent = /^[\t ]*/.exec(code.slice(code.lastIndexOf("\n", at - 1) + 1))?.[0] ?? "";
  const body = code.slice(0, at) + thrown(indent, options.what ?? TODO_WHAT, TODO_HOW) + code.slice(at + target.length);
  return [{ messageId: "suggestThrow" as const, output: withRuntimeImport(body, options.commonjs === true) }];
}

/** Below the last ES import, else above the first statement (below a shebang); a require() in CommonJS. */
function withRuntimeImport(code: string, commonjs: boolean): string {
  const last = [...code.matchAll(/^import [^=\n]* from "[^"]+";$/gm)].at(-1);
  if (last?.index !== undefined)
    return `${code.slice(0, last.index + last[0].length)}\n${IMPORT}${code.slice(last.index + last[0].length)}`;
  const shebang = code.startsWith("#!") ? code.indexOf("\n") + 1 : 0;
  return `${code.slice(0, shebang)}${commonjs ? 'const { HelpfulError } = require("@txo-toolkit/runtime");' : IMPORT}\n${code.slice(shebang)}`;
}

ruleTester.run("no-process-exit-in-library (aliases and computed access)", testedRule, {
  valid: [
    {
      name: "a parameter called process is not the global",
      filename: LIBRARY,
      code: "export function stop(process: { exit(code: number): void }) { process.exit(1); }",
    },
    {
      name: "a local object called process",
      filename: LIBRARY,
      code: "const process = { exit(code: number) { return code; } };\nprocess.exit(1);",
    },
    {
      name: "process imported from a local module",
      filename: LIBRARY,
      code: 'import process from "./fake-process.js";\nprocess.exit(1);',
    },
    {
      name: "exit imported from a local module",
      filename: LIBRARY,
      code: 'import { exit } from "./exit.js";\nexit(1);',
    },
    {
      name: "a destructured parameter shadows the alias",
      filename: LIBRARY,
      code: "const { exit } = process;\nexport function run({ exit }: { exit(): void }) { exit(); }",
    },
    {
      name: "members called exit on other objects",
      filename: LIBRARY,
      code: "app.exit();\nworker.exit(1);\nserver.process.exit(1);\nthis.process?.exit(1);",
    },
    {
      name: "kill of another process",
      filename: LIBRARY,
      code: "export function stopChild(child: { pid: number }) { process.kill(child.pid, 'SIGTERM'); }",
    },
    {
      name: "kill with signal 0 only checks that the process exists",
      filename: LIBRARY,
      code: "export const alive = () => process.kill(process.pid, 0);",
    },
    {
      name: "reading exitCode is not setting it",
      filename: LIBRARY,
      code: "export const failed = () => process.exitCode !== undefined && process.exitCode !== 0;",
    },
    {
      name: "checking that exit exists does not hand it over",
      filename: LIBRARY,
      code: "export const canExit = typeof process.exit === 'function';",
    },
    {
      name: "reassigned alias is no longer known",
      filename: LIBRARY,
      code: "let quit = process.exit;\nquit = () => undefined;\nquit();",
    },
    {
      name: "type-only import of node:process",
      filename: LIBRARY,
      code: 'import type { exit } from "node:process";\ntype Exit = typeof exit;',
    },
    {
      name: "exitCode not checked when checkExitCode is false",
      filename: LIBRARY,
      code: "process.exitCode = 1;",
      options: [{ checkExitCode: false }],
    },
    {
      name: "passed exit not checked when checkExitReferences is false",
      filename: LIBRARY,
      code: "main().catch(process.exit);",
      options: [{ checkExitReferences: false }],
    },
    {
      name: "a local globalThis is not the global object",
      filename: LIBRARY,
      code: "export function run(globalThis: { process: { exit(): void } }) { globalThis.process.exit(); }",
    },
    {
      name: "a local require is not Node's require",
      filename: LIBRARY,
      code: 'const require = (name: string) => ({ exit: () => name });\nrequire("process").exit();',
    },
  ],
  invalid: [
    {
      name: "process.exit in a library module, message names the call and the fix",
      filename: LIBRARY,
      code: 'export function loadSchema() {\n  logger.error("Schema not found");\n  process.exit(1);\n}',
      errors: [
        {
          messageId: "processExit",
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 18,
          data: { call: "`process.exit()`" },
          suggestions: suggestedThrow(
            'export function loadSchema() {\n  logger.error("Schema not found");\n  process.exit(1);\n}',
            'logger.error("Schema not found");\n  process.exit(1);',
            { what: '"Schema not found"' },
          ),
        },
      ],
    },
    {
      name: "destructured exit",
      filename: LIBRARY,
      code: "const { exit } = process;\nexit(1);",
      errors: [
        {
          messageId: "processExit",
          line: 2,
          data: { call: "`exit()` (process.exit)" },
          suggestions: suggestedThrow("const { exit } = process;\nexit(1);", "exit(1);"),
        },
      ],
    },
    {
      name: "destructured and renamed exit",
      filename: LIBRARY,
      code: "const { exit: quit } = process;\nquit(1);",
      errors: [
        {
          messageId: "processExit",
          line: 2,
          suggestions: suggestedThrow("const { exit: quit } = process;\nquit(1);", "quit(1);"),
        },
      ],
    },
    {
      name: "process alias",
      filename: LIBRARY,
      code: "const p = process;\np.exit(1);",
      errors: [
        {
          messageId: "processExit",
          line: 2,
          suggestions: suggestedThrow("const p = process;\np.exit(1);", "p.exit(1);"),
        },
      ],
    },
    {
      name: "alias of an alias",
      filename: LIBRARY,
      code: "const p = process;\nconst q = p;\nq.exit(1);",
      errors: [
        {
          messageId: "processExit",
          line: 3,
          suggestions: suggestedThrow("const p = process;\nconst q = p;\nq.exit(1);", "q.exit(1);"),
        },
      ],
    },
    {
      name: "method alias",
      filename: LIBRARY,
      code: "const exit = process.exit;\nexit(1);",
      errors: [
        {
          messageId: "processExit",
          line: 2,
          suggestions: suggestedThrow("const exit = process.exit;\nexit(1);", "exit(1);"),
        },
      ],
    },
    {
      name: "bound method alias",
      filename: LIBRARY,
      code: "const quit = process.exit.bind(process);\nquit(1);",
      errors: [
        {
          messageId: "processExit",
          line: 2,
          suggestions: suggestedThrow("const quit = process.exit.bind(process);\nquit(1);", "quit(1);"),
        },
      ],
    },
    {
      name: "alias assigned after declaration",
      filename: LIBRARY,
      code: "let p;\np = process;\np.exit(1);",
      errors: [
        {
          messageId: "processExit",
          line: 3,
          suggestions: suggestedThrow("let p;\np = process;\np.exit(1);", "p.exit(1);"),
        },
      ],
    },
    {
      name: "rest of process keeps its methods",
      filename: LIBRARY,
      code: "const { env, ...rest } = process;\nrest.exit(Number(env.CODE));",
      errors: [{ messageId: "processExit", line: 2 }],
    },
    {
      name: "computed string access",
      filename: LIBRARY,
      code: 'process["exit"](1);',
      errors: [
        {
          messageId: "processExit",
          line: 1,
          column: 1,
          suggestions: suggestedThrow('process["exit"](1);', 'process["exit"](1);'),
        },
      ],
    },
    {
      name: "computed template access",
      filename: LIBRARY,
      code: "process[`exit`]();",
      errors: [{ messageId: "processExit" }],
    },
    {
      name: "globalThis.process",
      filename: LIBRARY,
      code: "globalThis.process.exit();",
      errors: [{ messageId: "processExit" }],
    },
    {
      name: "global.process",
      filename: LIBRARY,
      code: "global.process.exit(2);",
      errors: [
        { messageId: "processExit", suggestions: suggestedThrow("global.process.exit(2);", "global.process.exit(2);") },
      ],
    },
    {
      name: "computed globalThis access",
      filename: LIBRARY,
      code: 'globalThis["process"]["exit"](1);',
      errors: [
        {
          messageId: "processExit",
          suggestions: suggestedThrow('globalThis["process"]["exit"](1);', 'globalThis["process"]["exit"](1);'),
        },
      ],
    },
    {
      name: "process destructured from globalThis",
      filename: LIBRARY,
      code: "const { process: proc } = globalThis;\nproc.exit(1);",
      errors: [
        {
          messageId: "processExit",
          line: 2,
          suggestions: suggestedThrow("const { process: proc } = globalThis;\nproc.exit(1);", "proc.exit(1);"),
        },
      ],
    },
    {
      name: "default import of node:process",
      filename: LIBRARY,
      code: 'import process from "node:process";\nprocess.exit(1);',
      errors: [
        {
          messageId: "processExit",
          line: 2,
          suggestions: suggestedThrow('import process from "node:process";\nprocess.exit(1);', "process.exit(1);"),
        },
      ],
    },
    {
      name: "named import of exit",
      filename: LIBRARY,
      code: 'import { exit } from "node:process";\nexport function fail() { exit(1); }',
      errors: [
        {
          messageId: "processExit",
          line: 2,
          column: 26,
          suggestions: suggestedThrow(
            'import { exit } from "node:process";\nexport function fail() { exit(1); }',
            "exit(1);",
          ),
        },
      ],
    },
    {
      name: "renamed named import",
      filename: LIBRARY,
      code: 'import { exit as quit, abort } from "process";\nquit(1);\nabort();',
      errors: [
        {
          messageId: "processExit",
          line: 2,
          suggestions: suggestedThrow('import { exit as quit, abort } from "process";\nquit(1);\nabort();', "quit(1);"),
        },
        { messageId: "processAbort", line: 3 },
      ],
    },
    {
      name: "namespace import and its default",
      filename: LIBRARY,
      code: 'import * as proc from "process";\nproc.exit(1);\nproc.default.exit(2);',
      errors: [
        {
          messageId: "processExit",
          line: 2,
          suggestions: suggestedThrow(
            'import * as proc from "process";\nproc.exit(1);\nproc.default.exit(2);',
            "proc.exit(1);",
          ),
        },
        {
          messageId: "processExit",
          line: 3,
          suggestions: suggestedThrow(
            'import * as proc from "process";\nproc.exit(1);\nproc.default.exit(2);',
            "proc.default.exit(2);",
          ),
        },
      ],
    },
    {
      name: "TypeScript import-equals",
      filename: LIBRARY,
      code: 'import proc = require("node:process");\nproc.exit(1);',
      errors: [
        {
          messageId: "processExit",
          line: 2,
          suggestions: suggestedThrow('import proc = require("node:process");\nproc.exit(1);', "proc.exit(1);"),
        },
      ],
    },
    {
      name: "dynamic import",
      filename: LIBRARY,
      code: 'export async function stop() {\n  const { exit } = await import("node:process");\n  exit(1);\n}',
      errors: [
        {
          messageId: "processExit",
          line: 3,
          suggestions: suggestedThrow(
            'export async function stop() {\n  const { exit } = await import("node:process");\n  exit(1);\n}',
            "exit(1);",
          ),
        },
      ],
    },
    {
      name: "require in an ES module through createRequire",
      filename: LIBRARY,
      code: 'import { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);\nrequire("process").exit(1);',
      errors: [
        {
          messageId: "processExit",
          line: 3,
          suggestions: suggestedThrow(
            'import { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);\nrequire("process").exit(1);',
            'require("process").exit(1);',
          ),
        },
      ],
    },
    {
      name: "optional call and TypeScript wrappers",
      filename: LIBRARY,
      code: "process.exit?.(1);\n(process as NodeJS.Process).exit(2);\nprocess!.exit(3);",
      errors: [
        { messageId: "processExit", line: 1 },
        {
          messageId: "processExit",
          line: 2,
          suggestions: suggestedThrow(
            "process.exit?.(1);\n(process as NodeJS.Process).exit(2);\nprocess!.exit(3);",
            "(process as NodeJS.Process).exit(2);",
          ),
        },
        {
          messageId: "processExit",
          line: 3,
          suggestions: suggestedThrow(
            "process.exit?.(1);\n(process as NodeJS.Process).exit(2);\nprocess!.exit(3);",
            "process!.exit(3);",
          ),
        },
      ],
    },
    {
      name: "call and apply",
      filename: LIBRARY,
      code: "process.exit.call(process, 1);\nprocess.exit.apply(process, [1]);",
      errors: [
        { messageId: "processExit", line: 1 },
        { messageId: "processExit", line: 2 },
      ],
    },
    {
      name: "an ambient declaration is still the global",
      filename: LIBRARY,
      code: "declare const process: NodeJS.Process;\nprocess.exit(1);",
      errors: [
        {
          messageId: "processExit",
          line: 2,
          suggestions: suggestedThrow("declare const process: NodeJS.Process;\nprocess.exit(1);", "process.exit(1);"),
        },
      ],
    },
    {
      name: "shadowing inside one function does not hide the global elsewhere",
      filename: LIBRARY,
      code: "function local(process: { exit(): void }) { process.exit(); }\nprocess.exit(1);",
      errors: [
        {
          messageId: "processExit",
          line: 2,
          suggestions: suggestedThrow(
            "function local(process: { exit(): void }) { process.exit(); }\nprocess.exit(1);",
            "process.exit(1);",
          ),
        },
      ],
    },
    {
      name: "exit inside an ordinary callback of library code",
      filename: LIBRARY,
      code: 'server.on("error", () => process.exit(1));',
      errors: [{ messageId: "processExit", column: 26 }],
    },
    {
      name: "process declared by ESLint globals",
      filename: LIBRARY,
      languageOptions: { globals: { process: "readonly" } },
      code: "process.exit(1);",
      errors: [{ messageId: "processExit", suggestions: suggestedThrow("process.exit(1);", "process.exit(1);") }],
    },
    {
      name: "importing worker_threads exempts nothing",
      filename: LIBRARY,
      code: 'import { isMainThread } from "node:worker_threads";\nif (!isMainThread) process.exit(0);',
      errors: [{ messageId: "processExit", line: 2 }],
    },
  ],
});

ruleTester.run("no-process-exit-in-library (abort, kill, reallyExit, exitCode, passed exits)", testedRule, {
  valid: [],
  invalid: [
    {
      name: "abort",
      filename: LIBRARY,
      code: "process.abort();",
      errors: [{ messageId: "processAbort", data: { call: "`process.abort()`" } }],
    },
    {
      name: "kill of the own pid",
      filename: LIBRARY,
      code: "process.kill(process.pid);",
      errors: [{ messageId: "processKill" }],
    },
    {
      name: "kill of the own pid with a signal",
      filename: LIBRARY,
      code: 'process.kill(process.pid, "SIGTERM");',
      errors: [{ messageId: "processKill" }],
    },
    {
      name: "kill with a destructured pid",
      filename: LIBRARY,
      code: 'const { pid, kill } = process;\nkill(pid, "SIGKILL");',
      errors: [{ messageId: "processKill", line: 2 }],
    },
    {
      name: "kill through call()",
      filename: LIBRARY,
      code: "process.kill.call(process, process.pid);",
      errors: [{ messageId: "processKill" }],
    },
    {
      name: "reallyExit",
      filename: LIBRARY,
      code: "process.reallyExit(1);",
      errors: [
        {
          messageId: "processReallyExit",
          suggestions: suggestedThrow("process.reallyExit(1);", "process.reallyExit(1);"),
        },
      ],
    },
    {
      name: "exitCode assignments, reported on the assignment",
      filename: LIBRARY,
      code: 'process.exitCode = 1;\nprocess.exitCode ??= 2;\nprocess["exitCode"] = 3;\nconst p = process;\np.exitCode = 4;',
      errors: [
        { messageId: "exitCode", line: 1, column: 1, endColumn: 21 },
        { messageId: "exitCode", line: 2 },
        { messageId: "exitCode", line: 3 },
        { messageId: "exitCode", line: 5 },
      ],
    },
    {
      name: "exitCode increment",
      filename: LIBRARY,
      code: "process.exitCode++;",
      errors: [{ messageId: "exitCode", data: { assignment: "process.exitCode++" } }],
    },
    {
      name: "exit passed as a callback",
      filename: LIBRARY,
      code: 'main().catch(process.exit);\nemitter.on("done", process.exit.bind(process));',
      errors: [
        { messageId: "processExitReference", line: 1, column: 14 },
        { messageId: "processExitReference", line: 2 },
      ],
    },
    {
      name: "aliased exit passed to a constructor",
      filename: LIBRARY,
      code: "const { exit } = process;\nnew Promise(exit);",
      errors: [{ messageId: "processExitReference", line: 2 }],
    },
  ],
});

ruleTester.run("no-process-exit-in-library (signal and crash handlers)", testedRule, {
  valid: [
    { name: "inline SIGINT handler", filename: LIBRARY, code: 'process.on("SIGINT", () => process.exit(130));' },
    {
      name: "nested callback inside a SIGTERM handler",
      filename: LIBRARY,
      code: 'process.once("SIGTERM", () => {\n  server.close(() => process.exit(0));\n});',
    },
    {
      name: "function declaration passed by reference",
      filename: LIBRARY,
      code: 'function shutdown() {\n  process.exit(0);\n}\nprocess.on("SIGTERM", shutdown);',
    },
    {
      name: "const arrow passed by reference",
      filename: LIBRARY,
      code: 'const shutdown = async () => {\n  await db.close();\n  process.exit(0);\n};\nprocess.on("SIGTERM", shutdown);\nprocess.on("SIGINT", shutdown);',
    },
    {
      name: "removing the handler again does not call it",
      filename: LIBRARY,
      code: 'const onSignal = () => process.exit(130);\nprocess.once("SIGINT", onSignal);\nexport function dispose() { process.off("SIGINT", onSignal); process.removeListener("SIGINT", onSignal); }',
    },
    {
      name: "bound handler",
      filename: LIBRARY,
      code: 'function stop(code: number) { process.exit(code); }\nprocess.on("SIGHUP", stop.bind(null, 129));',
    },
    {
      name: "function only called from handlers",
      filename: LIBRARY,
      code: 'function stop(signal: string) {\n  console.log(signal);\n  process.exit(0);\n}\nprocess.on("SIGINT", () => stop("SIGINT"));\nprocess.on("SIGBREAK", () => stop("SIGBREAK"));',
    },
    {
      name: "for-of over signal names",
      filename: LIBRARY,
      code: 'for (const signal of ["SIGINT", "SIGTERM", "SIGQUIT"] as const) {\n  process.on(signal, () => process.exit(0));\n}',
    },
    {
      name: "forEach over a constant list of signals",
      filename: LIBRARY,
      code: 'const SIGNALS = ["SIGINT", "SIGUSR2"];\nSIGNALS.forEach((signal) => process.addListener(signal, () => process.exit(0)));',
    },
    {
      name: "signal name held in a constant",
      filename: LIBRARY,
      code: 'const STOP = "SIGTERM";\nprocess.prependListener(STOP, () => process.exit(0));',
    },
    {
      name: "handlers registered on an alias and through chaining",
      filename: LIBRARY,
      code: 'import proc from "node:process";\nproc.on("SIGINT", () => proc.exit(1)).on("SIGTERM", () => proc.exit(0));',
    },
    {
      name: "exit passed directly as the signal handler",
      filename: LIBRARY,
      code: 'process.on("SIGHUP", process.exit);',
    },
    {
      name: "exitCode set in a signal handler",
      filename: LIBRARY,
      code: 'process.on("SIGINT", () => { process.exitCode = 130; });',
    },
    {
      name: "uncaughtException handler is a crash handler (allowed by default)",
      filename: LIBRARY,
      code: 'process.on("uncaughtException", (error) => {\n  logger.fatal(error);\n  process.exit(1);\n});',
    },
    {
      name: "unhandledRejection handler by reference",
      filename: LIBRARY,
      code: 'const crash = (reason: unknown) => { console.error(reason); process.exit(1); };\nprocess.on("unhandledRejection", crash);',
    },
  ],
  invalid: [
    {
      name: "the exit event is not a signal",
      filename: LIBRARY,
      code: 'process.on("exit", () => process.exit(1));',
      errors: [{ messageId: "processExit" }],
    },
    {
      name: "beforeExit is not a signal",
      filename: LIBRARY,
      code: 'process.once("beforeExit", () => process.exit(0));',
      errors: [{ messageId: "processExit" }],
    },
    {
      name: "IPC message handler",
      filename: LIBRARY,
      code: 'process.on("message", (message) => { if (message === "stop") process.exit(0); });',
      errors: [{ messageId: "processExit" }],
    },
    {
      name: "event name not known statically",
      filename: LIBRARY,
      code: "export function onEvent(name: string) { process.on(name, () => process.exit(0)); }",
      errors: [{ messageId: "processExit" }],
    },
    {
      name: "handler also called outside any handler",
      filename: LIBRARY,
      code: 'function stop() { process.exit(0); }\nprocess.on("SIGINT", stop);\nexport function fail() { stop(); }',
      errors: [{ messageId: "processExit", line: 1 }],
    },
    {
      name: "handler also registered for the exit event",
      filename: LIBRARY,
      code: 'const onExit = () => process.exit(1);\nprocess.once("SIGTERM", onExit);\nprocess.once("exit", onExit);',
      errors: [{ messageId: "processExit", line: 1 }],
    },
    {
      name: "exported handler can be called by importers",
      filename: LIBRARY,
      code: 'export function shutdown() { process.exit(0); }\nprocess.on("SIGTERM", shutdown);',
      errors: [{ messageId: "processExit", line: 1 }],
    },
    {
      name: "a listener on another emitter is not a process signal handler",
      filename: LIBRARY,
      code: 'emitter.on("SIGINT", () => process.exit(0));',
      errors: [{ messageId: "processExit" }],
    },
    {
      name: "signal handlers not allowed when allowSignalHandlers is false",
      filename: LIBRARY,
      code: 'process.on("SIGINT", () => process.exit(130));',
      options: [{ allowSignalHandlers: false }],
      errors: [{ messageId: "processExit" }],
    },
    {
      name: "crash handlers not allowed when allowCrashHandlers is false",
      filename: LIBRARY,
      code: 'process.on("uncaughtException", () => process.exit(1));',
      options: [{ allowCrashHandlers: false }],
      errors: [{ messageId: "processExit" }],
    },
  ],
});

ruleTester.run("no-process-exit-in-library (shebang files)", testedRule, {
  valid: [
    {
      name: "top-level exit in a shebang file",
      filename: LIBRARY,
      code: `${SHEBANG}main().catch(() => process.exit(1));`,
    },
    {
      name: "non-exported helper of a shebang file",
      filename: LIBRARY,
      code: `${SHEBANG}function fail(message: string): never {\n  console.error(message);\n  process.exit(1);\n}\nif (!process.argv[2]) fail("usage: tool <file>");`,
    },
    {
      name: "private class used by the script itself",
      filename: LIBRARY,
      code: `${SHEBANG}class Cli { run() { process.exit(2); } }\nnew Cli().run();`,
    },
    { name: "exitCode at the top of a shebang file", filename: LIBRARY, code: `${SHEBANG}process.exitCode = 1;` },
    {
      name: "CommonJS shebang script",
      filename: LIBRARY_CJS,
      languageOptions: commonjs,
      code: `${SHEBANG}const { exit } = require("process");\nfunction main() { exit(3); }\nif (require.main !== module) return;\nmain();`,
    },
  ],
  invalid: [
    {
      name: "exported function in a shebang file",
      filename: LIBRARY,
      code: `${SHEBANG}export function helper() {\n  process.exit(1);\n}\nhelper();`,
      errors: [
        {
          messageId: "processExit",
          line: 3,
          suggestions: suggestedThrow(
            `${SHEBANG}export function helper() {\n  process.exit(1);\n}\nhelper();`,
            "process.exit(1);",
          ),
        },
      ],
    },
    {
      name: "function exported by name",
      filename: LIBRARY,
      code: `${SHEBANG}function helper() { process.exit(1); }\nexport { helper as run };`,
      errors: [
        {
          messageId: "processExit",
          line: 2,
          suggestions: suggestedThrow(
            `${SHEBANG}function helper() { process.exit(1); }\nexport { helper as run };`,
            "process.exit(1);",
          ),
        },
      ],
    },
    {
      name: "default-exported function",
      filename: LIBRARY,
      code: `${SHEBANG}export default function () { process.exit(1); }`,
      errors: [
        {
          messageId: "processExit",
          line: 2,
          suggestions: suggestedThrow(`${SHEBANG}export default function () { process.exit(1); }`, "process.exit(1);"),
        },
      ],
    },
    {
      name: "method of an exported class",
      filename: LIBRARY,
      code: `${SHEBANG}export class Tool { stop() { process.exit(1); } }`,
      errors: [
        {
          messageId: "processExit",
          line: 2,
          suggestions: suggestedThrow(
            `${SHEBANG}export class Tool { stop() { process.exit(1); } }`,
            "process.exit(1);",
          ),
        },
      ],
    },
    {
      name: "private helper reached from an exported function",
      filename: LIBRARY,
      code: `${SHEBANG}function fail() { process.exit(1); }\nexport function run() { fail(); }\nfail();`,
      errors: [
        {
          messageId: "processExit",
          line: 2,
          suggestions: suggestedThrow(
            `${SHEBANG}function fail() { process.exit(1); }\nexport function run() { fail(); }\nfail();`,
            "process.exit(1);",
          ),
        },
      ],
    },
    {
      name: "exported object of functions",
      filename: LIBRARY,
      code: `${SHEBANG}const api = { stop() { process.exit(1); } };\nexport default api;`,
      errors: [{ messageId: "processExit", line: 2 }],
    },
    {
      name: "CommonJS module.exports object",
      filename: LIBRARY_CJS,
      languageOptions: commonjs,
      code: `${SHEBANG}function fail() { process.exit(1); }\nmodule.exports = { fail };`,
      errors: [
        {
          messageId: "processExit",
          line: 2,
          suggestions: suggestedThrow(
            `${SHEBANG}function fail() { process.exit(1); }\nmodule.exports = { fail };`,
            "process.exit(1);",
            { commonjs: true },
          ),
        },
      ],
    },
    {
      name: "CommonJS exports.f = function",
      filename: LIBRARY_CJS,
      languageOptions: commonjs,
      code: `${SHEBANG}exports.fail = function () { process.exit(1); };`,
      errors: [{ messageId: "processExit", line: 2 }],
    },
    {
      name: "CommonJS exports.f = f",
      filename: LIBRARY_CJS,
      languageOptions: commonjs,
      code: `${SHEBANG}const fail = () => process.exit(1);\nexports.fail = fail;`,
      errors: [{ messageId: "processExit", line: 2 }],
    },
    {
      name: "Object.defineProperty(exports, …) as tsc emits it",
      filename: LIBRARY_CJS,
      languageOptions: commonjs,
      code: `${SHEBANG}function fail() { process.exit(1); }\nObject.defineProperty(exports, "fail", { enumerable: true, get: function () { return fail; } });`,
      errors: [
        {
          messageId: "processExit",
          line: 2,
          suggestions: suggestedThrow(
            `${SHEBANG}function fail() { process.exit(1); }\nObject.defineProperty(exports, "fail", { enumerable: true, get: function () { return fail; } });`,
            "process.exit(1);",
            { commonjs: true },
          ),
        },
      ],
    },
    {
      name: "exported exitCode setter",
      filename: LIBRARY,
      code: `${SHEBANG}export function markFailed() { process.exitCode = 1; }`,
      errors: [{ messageId: "exitCode", line: 2 }],
    },
  ],
});

ruleTester.run("no-process-exit-in-library (main-module guards)", testedRule, {
  valid: [
    {
      name: "require.main === module",
      filename: LIBRARY_CJS,
      languageOptions: commonjs,
      code: "function main() { return 0; }\nif (require.main === module) {\n  process.exit(main());\n}",
    },
    {
      name: "module == require.main, reversed",
      filename: LIBRARY_CJS,
      languageOptions: commonjs,
      code: "if (module == require.main) main().catch(() => process.exit(1));",
    },
    { name: "import.meta.main", filename: LIBRARY, code: "if (import.meta.main) process.exit(await run());" },
    {
      name: "a function only the guard calls",
      filename: LIBRARY_CJS,
      languageOptions: commonjs,
      code: "async function main() {\n  if (!process.argv[2]) process.exit(2);\n}\nif (require.main === module) main();",
    },
    {
      name: "import.meta.url against pathToFileURL(process.argv[1])",
      filename: LIBRARY,
      code: 'import { pathToFileURL } from "node:url";\nif (import.meta.url === pathToFileURL(process.argv[1]).href) {\n  process.exitCode = await run();\n}',
    },
    {
      name: "import.meta.url against a file:// template",
      filename: LIBRARY_MJS,
      code: "if (import.meta.url === `file://${process.argv[1]}`) process.exit(1);",
    },
  ],
  invalid: [
    {
      name: "the else branch of a main guard is library code",
      filename: LIBRARY_CJS,
      languageOptions: commonjs,
      code: "if (require.main === module) run();\nelse process.exit(1);",
      errors: [
        {
          messageId: "processExit",
          line: 2,
          suggestions: suggestedThrow(
            "if (require.main === module) run();\nelse process.exit(1);",
            "process.exit(1);",
            { commonjs: true },
          ),
        },
      ],
    },
    {
      name: "an exported function defined inside the guard's file is still library code",
      filename: LIBRARY_CJS,
      languageOptions: commonjs,
      code: "module.exports = function fail() { process.exit(1); };\nif (require.main === module) module.exports();",
      errors: [{ messageId: "processExit", line: 1 }],
    },
    {
      name: "a local module variable is not CommonJS's module",
      filename: LIBRARY,
      code: "const module = {};\nif (require.main === module) process.exit(1);",
      errors: [
        {
          messageId: "processExit",
          line: 2,
          suggestions: suggestedThrow(
            "const module = {};\nif (require.main === module) process.exit(1);",
            "process.exit(1);",
          ),
        },
      ],
    },
    {
      name: "a guarded main that is also exported",
      filename: LIBRARY_CJS,
      languageOptions: commonjs,
      code: "function main() { process.exit(2); }\nmodule.exports = { main };\nif (require.main === module) main();",
      errors: [
        {
          messageId: "processExit",
          line: 1,
          suggestions: suggestedThrow(
            "function main() { process.exit(2); }\nmodule.exports = { main };\nif (require.main === module) main();",
            "process.exit(2);",
            { commonjs: true },
          ),
        },
      ],
    },
    {
      name: "import.meta.url compared with something else",
      filename: LIBRARY,
      code: "if (import.meta.url === entry) process.exit(1);",
      errors: [
        {
          messageId: "processExit",
          suggestions: suggestedThrow("if (import.meta.url === entry) process.exit(1);", "process.exit(1);"),
        },
      ],
    },
    {
      name: "guards not allowed when allowMainModuleGuard is false",
      filename: LIBRARY,
      code: "if (import.meta.main) process.exit(1);",
      options: [{ allowMainModuleGuard: false }],
      errors: [
        {
          messageId: "processExit",
          suggestions: suggestedThrow("if (import.meta.main) process.exit(1);", "process.exit(1);"),
        },
      ],
    },
  ],
});

ruleTester.run("no-process-exit-in-library (package.json bin and entryPoints)", testedRule, {
  valid: [
    {
      name: "bin dist/run-tool.js maps to src/run-tool.ts through tsconfig outDir/rootDir",
      filename: fixture("bin-dist", "src", "run-tool.ts"),
      code: "export function run() { process.exit(2); }",
    },
    {
      name: "bin dist/run-module.mjs maps to src/run-module.mts",
      filename: fixture("bin-dist", "src", "run-module.mts"),
      code: 'import { exit } from "node:process";\nexit(1);',
    },
    {
      name: "bin dist/run-common.cjs maps to src/run-common.cts",
      filename: fixture("bin-dist", "src", "run-common.cts"),
      languageOptions: commonjs,
      code: 'const process = require("process");\nprocess.exit(1);',
    },
    {
      name: "the compiled bin file itself",
      filename: fixture("bin-dist", "dist", "run-tool.js"),
      code: "process.exit(1);",
    },
    {
      name: "string bin with outDir from an extended tsconfig and the default rootDir",
      filename: fixture("bin-extends", "src", "index.ts"),
      code: "process.exit(1);",
    },
    {
      name: "conventional build → src mapping without a tsconfig",
      filename: fixture("bin-convention", "src", "server.ts"),
      code: "process.abort();",
    },
    {
      name: "module loaded by a bin wrapper (bin/tool.js requires ../lib/cli-main)",
      filename: fixture("bin-wrapper", "src", "cli-main.ts"),
      code: "export function main() { process.exit(1); }",
    },
    {
      name: "npm directories.bin",
      filename: fixture("directories-bin", "commands", "deploy.ts"),
      code: "process.exit(1);",
    },
    {
      name: "entryPoints from txo.config.json",
      filename: fixture("txo-config-globs", "tools", "release.ts"),
      code: "process.exit(1);",
    },
    {
      name: "single file listed in txo.config.json",
      filename: fixture("txo-config-globs", "src", "main.ts"),
      code: "export function main() { process.exitCode = 2; }",
    },
    {
      name: "entryPoints from the txo key of package.json",
      filename: fixture("package-txo-key", "app", "start.ts"),
      code: "process.exit(1);",
    },
    {
      name: "entryPoints option",
      filename: LIBRARY,
      code: "export function run() { process.exit(1); }",
      options: [{ entryPoints: ["src/config-*.ts"] }],
    },
    {
      name: "default glob scripts/**",
      filename: fixture("library", "scripts", "migrate.ts"),
      code: "process.exit(1);",
    },
    { name: "default glob bin/**", filename: fixture("library", "bin", "tool.js"), code: "process.exit(1);" },
    {
      name: "default glob **/cli.ts",
      filename: fixture("library", "src", "commands", "cli.ts"),
      code: "export function cli() { process.exit(1); }",
    },
    {
      name: "default glob **/cli.mjs",
      filename: fixture("library", "cli.mjs"),
      code: 'import process from "node:process";\nprocess.exit(1);',
    },
  ],
  invalid: [
    {
      name: "library file next to the bin",
      filename: fixture("bin-dist", "src", "lib", "helper.ts"),
      code: "process.exit(1);",
      errors: [{ messageId: "processExit", suggestions: suggestedThrow("process.exit(1);", "process.exit(1);") }],
    },
    {
      name: "non-bin source of a package with a string bin",
      filename: fixture("bin-extends", "src", "other.ts"),
      code: "process.exit(1);",
      errors: [{ messageId: "processExit", suggestions: suggestedThrow("process.exit(1);", "process.exit(1);") }],
    },
    {
      name: "a module the bin wrapper does not load",
      filename: fixture("bin-wrapper", "src", "other.ts"),
      code: "process.exit(1);",
      errors: [{ messageId: "processExit", suggestions: suggestedThrow("process.exit(1);", "process.exit(1);") }],
    },
    {
      name: "same name outside directories.bin",
      filename: fixture("directories-bin", "src", "deploy.ts"),
      code: "process.exit(1);",
      errors: [{ messageId: "processExit", suggestions: suggestedThrow("process.exit(1);", "process.exit(1);") }],
    },
    {
      name: "txo.config.json entryPoints replace the defaults",
      filename: fixture("txo-config-globs", "scripts", "seed.ts"),
      code: "process.exit(1);",
      errors: [{ messageId: "processExit", suggestions: suggestedThrow("process.exit(1);", "process.exit(1);") }],
    },
    {
      name: "library file of a project with entryPoints",
      filename: fixture("txo-config-globs", "src", "service.ts"),
      code: "process.exitCode = 1;",
      errors: [{ messageId: "exitCode" }],
    },
    {
      name: "the rule option replaces txo.config.json",
      filename: fixture("txo-config-globs", "tools", "release.ts"),
      code: "process.exit(1);",
      options: [{ entryPoints: ["other/**"] }],
      errors: [{ messageId: "processExit", suggestions: suggestedThrow("process.exit(1);", "process.exit(1);") }],
    },
    {
      name: "package.json txo key: another file",
      filename: fixture("package-txo-key", "app", "routes.ts"),
      code: "process.exit(1);",
      errors: [{ messageId: "processExit", suggestions: suggestedThrow("process.exit(1);", "process.exit(1);") }],
    },
  ],
});

ruleTester.run("no-process-exit-in-library (file kinds)", testedRule, {
  valid: [
    {
      name: "TSX component without exits",
      filename: LIBRARY_TSX,
      languageOptions: jsx,
      code: "export const Quit = () => <button onClick={() => undefined}>Quit</button>;",
    },
  ],
  invalid: [
    {
      name: ".cjs library with require",
      filename: LIBRARY_CJS,
      languageOptions: commonjs,
      code: 'const proc = require("process");\nmodule.exports = function fail() { proc.exit(1); };',
      errors: [{ messageId: "processExit", line: 2 }],
    },
    {
      name: ".cjs library with destructured require",
      filename: LIBRARY_CJS,
      languageOptions: commonjs,
      code: 'const { exit } = require("node:process");\nexit(1);',
      errors: [
        {
          messageId: "processExit",
          line: 2,
          suggestions: suggestedThrow('const { exit } = require("node:process");\nexit(1);', "exit(1);", {
            commonjs: true,
          }),
        },
      ],
    },
    {
      name: ".mjs library",
      filename: LIBRARY_MJS,
      code: 'import process from "node:process";\nexport const fail = () => process.exit(1);',
      errors: [{ messageId: "processExit", line: 2 }],
    },
    {
      name: "TSX component",
      filename: LIBRARY_TSX,
      languageOptions: jsx,
      code: "export function QuitButton() {\n  return <button onClick={() => process.exit(1)}>Quit</button>;\n}",
      errors: [{ messageId: "processExit", line: 2, column: 33 }],
    },
  ],
});

describe("isEntryFile and the project files behind it", () => {
  it("names package.json bin with the tsconfig src↔dist mapping as the reason", () => {
    const verdict = isEntryFile(fixture("bin-dist", "src", "run-tool.ts"), fixture("bin-dist"), DEFAULT_ENTRY_POINTS, {
      sourceText: "",
    });
    expect(verdict).toEqual({
      entry: true,
      reason: "package-bin",
      detail: 'package.json bin "dist/run-tool.js" (tsconfig.json outDir dist → rootDir src)',
      exemption: "whole-file",
    });
  });

  it("maps .mjs bins to .mts and .cjs bins to .cts sources", () => {
    expect(findBinEntry(fixture("bin-dist", "src", "run-module.mts"))).toContain('"dist/run-module.mjs"');
    expect(findBinEntry(fixture("bin-dist", "src", "run-common.cts"))).toContain('"dist/run-common.cjs"');
    expect(findBinEntry(fixture("bin-dist", "src", "run-module.ts"))).toBeUndefined();
  });

  it("follows tsconfig extends and TypeScript's inferred rootDir", () => {
    expect(findBinEntry(fixture("bin-extends", "src", "index.ts"))).toBe(
      'package.json bin "lib/index.js" (tsconfig.json outDir lib → rootDir src)',
    );
    expect(findBinEntry(fixture("bin-extends", "src", "other.ts"))).toBeUndefined();
  });

  it("falls back to the conventional build → src layout only when no tsconfig has an outDir", () => {
    expect(findBinEntry(fixture("bin-convention", "src", "server.ts"))).toBe(
      'package.json bin "build/server.js" (the conventional layout outDir build → rootDir src)',
    );
  });

  it("follows a bin wrapper one hop to the module it loads", () => {
    expect(findBinEntry(fixture("bin-wrapper", "src", "cli-main.ts"))).toBe(
      'package.json bin "bin/tool.js" loads "lib/cli-main" (the conventional layout outDir lib → rootDir src)',
    );
    expect(new ProjectFileCache().modulesLoadedBy(fixture("bin-wrapper"), "bin/tool.js")).toEqual(["lib/cli-main"]);
    expect(new ProjectFileCache().modulesLoadedBy(fixture("bin-dist"), "dist/run-tool.js")).toEqual([]);
  });

  it("treats every file in npm's directories.bin as a bin", () => {
    expect(findBinEntry(fixture("directories-bin", "commands", "deploy.ts"))).toBe(
      'package.json directories.bin "commands"',
    );
    expect(findBinEntry(fixture("directories-bin", "src", "deploy.ts"))).toBeUndefined();
  });
});

describe("entry-point globs, shebangs and the file cache", () => {
  it("reports the matching glob, relative to the project root, and ignores files outside it", () => {
    const verdict = isEntryFile(
      fixture("txo-config-globs", "tools", "release.ts"),
      fixture("txo-config-globs"),
      ["tools/**"],
      { sourceText: "" },
    );
    expect(verdict).toMatchObject({
      entry: true,
      reason: "entry-point-glob",
      detail: 'entryPoints glob "tools/**"',
      exemption: "whole-file",
    });
    expect(
      matchEntryPointGlob(fixture("library", "scripts", "x.ts"), fixture("txo-config-globs"), ["**/*.ts"]),
    ).toBeUndefined();
    expect(matchEntryPointGlob(fixture("library", "src", "cli.cts"), fixture("library"), DEFAULT_ENTRY_POINTS)).toBe(
      "**/cli.{ts,js,mts,mjs,cts,cjs}",
    );
    expect(matchEntryPointGlob(fixture("library", ".bin", "x.js"), fixture("library"), ["./.bin/**"])).toBe(
      "./.bin/**",
    );
  });

  it("reads the shebang from disk when no source text is given, and exempts only entry code", () => {
    expect(isEntryFile(fixture("shebang", "run.js"), fixture("shebang"))).toEqual({
      entry: true,
      reason: "shebang",
      detail: "shebang (#!) on the first line",
      exemption: "entry-code",
    });
    expect(isEntryFile(fixture("shebang", "plain.js"), fixture("shebang")).entry).toBe(false);
    expect(isEntryFile(fixture("shebang", "missing.js"), fixture("shebang")).entry).toBe(false);
    expect(startsWithShebang("\uFEFF#!/usr/bin/env node\n")).toBe(true);
    expect(startsWithShebang("// #!/not/a/shebang")).toBe(false);
  });

  it("reads each package.json once per cache and shares it between files of the package", () => {
    const files = new ProjectFileCache();
    const first = files.packageFor(fixture("bin-dist", "src", "lib", "helper.ts"));
    const second = files.packageFor(fixture("bin-dist", "src", "run-tool.ts"));
    expect(first).toBe(second);
    expect(first?.bins).toEqual(["dist/run-tool.js", "dist/run-module.mjs", "dist/run-common.cjs"]);
    expect(files.layoutsFor(fixture("bin-dist"))).toBe(files.layoutsFor(fixture("bin-dist")));
  });

  it("lists the sources a compiled bin can come from", () => {
    const layouts = [{ source: "tsconfig.json", outDir: "dist", rootDir: undefined }];
    expect(binSourceCandidates("dist/cli.js", layouts).map((candidate) => candidate.path)).toEqual([
      "src/cli.ts",
      "src/cli.tsx",
      "src/cli.js",
      "src/cli.jsx",
      "cli.ts",
      "cli.tsx",
      "cli.js",
      "cli.jsx",
    ]);
    expect(binSourceCandidates("bin/cli.js", layouts)).toEqual([]);
  });

  it("parses tsconfig's JSON with comments and trailing commas without touching strings", () => {
    const text =
      '{\n  // comment\n  "a": "http://x/*y*/", /* block */\n  "b": [1, 2,],\n  "c": "quote \\" // still string",\n}';
    expect(parseJsonc(text)).toEqual({ a: "http://x/*y*/", b: [1, 2], c: 'quote " // still string' });
  });
});

function lintWith(
  rules: Linter.RulesRecord,
  plugins: Record<string, unknown>,
  code: string,
  filename: string,
  cwd = fixtures,
): Linter.LintMessage[] {
  const linter = new Linter({ configType: "flat", cwd });
  const config: Linter.Config[] = [
    // ESLint skips node_modules by default; the no-crash sweep lints installed packages on purpose.
    { ignores: ["!**/node_modules/"] },
    {
      files: ["**/*.ts", "**/*.js", "**/*.mjs", "**/*.cjs", "**/*.tsx", "**/*.mts", "**/*.cts", "**/*.jsx"],
      plugins: plugins as Linter.Config["plugins"],
      languageOptions: { parser: tsParser, sourceType: filename.endsWith(".cjs") ? "commonjs" : "module" },
      rules,
    },
  ];
  return linter.verify(code, config, { filename });
}

describe("configuration errors and debug output", () => {
  it("a bad txo.config.json is a clear error naming the key, never silently ignored", () => {
    const lint = () =>
      lintWith(
        { "txo/no-process-exit-in-library": "error" },
        { txo: { rules: { "no-process-exit-in-library": rule } } },
        "process.exit(1);",
        fixture("bad-config", "src", "lib.ts"),
      );
    expect(lint).toThrow(/unknown key "entryPoint"/);
  });

  it("rejects options that do not match the schema", () => {
    const plugins = { txo: { rules: { "no-process-exit-in-library": rule } } };
    const lint = (options: unknown) => () =>
      lintWith({ "txo/no-process-exit-in-library": ["error", options] }, plugins, "process.exit(1);", LIBRARY);
    expect(lint({ entryPoints: "bin/**" })).toThrow(/"bin\/\*\*" should be array/);
    expect(lint({ allowSignals: true })).toThrow(/Unexpected property "allowSignals"/);
    expect(lint({ entryPoints: ["src/**"], checkExitCode: false })).not.toThrow();
  });

  it("says which check allowed a file under NODE_DEBUG=txo", () => {
    const probe = spawnSync(
      process.execPath,
      [join(repoRoot, "node_modules", "vitest", "vitest.mjs"), "run", "--root", fixture("debug-probe")],
      {
        cwd: repoRoot,
        env: { ...process.env, NODE_DEBUG: "txo", NO_COLOR: "1" },
        encoding: "utf8",
      },
    );
    const output = `${probe.stdout}${probe.stderr}`;
    expect(probe.status, output).toBe(0);
    expect(output).toContain(
      'txo/no-process-exit-in-library: src/run-tool.ts allowed: package.json bin "dist/run-tool.js" (tsconfig.json outDir dist → rootDir src)',
    );
    expect(output).toContain('txo/no-process-exit-in-library: tools/release.ts allowed: entryPoints glob "tools/**"');
    expect(output).toContain(
      "txo/no-process-exit-in-library: src/tool.ts entry code allowed (exported functions still checked): shebang (#!) on the first line",
    );
    expect(output).not.toContain("src/quiet.ts");
  });
});

describe("what the peer rules miss", () => {
  const peers = { unicorn, n };
  const peerRules = { "unicorn/no-process-exit": "error", "n/no-process-exit": "error" } as const;
  const missedByBoth = {
    "destructured exit": "const { exit } = process;\nexit(1);",
    "process alias": "const p = process;\np.exit(1);",
    "method alias": "const quit = process.exit;\nquit(1);",
    "computed access": 'process["exit"](1);',
    "globalThis.process": "globalThis.process.exit(1);",
    "global.process": "global.process.exit(1);",
    "named import": 'import { exit } from "node:process";\nexit(1);',
    "require(process)": 'require("process").exit(1);',
    "process.abort()": "process.abort();",
    "process.kill(process.pid)": "process.kill(process.pid);",
  };

  for (const [form, code] of Object.entries(missedByBoth)) {
    it(`${form}: unicorn/no-process-exit and n/no-process-exit report nothing, txo reports it`, () => {
      const filename = fixture("library", "src", "peer.ts");
      expect(lintWith(peerRules, peers, code, filename)).toEqual([]);
      const ours = lintWith(
        { "txo/no-process-exit-in-library": "error" },
        { txo: { rules: { "no-process-exit-in-library": rule } } },
        code,
        filename,
      );
      expect(ours.map((message) => message.ruleId)).toEqual(["txo/no-process-exit-in-library"]);
    });
  }

  it("n/no-process-exit flags a parameter named process; txo does not", () => {
    const code = "export function stop(process: { exit(code: number): void }) { process.exit(1); }";
    const filename = fixture("library", "src", "peer.ts");
    expect(lintWith({ "n/no-process-exit": "error" }, peers, code, filename)).toHaveLength(1);
    expect(
      lintWith(
        { "txo/no-process-exit-in-library": "error" },
        { txo: { rules: { "no-process-exit-in-library": rule } } },
        code,
        filename,
      ),
    ).toEqual([]);
  });
});

/**
 * Real files nobody here wrote: an even spread across the installed packages, plus files that
 * mention process.exit, so the sweep also exercises the reporting and exemption paths.
 */
function installedSourceFiles(limit: number): string[] {
  const all = fg
    .sync(["**/*.{ts,tsx,mts,cts,js,mjs,cjs}"], {
      cwd: join(repoRoot, "node_modules"),
      absolute: true,
      ignore: ["**/*.d.{ts,mts,cts}", "**/*.min.js"],
    })
    .sort()
    .filter((file) => statSync(file).size < 200_000);
  const withExits: string[] = [];
  for (const file of all) {
    if (withExits.length >= limit / 10) break;
    if (readFileSync(file, "utf8").includes("process.exit")) withExits.push(file);
  }
  const step = Math.max(1, Math.floor(all.length / (limit - withExits.length)));
  const spread = all.filter((file, index) => index % step === 0 && !withExits.includes(file));
  return [...withExits, ...spread].slice(0, limit);
}

describe("no crash on real code", () => {
  it("lints 2,000 installed package files without an exception and finds real exits", () => {
    const plugins = { txo: { rules: { "no-process-exit-in-library": rule } } };
    const crashes: string[] = [];
    let findings = 0;
    let linted = 0;
    const files = installedSourceFiles(2000);
    for (const file of files) {
      try {
        const messages = lintWith(
          { "txo/no-process-exit-in-library": "error" },
          plugins,
          readFileSync(file, "utf8"),
          file,
          repoRoot,
        );
        findings += messages.filter((message) => message.ruleId === "txo/no-process-exit-in-library").length;
        if (!messages.some((message) => message.message.startsWith("No matching configuration"))) linted += 1;
      } catch (error) {
        crashes.push(`${file}: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`);
      }
    }
    expect(crashes).toEqual([]);
    expect(linted).toBe(files.length);
    expect(files.length).toBe(2000);
    expect(findings).toBeGreaterThan(0);
  }, 480_000);
});

ruleTester.run("no-process-exit-in-library suggestions (exit-to-throw in the editor)", testedRule, {
  valid: [],
  invalid: [
    exitSuggestion(
      "a bare exit gets TODO text and the import",
      "export function load() {\n  process.exit(1);\n}",
      `${IMPORT}\nexport function load() {\n  ${thrown("  ", TODO_WHAT, TODO_HOW)}\n}`,
    ),
    exitSuggestion(
      "the log before the exit is folded in, split at its hint",
      'import { readFileSync } from "node:fs";\nexport function load(path: string) {\n  console.error("Config file not found. Run `app init` first.");\n  process.exit(1);\n}',
      `import { readFileSync } from "node:fs";\n${IMPORT}\nexport function load(path: string) {\n  ${thrown("  ", '"Config file not found."', '"Run `app init` first."')}\n}`,
    ),
    exitSuggestion(
      "a template message and an error argument become the message and the cause",
      "export function load(path: string) {\n  try { read(path); } catch (err) {\n    logger.error(`Cannot read ${path}. Check that it exists.`, err);\n    process.exit(2);\n  }\n}",
      `${IMPORT}\nexport function load(path: string) {\n  try { read(path); } catch (err) {\n    ${thrown("    ", "`Cannot read ${path}.`", '"Check that it exists."', "err")}\n  }\n}`,
    ),
    exitSuggestion(
      "a second log line that reads like a hint becomes howToFix",
      'export function load() {\n  console.error("No token.");\n  console.error("Set GITHUB_TOKEN and retry.");\n  process.exit(1);\n}',
      `${IMPORT}\nexport function load() {\n  ${thrown("  ", '"No token."', '"Set GITHUB_TOKEN and retry."')}\n}`,
    ),
    exitSuggestion(
      "comments inside the folded statements are kept above the throw",
      'export function load() {\n  console.error("Bad config"); // the schema check failed\n  process.exit(1);\n}',
      `${IMPORT}\nexport function load() {\n  // the schema check failed\n  ${thrown("  ", '"Bad config"', TODO_HOW)}\n}`,
    ),
    exitSuggestion(
      "a return after the exit goes too (unreachable after a throw)",
      "export function load(ok: boolean) {\n  if (!ok) {\n    process.exit(1);\n    return;\n  }\n}",
      `${IMPORT}\nexport function load(ok: boolean) {\n  if (!ok) {\n    ${thrown("    ", TODO_WHAT, TODO_HOW)}\n  }\n}`,
    ),
    exitSuggestion(
      "an if without braces",
      "export function load(ok: boolean) {\n  if (!ok) process.exit(1);\n}",
      `${IMPORT}\nexport function load(ok: boolean) {\n  if (!ok) ${thrown("  ", TODO_WHAT, TODO_HOW)}\n}`,
    ),
    exitSuggestion(
      "a parenthesised exit statement",
      "export function load() {\n  (process.exit(1));\n}",
      `${IMPORT}\nexport function load() {\n  ${thrown("  ", TODO_WHAT, TODO_HOW)}\n}`,
    ),
    exitSuggestion(
      "an existing import of HelpfulError is reused",
      `${IMPORT}\nexport function load() {\n  process.exit(1);\n}`,
      `${IMPORT}\nexport function load() {\n  ${thrown("  ", TODO_WHAT, TODO_HOW)}\n}`,
    ),
    exitSuggestion(
      "an aliased import is called by its alias",
      'import { HelpfulError as UserError } from "txo-toolkit/runtime";\nexport function load() {\n  process.exit(1);\n}',
      `import { HelpfulError as UserError } from "txo-toolkit/runtime";\nexport function load() {\n  ${thrown("  ", TODO_WHAT, TODO_HOW, undefined, "UserError")}\n}`,
    ),
    exitSuggestion(
      "an import of the runtime gets HelpfulError added",
      'import { runMain } from "txo-toolkit/runtime";\nexport function load() {\n  process.exit(1);\n}',
      'import { runMain, HelpfulError } from "txo-toolkit/runtime";\n' +
        `export function load() {\n  ${thrown("  ", TODO_WHAT, TODO_HOW)}\n}`,
    ),
    exitSuggestion(
      "a CommonJS file gets a require() below its directive",
      '"use strict";\nconst fs = require("fs");\nfunction load() {\n  process.exit(1);\n}\nmodule.exports = { load };',
      `"use strict";\nconst { HelpfulError } = require("@txo-toolkit/runtime");\nconst fs = require("fs");\nfunction load() {\n  ${thrown("  ", TODO_WHAT, TODO_HOW)}\n}\nmodule.exports = { load };`,
      { filename: LIBRARY_CJS, languageOptions: commonjs },
    ),
    exitSuggestion(
      "an existing require() of the runtime is reused",
      'const { HelpfulError } = require("txo-toolkit/runtime");\nfunction load() {\n  process.exit(1);\n}\nmodule.exports = { load };',
      `const { HelpfulError } = require("txo-toolkit/runtime");\nfunction load() {\n  ${thrown("  ", TODO_WHAT, TODO_HOW)}\n}\nmodule.exports = { load };`,
      { filename: LIBRARY_CJS, languageOptions: commonjs },
    ),
    exitSuggestion(
      "the file's style: single quotes, no semicolons, tabs",
      "import { x } from 'y'\nexport function load() {\n\tconsole.error('Bad config')\n\tprocess.exit(1)\n}",
      "import { x } from 'y'\nimport { HelpfulError } from '@txo-toolkit/runtime'\nexport function load() {\n\tthrow new HelpfulError({\n\t\twhatWentWrong: 'Bad config',\n\t\thowToFix: 'TODO(txo-codemod): tell the user how to fix this',\n\t})\n}",
    ),
    exitSuggestion(
      "the importSource option",
      "export function load() {\n  process.exit(1);\n}",
      `import { HelpfulError } from "@acme/errors";\nexport function load() {\n  ${thrown("  ", TODO_WHAT, TODO_HOW)}\n}`,
      { options: [{ importSource: "@acme/errors" }] },
    ),
    exitWithoutSuggestion(
      "exit code 0 reports success: a throw would turn it into a failure",
      "export function done() {\n  process.exit(0);\n}",
    ),
    exitWithoutSuggestion("a computed exit code", "export function done(code: number) {\n  process.exit(code);\n}"),
    exitWithoutSuggestion("no exit code", "export function done() {\n  process.exit();\n}"),
    exitWithoutSuggestion(
      "an exit inside an expression",
      "export function check(ok: boolean) {\n  ok || process.exit(1);\n}",
    ),
    exitWithoutSuggestion(
      "an exit in a callback: the throw would not reach the caller",
      "export function watch() {\n  emitter.on('fatal', () => {\n    process.exit(1);\n  });\n}",
    ),
    exitWithoutSuggestion(
      "an exit in a try block: the catch would swallow the throw",
      "export function load() {\n  try {\n    process.exit(1);\n  } catch (e) {\n    report(e);\n  }\n}",
    ),
    exitWithoutSuggestion(
      "an exit in a catch block with nothing to say: TODO text would reach users",
      "export function load() {\n  try {\n    read();\n  } catch {\n    process.exit(1);\n  }\n}",
    ),
    exitWithoutSuggestion(
      "HelpfulError is already a local name",
      "class HelpfulError extends Error {}\nexport function load() {\n  process.exit(1);\n}",
    ),
  ],
});
