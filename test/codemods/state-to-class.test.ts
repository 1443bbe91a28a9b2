import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { runCodemods } from "../../src/codemods/index.js";
import type { CodemodResult } from "../../src/codemods/types.js";
import { fixturesRoot, TempProject } from "./project-fixture.js";
import { objectContaining, stringContaining, stringMatching } from "../matchers.js";

const fixtureDir = join(fixturesRoot, "state-to-class");
const manualDir = join(fixtureDir, "manual");
const TRANSFORMED = [
  "price-cache.ts",
  "api-client.ts",
  "token-cache.ts",
  "settings-store.ts",
  "tab-counter.ts",
  "visit-log.js",
];
const fixtureName = (file: string, kind: "input" | "output"): string => file.replace(/\.(\w+)$/, `.${kind}.$1`);
afterEach(() => {
  vi.restoreAllMocks();
});

const fixture = (name: string): string => readFileSync(join(fixtureDir, name), "utf8");

function projectWith(files: Record<string, string>): TempProject {
  const project = new TempProject({ "src/logger.ts": fixture("logger.ts"), ...files });
  onTestFinished(() => project.remove());
  return project;
}

function transformedInputs(): Record<string, string> {
  return Object.fromEntries(TRANSFORMED.map((name) => [`src/${name}`, fixture(fixtureName(name, "input"))]));
}

function manualInputs(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(manualDir).map((name) => [`src/${name}`, readFileSync(join(manualDir, name), "utf8")]),
  );
}

/** An instance's methods as free functions, so the same checks run against the module and against an instance. */
function bindAll<Instance extends object>(instance: Instance): { [Key in keyof Instance]: Instance[Key] } {
  // A class instance's prototype is a plain object of its methods.
  const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
  const bound = Object.getOwnPropertyNames(prototype).flatMap((name) => {
    const method = prototype[name];
    if (name === "constructor" || typeof method !== "function") return [];
    const boundMethod: unknown = method.bind(instance);
    return [[name, boundMethod]];
  });
  // Every method of the prototype, bound to the instance: callable as the instance's own methods are.
  return Object.fromEntries(bound) as Instance;
}

/** What visit-log.{input,output}.js export (plain JavaScript, so no types to import). */
interface VisitLogApi {
  recordVisit(page: string): number;
  summary(options: { separator: string }): string;
}

function rowsOf(result: CodemodResult, file: string) {
  return result.rows.filter((row) => row.file === file);
}

describe("state-to-class: rewrites", () => {
  it("moves module state and the functions that use it into a class, matching the reviewed fixtures, and the result compiles", async () => {
    const project = projectWith(transformedInputs());
    const result = await runCodemods(["state-to-class"], { cwd: project.dir, write: true });
    for (const name of TRANSFORMED)
      expect(project.read(`src/${name}`), name).toBe(fixture(fixtureName(name, "output")));
    expect(project.read("src/logger.ts")).toBe(fixture("logger.ts"));
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
    expect(result.rows.map((row) => [row.file, row.line, row.status])).toEqual([
      ["src/api-client.ts", 9, "fixed"],
      ["src/api-client.ts", 10, "fixed"],
      ["src/price-cache.ts", 9, "fixed"],
      ["src/price-cache.ts", 10, "fixed"],
      ["src/price-cache.ts", 11, "fixed"],
      ["src/settings-store.ts", 2, "fixed"],
      ["src/settings-store.ts", 3, "fixed"],
      ["src/tab-counter.ts", 1, "fixed"],
      ["src/token-cache.ts", 3, "fixed"],
      ["src/token-cache.ts", 4, "fixed"],
      ["src/visit-log.js", 4, "fixed"],
      ["src/visit-log.js", 5, "fixed"],
    ]);
    expect(rowsOf(result, "src/price-cache.ts")[0]?.fix).toContain(
      "moved into class PriceCache with record(), lookupPrice(), cacheStats()",
    );
    expect(result.rows.filter((row) => row.verificationFailed)).toEqual([]);

    const second = await runCodemods(["state-to-class"], { cwd: project.dir, write: false });
    expect(second.diff).toBe("");
    expect(second.rows.filter((row) => row.status === "fixed")).toEqual([]);
  }, 180_000);

  it("uses the name given with className", async () => {
    const project = projectWith({ "src/token-cache.ts": fixture("token-cache.input.ts") });
    const result = await runCodemods(["state-to-class"], { cwd: project.dir, write: true, className: "SessionTokens" });
    const after = project.read("src/token-cache.ts");
    expect(after).toBe(
      fixture("token-cache.output.ts")
        .replaceAll("TokenCache", "SessionTokens")
        .replace("TXO_STATE_TOKEN_CACHE", "TXO_STATE_SESSION_TOKENS"),
    );
    expect(rowsOf(result, "src/token-cache.ts").map((row) => row.status)).toEqual(["fixed", "fixed"]);
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
  }, 120_000);
});

