/**
 * The TXO principles, one descriptor each, without their rules: what the audit's reports and the
 * docs read. Parser-free and light: a cached txo-audit run imports this and never loads the rules
 * (catalog.ts joins each descriptor to its rule). To add a principle, see docs/contributing.md.
 */
import { MAX_FUNCTION_LINES_META } from "./max-function-lines/meta.js";
import { NO_GLOBAL_MUTABLE_STATE_META } from "./no-global-mutable-state/meta.js";
import { NO_PROCESS_EXIT_META } from "./no-process-exit-in-library/meta.js";
import { NO_SOFT_FAIL_CONFIG_META } from "./no-soft-fail-config/meta.js";
import { type PrincipleFacts, ruleIdOf } from "./principle.js";

/** Every file extension the rules understand; TypeScript's parser handles all of them. */
export const LINTABLE_FILES = ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"];

const noSoftFail = {
  number: 1,
  ruleName: "no-soft-fail-config",
  meta: NO_SOFT_FAIL_CONFIG_META,
  level: "error",
  audit: {
    title: "No soft-fail on configuration",
    criterion: "Zero configuration soft-fails",
    suggestedFix:
      "Read the key with requireConfig(config, ...path) so a missing key fails loudly, or mark a deliberate default with optional(config, path, default).",
    severity: { default: "critical" },
    effort: { minutesPerFinding: 10, label: "soft-fail" },
    codeClimateCategories: ["Bug Risk"],
  },
  codemod: {
    transform: "soft-fail-to-require",
    breaking: "high",
    manualMessageIds: [],
    does: "`--mode proven` (the default): `requireConfig(...)` only where every `--config-files` file has the key or the `--config-schema` requires it, `optional(config, path, default)` elsewhere, so behaviour never changes; guarded reads (`typeof`/`in`/`!== undefined`) and objects with methods are left alone; `--mode hard`: fallbacks → `requireConfig(...)`, listing every key that became required, checking `--config-files` for it and (with `--write`) adding the old default there and to the schema's `required`/`default`; `--mode explicit`: → `optional(config, path, default)`",
    staysManual:
      "`??=`, fallbacks that are another config source (`process.env.X \\|\\| config.x`), `.get(k, d)` on config classes, non-static paths",
  },
  docs: {
    fragile:
      '`config["script-behavior"] ?? {}`, `process.env.API_URL \\|\\| "http://localhost"`, `const { delay = 1 } = config`',
    hardened:
      '`requireConfig(config, "script-behavior")` throws a `HelpfulError` naming the missing key; `optional(config, ["a"], 1)` where a default is deliberate',
    finds:
      "`??`, `\\|\\|`, `?.`, `.get(k, d)`, `_.get(o, p, d)`, destructuring and parameter defaults, presence checks, on config values and everything derived from them (scope analysis)",
    test: "`test/rules/no-soft-fail-config.test.ts`",
    precision:
      "tuning 77.2 % / 91.7 %; held-out sets 1–3 61.3 % / 90.3 %; set 4 37.5 % / 75.0 %; set 5 (tuned on since) 0 % (0 of 21, was 0 of 32) / no soft-fail to find; **unseen set 6 11.1 % (6 of 54) / 50.0 %** (before issue #13: 29.1 % / 100 % and 28.1 % / 91.7 %)",
    severity: "critical: a missing key silently runs the program on a value nobody chose",
    breakingWhy: "a missing key now fails at start-up",
  },
} as const satisfies PrincipleFacts;

