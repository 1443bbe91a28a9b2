import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import tsParser from "@typescript-eslint/parser";
import { RuleTester, type InvalidTestCase, type TestLanguageOptions } from "@typescript-eslint/rule-tester";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { type ESLint, Linter } from "eslint";
import fg from "fast-glob";
import { afterAll, describe, expect, it } from "vitest";
import rule, {
  describeSoftFail,
  type SoftFailDescription,
  type SoftFailForm,
  type SoftFailMessageId,
  type SoftFailOptions,
  type SoftFailRuleOptions,
} from "../../src/rules/no-soft-fail-config/rule.js";

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

type MessageId = SoftFailMessageId;
type Options = SoftFailRuleOptions;
type Suggestions = { messageId: MessageId; output: string }[];

const ruleTester = new RuleTester();
// A RuleCreator rule is the RuleModule RuleTester.run takes; the two packages type it apart.
const testedRule = rule as unknown as Parameters<typeof ruleTester.run<MessageId, Options>>[1];
// RuleTester's languageOptions type lags ESLint's own; sourceType is one of its keys at run time.
const commonjs = { sourceType: "commonjs" } as unknown as TestLanguageOptions;
const RUNTIME = "@txo-toolkit/runtime";

/**
 * The two suggestions for a file without imports: `target` (the soft-fail's text) becomes the
 * given call, and the helper's import is added at the top.
 */
function hardened(code: string, target: string, requireText: string, optionalText?: string, quote = '"'): Suggestions {
  if (!code.includes(target)) throw new Error(`test setup: ${target} is not in ${code}`);
  const withImport = (helper: string, text: string) =>
    `import { ${helper} } from ${quote}${RUNTIME}${quote};\n${code.replace(target, text)}`;
  const suggestions: Suggestions = [
    { messageId: "suggestRequireConfig", output: withImport("requireConfig", requireText) },
  ];
  if (optionalText) suggestions.push({ messageId: "suggestOptional", output: withImport("optional", optionalText) });
  return suggestions;
}

/** One error with the given form and its two hardened suggestions. */
function invalid(
  code: string,
  messageId: MessageId,
  target: string,
  requireText: string,
  optionalText?: string,
  extra: Partial<InvalidTestCase<MessageId, Options>> = {},
): InvalidTestCase<MessageId, Options> {
  return { code, errors: [{ messageId, suggestions: hardened(code, target, requireText, optionalText) }], ...extra };
}

/** The same, in a file whose strings are single-quoted: the suggestion writes its import and keys in single quotes, as the codemod does. */
function invalidSingleQuoted(
  code: string,
  messageId: MessageId,
  target: string,
  requireText: string,
  optionalText?: string,
  extra: Partial<InvalidTestCase<MessageId, Options>> = {},
): InvalidTestCase<MessageId, Options> {
  return {
    code,
    errors: [{ messageId, suggestions: hardened(code, target, requireText, optionalText, "'") }],
    ...extra,
  };
}

/** One error that offers no suggestion (the path is not static, or the rewrite would change more than the read). */
function invalidWithoutSuggestions(
  code: string,
  messageId: MessageId,
  extra: Partial<InvalidTestCase<MessageId, Options>> = {},
): InvalidTestCase<MessageId, Options> {
  return { code, errors: [{ messageId, suggestions: [] }], ...extra };
}

ruleTester.run("no-soft-fail-config: ordinary code is not configuration", testedRule, {
  valid: [
    "function timeoutOf(options: { timeout?: number }) { return options.timeout ?? 30; }",
    "export async function load(response: Response) { const data = await response.json(); return data.items ?? []; }",
    "const data = response.data ?? [];",
    "function f(opts) { return opts.port || 80; }",
    "const name = user?.profile?.name;",
    "function f({ timeout = 30 }: { timeout?: number }) { return timeout; }",
    "const { retries = 3 } = options;",
    "function f(delay = options.delay) { return delay; }",
    "const x = 'k' in options ? options.k : 5;",
    "let timeout = 5; timeout ??= 10;",
    "const cache = new Map(); const hit = cache.get('k', 1);",
    "import _ from 'lodash'; const v = _.get(response, 'a.b', 1);",
    "import { get } from 'svelte/store'; const v = get(config, 'a', 1);",
    "config.items.map((item) => item.name ?? 'unnamed');",
  ],
  invalid: [],
});

ruleTester.run("no-soft-fail-config: reads that are not fallbacks", testedRule, {
  valid: [
    "if (config.debug) start();",
    "const isProduction = config.mode === 'production';",
    "if (config.debug || config.verbose) enableLogging();",
    "const quiet = !(config.verbose || config.debug);",
    "while (settings.retry || settings.forever) run();",
    "const enabled = Boolean(config.a || config.b);",
    "const section = config.get('script-behavior');",
    "import _ from 'lodash'; const all = _.get(config, 'a.b');",
    "const x = config.debug ? 'verbose' : 'quiet';",
    "const y = 'k' in config ? config.other : 5;",
    "const inner = config.a && config.a.b;",
    "function f() { if (!config.enabled) return; run(); }",
    "function f() { if (!config.has('k')) throw new Error('config.k is missing'); return config.get('k'); }",
  ],
  invalid: [],
});

ruleTester.run("no-soft-fail-config: explicit reads and the runtime", testedRule, {
  valid: [
    `import { optional } from "${RUNTIME}"; const delay = optional(config, ["script-behavior", "api-delay-seconds"], 1);`,
    `import { requireConfig } from "${RUNTIME}"; const t = requireConfig(config, "timeout") ?? 5;`,
    `import { requireConfig } from "${RUNTIME}"; const t = requireConfig(config, "timeout"); const u = t || 5;`,
    `import { requireConfig } from "${RUNTIME}"; const { a = requireConfig(config, "a") } = config;`,
    {
      code: "const t = config.timeout ?? 30;",
      filename: "src/runtime/config.ts",
      options: [{ ignoreFiles: ["src/runtime/**"] }],
    },
    { code: "const url = process.env.API_URL || 'http://localhost';", options: [{ checkEnvironment: false }] },
    { code: "const t = config.timeout ?? 30;", options: [{ configNames: ["appState"] }] },
    { code: "const t = config.timeout ?? 30;", options: [{ explicitHelpers: ["mustRead"], configNames: ["unused"] }] },
    { code: "const t = settings.timeout ?? mustRead(settings, 't');", options: [{ configNames: ["unused"] }] },
  ],
  invalid: [],
});

/**
 * An application (a private package): an empty section it defaults to hides a missing part of its own
 * config file, so `config["x"] ?? {}` is reported there (in a published package it means "none").
 */