describe("state-to-class: behaviour of a cache with counters", () => {
  it("keeps behaviour: a fresh instance and the deprecated wrappers answer like the old module, and the warning comes once", async () => {
    const warnings = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    const before = await import("../fixtures/codemods/state-to-class/price-cache.input.js");
    const after = await import("../fixtures/codemods/state-to-class/price-cache.output.js");
    const exercise = (api: typeof before) => {
      const load = (sku: string) => sku.length * 100;
      const first = api.lookupPrice("ab", "EUR", load);
      api.lookupPrice("ab", "EUR", load);
      api.lookupPrice("xyz", "USD", load);
      const described = api.describeCache();
      const found = api.firstCached(
        [
          { sku: "zz", cents: 1 },
          { sku: "ab", cents: 2 },
        ],
        { sku: "none", cents: 0 },
      );
      const stats = api.cacheStats();
      const snap = api.snapshot();
      api.clearPrices();
      return {
        first,
        described,
        found,
        stats,
        snapHits: snap.hits,
        snapKeys: [...snap.cache.keys()],
        afterClear: api.cacheStats(),
      };
    };
    const expected = exercise(before);
    expect(expected.stats).toEqual({ hits: 1, misses: 2, size: 2 });
    expect(exercise(after)).toEqual(expected);
    expect(exercise(after.createPriceCache())).toEqual(expected);
    expect(exercise(new after.PriceCache(new Map(), 0, 0))).toEqual(expected);

    // util.deprecate calls process.emitWarning(message, "DeprecationWarning", code, …).
    const deprecations = warnings.mock.calls
      .map((call): unknown[] => call)
      .filter((call) => call[1] === "DeprecationWarning");
    expect(deprecations).toHaveLength(1);
    expect(deprecations[0]?.[2]).toBe("TXO_STATE_PRICE_CACHE");
    expect(String(deprecations[0]?.[0])).toMatch(
      /^lookupPrice\(\), cacheStats\(\), snapshot\(\) and the other functions of price-cache\.ts .* createPriceCache\(\)/,
    );
  });
});

