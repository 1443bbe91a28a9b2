import { afterAll, describe, it } from "vitest";
import { RuleTester } from "@typescript-eslint/rule-tester";
import rule, { type SoftFailMessageId, type SoftFailRuleOptions } from "../../src/rules/no-soft-fail-config/rule.js";

// The false-positive classes and misses of issue #13, each found on published packages
// (test/real-world/): valid cases must stay silent, invalid ones must still be reported.
RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;

const ruleTester = new RuleTester();
const RUNTIME = "txo-toolkit/runtime";

/** The rule's two suggestions: `target` rewritten to `requireConfig(…)` or `optional(…)`, with the import added. */
function hardened(code: string, target: string, requireText: string, optionalText: string) {
  if (!code.includes(target)) throw new Error(`test setup: ${target} is not in ${code}`);
  const withImport = (helper: string, text: string) => `import { ${helper} } from "${RUNTIME}";\n${code.replace(target, text)}`;
  return [
    { messageId: "suggestRequireConfig" as const, output: withImport("requireConfig", requireText) },
    { messageId: "suggestOptional" as const, output: withImport("optional", optionalText) },
  ];
}
const testedRule = rule as unknown as Parameters<typeof ruleTester.run<SoftFailMessageId, SoftFailRuleOptions>>[1];

ruleTester.run("no-soft-fail-config: variables the machine sets are not configuration", testedRule, {
  valid: [
    { name: "LOCALAPPDATA with a home-directory fallback", code: "const dir = process.env.LOCALAPPDATA || path.join(os.homedir(), 'AppData', 'Local');" },
    { name: "HOME through a computed key", code: "const home = process.env['HOME'] ?? os.homedir();" },
    { name: "an XDG_* variable", code: "const cache = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');" },
    { name: "TMPDIR destructured with a default", code: "const { TMPDIR = os.tmpdir() } = process.env;" },
    { name: "CI detection", code: "const isCi = process.env.CI || false;" },
    { name: "NODE_ENV with the conventional default", code: "const mode = process.env.NODE_ENV || 'development';" },
    { name: "npm's own variables", code: "const arch = process.env.npm_config_arch || process.arch;" },
    { name: "a Windows spelling (case-insensitive)", code: "const appData = process.env.AppData ?? join(home, 'AppData');" },
    { name: "proxy variables read in their documented order", code: "const proxy = process.env.HTTPS_PROXY || process.env.HTTP_PROXY || process.env.https_proxy;" },
    { name: "a CI service's branch variable", code: "const branch = process.env.GITHUB_HEAD_REF ?? process.env.CI_COMMIT_REF_NAME ?? getBranch();" },
    { name: "a helper that reads a runtime variable", code: "const term = getFromENV('TERM') || 'dumb';" },
    { name: "a project-specific runtime variable list", code: "const t = process.env.MY_MACHINE_VAR || 'x';", options: [{ runtimeVariables: ["MY_MACHINE_*"] }] },
  ],
  invalid: [
    { name: "an application variable is still configuration", code: "const url = process.env.API_URL || 'http://localhost';", errors: [{ messageId: "logicalOrFallback", suggestions: hardened("const url = process.env.API_URL || 'http://localhost';", "process.env.API_URL || 'http://localhost'", 'requireConfig(process.env, "API_URL")', "optional(process.env, [\"API_URL\"], 'http://localhost')") }] },
    { name: "an empty runtimeVariables list checks HOME too", code: "const h = process.env.HOME || '/root';", options: [{ runtimeVariables: [] }], errors: [{ messageId: "logicalOrFallback", suggestions: hardened("const h = process.env.HOME || '/root';", "process.env.HOME || '/root'", 'requireConfig(process.env, "HOME")', "optional(process.env, [\"HOME\"], '/root')") }] },
  ],
});