const applicationDir = mkdtempSync(join(tmpdir(), "txo-soft-fail-app-"));
writeFileSync(join(applicationDir, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", private: true }));
afterAll(() => rmSync(applicationDir, { recursive: true, force: true }));
const inApplication = join(applicationDir, "app.ts");

const scriptBehaviorCode =
  "const scriptBehavior = config['script-behavior'] ?? {}; const rate = scriptBehavior['rate-limiting'] ?? {};";

ruleTester.run("no-soft-fail-config: scope analysis and shadowing", testedRule, {
  valid: [
    "const sb = config['script-behavior']; function g(response) { const sb = response.data; return sb.delay ?? 1; }",
    "const process = { env: {} as Record<string, string> }; const url = process.env.API_URL ?? 'x';",
    "function f() { let x = cfg.a; x = {}; } const y = other.b ?? 1;",
    "let a = b; let b = a; const c = a.x ?? 1;",
    "class Cache { data = new Map(); get(k: string) { return this.data.get(k) ?? this.fallback; } }",
    "const fromThis = this.options.timeout ?? 30;",
  ],
  invalid: [
    invalidSingleQuoted(
      "function f(config: any) { const sb = config['script-behavior']; return sb.delay ?? 1; }",
      "nullishFallback",
      "sb.delay ?? 1",
      "requireConfig(sb, 'delay')",
      "optional(sb, ['delay'], 1)",
      { filename: inApplication },
    ),
    invalid(
      "const a = config.x; const b = a.y; const c = b.z ?? 1;",
      "nullishFallback",
      "b.z ?? 1",
      'requireConfig(b, "z")',
      'optional(b, ["z"], 1)',
    ),
    invalid(
      "const { rateLimiting } = config; const on = rateLimiting.enabled ?? true;",
      "nullishFallback",
      "rateLimiting.enabled ?? true",
      'requireConfig(rateLimiting, "enabled")',
      'optional(rateLimiting, ["enabled"], true)',
    ),
    invalid(
      "let x = cfg.a; use(x); const v = x.b ?? 1;",
      "nullishFallback",
      "x.b ?? 1",
      'requireConfig(x, "b")',
      'optional(x, ["b"], 1)',
    ),
    invalid(
      "let x; x = cfg.a; const v = x.b || 2;",
      "logicalOrFallback",
      "x.b || 2",
      'requireConfig(x, "b")',
      'optional(x, ["b"], 2)',
    ),
    invalid(
      "const config = load(); function f(config) { return config.a ?? 1; }",
      "nullishFallback",
      "config.a ?? 1",
      'requireConfig(config, "a")',
      'optional(config, ["a"], 1)',
      { filename: inApplication },
    ),
    invalidSingleQuoted(
      "async function f() { const section = await settings.get('http'); return section.port ?? 80; }",
      "nullishFallback",
      "section.port ?? 80",
      "requireConfig(section, 'port')",
      "optional(section, ['port'], 80)",
    ),
    invalid(
      "for (const server of config.servers) { const p = server.port ?? 80; }",
      "nullishFallback",
      "server.port ?? 80",
      'requireConfig(server, "port")',
      'optional(server, ["port"], 80)',
    ),
    invalid(
      "function f(sb = config.sb) { return sb.delay ?? 1; }",
      "nullishFallback",
      "sb.delay ?? 1",
      'requireConfig(sb, "delay")',
      'optional(sb, ["delay"], 1)',
      {
        errors: [
          {
            messageId: "defaultParameter",
            suggestions: hardened(
              "function f(sb = config.sb) { return sb.delay ?? 1; }",
              "= config.sb",
              '= requireConfig(config, "sb")',
            ),
          },
          {
            messageId: "nullishFallback",
            suggestions: hardened(
              "function f(sb = config.sb) { return sb.delay ?? 1; }",
              "sb.delay ?? 1",
              'requireConfig(sb, "delay")',
              'optional(sb, ["delay"], 1)',
            ),
          },
        ],
      },
    ),
    {
      code: scriptBehaviorCode,
      filename: inApplication,
      errors: [
        {
          messageId: "nullishFallback",
          line: 1,
          column: 24,
          endColumn: 55,
          suggestions: hardened(
            scriptBehaviorCode,
            "config['script-behavior'] ?? {}",
            "requireConfig(config, 'script-behavior')",
            "optional(config, ['script-behavior'], {})",
            "'",
          ),
        },
        {
          messageId: "nullishFallback",
          line: 1,
          column: 70,
          endColumn: 107,
          suggestions: hardened(
            scriptBehaviorCode,
            "scriptBehavior['rate-limiting'] ?? {}",
            "requireConfig(scriptBehavior, 'rate-limiting')",
            "optional(scriptBehavior, ['rate-limiting'], {})",
            "'",
          ),
        },
      ],
    },
  ],
});

ruleTester.run("no-soft-fail-config: ?? and || fallbacks", testedRule, {
  valid: [],
  invalid: [
    {
      code: 'const rate = config["script-behavior"]["rate-limiting"] ?? {};',
      filename: inApplication,
      errors: [
        {
          messageId: "nullishFallback",
          data: {
            path: 'config["script-behavior"]["rate-limiting"]',
            resolved: "",
            fallback: "{}",
            hardFix: 'requireConfig(config, "script-behavior", "rate-limiting")',
            explicitFix: 'optional(config, ["script-behavior", "rate-limiting"], {})',
            operator: "",
          },
          line: 1,
          column: 14,
          endColumn: 62,
          suggestions: [
            {
              messageId: "suggestRequireConfig",
              output: `import { requireConfig } from "@txo-toolkit/runtime";\nconst rate = requireConfig(config, "script-behavior", "rate-limiting");`,
            },
            {
              messageId: "suggestOptional",
              output: `import { optional } from "@txo-toolkit/runtime";\nconst rate = optional(config, ["script-behavior", "rate-limiting"], {});`,
            },
          ],
        },
      ],
    },
    invalid(
      'const url = process.env.API_URL || "http://localhost";',
      "logicalOrFallback",
      'process.env.API_URL || "http://localhost"',
      'requireConfig(process.env, "API_URL")',
      'optional(process.env, ["API_URL"], "http://localhost")',
    ),
    invalid(
      'const x = import.meta.env.VITE_X ?? "d";',
      "nullishFallback",
      'import.meta.env.VITE_X ?? "d"',
      'requireConfig(import.meta.env, "VITE_X")',
      'optional(import.meta.env, ["VITE_X"], "d")',
    ),
    invalid(
      'const x = globalThis.process.env.X ?? "d";',
      "nullishFallback",
      'globalThis.process.env.X ?? "d"',
      'requireConfig(globalThis.process.env, "X")',
      'optional(globalThis.process.env, ["X"], "d")',
    ),
    invalid(
      'const { env } = process; const port = env.PORT ?? "80";',
      "nullishFallback",
      'env.PORT ?? "80"',
      'requireConfig(env, "PORT")',
      'optional(env, ["PORT"], "80")',
    ),
    invalid(
      "class Client { constructor(private readonly config: any) {} t() { return this.config.timeout ?? 30; } }",
      "nullishFallback",
      "this.config.timeout ?? 30",
      'requireConfig(this.config, "timeout")',
      'optional(this.config, ["timeout"], 30)',
      { filename: inApplication },
    ),
    invalid(
      "class Client { #settings = load(); t() { return this.#settings.timeout ?? 30; } }",
      "nullishFallback",
      "this.#settings.timeout ?? 30",
      'requireConfig(this.#settings, "timeout")',
      'optional(this.#settings, ["timeout"], 30)',
    ),
    invalid(
      "class Client extends Base { t() { return super.config.timeout ?? 30; } }",
      "nullishFallback",
      "super.config.timeout ?? 30",
      'requireConfig(super.config, "timeout")',
      'optional(super.config, ["timeout"], 30)',
    ),
    invalid(
      "class K { constructor(private readonly timeout = config.timeout) {} }",
      "defaultParameter",
      "= config.timeout",
      '= requireConfig(config, "timeout")',
    ),
    {
      ...invalid(
        "const items = (appConfig.items as string[]) || [];",
        "logicalOrFallback",
        "(appConfig.items as string[]) || []",
        'requireConfig(appConfig, "items")',
        'optional(appConfig, ["items"], [])',
      ),
      filename: inApplication,
    },
    invalid(
      'const theme = userSettings.theme ?? "dark";',
      "nullishFallback",
      'userSettings.theme ?? "dark"',
      'requireConfig(userSettings, "theme")',
      'optional(userSettings, ["theme"], "dark")',
    ),
    invalidSingleQuoted(
      "const list = config.hosts[0] ?? 'localhost';",
      "nullishFallback",
      "config.hosts[0] ?? 'localhost'",
      "requireConfig(config, 'hosts', 0)",
      "optional(config, ['hosts', 0], 'localhost')",
    ),
    invalid(
      "const t = config.a ?? config.b ?? 5;",
      "nullishFallback",
      "config.a ?? config.b",
      'requireConfig(config, "a")',
      'optional(config, ["a"], config.b)',
    ),
    invalidWithoutSuggestions("function f(options: any) { return options.a ?? config.b ?? 5; }", "nullishFallback"),
    { ...invalidWithoutSuggestions("const c = config ?? {};", "nullishFallback"), filename: inApplication },
    invalidWithoutSuggestions("const v = config[key] ?? 1;", "nullishFallback"),
    {
      ...invalid(
        "const on = (config.flags || {}).beta;",
        "logicalOrFallback",
        "config.flags || {}",
        'requireConfig(config, "flags")',
        'optional(config, ["flags"], {})',
      ),
      filename: inApplication,
    },
    invalidWithoutSuggestions("config.timeout ??= 30;", "fallbackAssignment"),
    invalidWithoutSuggestions("let x = cfg.a; x ||= 5;", "fallbackAssignment"),
  ],
});

ruleTester.run("no-soft-fail-config: optional chaining", testedRule, {
  valid: [],
  invalid: [
    invalid(
      "const b = config?.a?.b;",
      "optionalChain",
      "config?.a?.b",
      'requireConfig(config, "a", "b")',
      'optional(config, ["a", "b"], undefined)',
    ),
    invalid(
      'const on = config["script-behavior"]?.["circuit-breaker"]?.enabled;',
      "optionalChain",
      'config["script-behavior"]?.["circuit-breaker"]?.enabled',
      'requireConfig(config, "script-behavior", "circuit-breaker", "enabled")',
      'optional(config, ["script-behavior", "circuit-breaker", "enabled"], undefined)',
    ),
    invalid(
      "const a = config?.a ?? 1;",
      "nullishFallback",
      "config?.a ?? 1",
      'requireConfig(config, "a")',
      'optional(config, ["a"], 1)',
    ),
    invalidWithoutSuggestions("const opts = process.env.WORKER_FLAGS?.split(' ');", "optionalChain"),
  ],
});

ruleTester.run("no-soft-fail-config: get with a default", testedRule, {
  valid: [],
  invalid: [
    invalidWithoutSuggestions(
      "export function retries(settings: MapConfig) { return settings.get('max-retries', 3); }",
      "getWithDefault",
      { filename: inApplication },
    ),
    invalidWithoutSuggestions(
      "const breaker = config.get('circuit-breaker'); const on = breaker.get('enabled', true);",
      "getWithDefault",
    ),
    invalidWithoutSuggestions("const r = config?.get('k', 5);", "getWithDefault"),
    {
      code: 'import _ from "lodash";\nconst delay = _.get(config, "script-behavior.api-delay-seconds", 1);',
      errors: [
        {
          messageId: "lodashGetWithDefault",
          suggestions: [
            {
              messageId: "suggestRequireConfig",
              output:
                'import _ from "lodash";\nimport { requireConfig } from "@txo-toolkit/runtime";\nconst delay = requireConfig(config, "script-behavior", "api-delay-seconds");',
            },
            {
              messageId: "suggestOptional",
              output:
                'import _ from "lodash";\nimport { optional } from "@txo-toolkit/runtime";\nconst delay = optional(config, ["script-behavior", "api-delay-seconds"], 1);',
            },
          ],
        },
      ],
    },
    {
      code: "import { get } from 'lodash-es';\nconst v = get(config, ['a', 'b'], 1);",
      errors: [
        {
          messageId: "lodashGetWithDefault",
          suggestions: [
            {
              messageId: "suggestRequireConfig",
              output:
                "import { get } from 'lodash-es';\nimport { requireConfig } from '@txo-toolkit/runtime';\nconst v = requireConfig(config, 'a', 'b');",
            },
            {
              messageId: "suggestOptional",
              output:
                "import { get } from 'lodash-es';\nimport { optional } from '@txo-toolkit/runtime';\nconst v = optional(config, ['a', 'b'], 1);",
            },
          ],
        },
      ],
    },
    {
      code: "import get from 'lodash/get';\nconst v = get(settings, 'hosts[0].port', 80);",
      errors: [
        {
          messageId: "lodashGetWithDefault",
          suggestions: [
            {
              messageId: "suggestRequireConfig",
              output:
                "import get from 'lodash/get';\nimport { requireConfig } from '@txo-toolkit/runtime';\nconst v = requireConfig(settings, 'hosts', 0, 'port');",
            },
            {
              messageId: "suggestOptional",
              output:
                "import get from 'lodash/get';\nimport { optional } from '@txo-toolkit/runtime';\nconst v = optional(settings, ['hosts', 0, 'port'], 80);",
            },
          ],
        },
      ],
    },
    {
      code: "const lodash = require('lodash');\nmodule.exports = (cfg) => lodash.get(cfg, 'x', 2);",
      filename: join(applicationDir, "legacy.cjs"),
      languageOptions: commonjs,
      errors: [
        {
          messageId: "lodashGetWithDefault",
          suggestions: [
            {
              messageId: "suggestRequireConfig",
              output:
                "const { requireConfig } = require('@txo-toolkit/runtime');\nconst lodash = require('lodash');\nmodule.exports = (cfg) => requireConfig(cfg, 'x');",
            },
            {
              messageId: "suggestOptional",
              output:
                "const { optional } = require('@txo-toolkit/runtime');\nconst lodash = require('lodash');\nmodule.exports = (cfg) => optional(cfg, ['x'], 2);",
            },
          ],
        },
      ],
    },
    invalidWithoutSuggestions("const v = _.get(config, path, 1);", "lodashGetWithDefault"),
  ],
});

const sectionCode = "const { a = 1, b = 2 } = requireConfig(config, 'section');";

ruleTester.run("no-soft-fail-config: destructuring defaults and default parameters", testedRule, {
  valid: [],
  invalid: [
    invalid(
      "const { a = 1 } = config;",
      "destructuringDefault",
      "= 1",
      '= requireConfig(config, "a")',
      '= optional(config, ["a"], 1)',
    ),
    invalid(
      "const { a: { b = 1 } } = config;",
      "destructuringDefault",
      "= 1",
      '= requireConfig(config, "a", "b")',
      '= optional(config, ["a", "b"], 1)',
    ),
    invalid(
      'const { "min-factor": min = 0.5 } = config.jitter;',
      "destructuringDefault",
      "= 0.5",
      '= requireConfig(config, "jitter", "min-factor")',
      '= optional(config, ["jitter", "min-factor"], 0.5)',
    ),
    invalidSingleQuoted(
      "const [first = 'localhost'] = config.hosts;",
      "destructuringDefault",
      "= 'localhost'",
      "= requireConfig(config, 'hosts', 0)",
      "= optional(config, ['hosts', 0], 'localhost')",
    ),
    invalid(
      "export const f = ({ a = 1 } = config) => a;",
      "destructuringDefault",
      "= 1",
      '= requireConfig(config, "a")',
      '= optional(config, ["a"], 1)',
    ),
    invalid(
      "function f(timeout = config.timeout) { return timeout; }",
      "defaultParameter",
      "= config.timeout",
      '= requireConfig(config, "timeout")',
    ),
    invalidSingleQuoted(
      "const { PORT = '80' } = process.env;",
      "destructuringDefault",
      "= '80'",
      "= requireConfig(process.env, 'PORT')",
      "= optional(process.env, ['PORT'], '80')",
    ),
    invalidWithoutSuggestions("for (const { name = 'x' } of config.items) use(name);", "destructuringDefault"),
    {
      code: sectionCode,
      errors: [
        {
          messageId: "destructuringDefault",
          suggestions: hardened(
            sectionCode,
            "a = 1",
            "a = requireConfig(config, 'section', 'a')",
            "a = optional(config, ['section', 'a'], 1)",
            "'",
          ),
        },
        {
          messageId: "destructuringDefault",
          suggestions: hardened(
            sectionCode,
            "b = 2",
            "b = requireConfig(config, 'section', 'b')",
            "b = optional(config, ['section', 'b'], 2)",
            "'",
          ),
        },
      ],
    },
  ],
});

ruleTester.run("no-soft-fail-config: presence checks that branch to a default", testedRule, {
  valid: [],
  invalid: [
    invalid(
      'const k = "k" in config ? config.k : 5;',
      "presenceCheckFallback",
      '"k" in config ? config.k : 5',
      'requireConfig(config, "k")',
      'optional(config, ["k"], 5)',
    ),
    invalid(
      'const k = !("k" in config) ? 5 : config["k"];',
      "presenceCheckFallback",
      '!("k" in config) ? 5 : config["k"]',
      'requireConfig(config, "k")',
      'optional(config, ["k"], 5)',
    ),
    invalidSingleQuoted(
      "const k = Object.hasOwn(config, 'k') ? config.k : 5;",
      "presenceCheckFallback",
      "Object.hasOwn(config, 'k') ? config.k : 5",
      "requireConfig(config, 'k')",
      "optional(config, ['k'], 5)",
    ),
    invalid(
      "const x = config.x !== undefined ? config.x : 3;",
      "presenceCheckFallback",
      "config.x !== undefined ? config.x : 3",
      'requireConfig(config, "x")',
      'optional(config, ["x"], 3)',
    ),
    invalid(
      "const x = config.x == null ? 3 : config.x;",
      "presenceCheckFallback",
      "config.x == null ? 3 : config.x",
      'requireConfig(config, "x")',
      'optional(config, ["x"], 3)',
    ),
    invalidSingleQuoted(
      "const x = typeof config.x !== 'undefined' ? config.x : 3;",
      "presenceCheckFallback",
      "typeof config.x !== 'undefined' ? config.x : 3",
      "requireConfig(config, 'x')",
      "optional(config, ['x'], 3)",
    ),
    invalidWithoutSuggestions("const k = config.has('k') ? config.get('k') : 5;", "presenceCheckFallback"),
    invalidWithoutSuggestions(
      "function f() { if (!config.has('k')) return 5; return config.get('k'); }",
      "presenceCheckFallback",
    ),
    invalidWithoutSuggestions(
      "function f() { if (!('timeout' in settings)) { return 30; } return settings.timeout; }",
      "presenceCheckFallback",
    ),
    invalidWithoutSuggestions("if (config.retries === undefined) config.retries = 3;", "presenceCheckFallback"),
  ],
});

ruleTester.run("no-soft-fail-config: TSX and JavaScript files", testedRule, {
  valid: [
    {
      code: "export const Title = (props: { title?: string }) => <h1>{props.title ?? 'Untitled'}</h1>;",
      filename: "title.tsx",
    },
    { code: "module.exports = function (opts) { return opts.port || 80; };", filename: "server.js" },
  ],
  invalid: [
    invalidSingleQuoted(
      "export function App({ config }: { config: any }) { return <div>{config.title ?? 'x'}</div>; }",
      "nullishFallback",
      "config.title ?? 'x'",
      "requireConfig(config, 'title')",
      "optional(config, ['title'], 'x')",
      { filename: join(applicationDir, "app.tsx") },
    ),
    invalid(
      "export default (config) => config.port || 80;",
      "logicalOrFallback",
      "config.port || 80",
      'requireConfig(config, "port")',
      'optional(config, ["port"], 80)',
      { filename: join(applicationDir, "server.mjs") },
    ),
  ],
});

ruleTester.run("no-soft-fail-config: options and imports", testedRule, {
  valid: [],
  invalid: [
    invalid(
      "const a = appState.a ?? 1;",
      "nullishFallback",
      "appState.a ?? 1",
      'requireConfig(appState, "a")',
      'optional(appState, ["a"], 1)',
      { options: [{ configNames: ["appState"] }] },
    ),
    {
      code: `import { optional } from "${RUNTIME}";\nconst t = config.t ?? 1;`,
      errors: [
        {
          messageId: "nullishFallback",
          suggestions: [
            {
              messageId: "suggestRequireConfig",
              output: `import { optional, requireConfig } from "${RUNTIME}";\nconst t = requireConfig(config, "t");`,
            },
            {
              messageId: "suggestOptional",
              output: `import { optional } from "${RUNTIME}";\nconst t = optional(config, ["t"], 1);`,
            },
          ],
        },
      ],
    },
    {
      // Named "legacy entry": code migrated before the runtime package keeps its one import source.
      code: `import { optional } from "txo-toolkit/runtime";\nconst t = config.t ?? 1;`,
      errors: [
        {
          messageId: "nullishFallback",
          suggestions: [
            {
              messageId: "suggestRequireConfig",
              output: `import { optional, requireConfig } from "txo-toolkit/runtime";\nconst t = requireConfig(config, "t");`,
            },
            {
              messageId: "suggestOptional",
              output: `import { optional } from "txo-toolkit/runtime";\nconst t = optional(config, ["t"], 1);`,
            },
          ],
        },
      ],
    },
    {
      code: `import { requireConfig as rc } from "${RUNTIME}";\nconst p = cfg.port ?? 80;`,
      errors: [
        {
          messageId: "nullishFallback",
          suggestions: [
            {
              messageId: "suggestRequireConfig",
              output: `import { requireConfig as rc } from "${RUNTIME}";\nconst p = rc(cfg, "port");`,
            },
            {
              messageId: "suggestOptional",
              output: `import { requireConfig as rc, optional } from "${RUNTIME}";\nconst p = optional(cfg, ["port"], 80);`,
            },
          ],
        },
      ],
    },
    {
      code: `import * as rt from "${RUNTIME}";\nconst p = cfg.port ?? 80;`,
      errors: [
        {
          messageId: "nullishFallback",
          suggestions: [
            {
              messageId: "suggestRequireConfig",
              output: `import * as rt from "${RUNTIME}";\nconst p = rt.requireConfig(cfg, "port");`,
            },
            {
              messageId: "suggestOptional",
              output: `import * as rt from "${RUNTIME}";\nconst p = rt.optional(cfg, ["port"], 80);`,
            },
          ],
        },
      ],
    },
    {
      code: `"use strict";\nconst p = cfg.port ?? 80;`,
      options: [{ importSource: "@acme/runtime" }],
      errors: [
        {
          messageId: "nullishFallback",
          suggestions: [
            {
              messageId: "suggestRequireConfig",
              output: `"use strict";\nimport { requireConfig } from "@acme/runtime";\nconst p = requireConfig(cfg, "port");`,
            },
            {
              messageId: "suggestOptional",
              output: `"use strict";\nimport { optional } from "@acme/runtime";\nconst p = optional(cfg, ["port"], 80);`,
            },
          ],
        },
      ],
    },
    {
      code: "function requireConfig() {}\nconst p = cfg.port ?? 80;",
      errors: [
        {
          messageId: "nullishFallback",
          suggestions: [
            {
              messageId: "suggestOptional",
              output: `import { optional } from "${RUNTIME}";\nfunction requireConfig() {}\nconst p = optional(cfg, ["port"], 80);`,
            },
          ],
        },
      ],
    },
  ],
});

// --- Beyond RuleTester: the real ESLint Linter, project files, and the helper the codemod reuses ---

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

function lintWithRule(
  code: string,
  filename: string,
  options: SoftFailOptions[] = [],
  cwd = dirname(filename),
): Linter.LintMessage[] {
  const linter = new Linter({ configType: "flat", cwd });
  // RuleCreator rules are ESLint rules at run time; ESLint's plugin type does not name their option types.
  const plugin = { rules: { "no-soft-fail-config": rule } } as unknown as ESLint.Plugin;
  return linter.verify(
    code,
    [
      {
        files: ["**/*.*"],
        plugins: { txo: plugin },
        languageOptions: { parser: tsParser },
        rules: { "txo/no-soft-fail-config": ["error", ...options] },
      },
    ],
    { filename },
  );
}

describe("no-soft-fail-config: project configuration (txo.config.json)", () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  function projectWith(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), "txo-soft-fail-"));
    made.push(dir);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return dir;
  }

  it("uses the project's configNames instead of the defaults (suffixes still count)", () => {
    const dir = projectWith({
      "package.json": '{ "name": "app" }',
      "txo.config.json": '{ "configNames": ["appState"] }',
    });
    const file = join(dir, "src", "client.ts");
    expect(lintWithRule("const a = appState.timeout ?? 30;", file).map((m) => m.messageId)).toEqual([
      "nullishFallback",
    ]);
    expect(lintWithRule("const a = config.timeout ?? 30;", file)).toEqual([]);
    expect(lintWithRule("const a = appConfig.timeout ?? 30;", file).map((m) => m.messageId)).toEqual([
      "nullishFallback",
    ]);
  });

  it('reads the "txo" key of package.json, and rule options override the project file', () => {
    const dir = projectWith({ "package.json": JSON.stringify({ name: "app", txo: { configNames: ["env"] } }) });
    const file = join(dir, "index.ts");
    expect(lintWithRule("const p = env.PORT || 80;", file).map((m) => m.messageId)).toEqual(["logicalOrFallback"]);
    expect(lintWithRule("const p = env.PORT || 80;", file, [{ configNames: ["config"] }])).toEqual([]);
    expect(
      lintWithRule("const p = config.PORT || 80;", file, [{ configNames: ["config"] }]).map((m) => m.messageId),
    ).toEqual(["logicalOrFallback"]);
  });

  it("fails loudly on a bad project file instead of ignoring it", () => {
    const dir = projectWith({ "package.json": '{ "name": "app" }', "txo.config.json": '{ "configNames": "config" }' });
    expect(() => lintWithRule("const a = config.timeout ?? 30;", join(dir, "a.ts"))).toThrow(/configNames/);
  });

  it("skips files matched by ignoreFiles, relative to the working directory", () => {
    const dir = projectWith({ "package.json": '{ "name": "app" }' });
    const runtimeFile = join(dir, "src", "runtime", "config.ts");
    expect(
      lintWithRule("const t = config.timeout ?? 30;", runtimeFile, [{ ignoreFiles: ["src/runtime/**"] }], dir),
    ).toEqual([]);
    expect(
      lintWithRule(
        "const t = config.timeout ?? 30;",
        join(dir, "src", "app.ts"),
        [{ ignoreFiles: ["src/runtime/**"] }],
        dir,
      ),
    ).toHaveLength(1);
  });

  it("rejects options outside the schema", () => {
    expect(() =>
      // Deliberately outside the schema: the test checks ESLint rejects these options.
      lintWithRule("const a = 1;", join(repoRoot, "x.ts"), [{ configNames: "config" } as unknown as SoftFailOptions]),
    ).toThrow(/should be array/);
    expect(() =>
      // Deliberately outside the schema, as above.
      lintWithRule("const a = 1;", join(repoRoot, "x.ts"), [{ configName: ["config"] } as unknown as SoftFailOptions]),
    ).toThrow(/additional properties/i);
  });
});