describe("state-to-class: behaviour of singletons, callbacks and default exports", () => {
  it("keeps behaviour of lazy singletons (`if (!x) x = new …` and `??=`) and of an async token cache", async () => {
    vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    const clientsBefore = await import("../fixtures/codemods/state-to-class/api-client.input.js");
    const clientsAfter = await import("../fixtures/codemods/state-to-class/api-client.output.js");
    // The rewritten module still answers its old callers, through the (now deprecated) wrappers.
    const afterForOldCallers: Pick<typeof clientsBefore, "getClient" | "getFallbackClient"> = clientsAfter;
    const oldCallers = [clientsBefore, afterForOldCallers];
    for (const api of oldCallers) {
      expect(api.getClient()).toBe(api.getClient());
      expect(api.getFallbackClient().describe()).toBe("client for https://fallback.example.com");
    }
    const own = clientsAfter.createApiClientState();
    expect(own.getClient()).not.toBe(afterForOldCallers.getClient());
    expect(own.getClient()).toBe(own.getClient());

    const tokensBefore = await import("../fixtures/codemods/state-to-class/token-cache.input.js");
    const tokensAfter = await import("../fixtures/codemods/state-to-class/token-cache.output.js");
    for (const api of [tokensBefore, tokensAfter, new tokensAfter.TokenCache()]) {
      let issued = 0;
      const fetchToken = () => Promise.resolve({ value: `t${++issued}`, expiresAt: 100 * issued });
      const seen = [
        await api.getToken(fetchToken, 0),
        await api.getToken(fetchToken, 50),
        await api.getToken(fetchToken, 150),
      ];
      expect(seen).toEqual(["t1", "t1", "t2"]);
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- the fixture deprecates it itself; the rewrite must keep it working
      expect(api.refreshCount()).toBe(2);
    }
  });

  it("keeps behaviour with a default export, a helper passed as a callback, a function expression and a generic arrow", async () => {
    vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    const storeBefore = await import("../fixtures/codemods/state-to-class/settings-store.input.js");
    const storeAfter = await import("../fixtures/codemods/state-to-class/settings-store.output.js");
    const stores: (Pick<typeof storeBefore, "importSettings" | "readSetting"> & {
      default?: () => string;
      settingsReport?: () => string;
    })[] = [
      storeBefore,
      storeAfter,
      { ...storeAfter, default: undefined, ...bindAll(storeAfter.createSettingsStore()) },
    ];
    for (const api of stores) {
      expect(
        api.importSettings([
          [" Mode ", "fast"],
          ["LEVEL", "3"],
        ]),
      ).toBe(2);
      expect(api.readSetting("mode", (raw: string) => raw.toUpperCase())).toBe("FAST");
      expect(api.readSetting("missing", String)).toBeUndefined();
      const report = api.default ?? api.settingsReport;
      expect(report?.()).toBe("mode=fast;level=3");
    }
    const ticksBefore = await import("../fixtures/codemods/state-to-class/tab-counter.input.js");
    const ticksAfter = await import("../fixtures/codemods/state-to-class/tab-counter.output.js");
    const tickers: Pick<typeof ticksBefore, "tick" | "pick">[] = [
      ticksBefore,
      ticksAfter,
      bindAll(new ticksAfter.TabCounter()),
    ];
    for (const api of tickers) {
      expect([api.tick(), api.tick(2), api.pick(["a", "b", "c", "d"]), api.tick(98), api.pick<string>([])]).toEqual([
        1,
        3,
        "d",
        0,
        undefined,
      ]);
    }
    // Both files export recordVisit() and summary(); the after file also the VisitLog class (VisitLogApi's methods).
    const visitsBefore = (await import(join(fixtureDir, "visit-log.input.js"))) as VisitLogApi;
    // import() of the transformed fixture: state-to-class keeps the old exports and adds the class.
    const visitsAfter = (await import(join(fixtureDir, "visit-log.output.js"))) as VisitLogApi & {
      VisitLog: new () => VisitLogApi;
    };
    for (const api of [visitsBefore, visitsAfter, bindAll(new visitsAfter.VisitLog())]) {
      expect([api.recordVisit("/"), api.recordVisit("/about"), api.summary({ separator: " > " })]).toEqual([
        1,
        2,
        "/ > /about (last: /about)",
      ]);
    }
  });
});

describe("state-to-class: manual cases", () => {
  it("leaves code whose meaning would change as it was and gives the reason in the change table", async () => {
    const inputs = manualInputs();
    const project = projectWith(inputs);
    const result = await runCodemods(["state-to-class"], { cwd: project.dir, write: true });
    for (const [path, text] of Object.entries(inputs)) expect(project.read(path), path).toBe(text);
    const reasons = Object.fromEntries(result.rows.map((row) => [row.file, [row.status, row.reason]]));
    expect(reasons).toEqual({
      "src/exported-binding.ts": [
        "manual",
        stringContaining("requestCount is an exported mutable binding that other modules may read"),
      ],
      "src/top-level-use.ts": ["manual", stringContaining("'loaded' is used by top-level code at line 8")],
      "src/nested-function.ts": [
        "manual",
        stringContaining(
          "'total' is used inside a nested function() at line 5, where `this` is not the class instance",
        ),
      ],
      "src/object-method.ts": [
        "manual",
        stringContaining("'issued' is used inside a nested method at line 6, where `this` is not the class instance"),
      ],
      "src/load-time-call.ts": [
        "manual",
        stringContaining("remember() runs at module load at line 8, above line 10 where the class"),
      ],
      "src/common-js.cjs": ["manual", stringContaining("a CommonJS module")],
      "src/uses-this.ts": ["manual", stringContaining("greet() uses `this`")],
      "src/global-write.ts": ["manual", stringContaining("a property of the global object is shared by every module")],
      "src/static-field.ts": ["manual", stringContaining("a mutated static field is one copy for the whole process")],
    });
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
  }, 180_000);

  it("splits a declaration shared by several variables so each can move or stay, and leaves the file as it was when it cannot move", async () => {
    const shared =
      'let count = 0, label = "counter";\nexport function bump(): number {\n  count++;\n  return count;\n}\nexport function name(): string {\n  return label;\n}\n';
    const loadTime =
      'let IDX = 256, BUFFER: string | undefined;\nconst HEX: string[] = [];\nwhile (IDX--) HEX[IDX] = (IDX + 256).toString(16).substring(1);\nexport function uid(): string {\n  if (!BUFFER || IDX > 200) {\n    BUFFER = HEX.join("");\n    IDX = 0;\n  }\n  return BUFFER.slice(IDX, (IDX += 4));\n}\n';
    const project = projectWith({ "src/counter.ts": shared, "src/uid.ts": loadTime });
    const result = await runCodemods(["state-to-class"], { cwd: project.dir, write: true });
    expect(rowsOf(result, "src/counter.ts").map((row) => row.status)).toEqual(["fixed"]);
    const counter = project.read("src/counter.ts");
    expect(counter).toMatch(/class \w+/);
    expect(counter).toContain('let label = "counter";');
    expect(counter).not.toMatch(/let count = 0, label/);
    expect(project.read("src/uid.ts")).toBe(loadTime);
    // BUFFER (a string rebuilt from a module constant) is a cached constant for the rule, so only IDX is a finding.
    expect(rowsOf(result, "src/uid.ts").map((row) => row.reason)).toEqual([
      stringContaining("'IDX' is used by top-level code at line 3"),
    ]);
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
  }, 180_000);
});