const noExit = {
  number: 2,
  ruleName: "no-process-exit-in-library",
  meta: NO_PROCESS_EXIT_META,
  level: "error",
  audit: {
    title: "No process.exit() in library code",
    criterion: "Zero process exits in library code",
    suggestedFix:
      "throw new HelpfulError({ whatWentWrong, howToFix, example }) and let the entry point (runMain) set the exit code.",
    // Setting the exit code or passing `process.exit` around ends nothing by itself: a warning.
    severity: { default: "critical", byMessageId: { exitCode: "warning", processExitReference: "warning" } },
    effort: { minutesPerFinding: 15, label: "exit" },
    codeClimateCategories: ["Bug Risk"],
  },
  codemod: {
    transform: "exit-to-throw",
    breaking: "medium",
    manualMessageIds: ["exitCode", "processExitReference"],
    does: '`process.exit(n≠0)` → `throw new HelpfulError({...})`, folding the adjacent `console.error`/`logger.error` into `whatWentWrong` and a hint ("Run …", "Check …", a second log line, a comment) into `howToFix`; adds/merges the import; `--wrap-entry` turns `main()` in entry files into `runMain(main)`',
    staysManual:
      "`exit(0)`, computed exit codes, exits in callbacks or inside `try` blocks, `process.abort/kill/exitCode`; a rewrite whose `howToFix` the code did not say (a TODO is written); without `--wrap-entry`, an entry point whose `main().catch(…)` only logs (it would now exit 0)",
  },
  docs: {
    fragile: '`logger.error("Schema not found"); process.exit(1)`',
    hardened:
      "`throw new HelpfulError({ whatWentWrong, howToFix })`; only the entry point (`runMain`) sets the exit code",
    finds:
      "`process.exit/abort/kill(pid)/reallyExit` and `process.exitCode =`, also through aliases, destructuring, computed access, `globalThis.process`, `node:process` imports; entry files (package.json `bin` with src↔dist mapping, shebangs, `entryPoints`) and signal handlers are allowed",
    test: "`test/rules/no-process-exit-in-library.test.ts`",
    precision:
      "tuning 100 % / 100 % (4 exits); held-out sets 1–3 80.0 % / 88.9 %; set 4 no finding (was 0 of 11); set 5 no finding (its 8 unicorn exits are all program code); **unseen set 6 0 % (0 of 14: command files a plugin loader imports by path, exits in signal handlers registered in a loop)** (before: 20.0 % / 100 % and 24.0 % / 66.7 %)",
    severity:
      "critical for `process.exit/abort/kill/reallyExit`; warning for `process.exitCode =` and exit methods passed as callbacks (those are left to a person)",
  },
} as const satisfies PrincipleFacts;

const noGlobalState = {
  number: 3,
  ruleName: "no-global-mutable-state",
  meta: NO_GLOBAL_MUTABLE_STATE_META,
  level: "error",
  audit: {
    title: "No global mutable state (logging excepted)",
    criterion: "No global mutable state except logging",
    suggestedFix:
      "Move the state into a class that the caller creates and injects; keep the old function as a deprecated wrapper.",
    severity: { default: "warning" },
    effort: { minutesPerFinding: 30, label: "global state" },
    codeClimateCategories: ["Bug Risk", "Complexity"],
  },
  codemod: {
    transform: "state-to-class",
    breaking: "low",
    manualMessageIds: [],
    does: "module state and the functions touching it move into a class named after the module (`oauth-helpers.ts` → `OAuthHelpers`, or `--class-name`); exported functions stay as `@deprecated` wrappers (one-time runtime warning) over a default instance; `createX()` factory",
    staysManual:
      "exported mutable bindings, state used by top-level code or other modules, nested `function(){}` or `this` users, `globalThis` writes, static fields",
  },
  docs: {
    fragile: "module-level `let token`, `const cache = new Map()` mutated by functions, lazy singletons",
    hardened: "a class that owns the state, created and injected by the caller",
    finds:
      "module `let`s written by functions, containers mutated by functions, lazy singletons, `globalThis.x =`, mutated static fields; load-time initialisation, loggers, frozen values and `allow` are fine",
    test: "`test/rules/no-global-mutable-state.test.ts`",
    precision:
      "tuning 90.0 % / 91.5 %; held-out sets 1–3 48.4 % / 96.9 %; set 4 52.6 % / 100 %; set 5 (tuned on since) 57.1 % / 100 % (was 42.1 %); **unseen set 6 60.8 % / 100 %** (before: 49.0 % / 81.4 % and 22.5 % / 90.6 %)",
    severity: "warning",
  },
} as const satisfies PrincipleFacts;