/** Runs describeSoftFail on every node the real rule reports, as the codemod does. */
function describeFindings(code: string, filename = "file.ts"): (SoftFailDescription | undefined)[] {
  const descriptions: (SoftFailDescription | undefined)[] = [];
  const messages = lintWithRule(code, resolve(repoRoot, filename));
  const collector = {
    meta: { type: "problem", schema: [] },
    create(context: TSESLint.RuleContext<string, []>) {
      const visit = (node: TSESTree.Node) => {
        const finding = messages.find(
          (m) =>
            m.line === node.loc.start.line &&
            m.column === node.loc.start.column + 1 &&
            m.endLine === node.loc.end.line &&
            m.endColumn === node.loc.end.column + 1,
        );
        // A shorthand property and its `a = 1` pattern share a range; the pattern is the finding.
        const description = finding
          ? describeSoftFail(node, context.sourceCode, finding.messageId as SoftFailForm)
          : undefined;
        if (description) descriptions.push(description);
      };
      return { "*": visit };
    },
  };
  const linter = new Linter({ configType: "flat" });
  // A plain rule object is an ESLint rule at run time; ESLint's Plugin type wants a full RuleModule.
  const plugin = { rules: { collect: collector } } as unknown as ESLint.Plugin;
  linter.verify(
    code,
    [
      {
        files: ["**/*.*"],
        plugins: { t: plugin },
        languageOptions: { parser: tsParser },
        rules: { "t/collect": "error" },
      },
    ],
    { filename: join(repoRoot, filename) },
  );
  return descriptions;
}