describe("state-to-class: loggers", () => {
  it("leaves a module-level logger where it is and moves only the state", async () => {
    const source =
      "let logger: Console | undefined = console;\nlet count = 0;\n\nexport function setLogger(next: Console): void {\n  logger = next;\n}\n\nexport function increment(): number {\n  count += 1;\n  logger?.log(`count ${count}`);\n  return count;\n}\n";
    const project = projectWith({ "src/counter.ts": source });
    const result = await runCodemods(["state-to-class"], { cwd: project.dir, write: true });
    const text = project.read("src/counter.ts");
    expect(text).toMatch(/^let logger: Console \| undefined = console;$/m);
    expect(text).toContain("export class Counter {");
    // The rule itself excepts the logger; the transform leaves it even where a moved function uses it.
    expect(rowsOf(result, "src/counter.ts")).toEqual([objectContaining({ line: 2, status: "fixed" })]);
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
  }, 600_000);
});

describe("state-to-class: the module's own callers", () => {
  it("sends calls from code that stays in the file to the default instance, not through the deprecated wrapper (reduced from ni)", async () => {
    const source = [
      "interface Settings {",
      "  agent: string",
      "}",
      "",
      "let settings: Settings | undefined",
      "",
      "export async function getSettings(): Promise<Settings> {",
      "  if (!settings)",
      "    settings = { agent: 'npm' }",
      "  return settings",
      "}",
      "",
      "export async function getAgent(): Promise<string> {",
      "  const { agent } = await getSettings()",
      "  return agent",
      "}",
      "",
    ].join("\n");
    const project = projectWith({ "src/settings.ts": source });
    const result = await runCodemods(["state-to-class"], { cwd: project.dir, write: true });
    expect(rowsOf(result, "src/settings.ts")).toEqual([objectContaining({ line: 5, status: "fixed" })]);
    const text = project.read("src/settings.ts");
    expect(text).toContain("  const { agent } = await defaultSettingsState.getSettings()\n");
    expect(text).toMatch(/@deprecated[^\n]*\n \*\/\nexport function getSettings\(\)/);
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
    const warnings = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    // The source above exports getAgent(); the rewrite keeps it (the typecheck above compiles the result).
    const rewritten = (await import(join(project.dir, "src/settings.ts"))) as { getAgent(): Promise<string> };
    expect(await rewritten.getAgent()).toBe("npm");
    expect(warnings.mock.calls.filter((call: unknown[]) => call[1] === "DeprecationWarning")).toEqual([]);
  }, 600_000);

  it("writes in the file's style and sends the package's own calls from other modules to the instance (single quotes, no semicolons, tabs)", async () => {
    const source = [
      "let hits = 0",
      "const seen: string[] = []",
      "",
      "export function record(path: string): number {",
      "\tseen.push(path)",
      "\treturn ++hits",
      "}",
      "",
      "export function report(): string {",
      "\treturn `${hits} hits: ${seen.join(', ')}`",
      "}",
      "",
    ].join("\n");
    const caller = [
      "import { record, report } from './hits.js'",
      "",
      "export function visit(paths: string[]): string {",
      "\tfor (const path of paths) record(path)",
      "\treturn report()",
      "}",
      "",
    ].join("\n");
    const valueUser = [
      "import { record as count } from './hits.js'",
      "",
      "export const counters = [count]",
      "export function once(path: string): number {",
      "\treturn count(path)",
      "}",
      "",
    ].join("\n");
    const project = projectWith({ "src/hits.ts": source, "src/visit.ts": caller, "src/counters.ts": valueUser });
    const result = await runCodemods(["state-to-class"], { cwd: project.dir, write: true });
    const ownCalls = stringMatching(/own 3 call\(s\) in (visit|counters)\.ts, (visit|counters)\.ts go to/);
    expect(rowsOf(result, "src/hits.ts")).toEqual([
      objectContaining({ line: 1, status: "fixed", fix: ownCalls }),
      objectContaining({ line: 2, status: "fixed", fix: ownCalls }),
      objectContaining({ status: "manual", reason: stringContaining("still share that one instance") }),
    ]);
    const hits = project.read("src/hits.ts");
    const inserted = hits.split("\n").filter((line) => !source.includes(line));
    expect(inserted.filter((line) => line.endsWith(";"))).toEqual([]);
    expect(inserted.filter((line) => line.includes('"'))).toEqual([]);
    expect(inserted.filter((line) => /^ +[^\s*]/.test(line))).toEqual([]);
    expect(hits).toMatch(/^export const defaultHits = new Hits\(\)$/m);
    expect(project.read("src/visit.ts")).toBe(
      caller
        .replace("{ record, report }", "{ defaultHits }")
        .replace("record(path)", "defaultHits.record(path)")
        .replace("report()", "defaultHits.report()"),
    );
    expect(project.read("src/counters.ts")).toBe(
      valueUser
        .replace("{ record as count }", "{ defaultHits, record as count }")
        .replace("count(path)", "defaultHits.record(path)"),
    );
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
    const warnings = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    // The three sources above export these; the rewrite keeps them (the typecheck above compiles the result).
    const visit = (await import(join(project.dir, "src/visit.ts"))) as { visit(paths: string[]): string };
    expect(visit.visit(["/a", "/b"])).toBe("2 hits: /a, /b");
    // import() of the rewritten file, which still exports once() as a deprecated wrapper.
    const counters = (await import(join(project.dir, "src/counters.ts"))) as { once(path: string): number };
    expect(counters.once("/c")).toBe(3);
    expect(warnings.mock.calls.filter((call: unknown[]) => call[1] === "DeprecationWarning")).toEqual([]);
    // import() of the rewritten file, which still exports report() as a deprecated wrapper.
    const hitsModule = (await import(join(project.dir, "src/hits.ts"))) as { report(): string };
    expect(hitsModule.report()).toBe("3 hits: /a, /b, /c");
    expect(warnings.mock.calls.filter((call: unknown[]) => call[1] === "DeprecationWarning")).toHaveLength(1);
  }, 600_000);

  it("indents a multi-line type and initializer as constructor parameters and adds the import in the file's brace style (reduced from commitlint)", async () => {
    const source = [
      "import type {PromptConfig} from './types.js';",
      "",
      "const storeKey = Symbol('promptConfig');",
      "",
      "const store: {",
      "\t[storeKey]: PromptConfig;",
      "} = {",
      "\t[storeKey]: {messages: {}},",
      "};",
      "",
      "export function setMessage(key: string, message: string): void {",
      "\tstore[storeKey].messages[key] = message;",
      "}",
      "",
      "export function getMessages(): Readonly<PromptConfig['messages']> {",
      "\treturn store[storeKey].messages;",
      "}",
      "",
    ].join("\n");
    const types = "export interface PromptConfig {\n\tmessages: Record<string, string>;\n}\n";
    const project = projectWith({ "src/prompts.ts": source, "src/types.ts": types });
    const result = await runCodemods(["state-to-class"], { cwd: project.dir, write: true });
    expect(rowsOf(result, "src/prompts.ts")).toEqual([expect.objectContaining({ line: 5, status: "fixed" })]);
    const written = project.read("src/prompts.ts");
    expect(written).toContain("import type {PromptConfig} from './types.js';\nimport {deprecate} from 'node:util';\n");
    expect(written).toContain(
      [
        "\tconstructor(",
        "\t\tprivate readonly store: {",
        "\t\t\t[storeKey]: PromptConfig;",
        "\t\t} = {",
        "\t\t\t[storeKey]: {messages: {}},",
        "\t\t},",
        "\t) {}",
      ].join("\n"),
    );
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
  }, 300_000);
});