ruleTester.run("no-soft-fail-config: fallbacks that pick no value", testedRule, {
  valid: [
    { name: "env = process.env as a parameter default reads no key", code: "export function resolve(name: string, env = process.env) { return env[name]; }" },
    { name: "?? null keeps the absence visible", code: "const ref = process.env.VERCEL_BRANCH_URL ?? null;" },
    { name: "|| undefined keeps the absence visible", code: "const name = config.name || undefined;" },
    { name: "a presence check that returns null", code: "function f() { const devtoolsConfig = load(); if (devtoolsConfig == null) { return null; } return devtoolsConfig.port; }" },
    { name: "a presence check that crashes through a helper", code: "function f(ctx) { const localConfig = loadLocalConfig(); if (localConfig === null) { return ctx.crash({ exitCode: 1 }); } return localConfig.name; }" },
  ],
  invalid: [
    { name: "a real default after the null fallback is still reported", code: "const t = config.timeout ?? 30;", errors: [{ messageId: "nullishFallback", suggestions: hardened("const t = config.timeout ?? 30;", "config.timeout ?? 30", 'requireConfig(config, "timeout")', "optional(config, [\"timeout\"], 30)") }] },
    { name: "a presence check that returns a default", code: "function f() { if (config.port === undefined) { return 8080; } return config.port; }", errors: [{ messageId: "presenceCheckFallback", suggestions: null }] },
  ],
});

ruleTester.run("no-soft-fail-config: optional options parameters are not configuration", testedRule, {
  valid: [
    { name: "an options bag defaulting to {}", code: "export function http(url?: string, config: HttpTransportConfig = {}) { return config.retryCount ?? 3; }" },
    { name: "an optional parameter", code: "export function throttle(fn: () => void, config?: ThrottleConfig) { const { leading = true } = config ?? {}; return leading; }" },
  ],
  invalid: [
    { name: "a required config parameter is configuration", code: "export function start(config: AppConfig) { return config.port ?? 8080; }", errors: [{ messageId: "nullishFallback", suggestions: hardened("export function start(config: AppConfig) { return config.port ?? 8080; }", "config.port ?? 8080", 'requireConfig(config, "port")', "optional(config, [\"port\"], 8080)") }] },
    { name: "a parameter defaulting to a loaded config is configuration", code: "export function start(config = loadConfig()) { return config.port ?? 8080; }", errors: [{ messageId: "nullishFallback", suggestions: hardened("export function start(config = loadConfig()) { return config.port ?? 8080; }", "config.port ?? 8080", 'requireConfig(config, "port")', "optional(config, [\"port\"], 8080)") }] },
  ],
});

ruleTester.run("no-soft-fail-config: misses found on real code", testedRule, {
  valid: [
    { name: "a context's non-config field is not configuration", code: "class G { run() { return this._context.cwd ?? process.cwd(); } }" },
    { name: "a one-argument helper with a non-variable argument", code: "const v = getEnv(name) || '';" },
  ],
  invalid: [
    { name: "configuration reached through this._context.config", code: "class G { run() { return this._context.config.codegen ?? 'typescript'; } }", errors: [{ messageId: "nullishFallback", suggestions: hardened("class G { run() { return this._context.config.codegen ?? 'typescript'; } }", "this._context.config.codegen ?? 'typescript'", 'requireConfig(this._context, "config", "codegen")', "optional(this._context, [\"config\", \"codegen\"], 'typescript')") }] },
    { name: "a variable named tsconfig", code: "function f(tsconfig) { return tsconfig.compilerOptions?.outDir; }", errors: [{ messageId: "optionalChain", suggestions: hardened("function f(tsconfig) { return tsconfig.compilerOptions?.outDir; }", "tsconfig.compilerOptions?.outDir", 'requireConfig(tsconfig, "compilerOptions", "outDir")', "optional(tsconfig, [\"compilerOptions\", \"outDir\"], undefined)") }] },
    { name: "an environment variable read through a small helper", code: "const debug = getFromENV('PWDEBUG') || '';", errors: [{ messageId: "logicalOrFallback", suggestions: null }] },
  ],
});