describe("describeSoftFail (the helper the codemod reuses)", () => {
  it("describes a ?? fallback: root, path, default and the range to replace", () => {
    const code = 'const rate = config["script-behavior"]["rate-limiting"] ?? {};';
    const [description] = describeFindings(code, inApplication);
    expect(description).toMatchObject({
      form: "nullishFallback",
      root: "config",
      path: ["script-behavior", "rate-limiting"],
      defaultText: "{}",
      pathText: 'config["script-behavior"]["rate-limiting"]',
      hardenable: true,
      viaGetMethod: false,
    });
    expect(code.slice(...(description?.replaceRange ?? [0, 0]))).toBe(
      'config["script-behavior"]["rate-limiting"] ?? {}',
    );
  });

  it("replaces only the default of a destructuring pattern or a parameter", () => {
    const code = "const { a: { b = 1 } } = config.section; function f(t = cfg.timeout) {}";
    const [pattern, parameter] = describeFindings(code);
    expect(pattern).toMatchObject({
      form: "destructuringDefault",
      root: "config",
      path: ["section", "a", "b"],
      defaultText: "1",
    });
    expect(code.slice(...(pattern?.replaceRange ?? [0, 0]))).toBe("1");
    expect(parameter).toMatchObject({
      form: "defaultParameter",
      root: "cfg",
      path: ["timeout"],
      defaultText: undefined,
    });
    expect(code.slice(...(parameter?.replaceRange ?? [0, 0]))).toBe("cfg.timeout");
  });

  it("describes lodash paths, array indices, environment roots and Map-style get", () => {
    const code =
      "import _ from 'lodash'; const a = _.get(config, 'hosts[0].port', 80); const b = process.env.API_URL || 'x'; const c = settings.get('retries', 3);";
    const [lodash, environment, mapGet] = describeFindings(code);
    expect(lodash).toMatchObject({
      form: "lodashGetWithDefault",
      root: "config",
      path: ["hosts", "0", "port"],
      defaultText: "80",
    });
    expect(lodash?.pathKeys?.map((key) => key.kind)).toEqual(["property", "index", "property"]);
    expect(environment).toMatchObject({
      form: "logicalOrFallback",
      root: "process.env",
      path: ["API_URL"],
      defaultText: "'x'",
    });
    expect(mapGet).toMatchObject({
      form: "getWithDefault",
      root: "settings",
      path: ["retries"],
      viaGetMethod: true,
      hardenable: false,
    });
  });

  it("marks forms that cannot be replaced by a single call", () => {
    const code =
      "function f(options: any) { if (!config.has('k')) return 5; config.t ??= 1; return options.a ?? config.b ?? 2; }";
    const descriptions = describeFindings(code);
    expect(descriptions.map((d) => [d?.form, d?.hardenable])).toEqual([
      ["presenceCheckFallback", false],
      ["fallbackAssignment", false],
      ["nullishFallback", false],
    ]);
    expect(descriptions[2]).toMatchObject({ root: "config", path: ["b"], defaultText: "2" });
  });

  it("returns undefined for nodes that are not soft-fail shapes", () => {
    const collected: unknown[] = [];
    const collector = {
      meta: { type: "problem", schema: [] },
      create: (context: TSESLint.RuleContext<string, []>) => ({
        BinaryExpression: (node: TSESTree.Node) => collected.push(describeSoftFail(node, context.sourceCode)),
      }),
    };
    // A plain rule object is an ESLint rule at run time; ESLint's Plugin type wants a full RuleModule.
    const plugin = { rules: { collect: collector } } as unknown as ESLint.Plugin;
    new Linter({ configType: "flat" }).verify(
      "const a = config.x === 1;",
      [
        {
          files: ["**/*.*"],
          plugins: { t: plugin },
          languageOptions: { parser: tsParser },
          rules: { "t/collect": "error" },
        },
      ],
      { filename: join(repoRoot, "a.ts") },
    );
    expect(collected).toEqual([undefined]);
  });
});

