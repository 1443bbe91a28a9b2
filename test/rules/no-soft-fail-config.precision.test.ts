import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import tsParser from "@typescript-eslint/parser";
import { Linter } from "eslint";
import { afterAll, describe, expect, it } from "vitest";
import { RuleTester } from "@typescript-eslint/rule-tester";
import rule, { type SoftFailMessageId, type SoftFailRuleOptions } from "../../src/rules/no-soft-fail-config/rule.js";

// The false-positive classes and misses of issue #13, each found on published packages
// (test/real-world/): valid cases must stay silent, invalid ones must still be reported.
RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;

const ruleTester = new RuleTester();
const RUNTIME = "@txo-toolkit/runtime";

/** The rule's two suggestions: `target` rewritten to `requireConfig(…)` or `optional(…)`, with the import added. */
/** In a file whose strings are single-quoted (`quote` "'"), the import and the keys are too, as the codemod writes them. */
function hardened(code: string, target: string, requireText: string, optionalText: string, quote = '"') {
  if (!code.includes(target)) throw new Error(`test setup: ${target} is not in ${code}`);
  const withImport = (helper: string, text: string) =>
    `import { ${helper} } from ${quote}${RUNTIME}${quote};\n${code.replace(target, text)}`;
  return [
    { messageId: "suggestRequireConfig" as const, output: withImport("requireConfig", requireText) },
    { messageId: "suggestOptional" as const, output: withImport("optional", optionalText) },
  ];
}
/** An invalid case whose one finding offers both suggestions. */
function reported(
  name: string,
  code: string,
  messageId: SoftFailMessageId,
  target: string,
  requireText: string,
  optionalText: string,
) {
  return { name, code, errors: [{ messageId, suggestions: hardened(code, target, requireText, optionalText) }] };
}
/** A private application on disk: its own types describe its configuration, so their optional keys are still read. */
const applicationDir = mkdtempSync(join(tmpdir(), "txo-soft-fail-app-"));
writeFileSync(join(applicationDir, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", private: true }));
afterAll(() => rmSync(applicationDir, { recursive: true, force: true }));
// A RuleCreator rule is the RuleModule RuleTester.run takes; the two packages type it apart.
const testedRule = rule as unknown as Parameters<typeof ruleTester.run<SoftFailMessageId, SoftFailRuleOptions>>[1];

ruleTester.run("no-soft-fail-config: variables the machine sets are not configuration", testedRule, {
  valid: [
    {
      name: "LOCALAPPDATA with a home-directory fallback",
      code: "const dir = process.env.LOCALAPPDATA || path.join(os.homedir(), 'AppData', 'Local');",
    },
    { name: "HOME through a computed key", code: "const home = process.env['HOME'] ?? os.homedir();" },
    { name: "an XDG_* variable", code: "const cache = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');" },
    { name: "TMPDIR destructured with a default", code: "const { TMPDIR = os.tmpdir() } = process.env;" },
    { name: "CI detection", code: "const isCi = process.env.CI || false;" },
    { name: "NODE_ENV with the conventional default", code: "const mode = process.env.NODE_ENV || 'development';" },
    { name: "npm's own variables", code: "const arch = process.env.npm_config_arch || process.arch;" },
    {
      name: "a Windows spelling (case-insensitive)",
      code: "const appData = process.env.AppData ?? join(home, 'AppData');",
    },
    {
      name: "proxy variables read in their documented order",
      code: "const proxy = process.env.HTTPS_PROXY || process.env.HTTP_PROXY || process.env.https_proxy;",
    },
    {
      name: "a CI service's branch variable",
      code: "const branch = process.env.GITHUB_HEAD_REF ?? process.env.CI_COMMIT_REF_NAME ?? getBranch();",
    },
    { name: "a helper that reads a runtime variable", code: "const term = getFromENV('TERM') || 'dumb';" },
    {
      name: "a project-specific runtime variable list",
      code: "const t = process.env.MY_MACHINE_VAR || 'x';",
      options: [{ runtimeVariables: ["MY_MACHINE_*"] }],
    },
  ],
  invalid: [
    {
      name: "an application variable is still configuration",
      code: "const url = process.env.API_URL || 'http://localhost';",
      errors: [
        {
          messageId: "logicalOrFallback",
          suggestions: hardened(
            "const url = process.env.API_URL || 'http://localhost';",
            "process.env.API_URL || 'http://localhost'",
            "requireConfig(process.env, 'API_URL')",
            "optional(process.env, ['API_URL'], 'http://localhost')",
            "'",
          ),
        },
      ],
    },
    {
      name: "an empty runtimeVariables list checks HOME too",
      code: "const h = process.env.HOME || '/root';",
      options: [{ runtimeVariables: [] }],
      errors: [
        {
          messageId: "logicalOrFallback",
          suggestions: hardened(
            "const h = process.env.HOME || '/root';",
            "process.env.HOME || '/root'",
            "requireConfig(process.env, 'HOME')",
            "optional(process.env, ['HOME'], '/root')",
            "'",
          ),
        },
      ],
    },
  ],
});

ruleTester.run("no-soft-fail-config: fallbacks that pick no value", testedRule, {
  valid: [
    {
      name: "env = process.env as a parameter default reads no key",
      code: "export function resolve(name: string, env = process.env) { return env[name]; }",
    },
    { name: "?? null keeps the absence visible", code: "const ref = process.env.VERCEL_BRANCH_URL ?? null;" },
    { name: "|| undefined keeps the absence visible", code: "const name = config.name || undefined;" },
    {
      name: "a presence check that returns null",
      code: "function f() { const devtoolsConfig = load(); if (devtoolsConfig == null) { return null; } return devtoolsConfig.port; }",
    },
    {
      name: "a presence check that crashes through a helper",
      code: "function f(ctx) { const localConfig = loadLocalConfig(); if (localConfig === null) { return ctx.crash({ exitCode: 1 }); } return localConfig.name; }",
    },
  ],
  invalid: [
    {
      name: "a real default after the null fallback is still reported",
      code: "const t = config.timeout ?? 30;",
      errors: [
        {
          messageId: "nullishFallback",
          suggestions: hardened(
            "const t = config.timeout ?? 30;",
            "config.timeout ?? 30",
            'requireConfig(config, "timeout")',
            'optional(config, ["timeout"], 30)',
          ),
        },
      ],
    },
    {
      name: "a presence check that returns a default",
      code: "function f() { if (config.port === undefined) { return 8080; } return config.port; }",
      errors: [{ messageId: "presenceCheckFallback", suggestions: null }],
    },
  ],
});

ruleTester.run("no-soft-fail-config: optional options parameters are not configuration", testedRule, {
  valid: [
    {
      name: "an options bag defaulting to {}",
      code: "export function http(url?: string, config: HttpTransportConfig = {}) { return config.retryCount ?? 3; }",
    },
    {
      name: "an optional parameter",
      code: "export function throttle(fn: () => void, config?: ThrottleConfig) { const { leading = true } = config ?? {}; return leading; }",
    },
  ],
  invalid: [
    {
      name: "a required config parameter is configuration",
      code: "export function start(config: AppConfig) { return config.port ?? 8080; }",
      errors: [
        {
          messageId: "nullishFallback",
          suggestions: hardened(
            "export function start(config: AppConfig) { return config.port ?? 8080; }",
            "config.port ?? 8080",
            'requireConfig(config, "port")',
            'optional(config, ["port"], 8080)',
          ),
        },
      ],
    },
    {
      name: "a parameter defaulting to a loaded config is configuration",
      code: "export function start(config = loadConfig()) { return config.port ?? 8080; }",
      errors: [
        {
          messageId: "nullishFallback",
          suggestions: hardened(
            "export function start(config = loadConfig()) { return config.port ?? 8080; }",
            "config.port ?? 8080",
            'requireConfig(config, "port")',
            'optional(config, ["port"], 8080)',
          ),
        },
      ],
    },
  ],
});

ruleTester.run("no-soft-fail-config: misses found on real code", testedRule, {
  valid: [
    {
      name: "a context's non-config field is not configuration",
      code: "class G { run() { return this._context.cwd ?? process.cwd(); } }",
    },
    { name: "a one-argument helper with a non-variable argument", code: "const v = getEnv(name) || '';" },
  ],
  invalid: [
    {
      name: "configuration reached through this._context.config",
      code: "class G { run() { return this._context.config.codegen ?? 'typescript'; } }",
      errors: [
        {
          messageId: "nullishFallback",
          suggestions: hardened(
            "class G { run() { return this._context.config.codegen ?? 'typescript'; } }",
            "this._context.config.codegen ?? 'typescript'",
            "requireConfig(this._context, 'config', 'codegen')",
            "optional(this._context, ['config', 'codegen'], 'typescript')",
            "'",
          ),
        },
      ],
    },
    {
      name: "a variable named tsconfig",
      code: "function f(tsconfig) { return tsconfig.compilerOptions?.outDir; }",
      errors: [
        {
          messageId: "optionalChain",
          suggestions: hardened(
            "function f(tsconfig) { return tsconfig.compilerOptions?.outDir; }",
            "tsconfig.compilerOptions?.outDir",
            'requireConfig(tsconfig, "compilerOptions", "outDir")',
            'optional(tsconfig, ["compilerOptions", "outDir"], undefined)',
          ),
        },
      ],
    },
    {
      name: "an environment variable read through a small helper",
      code: "const debug = getFromENV('PWDEBUG') || '';",
      errors: [{ messageId: "logicalOrFallback", suggestions: null }],
    },
  ],
});

ruleTester.run("no-soft-fail-config: optional chains and fallbacks that choose no value", testedRule, {
  valid: [
    { name: "an optional chain tested by if", code: "if (config.experimental?.enableCodeSplitting) start();" },
    {
      name: "an optional chain compared",
      code: "const scheme = config.devServer?.server === 'https' ? 'https' : 'http';",
    },
    { name: "an optional chain under typeof", code: "if (typeof config.experimental?.split !== 'undefined') warn();" },
    { name: "an optional chain negated", code: "const isDefault = !config.android?.path;" },
    { name: "an optional chain inside a && test", code: "if (config?.name != null && config?.header != null) emit();" },
    {
      name: "an optional call whose result is discarded",
      code: "config.android?.projects?.forEach((project) => add(project));",
    },
    {
      name: "an optional chain spread into an object",
      code: "const headers = { ...config.devServer?.headers, host };",
    },
    { name: "an optional chain ending in || null", code: "const name = config?.moduleName || null;" },
    {
      name: "an optional chain inside the branch that tested it",
      code: "if (config?.cmakeListsPath) use(join(dir, config?.cmakeListsPath));",
    },
    {
      name: "a fallback chain that ends in null",
      code: "const id = process.env.WORKOS_CLIENT_ID || deploymentVars.clientId || null;",
    },
    {
      name: "a nullish chain that ends in null",
      code: "class M { apple() { return this.rawConfig.apple ?? this.rawConfig.ios ?? null; } }",
    },
    { name: "an empty array spread", code: "const plugins = [base, ...(config.plugins ?? [])];" },
    { name: "an empty object merged", code: "const merged = merge(defaults, config.devServer ?? {}, overrides);" },
    {
      name: "an empty object merged with webpackMerge",
      code: "const merged = webpackMerge(baseConfig, rendererConfig || {});",
    },
    {
      name: "a key the file's own options type declares optional",
      code: "export interface RetryConfig { count?: number; delay?: number }\nexport function retry(config: RetryConfig) { const { count = Infinity } = config; return count + (config.delay ?? 0); }",
      options: [{ optionalKeysOfTypes: "sameFile" }],
    },
    {
      name: "an optional key of a same-file alias behind a generic wrapper",
      code: "type Input = Compute<{ version?: bigint; owners: string[] }>;\nexport function from(config: Input) { return config.version ?? 0n; }",
      options: [{ optionalKeysOfTypes: "sameFile" }],
    },
  ],
  invalid: [
    {
      name: "an optional chain whose value is returned",
      code: "function f(authKitConfig) { return authKitConfig?.[kind]; }",
      errors: [{ messageId: "optionalChain", suggestions: null }],
    },
    {
      name: "an optional chain tested by a ternary picks the fallback",
      code: "const p = config?.cmakeListsPath ? join(dir, config.cmakeListsPath) : defaultPath;",
      errors: [
        {
          messageId: "optionalChain",
          suggestions: hardened(
            "const p = config?.cmakeListsPath ? join(dir, config.cmakeListsPath) : defaultPath;",
            "config?.cmakeListsPath",
            'requireConfig(config, "cmakeListsPath")',
            'optional(config, ["cmakeListsPath"], undefined)',
          ),
        },
      ],
    },
    reported(
      "a fallback chain that ends in a real value",
      'const id = process.env.CLIENT_ID || vars.clientId || "dev";',
      "logicalOrFallback",
      "process.env.CLIENT_ID || vars.clientId",
      'requireConfig(process.env, "CLIENT_ID")',
      'optional(process.env, ["CLIENT_ID"], vars.clientId)',
    ),
    {
      ...reported(
        "an empty object passed to a constructor is a chosen value (in an application)",
        "const p = new Publisher(forgeConfig.publisher.config || {});",
        "logicalOrFallback",
        "forgeConfig.publisher.config || {}",
        'requireConfig(forgeConfig, "publisher", "config")',
        'optional(forgeConfig, ["publisher", "config"], {})',
      ),
      filename: join(applicationDir, "publish.ts"),
    },
    {
      ...reported(
        "an empty object that is the merge target (in an application)",
        "const m = merge(config.devServer ?? {}, overrides);",
        "nullishFallback",
        "config.devServer ?? {}",
        'requireConfig(config, "devServer")',
        'optional(config, ["devServer"], {})',
      ),
      filename: join(applicationDir, "serve.ts"),
    },
    {
      ...reported(
        "an application's own config interface is configuration by default",
        "export interface AppConfig { port?: number }\nexport function start(config: AppConfig) { return config.port ?? 8080; }",
        "nullishFallback",
        "config.port ?? 8080",
        'requireConfig(config, "port")',
        'optional(config, ["port"], 8080)',
      ),
      filename: join(applicationDir, "start.ts"),
    },
    reported(
      "a key declared optional in an inline type is still configuration",
      'function add(config: { products?: string[] } | null) { for (const p of config?.products ?? ["all"]) use(p); }',
      "nullishFallback",
      'config?.products ?? ["all"]',
      'requireConfig(config, "products")',
      'optional(config, ["products"], ["all"])',
    ),
    reported(
      "a key whose type is declared in another file is configuration",
      "export function start(config: AppConfig) { return config.port ?? 8080; }",
      "nullishFallback",
      "config.port ?? 8080",
      'requireConfig(config, "port")',
      'optional(config, ["port"], 8080)',
    ),
    reported(
      "a required key of a same-file type is configuration",
      "interface AppConfig { port: number | undefined }\nexport function start(config: AppConfig) { return config.port ?? 8080; }",
      "nullishFallback",
      "config.port ?? 8080",
      'requireConfig(config, "port")',
      'optional(config, ["port"], 8080)',
    ),
  ],
});

/** A published library on disk that builds entries of its users' config file (it declares `defineConfig`). */
const configToolDir = mkdtempSync(join(tmpdir(), "txo-soft-fail-config-tool-"));
writeFileSync(join(configToolDir, "package.json"), JSON.stringify({ name: "config-tool", version: "1.0.0" }));
writeFileSync(
  join(configToolDir, "config.ts"),
  "export interface Plugin { name: string }\nexport function defineConfig(config: { plugins?: Plugin[] }) { return config; }\n",
);
afterAll(() => rmSync(configToolDir, { recursive: true, force: true }));
const FOUNDRY_PLUGIN = `import type { Plugin } from "./config.js";
interface FoundryConfig { clean?: boolean; deployments?: Record<string, string>; getName?: (n: string) => string }
export function foundry(config: FoundryConfig = {}): Plugin {
  const { clean = false, deployments = {}, getName = (n) => n } = config;
  return { name: getName(clean ? "clean" : String(Object.keys(deployments).length)) };
}`;

ruleTester.run("no-soft-fail-config: empty defaults, platform variables and opt-in flags (held-out sets)", testedRule, {
  valid: [
    { name: "an absent list becomes an empty one", code: "const plugins = (config.plugins ?? []).map(load);" },
    { name: "an absent map becomes an empty one with ||", code: "const themes = config.tamaguiConfig?.themes || {};" },
    {
      name: "an optional chain whose absent list becomes an empty one",
      code: "const rules = [...base, ...(config.fs?.readFile?.map(toRule) ?? [])];",
    },
    { name: "an empty section destructured with a default", code: "const { headers = {} } = config;" },
    {
      name: "an optional hook whose absence means the built-in behaviour",
      code: "const { getCacheKey = ({ contract }) => JSON.stringify(contract) } = config;",
    },
    {
      name: "FaaS detection through platform variables destructured with ''",
      code: "const { AWS_EXECUTION_ENV = '', K_SERVICE = '', FUNCTIONS_WORKER_RUNTIME = '' } = process.env;",
    },
    { name: "Kubernetes detection", code: "const inK8s = (process.env.KUBERNETES_SERVICE_HOST ?? '').length > 0;" },
    {
      name: "an opt-in flag compared with another literal",
      code: "const on = (process.env.GRPC_NODE_USE_ALTERNATIVE_RESOLVER ?? 'false') === 'true';",
    },
    { name: "an opt-in flag whose falsy fallback fails the test", code: "if (process.env.DEBUG_X ?? '') enable();" },
    {
      name: "a project's own platform list",
      code: "const app = process.env.MY_PAAS_APP ?? 'local';",
      options: [{ platformVariables: ["MY_PAAS_*"] }],
    },
  ],
  invalid: [
    {
      ...reported(
        "an empty section default in an application is still reported",
        "const plugins = (config.plugins ?? []).map(load);",
        "nullishFallback",
        "config.plugins ?? []",
        'requireConfig(config, "plugins")',
        'optional(config, ["plugins"], [])',
      ),
      filename: join(applicationDir, "plugins.ts"),
    },
    reported(
      "an empty default for a key the type declares required",
      "interface ToolConfig { plugins: string[] | undefined }\nexport function run(config: ToolConfig) { return (config.plugins ?? []).length; }",
      "nullishFallback",
      "config.plugins ?? []",
      'requireConfig(config, "plugins")',
      'optional(config, ["plugins"], [])',
    ),
    reported(
      "a comparison whose fallback is the literal compared with",
      'const on = (process.env.FEATURE_X ?? "true") === "true";',
      "nullishFallback",
      'process.env.FEATURE_X ?? "true"',
      'requireConfig(process.env, "FEATURE_X")',
      'optional(process.env, ["FEATURE_X"], "true")',
    ),
    {
      ...reported(
        "platform variables are checked when the list is emptied",
        'const region = process.env.AWS_REGION ?? "us-east-1";',
        "nullishFallback",
        'process.env.AWS_REGION ?? "us-east-1"',
        'requireConfig(process.env, "AWS_REGION")',
        'optional(process.env, ["AWS_REGION"], "us-east-1")',
      ),
      options: [{ platformVariables: [] }],
    },
    {
      name: "a resolver of a `…UserConfig` parameter: the user's config file",
      code: "interface MiningUserConfig { interval?: number }\nexport function resolveMining(miningUserConfig: MiningUserConfig | undefined = {}) {\n  const { interval } = miningUserConfig;\n  return { interval: interval ?? 0 };\n}",
      errors: [{ messageId: "nullishFallback" }],
    },
  ],
});

ruleTester.run("no-soft-fail-config: library options keep their exemption next to user-config signals", testedRule, {
  valid: [
    {
      name: "an options bag of a library that has no config file",
      code: "interface HttpConfig { retryCount?: number }\nexport function http(url: string, config: HttpConfig = {}) { return config.retryCount ?? 3; }",
    },
  ],
  invalid: [],
});

/** The same tool, its `defineConfig` spelled with a Unicode escape: the name is not in the text as written. */
const escapedToolDir = mkdtempSync(join(tmpdir(), "txo-soft-fail-config-escaped-"));
writeFileSync(join(escapedToolDir, "package.json"), JSON.stringify({ name: "config-tool", version: "1.0.0" }));
writeFileSync(
  join(escapedToolDir, "config.ts"),
  "export interface Plugin { name: string }\nexport function def\\u0069neConfig(config: { plugins?: Plugin[] }) { return config; }\n",
);
afterAll(() => rmSync(escapedToolDir, { recursive: true, force: true }));

describe("no-soft-fail-config: a plugin factory of a config-file tool (wagmi's `foundry(config = {})`)", () => {
  it.each([
    ["declared as written", configToolDir],
    ["declared with a Unicode escape in its name", escapedToolDir],
  ])("reports the user's option with a value default, not its empty map or its hook (defineConfig %s)", (_, dir) => {
    const linter = new Linter({ configType: "flat", cwd: dir });
    const messages = linter.verify(
      FOUNDRY_PLUGIN,
      {
        files: ["**/*.ts"],
        // RuleCreator rules are ESLint rules at run time; ESLint's plugin type does not name their option types.
        plugins: { txo: { rules: { "no-soft-fail-config": rule } } as never },
        languageOptions: { parser: tsParser },
        rules: { "txo/no-soft-fail-config": "error" },
      },
      { filename: join(dir, "foundry.ts") },
    );
    expect(messages.map((message) => [message.messageId, message.line, message.column])).toEqual([
      ["destructuringDefault", 4, 11],
    ]);
  });
});

ruleTester.run("no-soft-fail-config: toolchain variables, module interop and variable aliases (set 4)", testedRule, {
  valid: [
    {
      name: "a compiler flag variable passed through to cc-rs",
      code: "const flags = process.env.TARGET_CFLAGS || '';",
    },
    {
      name: "cargo's own variables in their documented precedence",
      code: "const rustflags = process.env.RUSTFLAGS ?? process.env.CARGO_BUILD_RUSTFLAGS ?? '';",
    },
    {
      name: "a toolchain variable read through a parameter that defaults to process.env",
      code: "export function compiler(env: NodeJS.ProcessEnv = process.env) {\n  return env.TARGET_CC || env.CC;\n}",
    },
    {
      name: "a toolchain variable read through const env = process.env",
      code: "const env = process.env;\nconst rustc = env.RUSTC ?? 'rustc';",
    },
    {
      name: "ESM/CommonJS interop on a loaded config module",
      code: "const loaded = require(configFile);\nconst config = parseConfig(loaded.default ?? loaded);",
    },
    { name: "interop written with ||", code: "const settings = (mod.default || mod) as Settings;" },
    {
      name: "an alias of the same setting read through an env helper",
      code: "const region = readEnv('MY_REGION') ?? readEnv('MY_DEFAULT_REGION');",
    },
    {
      name: "an alias through process.env with a computed key",
      code: "const token = process.env['SERVICE_TOKEN'] ?? process.env.LEGACY_SERVICE_TOKEN;",
    },
  ],
  invalid: [
    {
      name: "an application variable read through a parameter that defaults to process.env",
      code: "export function apiUrl(env = process.env) {\n  return env.API_URL || 'http://localhost';\n}",
      errors: [
        {
          messageId: "logicalOrFallback",
          suggestions: hardened(
            "export function apiUrl(env = process.env) {\n  return env.API_URL || 'http://localhost';\n}",
            "env.API_URL || 'http://localhost'",
            "requireConfig(env, 'API_URL')",
            "optional(env, ['API_URL'], 'http://localhost')",
            "'",
          ),
        },
      ],
    },
    reported(
      "a default export falling back to a literal is no interop",
      "const port = config.default ?? 8080;",
      "nullishFallback",
      "config.default ?? 8080",
      'requireConfig(config, "default")',
      'optional(config, ["default"], 8080)',
    ),
    {
      name: "an alias chain that ends in a literal",
      code: "const region = readEnv('MY_REGION') ?? readEnv('MY_DEFAULT_REGION') ?? 'us-east-1';",
      errors: [{ messageId: "nullishFallback" }],
    },
    reported(
      "an environment variable that overrides a configuration key",
      "const url = process.env.API_URL || config.apiUrl;",
      "logicalOrFallback",
      "process.env.API_URL || config.apiUrl",
      'requireConfig(process.env, "API_URL")',
      'optional(process.env, ["API_URL"], config.apiUrl)',
    ),
    {
      ...reported(
        "toolchain variables are checked when runtimeVariables is emptied",
        'const flags = process.env.CFLAGS || "-O2";',
        "logicalOrFallback",
        'process.env.CFLAGS || "-O2"',
        'requireConfig(process.env, "CFLAGS")',
        'optional(process.env, ["CFLAGS"], "-O2")',
      ),
      options: [{ runtimeVariables: [] }],
    },
  ],
});