const shortFunctions = {
  number: 4,
  ruleName: "max-function-lines",
  meta: MAX_FUNCTION_LINES_META,
  level: "warn",
  configOptions: {
    // A describe/suite/context callback is as long as the tests it groups; the rule's own default
    // (used by txo-audit, which lists test files in a section of their own) still counts them.
    recommended: { skipTestGroups: true },
    // Strict: a long IIFE is a long function too. Blank and comment lines count (the defaults);
    // the limit still comes from txo.config.json or 50.
    strict: { IIFEs: true, skipBlankLines: false, skipComments: false },
  },
  audit: {
    title: "No function over 50 lines",
    criterion: "All functions at most 50 lines",
    suggestedFix: "Split the function into an orchestrating function that calls well-named extracted functions.",
    // Over 100 lines a long function is critical: the TXO assessment threshold.
    severity: { default: "warning", measure: { data: "lineCount", criticalAbove: 100 } },
    effort: { minutesPerFinding: 20, label: "long function" },
    codeClimateCategories: ["Complexity"],
  },
  codemod: {
    transform: "split-long-functions",
    breaking: "none",
    manualMessageIds: [],
    does: "TypeScript's own *Extract Symbol* refactoring on cohesive statement groups (paragraphs, loop/branch bodies, try blocks) until the function fits; named from the introducing comment or the content, never `newFunction`; methods become private methods",
    staysManual:
      "functions with no safely extractable group, and helpers it extracted that stay over the limit (each with the reason: early returns in branches, `break`/`continue`, closures sharing locals, …)",
  },
  docs: {
    fragile: "a 150-line `executeRequest()`",
    hardened: "an orchestrating function calling well-named extracted functions",
    finds:
      "functions, methods, accessors, static blocks over `max` (50) lines, counted exactly like core `max-lines-per-function`, reported on the head",
    test: "`test/rules/max-function-lines.test.ts` (+ `.parity.test.ts`)",
    precision:
      "tuning 96.7 % / 100 %; held-out sets 1–3 93.8 % / 100 %; set 4 80.0 % / 100 %; set 5 100 % / 100 %; unseen set 6 93.3 % / 100 % (15 sampled) (before: 50.9 % / 100 %, describe() callbacks, and 94.4 % / 100 %)",
    severity: "warning over the limit (default 50); **critical over 100 lines**, the TXO assessment threshold",
  },
} as const satisfies PrincipleFacts;

/** The principles in their numbered order: the order of the plugin's rules, the audit's tables and the docs. */
export const PRINCIPLE_FACTS = [noSoftFail, noExit, noGlobalState, shortFunctions] as const;

type Principles = (typeof PRINCIPLE_FACTS)[number];
export type TxoRuleName = Principles["ruleName"];
export type PrincipleNumber = Principles["number"];
export type TransformName = Principles["codemod"]["transform"];

/**
 * The three lint setups that run the rules: the plugin's `configs.recommended` and `configs.strict`,
 * and `audit`, the config of txo-audit's engine, which the codemods' RuleRunner shares.
 */
export type LintSetup = "recommended" | "strict" | "audit";

export type RuleLevel = "error" | "warn";
/** A rule's entry in a flat config's `rules`: its level, with the options when the setup sets any. */
export type RuleEntry = RuleLevel | [RuleLevel, Readonly<Record<string, unknown>>];

/**
 * One setup's `rules`, in the order ESLint runs them (principle order): each principle's level
 * (`strict` makes every rule an error) with the options its descriptor sets for that setup. The
 * audit sets none: its rules run on their own defaults, so a test group counts like any function.
 */
export function configRules(
  principles: readonly PrincipleFacts[],
  setup: LintSetup,
): Record<`txo/${string}`, RuleEntry> {
  return Object.fromEntries(
    principles.map((principle): [string, RuleEntry] => {
      const level = setup === "strict" ? "error" : principle.level;
      const options = setup === "audit" ? undefined : principle.configOptions?.[setup];
      return [ruleIdOf(principle), options === undefined ? level : [level, options]];
    }),
  );
}

/** The rules txo-audit's engine runs, and the codemods through it. */
export const AUDIT_RULES: Readonly<Record<`txo/${string}`, RuleEntry>> = Object.freeze(
  configRules(PRINCIPLE_FACTS, "audit"),
);

/** The descriptor of a `txo/…` rule id, or undefined for any other rule. */
export function principleOfRule<Facts extends PrincipleFacts>(
  ruleId: string,
  principles: readonly Facts[],
): Facts | undefined {
  return principles.find((principle) => ruleIdOf(principle) === ruleId);
}