describe("no-soft-fail-config messages", () => {
  it("names the full configuration path behind a chain of const aliases", () => {
    const code =
      'function f(config: any) { const sb = config["script-behavior"]; const { rateLimiting } = sb; return rateLimiting.perSecond ?? 10; }';
    const [message] = lintWithRule(code, join(applicationDir, "alias.ts"));
    expect(message?.message).toContain(
      '`rateLimiting.perSecond ?? 10` (that is `config["script-behavior"].rateLimiting.perSecond`) silently uses 10',
    );
    expect(message?.message).toContain('`requireConfig(rateLimiting, "perSecond")`');
    expect(message?.message).toContain("prefer-nullish-coalescing");
  });

  it("explains || separately, including the falsy values it also replaces", () => {
    const [message] = lintWithRule('const url = process.env.API_URL || "http://localhost";', join(repoRoot, "env.ts"));
    expect(message?.message).toMatch(
      /^`process\.env\.API_URL \|\| "http:\/\/localhost"` silently uses "http:\/\/localhost" when the configuration key is missing \(and also when it is 0, "" or false\)/,
    );
    expect(message?.message).toContain('`optional(process.env, ["API_URL"], "http://localhost")`');
  });

  it("shortens long defaults to one line", () => {
    const [message] = lintWithRule(
      `const t = config.template ?? {\n  a: 1,\n  b: "${"x".repeat(80)}",\n};`,
      join(repoRoot, "long.ts"),
    );
    expect(message?.message).toContain(` silently uses { a: 1, b: "${"x".repeat(47)}… when`);
    expect(message?.message).toContain(
      `\`optional(config, ["template"], { a: 1, b: "${"x".repeat(47)}…)\` if the default is deliberate`,
    );
  });
});

describe("no-soft-fail-config on real code", () => {
  it("finds exactly the planted config soft-fails of examples/legacy-app", () => {
    const appDir = join(repoRoot, "examples", "legacy-app");
    // JSON.parse gives any; the labels file is a list of file/line/rule records.
    const expected = (
      JSON.parse(readFileSync(join(appDir, "expected-findings.json"), "utf8")) as {
        file: string;
        line: number;
        rule: string;
      }[]
    )
      .filter((finding) => finding.rule === "txo/no-soft-fail-config")
      .map((finding) => `${finding.file}:${finding.line}`);
    const found = fg
      .sync("src/**/*.ts", { cwd: appDir })
      .flatMap((file) =>
        lintWithRule(readFileSync(join(appDir, file), "utf8"), join(appDir, file)).map(
          (message) => `${file}:${message.line}`,
        ),
      );
    expect(found.sort()).toEqual(expected.sort());
  });

  it("never crashes on real JavaScript and TypeScript files from installed packages", { timeout: 600_000 }, () => {
    const files = fg
      .sync(
        [
          "node_modules/{eslint,vitest,commander,undici,ajv,fast-glob,pino,ts-morph,typescript-eslint,@typescript-eslint}/**/*.{js,cjs,mjs,ts,mts,cts}",
        ],
        { cwd: repoRoot, ignore: ["**/*.d.ts", "**/*.d.mts", "**/*.d.cts", "**/*.min.*"] },
      )
      .slice(0, 1000);
    expect(files.length).toBeGreaterThan(500);
    const crashes: string[] = [];
    for (const file of files) {
      const code = readFileSync(join(repoRoot, file), "utf8");
      const virtualName = join(repoRoot, "crash-check", file.replaceAll("/", "__").replace(/^node_modules__/, ""));
      try {
        lintWithRule(code, virtualName);
      } catch (error) {
        crashes.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    expect(crashes).toEqual([]);
  });
});

// --- Optional keys of the package's own types, and the branches that choose no value (issue #13) ---

/** A published library and a private application on disk: optional-key lookups read real files. */
function typeFixtures(): { library: string; application: string } {
  const root = mkdtempSync(join(tmpdir(), "txo-soft-fail-types-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const files: Record<string, string> = {
    "library/package.json": JSON.stringify({ name: "library", version: "1.0.0" }),
    "library/src/types.ts": [
      "export interface TransportConfig { url: string; retryCount?: number; key?: string }",
      "export type HttpTransportConfig = TransportConfig & { timeout?: number };",
      "export interface BatchConfig extends Base { size: number }",
      "interface Base { wait?: number }",
      'export * from "./more.js";',
    ].join("\n"),
    "library/src/more.ts": "export type PollConfig = Partial<{ interval: number; jitter: number }>;",
    "library/src/index.ts": 'export { TransportConfig as PublicTransportConfig } from "./types.js";',
    "library/src/project.ts": [
      "export interface ProjectConfig { functions?: string }",
      "export async function readProjectConfig(file: string): Promise<ProjectConfig> {",
      "  return JSON.parse(await readText(file));",
      "}",
    ].join("\n"),
    "application/package.json": JSON.stringify({ name: "application", version: "1.0.0", private: true }),
    "application/src/types.ts": "export interface AppConfig { port?: number }",
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return { library: join(root, "library/src/use.ts"), application: join(root, "application/src/use.ts") };
}

const typed = typeFixtures();

ruleTester.run("no-soft-fail-config: optional keys of the package's own types", testedRule, {
  valid: [
    {
      name: "an optional key of a type imported from another file",
      code: 'import type { TransportConfig } from "./types.js";\nexport function http(config: TransportConfig) { return config.retryCount ?? 3; }',
      filename: typed.library,
    },
    {
      name: "through an intersection alias",
      code: 'import { type HttpTransportConfig } from "./types";\nexport function http(config: HttpTransportConfig) { return config.timeout ?? 10_000; }',
      filename: typed.library,
    },
    {
      name: "through a renamed re-export",
      code: 'import type { PublicTransportConfig } from "./index.js";\nexport function http(config: PublicTransportConfig) { return config.key || "http"; }',
      filename: typed.library,
    },
    {
      name: "through `export *` and Partial<>",
      code: 'import type { PollConfig } from "./types.js";\nexport function poll(config: PollConfig) { return config.interval ?? 4_000; }',
      filename: typed.library,
    },
    {
      name: "through a namespace import and an interface's extends",
      code: 'import * as Types from "./types.js";\nexport function batch(config: Types.BatchConfig) { return config.wait ?? 0; }',
      filename: typed.library,
    },
    {
      name: "a destructuring default and an alias of the options object",
      code: 'import type { TransportConfig } from "./types.js";\nexport function http(config: TransportConfig) { const { retryCount = 3 } = config; const c = config; return [retryCount, c.key ?? "k"]; }',
      filename: typed.library,
    },
    {
      name: "a class field typed with an imported options type",
      code: 'import type { TransportConfig } from "./types.js";\nexport class Client { constructor(private readonly config: TransportConfig) {} key() { return this.config.key ?? "default"; } }',
      filename: typed.library,
    },
    {
      name: "a destructuring default of a value cast to the options type",
      code: 'import type { TransportConfig } from "./types.js";\nexport function http(config: TransportConfig | number) { const { retryCount = 3 } = (typeof config === "number" ? { retryCount: config } : config) as TransportConfig; return retryCount; }',
      filename: typed.library,
    },
    {
      name: "in an application too, with optionalKeysOfTypes: always",
      code: 'import type { AppConfig } from "./types.js";\nexport function start(config: AppConfig) { return config.port ?? 8080; }',
      filename: typed.application,
      options: [{ optionalKeysOfTypes: "always" }],
    },
  ],
  invalid: [],
});

ruleTester.run("no-soft-fail-config: branches that choose no value", testedRule, {
  valid: [
    { name: "`??=` creating an empty section to fill in", code: "config.server ??= {}; config.server.port = port;" },
    {
      name: "destructuring the rest of an optional section",
      code: "const { disabled: _, ...rest } = config.aiFiles ?? {};",
    },
    {
      name: "enumerating an empty object",
      code: "const isHost = Object.keys(libraryConfig?.platforms ?? {}).length > 0;",
    },
    {
      name: "a presence test that returns a boolean outcome",
      code: "function has(config) { if (config.deployment === undefined) return false; return true; }",
    },
    {
      name: "a presence test that returns one of the function's declared outcomes",
      code: 'function match(config): "match" | "skip" { if (config.projectId === undefined) return "skip"; return "match"; }',
    },
    {
      name: "an environment helper that returns its caller's default",
      code: "function integerFromEnv(name, defaultValue) { const value = process.env[name]; if (value === undefined) return defaultValue; return Number(value); }",
    },
    {
      name: "an environment read with the caller's default",
      code: "function envOr(name, fallback) { return process.env[name] ?? fallback; }",
    },
    {
      name: "a lazily computed variable",
      code: "let projectConfig; async function load() { if (projectConfig === undefined) projectConfig = await read(); return projectConfig; }",
    },
    {
      name: "a platform key that falls back to the same object's general key",
      code: "const runtimeVersion = config[platform]?.runtimeVersion ?? config.runtimeVersion;",
    },
    { name: "EXPO_OS inlined by Expo's bundler", code: "const os = process.env.EXPO_OS || Platform.OS;" },
    {
      name: "an optional live-network secret in a test file",
      code: 'const rpcUrl = process.env.VITE_SEPOLIA_RPC_URL ?? "";',
      filename: "src/_test/transaction.test.ts",
    },
  ],
  invalid: [],
});

/** Invalid cases checked with the real Linter: each reports these message ids (suggestions are tested above). */
interface StillReported {
  name: string;
  code: string;
  filename?: string;
  options?: SoftFailOptions[];
  errors: { messageId: MessageId }[];
}

const stillReported: StillReported[] = [
  {
    name: "a required key of an imported type hedged with ??",
    code: 'import type { TransportConfig } from "./types.js";\nexport function http(config: TransportConfig) { return config.url ?? "http://localhost"; }',
    filename: typed.library,
    options: [{ packageKind: "application" }],
    errors: [{ messageId: "nullishFallback" }],
  },
  {
    name: "an optional key of a type the package loads from a file",
    code: 'import type { ProjectConfig } from "./project.js";\nexport function dir(config: ProjectConfig) { return config.functions ?? "convex/"; }',
    filename: typed.library,
    errors: [{ messageId: "nullishFallback" }],
  },
  {
    name: "an optional key of a type cast from parsed JSON in the reading file",
    code: 'import type { TransportConfig } from "./types.js";\nconst config = JSON.parse(text) as TransportConfig;\nexport function f(config: TransportConfig) { return config.key ?? "k"; }',
    filename: typed.library,
    errors: [{ messageId: "nullishFallback" }],
  },
  {
    name: "the same lookup in a private application's configuration type",
    code: 'import type { AppConfig } from "./types.js";\nexport function start(config: AppConfig) { return config.port ?? 8080; }',
    filename: typed.application,
    errors: [{ messageId: "nullishFallback" }],
  },
  {
    name: "a destructuring default of a cast to a type the file parses from JSON",
    code: 'import type { TransportConfig } from "./types.js";\nconst settings = JSON.parse(text) as TransportConfig;\nconst { retryCount = 3 } = settings as TransportConfig;',
    filename: typed.library,
    errors: [{ messageId: "destructuringDefault" }],
  },
  {
    name: "a parameter that is not a default (the lookup key itself)",
    code: "export function mapScope(config, scope) { return config.scopeMap[scope] || scope; }",
    filename: inApplication,
    errors: [{ messageId: "logicalOrFallback" }],
  },
  {
    name: "a type from another package is not followed",
    code: 'import type { TransportConfig } from "some-library";\nexport function http(config: TransportConfig) { return config.retryCount ?? 3; }',
    filename: typed.library,
    options: [{ packageKind: "application" }],
    errors: [{ messageId: "nullishFallback" }],
  },
  {
    name: "optionalKeysOfTypes: off",
    code: 'import type { TransportConfig } from "./types.js";\nexport function http(config: TransportConfig) { return config.retryCount ?? 3; }',
    filename: typed.library,
    options: [{ optionalKeysOfTypes: "off", packageKind: "application" }],
    errors: [{ messageId: "nullishFallback" }],
  },

  {
    name: "`??=` with a value is still a default",
    code: "config.timeout ??= 30;",
    errors: [{ messageId: "fallbackAssignment" }],
  },
  {
    name: "destructuring with a default of its own is still reported",
    code: "const { port = 80 } = config.server ?? {};",
    filename: inApplication,
    errors: [{ messageId: "destructuringDefault" }, { messageId: "nullishFallback" }],
  },
  {
    name: "a presence test that returns a value nobody chose",
    code: 'function url(config): string { if (config.url === undefined) return "http://localhost"; return config.url; }',
    filename: inApplication,
    errors: [{ messageId: "presenceCheckFallback" }],
  },
  {
    name: "a variable filled with a literal default",
    code: "function p(config) { let port = config.port; if (port === undefined) port = 8080; return port; }",
    filename: inApplication,
    errors: [{ messageId: "presenceCheckFallback" }],
  },
  {
    name: "an environment override of a configuration key",
    code: 'const url = process.env.API_URL || config.global["api-base-url"];',
    errors: [{ messageId: "logicalOrFallback" }],
  },
  {
    name: "a chain of the same object's keys that ends in a literal",
    code: 'const v = config.android?.version ?? config.version ?? "1.0.0";',
    errors: [{ messageId: "nullishFallback" }],
  },
  {
    name: "an environment variable in a non-test file",
    code: 'const rpcUrl = process.env.VITE_SEPOLIA_RPC_URL ?? "";',
    filename: "src/transaction.ts",
    errors: [{ messageId: "nullishFallback" }],
  },
];

describe("no-soft-fail-config: still reported next to the skipped classes", () => {
  for (const { name, code, filename, options, errors } of stillReported) {
    it(name, () => {
      const found = lintWithRule(code, resolve(filename ?? "file.ts"), options).map((message) => message.messageId);
      expect(found).toEqual(errors.map((error) => error.messageId));
    });
  }
});

// --- Library mode and display-only fallbacks (issue #13, held-out set 5) ---

/** A published library, a package that only ships a command, on disk: `packageKind: "auto"` reads them. */
function packageFixtures(): { library: string; binOnly: string } {
  const root = mkdtempSync(join(tmpdir(), "txo-soft-fail-kinds-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, "library"));
  mkdirSync(join(root, "tool"));
  writeFileSync(join(root, "library/package.json"), JSON.stringify({ name: "lib", version: "1.0.0", main: "x.js" }));
  writeFileSync(join(root, "tool/package.json"), JSON.stringify({ name: "tool", version: "1.0.0", bin: "cli.js" }));
  return { library: join(root, "library/client.ts"), binOnly: join(root, "tool/cli.ts") };
}

const kinds = packageFixtures();

ruleTester.run("no-soft-fail-config: library mode (options the caller passes in)", testedRule, {
  valid: [
    {
      name: "an options parameter named config",
      code: "export function createClient(config) { return config.timeout ?? 30; }",
      filename: kinds.library,
      options: [{ packageKind: "auto" }],
    },
    {
      name: "a destructuring default of a section of the parameter",
      code: "export function http(config) { const { retries = 3 } = config.http; return retries; }",
      filename: kinds.library,
      options: [{ packageKind: "auto" }],
    },
    {
      name: "options merged with defaults into a field in the constructor",
      code: "export class Client { constructor(config) { this.config = { ...DEFAULTS, ...config }; } t() { return this.config.timeout ?? 30; } }",
      filename: kinds.library,
      options: [{ packageKind: "auto" }],
    },
    {
      name: "a constructor parameter property",
      code: "export class Client { constructor(private readonly settings: ClientSettings) {} t() { return this.settings.retries ?? 3; } }",
      filename: kinds.library,
      options: [{ packageKind: "auto" }],
    },
    {
      name: "a value normalised from the parameter by a call",
      code: "export function build(options) { const config = normalize(options); return config.outDir || 'dist'; }",
      filename: kinds.library,
      options: [{ packageKind: "auto" }],
    },
    {
      name: "packageKind: library in an application",
      code: "export function createClient(config) { return config.timeout ?? 30; }",
      filename: inApplication,
      options: [{ packageKind: "library" }],
    },
  ],
  invalid: [],
});

const stillReportedInLibraries: StillReported[] = [
  {
    name: "an environment variable",
    code: 'export function url() { return process.env.API_URL ?? "http://localhost"; }',
    errors: [{ messageId: "nullishFallback" }],
  },
  {
    name: "a configuration file parsed from disk",
    code: 'export async function run() { const config = JSON.parse(await readFile("app.json", "utf8")); return config.port ?? 8080; }',
    errors: [{ messageId: "nullishFallback" }],
  },
  {
    name: "a loader's result, even when the loader is given a parameter",
    code: 'export async function run(cwd) { const config = await loadConfig(cwd); return config.outDir ?? "dist"; }',
    errors: [{ messageId: "nullishFallback" }],
  },
  {
    name: "a config module imported by path",
    code: "export async function run(configPath) { const config = (await import(configPath)).default; return config.port ?? 3000; }",
    errors: [{ messageId: "nullishFallback" }],
  },
  {
    name: "an imported configuration",
    code: 'import config from "./config.json";\nexport const port = config.port ?? 8080;',
    errors: [{ messageId: "nullishFallback" }],
  },
  {
    name: "a parameter that defaults to a loaded file",
    code: "export function start(config = loadConfig()) { return config.port ?? 8080; }",
    errors: [{ messageId: "nullishFallback" }],
  },
  {
    name: "a parameter that defaults to module configuration",
    code: "export function start(sb = config.sb) { return sb.delay ?? 1; }",
    errors: [{ messageId: "defaultParameter" }, { messageId: "nullishFallback" }],
  },
  {
    name: "a parameter holding what users write in the tool's config file",
    code: 'export function resolve(config: ToolUserConfig) { return config.outDir ?? "dist"; }',
    errors: [{ messageId: "nullishFallback" }],
  },
  {
    name: "a key of a parameter that the same file fills from a loader",
    code: 'export async function make(dir) { const ctx = {}; ctx.forgeConfig = await getForgeConfig(dir); return task(ctx); }\nfunction task(ctx) { const { forgeConfig } = ctx; return forgeConfig.outDir || "out"; }',
    errors: [{ messageId: "logicalOrFallback" }],
  },
  {
    name: "a field whose value is loaded",
    code: "export class App { constructor() { this.config = loadConfig(); } port() { return this.config.port ?? 8080; } }",
    errors: [{ messageId: "nullishFallback" }],
  },
];

describe("no-soft-fail-config: still reported in a library", () => {
  for (const { name, code, errors } of stillReportedInLibraries) {
    it(name, () => {
      const found = lintWithRule(code, kinds.library).map((message) => message.messageId);
      expect(found).toEqual(errors.map((error) => error.messageId));
    });
  }
  it("reports options parameters in a package that only ships a bin, and with packageKind: application", () => {
    const code = "export function createClient(config) { return config.timeout ?? 30; }";
    expect(lintWithRule(code, kinds.binOnly).map((message) => message.messageId)).toEqual(["nullishFallback"]);
    const asApplication = lintWithRule(code, kinds.library, [{ packageKind: "application" }]);
    expect(asApplication.map((message) => message.messageId)).toEqual(["nullishFallback"]);
  });
});

ruleTester.run("no-soft-fail-config: display-only fallbacks", testedRule, {
  valid: [
    {
      name: "a count in a printed template literal",
      code: "console.log(`plugins: ${config.plugins?.length ?? 0}`);",
      filename: inApplication,
    },
    {
      name: "a logger argument",
      code: 'logger.debug("root", config.root || process.cwd());',
      filename: inApplication,
    },
    {
      name: "a local used only in arithmetic and messages",
      code: "const count = config.plugins?.length ?? 0; const ok = count - failed; log.info(`${ok} of ${count}`);",
      filename: inApplication,
    },
    {
      name: "a field of a local state object that only a progress line reads",
      code: "const state = { total: 0 }; on('start', () => { state.total = config.plugins?.length ?? 0; }); on('tick', (n) => { spinner.text = `${n}/${state.total}`; });",
      filename: inApplication,
    },
    {
      name: "a debug event carrying log lines",
      code: "events.emit('debug', { logs: [`Name: ${config.name || 'unnamed'}`, `Output: ${config.output?.path || 'none'}`] });",
      filename: inApplication,
    },
    {
      name: "an error message",
      code: "throw new Error(`cannot build ${config.name ?? 'the project'}`);",
      filename: inApplication,
    },
    {
      name: "the test of a conditional that only picks the text shown",
      code: "debug(`Storage: ${config.output?.storage ? 'custom' : 'filesystem (default)'}`);",
      filename: inApplication,
    },
    {
      name: "a formatting call whose result is printed",
      code: "process.stdout.write(styleText('dim', config.title || ''));",
      filename: inApplication,
    },
  ],
  invalid: [],
});

describe("no-soft-fail-config: still reported next to display-only fallbacks", () => {
  const cases = [
    {
      name: "a local that is printed and also written to a file",
      code: "const title = `${config.name ?? 'app'}`; console.log(title); writeFileSync('title.txt', title);",
    },
    { name: "a template literal written to a file", code: "writeFileSync(out, `${config.banner ?? ''}`);" },
    {
      name: "a value printed and used",
      code: "const workers = config.workers ?? 4; console.log(workers); start(workers);",
    },
    {
      name: "an awaited call's argument, even when its result is printed",
      code: "console.log(await build(config.outDir ?? 'dist'));",
    },
  ];
  for (const { name, code } of cases) {
    it(name, () => {
      expect(lintWithRule(code, inApplication).map((message) => message.messageId)).toEqual(["nullishFallback"]);
    });
  }
});

ruleTester.run("no-soft-fail-config: optional links on values the code sets itself", testedRule, {
  valid: [
    {
      name: "a field initialised with defaults and only ever replaced by objects",
      code: "class Server { configuration = { port: 80, extensions: [] }; constructor(configuration) { if (configuration) this.configuration = { ...this.configuration, ...configuration }; } names() { return this.configuration?.extensions.map((e) => e.name); } }",
      filename: inApplication,
    },
    {
      name: "a local the code sets to null for an explicit opt-out",
      code: "const storage = config.output.write === false ? null : createStorage(); export async function clean() { await storage?.clear(); }",
      filename: inApplication,
    },
  ],
  invalid: [],
});

describe("no-soft-fail-config: still reported next to values the code sets itself", () => {
  it("a field that may be left unset, and a local that holds a configuration read", () => {
    const field =
      "class Server { configuration; setup(c) { this.configuration = c; } port() { return this.configuration?.port; } }";
    expect(lintWithRule(field, inApplication).map((message) => message.messageId)).toEqual(["optionalChain"]);
    const local = "const storage = config.storage; export function clean() { return storage?.clear(); }";
    expect(lintWithRule(local, inApplication).map((message) => message.messageId)).toEqual(["optionalChain"]);
  });
});
