import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import tsParser from "@typescript-eslint/parser";
import { RuleTester } from "@typescript-eslint/rule-tester";
import { Linter } from "eslint";
import fg from "fast-glob";
import { afterAll, describe, expect, it } from "vitest";
import rule, {
  type MessageIds,
  type NoGlobalMutableStateOptions,
} from "../../src/rules/no-global-mutable-state/rule.js";
import { findModuleStateMutationsInText } from "../../src/rules/no-global-mutable-state/global-state-parse.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester();

/** Script and CommonJS parsing; TestLanguageOptions omits `sourceType`, which the tester passes on to ESLint. */
const script = { sourceType: "script" } as never;
// RuleTester's languageOptions type lags ESLint's own; sourceType is one of its keys at run time.
const commonjs = { sourceType: "commonjs" } as never;

/**
 * @typescript-eslint/rule-tester bundles its own copy of @typescript-eslint/utils, whose RuleModule
 * type is nominally different from ours; the cast only bridges the two copies of the same type.
 */
const testedRule = rule as never;

ruleTester.run<MessageIds, [NoGlobalMutableStateOptions]>("no-global-mutable-state", testedRule, {
  valid: [
    // Issue #13, held-out set 5: a package's implementation installed under the global's own name (create-wagmi).
    {
      name: "a package's export installed under the global's own name is a polyfill",
      code: `import { Buffer } from "buffer";\nglobalThis.Buffer = Buffer;`,
    },
    {
      name: "a default import of a package, bound to the global's name, installed from a function",
      code: `import process from "process";\nexport function install() {\n  globalThis.process = process;\n}`,
    },
    // docusaurus: `DocsPreferredVersionStorage.clear(id)` calls the literal's own function.
    {
      name: "an object literal's own clear() is a call of its function, not a container mutation",
      code: `const storage = {\n  save: (id: string, value: string) => localStorage.setItem(id, value),\n  clear(id: string) {\n    localStorage.removeItem(id);\n  },\n};\nexport function reset(id: string) {\n  storage.clear(id);\n}`,
    },
    // grpc-js: `_logger` and `_logVerbosity`, set by setLogger()/setLoggerVerbosity().
    {
      name: "logger and log level under qualified or private-looking names",
      code: `let _logger: Console = console;\nlet _logVerbosity = 2;\nlet DEFAULT_LOGGER: Console | undefined;\nexport function setLogger(logger: Console) {\n  _logger = logger;\n  DEFAULT_LOGGER = logger;\n}\nexport function setLoggerVerbosity(verbosity: number) {\n  _logVerbosity = verbosity;\n}`,
    },
    // uppy: which script tags the page already has, and whether the page's gapi loaded Drive.
    {
      name: "install-once markers of what was done to the page",
      code: `const injectedScripts = new Set<string>();\nlet driveApiLoaded = false;\nasync function injectScript(src: string) {\n  if (injectedScripts.has(src)) return;\n  await new Promise<void>((resolve) => {\n    const script = document.createElement("script");\n    script.src = src;\n    script.addEventListener("load", () => resolve());\n    document.head.appendChild(script);\n  });\n  injectedScripts.add(src);\n}\nexport async function ensureDrive(kind: string) {\n  await injectScript("https://apis.google.com/js/api.js");\n  if (kind === "drive" && !driveApiLoaded) {\n    await new Promise<void>((resolve) => gapi.load("client:picker", resolve));\n    driveApiLoaded = true;\n  }\n}`,
    },
    {
      name: "a process handler installed once",
      code: `let installed = false;\nexport function installExitHook(cleanup: () => void) {\n  if (installed) return;\n  process.on("exit", cleanup);\n  installed = true;\n}`,
    },
    // A module loaded on first use holds what a static import would have bound (hardhat, mongodb).
    {
      name: "a slow module imported on first use: x = await import('m') under an undefined guard",
      code: `let signer: typeof import("micro-eth-signer") | undefined;\nexport async function sign() {\n  if (signer === undefined) {\n    signer = await import("micro-eth-signer");\n  }\n  return signer.addr;\n}`,
    },
    {
      name: "a class destructured from a lazily imported module",
      code: `let Manager: typeof import("./manager.js").Manager | undefined;\nexport async function create() {\n  if (Manager === undefined) {\n    ({ Manager } = await import("./manager.js"));\n  }\n  return new Manager();\n}`,
    },
    {
      name: "a lazily imported module stored through a local const",
      code: `let cachedHre;\nlet BuildSystem;\nexport async function getHre() {\n  if (cachedHre === undefined) {\n    const { default: hre } = await import("./index.js");\n    cachedHre = hre;\n  }\n  if (BuildSystem === undefined) {\n    const buildSystemModule = await import("./build-system.js");\n    BuildSystem = buildSystemModule.BuildSystem;\n  }\n  return cachedHre;\n}`,
    },
    {
      name: "an optional dependency required on first use, and a member of the awaited module",
      code: `let kerberos;\nlet zstd;\nexport function load() {\n  kerberos ??= require("kerberos");\n}\nexport async function compress() {\n  zstd ||= (await import("@mongodb-js/zstd")).default;\n}`,
    },
    // Loggers are the accepted global (TXO principle 3, "logging excepted").
    {
      name: "logger by name",
      code: `export let logger = console;\nexport function setLogger(next: Console) { logger = next; }`,
    },
    {
      name: "pino logger configured at run time",
      code: `import pino from "pino";\nconst appLogger = pino();\nexport function verbose() { appLogger.level = "debug"; }`,
    },
    {
      name: "winston.createLogger",
      code: `import winston from "winston";\nconst audit = winston.createLogger({});\nexport function quiet() { audit.level = "warn"; }`,
    },
    {
      name: "debug namespace",
      code: `import debug from "debug";\nconst trace = debug("app:http");\nexport function on() { trace.enabled = true; }`,
    },
    {
      name: "log4js.getLogger and a child logger",
      code: `import log4js from "log4js";\nconst http = log4js.getLogger("http");\nconst child = createLogger().child({ module: "db" });\nexport function f() { http.level = "info"; child.level = "info"; }`,
    },
    {
      name: "require('debug')(ns) in CommonJS",
      code: `const dbg = require("debug")("app");\nfunction enable() { dbg.enabled = true; }\nmodule.exports = { enable };`,
      languageOptions: script,
    },
    // Frozen, `as const` and readonly values.
    {
      name: "Object.freeze",
      code: `const LIMITS = Object.freeze({ retries: 3 });\nexport function retries() { return LIMITS.retries; }`,
    },
    {
      name: "as const",
      code: `const COLOURS = ["red", "green"] as const;\nexport function first() { return COLOURS[0]; }`,
    },
    {
      name: "readonly types",
      code: `const NAMES: readonly string[] = ["a"];\nconst BY_ID: ReadonlyMap<string, number> = new Map([["a", 1]]);\nexport function f() { return NAMES.length + (BY_ID.get("a") ?? 0); }`,
    },
    // Containers that nothing changes after load.
    {
      name: "Map only read by functions",
      code: `const cache = new Map<string, number>([["a", 1]]);\nexport function get(key: string) { return cache.get(key); }\nexport function has(key: string) { return cache.has(key); }`,
    },
    {
      name: "lookup table filled by a top-level loop",
      code: `const byCode: Record<string, string> = {};\nfor (const [code, label] of [["a", "A"], ["b", "B"]]) byCode[code] = label;\nexport function label(code: string) { return byCode[code]; }`,
    },
    {
      name: "registry built once at import",
      code: `const registry = new Map<string, () => void>();\nregistry.set("a", () => {});\n["b", "c"].forEach((name) => registry.set(name, () => {}));\nfunction register(name: string) { registry.set(name, () => {}); }\nregister("d");\nexport function run(name: string) { registry.get(name)?.(); }`,
    },
    {
      name: "IIFE and static block run at load",
      code: `const table: Record<string, number> = {};\n(function fill() { table.a = 1; })();\nclass Ids { static next = 0; static { Ids.next = 10; } }\nexport { table, Ids };`,
    },
    {
      name: "let written only at top level",
      code: `let mode = "dev";\nif (process.argv.includes("--prod")) mode = "prod";\nexport function currentMode() { return mode; }`,
    },
    {
      name: "sync helper only called during load",
      code: `let ready = false;\nfunction init() { ready = true; }\ninit();\nexport const isReady = () => ready;`,
    },
    {
      name: "recursive helper and helper passed to forEach, both only used during load",
      code: `const tree: Record<string, string[]> = {};\nfunction addNode(name: string, depth: number): void { tree[name] = []; if (depth > 0) addNode(name + "x", depth - 1); }\naddNode("root", 2);\nfunction addLeaf(name: string) { tree[name] = []; }\n["a", "b"].forEach(addLeaf);\nexport const nodes = () => Object.keys(tree);`,
    },
    {
      name: "exported primitive constants",
      code: `export const VERSION = "1.0.0";\nexport const MAX = 3;\nexport function limit() { return MAX; }`,
    },
    {
      name: "type-only references",
      code: `let counter = 0;\ntype Counter = typeof counter;\nexport const read = (): Counter => counter;`,
    },
    { name: "ambient declarations", code: `declare let injected: number;\nexport function f() { return injected; }` },
    // State that belongs to something the caller creates.
    {
      name: "state local to a function",
      code: `export function tally(items: string[]) {\n  let count = 0;\n  const seen = new Set<string>();\n  for (const item of items) { seen.add(item); count++; }\n  return count + seen.size;\n}`,
    },
    {
      name: "a class that owns its state",
      code: `export class TokenStore {\n  #cache = new Map<string, string>();\n  private count = 0;\n  set(key: string, value: string) { this.#cache.set(key, value); this.count++; }\n}`,
    },
    {
      name: "static readonly constant read",
      code: `export class Retry { static readonly MAX = 3; attempts() { return Retry.MAX; } }`,
    },
    {
      name: "alias repointed at a fresh object before it is changed",
      code: `const cache = new Map<string, Record<string, number>>();\nexport function fresh(key: string) {\n  let entry = cache.get(key);\n  entry = {};\n  entry.a = 1;\n  return entry;\n}`,
    },
    {
      name: "WeakMap as per-instance private storage",
      code: `const internals = new WeakMap<object, { count: number }>();\nexport class Counter {\n  constructor() { internals.set(this, { count: 0 }); }\n  dispose() { internals.delete(this); }\n}`,
    },
    {
      name: "shadowing local",
      code: `const cache = new Map();\nexport function f() { const cache = new Map(); cache.set(1, 2); return cache; }`,
    },
    {
      name: "parameter named window",
      code: `export function paint(window: { title?: string }) { window.title = "x"; }`,
    },
    // Values whose shape the rule cannot see are not containers (SPEC lists the container forms).
    {
      name: "factory results are not containers",
      code: `import { createClient } from "redis";\nconst redis = createClient();\nexport async function save(key: string) { await redis.set(key, "1"); }`,
    },
    // Platform actions on the global object.
    {
      name: "navigation and worker handlers",
      code: `export function go(url: string) { window.location = url as never; }\nself.onmessage = (event) => { console.log(event); };`,
    },
    {
      name: "allow option",
      code: `const sessionCache = new Map();\nexport function remember(id: string) { sessionCache.set(id, Date.now()); }`,
      options: [{ allow: ["sessionCache"] }],
    },
    {
      name: "allow option for a global property",
      code: `export function polyfill(impl: typeof fetch) { globalThis.fetch = impl; }`,
      options: [{ allow: ["fetch"] }],
    },
    {
      name: "allow option for a static field",
      code: `export class Stats { static hits = 0; static hit() { Stats.hits++; } }`,
      options: [{ allow: ["Stats.hits"] }],
    },
    {
      name: "TSX component reading a module-level map",
      code: `const LABELS = new Map([["a", "Alpha"]]);\nexport function Label({ id }: { id: string }) { return <span>{LABELS.get(id)}</span>; }`,
      filename: "react.tsx",
    },
    // Issue #13: false-positive classes measured on real packages (test/real-world/labels/).
    {
      name: "WeakMap memo keyed by object identity",
      code: `const ctorStrings = new WeakMap<Function, string>();\nexport function ctorString(ctor: Function) {\n  let text = ctorStrings.get(ctor);\n  if (text === undefined) { text = Function.prototype.toString.call(ctor); ctorStrings.set(ctor, text); }\n  return text;\n}`,
    },
    {
      name: "WeakSet marking prototypes already patched",
      code: `const installed = new WeakSet<object>();\nexport function install(proto: object) {\n  if (installed.has(proto)) return;\n  installed.add(proto);\n}`,
    },
    {
      name: "static WeakMap cache",
      code: `export class Handler {\n  static cache = new WeakMap<object, object>();\n  parse(request: object) { Handler.cache.set(request, {}); }\n}`,
    },
    {
      name: "lazily created RegExp without g or y",
      code: `const SOURCE = "^[a-z]+$";\nlet pattern: RegExp;\nexport function matches(input: string) {\n  if (!pattern) pattern = new RegExp(SOURCE, "u");\n  return pattern.test(input);\n}`,
    },
    {
      name: "lazily cached platform fact typed as a primitive",
      code: `import os from "node:os";\nlet isWsl: boolean | undefined;\nexport function wsl() {\n  return (isWsl ??= os.release().toLowerCase().includes("microsoft"));\n}`,
    },
    {
      name: "platform fact cached from several return branches, through a local read from the platform",
      code: `let ios: boolean | undefined;\nexport const isIOS = (): boolean => {\n  if (ios !== undefined) return ios;\n  if (typeof navigator === "undefined") return (ios = false);\n  const points = navigator.maxTouchPoints;\n  return (ios = navigator.platform === "MacIntel" && points > 0);\n};`,
    },
    {
      name: "cached platform fact with a reset hook for tests",
      code: `let wsl: boolean | undefined;\nexport const isWsl = () => (wsl ??= process.platform === "linux");\nexport const resetForTests = () => { wsl = undefined; };`,
    },
    {
      name: "lazily created resolved promise",
      code: `let resolved: Promise<void>;\nexport function later(cb: () => void) {\n  if (!resolved) resolved = Promise.resolve();\n  resolved.then(cb);\n}`,
    },
    {
      name: "feature-detection latch switched off in a catch",
      code: `let fastPath = true;\nexport function run() {\n  if (fastPath) {\n    try { return native(); } catch { fastPath = false; }\n  }\n  return slow();\n}\ndeclare function native(): number;\ndeclare function slow(): number;`,
    },
    {
      name: "polyfill guarded by typeof",
      code: `export function install(impl: typeof fetch) {\n  if (typeof globalThis.fetch === "undefined") globalThis.fetch = impl;\n}`,
    },
    { name: "polyfill with ??=", code: `globalThis.structuredClone ??= (value) => JSON.parse(JSON.stringify(value));` },
    {
      name: "window and self writes in browser code",
      code: `export class Router {\n  constructor() { window.__ROUTER__ = this; }\n}\nself.$_TSR = { done() { delete self.$_TSR; } };`,
    },
    {
      name: "test file: fixtures and global stubs",
      code: `let server: object | undefined;\nbeforeAll(() => { server = {}; });\ntest("no File", () => { globalThis.File = undefined as never; });\ndeclare function beforeAll(fn: () => void): void;\ndeclare function test(name: string, fn: () => void): void;`,
      filename: "src/upload.test.ts",
    },
    {
      name: "class instance whose class never changes itself",
      code: `class Formatter {\n  format(value: number) { return value.toFixed(2); }\n}\nexport const formatter = new Formatter();`,
    },
    {
      name: "class instance only used while the module loads",
      code: `class Registry {\n  #items = new Map<string, number>();\n  add(name: string) { this.#items.set(name, 1); }\n}\nconst registry = new Registry();\nregistry.add("a");`,
    },
    {
      name: "private default instance behind deprecated wrappers (state-to-class output)",
      code: `class Store {\n  #n = 0;\n  bump() { return ++this.#n; }\n}\nconst defaultStore = new Store();\n/** @deprecated */\nexport function bump() { return defaultStore.bump(); }`,
    },
    {
      name: "JavaScript module",
      code: `const defaults = { retries: 3 };\nexport function retries() { return defaults.retries; }`,
      filename: "file.js",
    },
  ],
  invalid: [
    {
      name: "the program's own module installed on the global is not a polyfill",
      code: `import { store } from "./store.js";\nglobalThis.store = store;`,
      errors: [{ messageId: "globalObjectWrite", line: 2 }],
    },
    {
      name: "a package's export installed under another global name is not a polyfill",
      code: `import { Buffer } from "buffer";\nglobalThis.NodeBuffer = Buffer;`,
      errors: [{ messageId: "globalObjectWrite", line: 2 }],
    },
    {
      name: "a method the object literal does not define is a container method",
      code: `const queue = { flush() {} } as { flush(): void; push(job: unknown): void };\nexport function add(job: unknown) {\n  queue.push(job);\n}`,
      errors: [{ messageId: "mutatedContainer", line: 1 }],
    },
    {
      name: "a name that ends in Log is not a logger",
      code: `const auditLog: string[] = [];\nexport function audit(entry: string) {\n  auditLog.push(entry);\n}`,
      errors: [{ messageId: "mutatedContainer", line: 1 }],
    },
    {
      name: "a once-flag next to the program's own work is still reported",
      code: `import { db } from "./db.js";\nlet connected = false;\nexport async function connect() {\n  if (connected) return;\n  await db.connect();\n  connected = true;\n}`,
      errors: [{ messageId: "reassignedBinding", line: 2 }],
    },
    // @tanstack/router-core's ignoreScroll: switched on around work on the page, and off again.
    {
      name: "a flag switched on and off around an action on the page is not an install marker",
      code: `let ignoreScroll = false;\ndocument.addEventListener("scroll", () => {\n  if (ignoreScroll) return;\n  track();\n});\nexport function restore(hash: string) {\n  ignoreScroll = true;\n  try {\n    document.getElementById(hash)?.scrollIntoView();\n  } finally {\n    ignoreScroll = false;\n  }\n}\ndeclare function track(): void;`,
      errors: [{ messageId: "reassignedBinding", line: 1 }],
    },
    {
      name: "an install marker read for its contents is still reported",
      code: `const injected = new Set<string>();\nexport function inject(src: string) {\n  if (injected.has(src)) return;\n  document.head.append(src);\n  injected.add(src);\n}\nexport const injectedScripts = () => [...injected];`,
      errors: [{ messageId: "mutatedContainer", line: 1 }],
    },
    {
      name: "mutated Map (exact message data)",
      code: `const tokenCache = new Map<string, string>();\nexport function refreshToken(id: string) {\n  tokenCache.set(id, "t");\n}`,
      errors: [
        {
          messageId: "mutatedContainer",
          line: 1,
          column: 7,
          endColumn: 17,
          data: {
            name: "tokenCache",
            kind: "a Map",
            mutator: "refreshToken()",
            line: "3",
            operation: "tokenCache.set(…)",
            more: "",
          },
        },
      ],
    },
    {
      name: "counter",
      code: `let count = 0;\nexport function increment() { count++; }\nexport function reset() { count = 0; }`,
      errors: [
        {
          messageId: "reassignedBinding",
          line: 1,
          column: 5,
          data: {
            declaration: "let",
            name: "count",
            mutator: "increment()",
            line: "2",
            operation: "count++",
            more: "",
          },
        },
      ],
    },
    {
      name: "module-level token reassigned after an await",
      code: `let token: string | undefined;\nexport async function login() { token = await fetchToken(); }\ndeclare function fetchToken(): Promise<string>;`,
      errors: [
        {
          messageId: "reassignedBinding",
          data: { declaration: "let", name: "token", mutator: "login()", line: "2", operation: "token = …", more: "" },
        },
      ],
    },
    {
      name: "lazy singleton with ??=",
      code: `class Client {}\nlet instance: Client | undefined;\nexport function getClient() {\n  return (instance ??= new Client());\n}`,
      errors: [
        {
          messageId: "lazySingleton",
          line: 2,
          data: { name: "instance", mutator: "getClient()", line: "4", operation: "instance ??= …" },
        },
      ],
    },
    {
      name: "lazy init from a module whose specifier is computed: not known to be one module",
      code: `let plugin;\nexport async function load(name: string) {\n  plugin ??= await import(name);\n  return plugin;\n}`,
      errors: [{ messageId: "lazySingleton", line: 1 }],
    },
    {
      name: "lazy init from a call on a lazily imported module: the call makes new state",
      code: `let client;\nexport async function getClient() {\n  if (client === undefined) {\n    const mod = await import("./client.js");\n    client = mod.createClient();\n  }\n  return client;\n}`,
      errors: [{ messageId: "lazySingleton", line: 1 }],
    },
    {
      name: "lazy singleton guarded by if (!x)",
      code: `let db: object | null = null;\nexport function getDb() {\n  if (!db) {\n    db = { connected: true };\n  }\n  return db;\n}`,
      errors: [
        { messageId: "lazySingleton", data: { name: "db", mutator: "getDb()", line: "4", operation: "db = …" } },
      ],
    },
    {
      name: "lazy singleton after an early return",
      code: `let pool;\nexport function getPool() {\n  if (pool) return pool;\n  pool = createPool();\n  return pool;\n}`,
      errors: [
        { messageId: "lazySingleton", data: { name: "pool", mutator: "getPool()", line: "4", operation: "pool = …" } },
      ],
    },
    {
      name: "lazy singleton in a logical expression, with a reset",
      code: `let conn;\nexport const connection = () => conn || (conn = open());\nexport function reset() { conn = undefined; }`,
      errors: [
        {
          messageId: "lazySingleton",
          data: { name: "conn", mutator: "connection()", line: "2", operation: "conn = …" },
        },
      ],
    },
    {
      name: "lazy singleton with ||= and with a ternary",
      code: `let cache;\nlet store = null;\nexport const getCache = () => (cache ||= new Map());\nexport function getStore() { return store ? store : (store = { items: [] }); }`,
      errors: [
        {
          messageId: "lazySingleton",
          line: 1,
          data: { name: "cache", mutator: "getCache()", line: "3", operation: "cache ||= …" },
        },
        {
          messageId: "lazySingleton",
          line: 2,
          data: { name: "store", mutator: "getStore()", line: "4", operation: "store = …" },
        },
      ],
    },
    {
      name: "in-place sort and Reflect.set",
      code: `const ranking = [3, 1, 2];\nconst flags = {};\nexport function rank() { return ranking.sort(); }\nexport function flag(name: string) { Reflect.set(flags, name, true); }`,
      errors: [
        {
          messageId: "mutatedContainer",
          line: 1,
          data: {
            name: "ranking",
            kind: "an array",
            mutator: "rank()",
            line: "3",
            operation: "ranking.sort(…)",
            more: "",
          },
        },
        {
          messageId: "mutatedContainer",
          line: 2,
          data: {
            name: "flags",
            kind: "an object",
            mutator: "flag()",
            line: "4",
            operation: "Reflect.set(flags, …)",
            more: "",
          },
        },
      ],
    },
    {
      name: "container assigned at load into an empty let, then mutated",
      code: `let state: Record<string, number> | undefined;\nstate = {};\nexport function bump(key: string) { state![key] = 1; }`,
      errors: [
        {
          messageId: "mutatedContainer",
          line: 1,
          data: {
            name: "state",
            kind: "an object",
            mutator: "bump()",
            line: "3",
            operation: "state![key] = …",
            more: "",
          },
        },
      ],
    },
    {
      name: "compound assignment, counted with the other places",
      code: `let total = 0;\nexport function add(n: number) { total += n; }\nexport function sub(n: number) { total -= n; }\nexport function clear() { total = 0; }`,
      errors: [
        {
          messageId: "reassignedBinding",
          data: {
            declaration: "let",
            name: "total",
            mutator: "add()",
            line: "2",
            operation: "total += …",
            more: " and 2 other places",
          },
        },
      ],
    },
    {
      name: "array push",
      code: `const queue: string[] = [];\nexport function enqueue(job: string) { queue.push(job); }`,
      errors: [
        {
          messageId: "mutatedContainer",
          data: {
            name: "queue",
            kind: "an array",
            mutator: "enqueue()",
            line: "2",
            operation: "queue.push(…)",
            more: "",
          },
        },
      ],
    },
    {
      name: "computed member assignment",
      code: `const state: Record<string, unknown> = {};\nexport function set(key: string, value: unknown) { state[key] = value; }`,
      errors: [
        {
          messageId: "mutatedContainer",
          data: {
            name: "state",
            kind: "an object",
            mutator: "set()",
            line: "2",
            operation: "state[key] = …",
            more: "",
          },
        },
      ],
    },
    {
      name: "nested member assignment and update",
      code: `const session = { user: { name: "" }, hits: 0 };\nexport function login(name: string) { session.user.name = name; session.hits++; }`,
      errors: [
        {
          messageId: "mutatedContainer",
          data: {
            name: "session",
            kind: "an object",
            mutator: "login()",
            line: "2",
            operation: "session.user.name = …",
            more: " and 1 other place",
          },
        },
      ],
    },
    {
      name: "delete",
      code: `const sessions: Record<string, number> = {};\nexport function logout(id: string) { delete sessions[id]; }`,
      errors: [
        {
          messageId: "mutatedContainer",
          data: {
            name: "sessions",
            kind: "an object",
            mutator: "logout()",
            line: "2",
            operation: "delete sessions[id]",
            more: "",
          },
        },
      ],
    },
    {
      name: "Object.assign and Object.defineProperty",
      code: `const settings = {};\nexport function patch(next: object) { Object.assign(settings, next); }\nexport function define() { Object.defineProperty(settings, "x", { value: 1 }); }`,
      errors: [
        {
          messageId: "mutatedContainer",
          data: {
            name: "settings",
            kind: "an object",
            mutator: "patch()",
            line: "2",
            operation: "Object.assign(settings, …)",
            more: " and 1 other place",
          },
        },
      ],
    },
    {
      name: "local alias",
      code: `const cache = new Set<string>();\nexport function purge() {\n  const entries = cache;\n  entries.clear();\n}`,
      errors: [
        {
          messageId: "mutatedContainer",
          data: {
            name: "cache",
            kind: "a Set",
            mutator: "purge()",
            line: "4",
            operation: "entries.clear(…)",
            more: "",
          },
        },
      ],
    },
    {
      name: "destructured alias",
      code: `const store = { items: [] as number[] };\nexport function add(n: number) {\n  const { items } = store;\n  items.push(n);\n}`,
      errors: [
        {
          messageId: "mutatedContainer",
          data: { name: "store", kind: "an object", mutator: "add()", line: "4", operation: "items.push(…)", more: "" },
        },
      ],
    },
    {
      name: "element of a Map mutated",
      code: `const byUser = new Map<string, string[]>();\nexport function note(user: string, text: string) { byUser.get(user)!.push(text); }`,
      errors: [
        {
          messageId: "mutatedContainer",
          data: {
            name: "byUser",
            kind: "a Map",
            mutator: "note()",
            line: "2",
            operation: "byUser.get(user)!.push(…)",
            more: "",
          },
        },
      ],
    },
    {
      name: "event handler registered at load runs later",
      code: `import { EventEmitter } from "node:events";\nconst emitter = new EventEmitter();\nconst seen = new Set<string>();\nemitter.on("job", (id: string) => seen.add(id));`,
      errors: [
        {
          messageId: "mutatedContainer",
          data: {
            name: "seen",
            kind: "a Set",
            mutator: "a callback passed to emitter.on()",
            line: "4",
            operation: "seen.add(…)",
            more: "",
          },
        },
      ],
    },
    {
      name: "iteration callback inside a function runs when the function runs",
      code: `const index = new Map<string, number>();\nexport function load(keys: string[]) { keys.forEach((key, i) => index.set(key, i)); }`,
      errors: [
        {
          messageId: "mutatedContainer",
          data: { name: "index", kind: "a Map", mutator: "load()", line: "2", operation: "index.set(…)", more: "" },
        },
      ],
    },
    {
      name: "class method mutating module state",
      code: `const handled: string[] = [];\nexport class Handler { handle(id: string) { handled.push(id); } }`,
      errors: [
        {
          messageId: "mutatedContainer",
          data: {
            name: "handled",
            kind: "an array",
            mutator: "Handler.handle()",
            line: "2",
            operation: "handled.push(…)",
            more: "",
          },
        },
      ],
    },
    {
      name: "instance field initialiser and setter",
      code: `let nextId = 0;\nconst names = {};\nexport class Item {\n  id = nextId++;\n  set name(value: string) { names[this.id] = value; }\n}`,
      errors: [
        {
          messageId: "reassignedBinding",
          line: 1,
          data: {
            declaration: "let",
            name: "nextId",
            mutator: "new Item()",
            line: "4",
            operation: "nextId++",
            more: "",
          },
        },
        {
          messageId: "mutatedContainer",
          line: 2,
          data: {
            name: "names",
            kind: "an object",
            mutator: "the Item.name setter",
            line: "5",
            operation: "names[this.id] = …",
            more: "",
          },
        },
      ],
    },
    {
      name: "instance of a class",
      code: `class Pool { add(_c: unknown) {} }\nconst pool = new Pool();\nexport function release(conn: unknown) { pool.add(conn); }`,
      errors: [
        {
          messageId: "mutatedContainer",
          data: {
            name: "pool",
            kind: "a Pool instance",
            mutator: "release()",
            line: "3",
            operation: "pool.add(…)",
            more: "",
          },
        },
      ],
    },
    {
      name: "Object.create(null) dictionary",
      code: `const seen = Object.create(null);\nexport function mark(key: string) { seen[key] = true; }`,
      errors: [
        {
          messageId: "mutatedContainer",
          data: { name: "seen", kind: "an object", mutator: "mark()", line: "2", operation: "seen[key] = …", more: "" },
        },
      ],
    },
    {
      name: "export let mutated",
      code: `export let current = 0;\nexport function next() { return ++current; }`,
      errors: [
        {
          messageId: "reassignedBinding",
          data: { declaration: "let", name: "current", mutator: "next()", line: "2", operation: "++current", more: "" },
        },
      ],
    },
    {
      name: "exported function also called at load is still run-time",
      code: `const registry = new Map();\nexport function register(name: string) { registry.set(name, true); }\nregister("builtin");`,
      errors: [
        {
          messageId: "mutatedContainer",
          data: {
            name: "registry",
            kind: "a Map",
            mutator: "register()",
            line: "2",
            operation: "registry.set(…)",
            more: "",
          },
        },
      ],
    },
    {
      name: "default-exported function",
      code: `const seen = new Set<string>();\nexport default function (id: string) { seen.add(id); }`,
      errors: [
        {
          messageId: "mutatedContainer",
          data: {
            name: "seen",
            kind: "a Set",
            mutator: "the default export",
            line: "2",
            operation: "seen.add(…)",
            more: "",
          },
        },
      ],
    },
    {
      name: "helper passed to an event emitter is run-time",
      code: `const hits: string[] = [];\nfunction onHit(id: string) { hits.push(id); }\nprocess.on("message", onHit);`,
      errors: [
        {
          messageId: "mutatedContainer",
          data: { name: "hits", kind: "an array", mutator: "onHit()", line: "2", operation: "hits.push(…)", more: "" },
        },
      ],
    },
    {
      name: "async IIFE runs after load",
      code: `const loaded = new Map();\n(async () => { loaded.set("a", await Promise.resolve(1)); })();`,
      errors: [
        {
          messageId: "mutatedContainer",
          data: {
            name: "loaded",
            kind: "a Map",
            mutator: "an immediately invoked async function",
            line: "2",
            operation: "loaded.set(…)",
            more: "",
          },
        },
      ],
    },
    {
      name: "frozen value reassigned",
      code: `let CONFIG = Object.freeze({ debug: false });\nexport function reload() { CONFIG = Object.freeze({ debug: true }); }`,
      errors: [
        {
          messageId: "reassignedBinding",
          data: {
            declaration: "let",
            name: "CONFIG",
            mutator: "reload()",
            line: "2",
            operation: "CONFIG = …",
            more: "",
          },
        },
      ],
    },
    {
      name: "for-of and destructuring writes",
      code: `let last: string | undefined;\nlet a = 1, b = 2;\nexport function walk(items: string[]) { for (last of items) {} }\nexport function swap() { [a, b] = [b, a]; }`,
      errors: [
        {
          messageId: "reassignedBinding",
          line: 1,
          data: {
            declaration: "let",
            name: "last",
            mutator: "walk()",
            line: "3",
            operation: "for (last of …)",
            more: "",
          },
        },
        {
          messageId: "reassignedBinding",
          line: 2,
          column: 5,
          data: { declaration: "let", name: "a", mutator: "swap()", line: "4", operation: "[a, b] = …", more: "" },
        },
        {
          messageId: "reassignedBinding",
          line: 2,
          column: 12,
          data: { declaration: "let", name: "b", mutator: "swap()", line: "4", operation: "[a, b] = …", more: "" },
        },
      ],
    },
    {
      name: "object method mutating module state",
      code: `const counts: Record<string, number> = {};\nexport const api = { track(name: string) { counts[name] = (counts[name] ?? 0) + 1; } };`,
      errors: [
        {
          messageId: "mutatedContainer",
          data: {
            name: "counts",
            kind: "an object",
            mutator: "api.track()",
            line: "2",
            operation: "counts[name] = …",
            more: "",
          },
        },
      ],
    },
    // The global object.
    {
      name: "globalThis write at module load",
      code: `globalThis.appState = { ready: false };`,
      errors: [
        {
          messageId: "globalObjectWrite",
          line: 1,
          column: 1,
          endColumn: 39,
          data: {
            target: "globalThis.appState",
            when: "at module load",
            line: "1",
            operation: "globalThis.appState = …",
            property: "appState",
          },
        },
      ],
    },
    {
      name: "global write inside a function",
      code: `export function install(db: unknown) {\n  (global as any).db = db;\n}`,
      errors: [
        {
          messageId: "globalObjectWrite",
          line: 2,
          data: {
            target: "global.db",
            when: "in install()",
            line: "2",
            operation: "(global as any).db = …",
            property: "db",
          },
        },
      ],
    },
    {
      name: "window computed write, delete and Object.assign(globalThis), with reportBrowserGlobals",
      code: `export function expose(api: object) {\n  window["api"] = api;\n  delete (window as any).old;\n  Object.assign(globalThis, { api });\n}`,
      options: [{ reportBrowserGlobals: true }],
      errors: [
        {
          messageId: "globalObjectWrite",
          line: 2,
          data: {
            target: "window.api",
            when: "in expose()",
            line: "2",
            operation: `window["api"] = …`,
            property: "api",
          },
        },
        {
          messageId: "globalObjectWrite",
          line: 3,
          data: {
            target: "window.old",
            when: "in expose()",
            line: "3",
            operation: "delete (window as any).old",
            property: "old",
          },
        },
        {
          messageId: "globalObjectWrite",
          line: 4,
          data: {
            target: "globalThis",
            when: "in expose()",
            line: "4",
            operation: "Object.assign(globalThis, …)",
            property: "globalThis",
          },
        },
      ],
    },
    {
      name: "self in a worker-like script, with reportBrowserGlobals",
      code: `self.cache = [];`,
      options: [{ reportBrowserGlobals: true }],
      languageOptions: script,
      errors: [
        {
          messageId: "globalObjectWrite",
          data: {
            target: "self.cache",
            when: "at module load",
            line: "1",
            operation: "self.cache = …",
            property: "cache",
          },
        },
      ],
    },
    // Issue #13: the misses, and the limits of the new exceptions.
    {
      name: "exported instance of a same-file class whose method changes its own Map",
      code: `class ServerRegistry {\n  #servers = new Map<string, object>();\n  register(name: string, server: object) {\n    this.#servers.set(name, server);\n  }\n}\nexport const registry = new ServerRegistry();`,
      errors: [
        {
          messageId: "statefulInstance",
          line: 7,
          data: {
            name: "registry",
            kind: "a ServerRegistry instance",
            mutator: "ServerRegistry.register()",
            line: "4",
            operation: "this.#servers.set(…)",
          },
        },
      ],
    },
    {
      name: "state created by a call and changed by a function",
      code: `const state = createState();\nexport function main(argv: string[]) {\n  state.verbose = argv.includes("-v");\n}\ndeclare function createState(): { verbose: boolean };`,
      errors: [
        {
          messageId: "mutatedContainer",
          line: 1,
          data: {
            name: "state",
            kind: "a value",
            mutator: "main()",
            line: "3",
            operation: "state.verbose = …",
            more: "",
          },
        },
      ],
    },
    {
      name: "lazy value that depends on the first caller is still a singleton",
      code: `let base: string | undefined;\nexport function baseUrl(config: { url: string }) {\n  return (base ??= config.url);\n}`,
      errors: [
        {
          messageId: "lazySingleton",
          data: { name: "base", mutator: "baseUrl()", line: "3", operation: "base ??= …" },
        },
      ],
    },
    {
      name: "lazy value computed through a local that reads a parameter is still a singleton",
      code: `let origin: string | undefined;\nexport function getOrigin(config: { url: string }) {\n  if (origin !== undefined) return origin;\n  const url = new URL(config.url);\n  return (origin = url.origin + "/");\n}`,
      errors: [
        {
          messageId: "lazySingleton",
          data: { name: "origin", mutator: "getOrigin()", line: "5", operation: "origin = …" },
        },
      ],
    },
    {
      name: "lazily created global RegExp keeps lastIndex: still a singleton",
      code: `let words: RegExp | undefined;\nexport function nextWord(text: string) {\n  words ??= new RegExp("\\\\w+", "g");\n  return words.exec(text);\n}`,
      errors: [
        {
          messageId: "lazySingleton",
          data: { name: "words", mutator: "nextWord()", line: "3", operation: "words ??= …" },
        },
      ],
    },
    {
      name: "WeakMap contents with reportWeakCollections",
      code: `const seen = new WeakMap<object, number>();\nexport function mark(value: object) { seen.set(value, 1); }`,
      options: [{ reportWeakCollections: true }],
      errors: [
        {
          messageId: "mutatedContainer",
          data: { name: "seen", kind: "a WeakMap", mutator: "mark()", line: "2", operation: "seen.set(…)", more: "" },
        },
      ],
    },
    {
      name: "a private-looking global slot is not a polyfill",
      code: `export function share(config: object) {\n  if (!globalThis.__app_config) globalThis.__app_config = config;\n}`,
      errors: [
        {
          messageId: "globalObjectWrite",
          data: {
            target: "globalThis.__app_config",
            when: "in share()",
            line: "2",
            operation: "globalThis.__app_config = …",
            property: "__app_config",
          },
        },
      ],
    },
    {
      name: "test file with checkTestFiles",
      code: `let calls = 0;\nexport function spy() { calls++; }`,
      filename: "src/spy.test.ts",
      options: [{ checkTestFiles: true }],
      errors: [
        {
          messageId: "reassignedBinding",
          data: { declaration: "let", name: "calls", mutator: "spy()", line: "2", operation: "calls++", more: "" },
        },
      ],
    },
    // Static fields.
    {
      name: "static counter changed from outside the class",
      code: `export class Counter { static count = 0; }\nexport function tick() { Counter.count++; }`,
      errors: [
        {
          messageId: "mutatedStaticField",
          line: 1,
          column: 24,
          endColumn: 41,
          data: {
            name: "Counter.count",
            kind: "a number",
            mutator: "tick()",
            line: "2",
            operation: "Counter.count++",
            more: "",
          },
        },
      ],
    },
    {
      name: "static counter changed through this in a static method",
      code: `export class Ids {\n  static last = 0;\n  static next() { return ++this.last; }\n}`,
      errors: [
        {
          messageId: "mutatedStaticField",
          line: 2,
          data: {
            name: "Ids.last",
            kind: "a number",
            mutator: "Ids.next()",
            line: "3",
            operation: "++this.last",
            more: "",
          },
        },
      ],
    },
    {
      name: "static cache Map",
      code: `export class Cache {\n  static entries = new Map<string, string>();\n}\nexport function put(k: string, v: string) { Cache.entries.set(k, v); }`,
      errors: [
        {
          messageId: "mutatedStaticField",
          line: 2,
          data: {
            name: "Cache.entries",
            kind: "a Map",
            mutator: "put()",
            line: "4",
            operation: "Cache.entries.set(…)",
            more: "",
          },
        },
      ],
    },
    {
      name: "private static field",
      code: `export class Seq {\n  static #n = 0;\n  static next() { return Seq.#n += 1; }\n}`,
      errors: [
        {
          messageId: "mutatedStaticField",
          line: 2,
          data: {
            name: "Seq.#n",
            kind: "a number",
            mutator: "Seq.next()",
            line: "3",
            operation: "Seq.#n += …",
            more: "",
          },
        },
      ],
    },
    {
      name: "static readonly Map still mutable inside",
      code: `export class Registry {\n  static readonly items = new Map<string, number>();\n  register(name: string) { Registry.items.set(name, 1); }\n}`,
      errors: [
        {
          messageId: "mutatedStaticField",
          line: 2,
          data: {
            name: "Registry.items",
            kind: "a Map",
            mutator: "Registry.register()",
            line: "3",
            operation: "Registry.items.set(…)",
            more: "",
          },
        },
      ],
    },
    // Options and file kinds.
    {
      name: "allow covers only the listed names",
      code: `const allowedCache = new Map();\nconst other = new Map();\nexport function f() { allowedCache.set(1, 1); other.set(1, 1); }`,
      options: [{ allow: ["allowedCache"] }],
      errors: [
        {
          messageId: "mutatedContainer",
          line: 2,
          data: { name: "other", kind: "a Map", mutator: "f()", line: "3", operation: "other.set(…)", more: "" },
        },
      ],
    },
    {
      name: "TSX event handler",
      code: `const clicks: number[] = [];\nexport function Button() {\n  return <button onClick={() => clicks.push(Date.now())}>+</button>;\n}`,
      filename: "react.tsx",
      errors: [
        {
          messageId: "mutatedContainer",
          data: {
            name: "clicks",
            kind: "an array",
            mutator: "the onClick handler in Button()",
            line: "3",
            operation: "clicks.push(…)",
            more: "",
          },
        },
      ],
    },
    {
      name: "JavaScript module",
      code: `let hits = 0;\nexport function hit() { hits += 1; }`,
      filename: "file.js",
      errors: [
        {
          messageId: "reassignedBinding",
          data: { declaration: "let", name: "hits", mutator: "hit()", line: "2", operation: "hits += …", more: "" },
        },
      ],
    },
    {
      name: "CommonJS parsed as a script (top-level var in the global scope)",
      // `with` only parses in sloppy-mode scripts, which proves the file is parsed as a script.
      code: `var counter = 0;\nvar cache = {};\nfunction inc() { with (Math) { counter += 1; } cache["last"] = counter; }\nmodule.exports = { inc };`,
      filename: "file.cjs",
      languageOptions: script,
      errors: [
        {
          messageId: "reassignedBinding",
          line: 1,
          data: {
            declaration: "var",
            name: "counter",
            mutator: "inc()",
            line: "3",
            operation: "counter += …",
            more: "",
          },
        },
        {
          messageId: "mutatedContainer",
          line: 2,
          data: {
            name: "cache",
            kind: "an object",
            mutator: "inc()",
            line: "3",
            operation: `cache["last"] = …`,
            more: "",
          },
        },
      ],
    },
    {
      name: "CommonJS with sourceType commonjs (function-wrapped module scope)",
      // A top-level `return` only parses when ESLint wraps CommonJS in a function scope.
      code: `const jobs = [];\nexports.add = function (job) { jobs.push(job); };\nif (!jobs) return;`,
      filename: "file.cjs",
      languageOptions: commonjs,
      errors: [
        {
          messageId: "mutatedContainer",
          data: {
            name: "jobs",
            kind: "an array",
            mutator: "exports.add()",
            line: "2",
            operation: "jobs.push(…)",
            more: "",
          },
        },
      ],
    },
  ],
});

describe("project configuration (txo.config.json allowGlobals)", () => {
  const projectDir = mkdtempSync(join(tmpdir(), "txo-global-state-"));
  mkdirSync(join(projectDir, "src"));
  writeFileSync(join(projectDir, "txo.config.json"), JSON.stringify({ allowGlobals: ["sessionCache"] }));
  const brokenDir = mkdtempSync(join(tmpdir(), "txo-global-state-bad-"));
  writeFileSync(join(brokenDir, "txo.config.json"), JSON.stringify({ allowGlobals: "sessionCache" }));
  afterAll(() => {
    rmSync(projectDir, { recursive: true, force: true });
    rmSync(brokenDir, { recursive: true, force: true });
  });

  const code = `const sessionCache = new Map();\nconst hits = new Map();\nexport function touch(id: string) { sessionCache.set(id, 1); hits.set(id, 1); }\n`;

  function lint(cwd: string, file: string, options?: NoGlobalMutableStateOptions): Linter.LintMessage[] {
    const linter = new Linter({ configType: "flat", cwd });
    const config: Linter.Config[] = [
      {
        files: ["**/*.ts"],
        // RuleCreator rules are ESLint rules at run time; ESLint's plugin type does not name their option types.
        plugins: { txo: { rules: { "no-global-mutable-state": rule as never } } },
        languageOptions: { parser: tsParser },
        rules: { "txo/no-global-mutable-state": options ? ["error", options] : "error" },
      },
    ];
    return linter.verify(code, config, { filename: join(cwd, file) });
  }

  it("allows the names listed in allowGlobals and still reports the others", () => {
    const messages = lint(projectDir, "src/state.ts");
    expect(messages.map((message) => [message.messageId, message.line])).toEqual([["mutatedContainer", 2]]);
    expect(messages[0]?.message).toContain("'hits' (a Map) is mutated by touch() at line 3 (hits.set(…))");
  });

  it("adds the rule's allow option to the project's list", () => {
    expect(lint(projectDir, "src/state.ts", { allow: ["hits"] })).toEqual([]);
  });

  it("fails loudly on an invalid project file instead of ignoring it", () => {
    expect(() => lint(brokenDir, "state.ts")).toThrow(/allowGlobals/);
  });
});

describe("findModuleStateMutationsInText (the analysis the state-to-class codemod reuses)", () => {
  const oauth = [
    `import pino from "pino";`,
    `const logger = pino();`,
    `const tokenCache = new Map<string, string>();`,
    `let defaultClient: OAuthClient | undefined;`,
    `class OAuthClient { static created = 0; constructor() { OAuthClient.created++; } }`,
    `tokenCache.set("seed", "s");`,
    `export function getToken(id: string) { return tokenCache.get(id); }`,
    `export async function refreshToken(id: string) {`,
    `  logger.info("refresh");`,
    `  tokenCache.set(id, await Promise.resolve("t"));`,
    `}`,
    `export function getClient() { return (defaultClient ??= new OAuthClient()); }`,
    `globalThis.oauthReady = true;`,
  ].join("\n");

  it("describes every module-level variable, its sites and the functions that touch it", () => {
    const report = findModuleStateMutationsInText(oauth, { filePath: "oauth-helpers.ts" });
    const cache = report.variables.find((variable) => variable.name === "tokenCache");
    expect(cache?.value).toEqual({ kind: "map", label: "a Map" });
    expect(cache?.sites.map((site) => [site.line, site.kind, site.loadTime, site.mutator, site.operation])).toEqual([
      [6, "method-call", true, "module load", "tokenCache.set(…)"],
      [10, "method-call", false, "refreshToken()", "tokenCache.set(…)"],
    ]);
    expect(cache?.touchedBy).toEqual(["getToken", "refreshToken"]);
    expect(cache?.finding?.messageId).toBe("mutatedContainer");
    expect(cache?.finding?.site.line).toBe(10);
    expect(cache?.id.range).toEqual([oauth.indexOf("tokenCache"), oauth.indexOf("tokenCache") + "tokenCache".length]);
  });

  it("marks loggers as exempt and lazy singletons as such", () => {
    const report = findModuleStateMutationsInText(oauth);
    const logger = report.variables.find((variable) => variable.name === "logger");
    expect(logger?.exemption).toBe("logger");
    expect(logger?.finding).toBeUndefined();
    const client = report.variables.find((variable) => variable.name === "defaultClient");
    expect(client?.finding?.messageId).toBe("lazySingleton");
    expect(client?.finding?.site.owner).toBe("getClient");
    expect(client?.declarationKind).toBe("let");
    expect(client?.exported).toBe(false);
  });

  it("reports static fields and global writes with their sites", () => {
    const report = findModuleStateMutationsInText(oauth);
    expect(
      report.staticFields.map((field) => [field.qualifiedName, field.finding?.mutator, field.finding?.operation]),
    ).toEqual([["OAuthClient.created", "new OAuthClient()", "OAuthClient.created++"]]);
    expect(report.globalWrites.map((write) => [write.globalName, write.property, write.loadTime, write.line])).toEqual([
      ["globalThis", "oauthReady", true, 13],
    ]);
  });

  it("honours the allow list and parses scripts and TSX", () => {
    const allowed = findModuleStateMutationsInText(oauth, {
      allow: ["tokenCache", "OAuthClient.created", "oauthReady"],
    });
    expect(allowed.variables.find((variable) => variable.name === "tokenCache")?.exemption).toBe("allowed");
    expect(allowed.staticFields[0]?.finding).toBeUndefined();
    expect(allowed.globalWrites).toEqual([]);
    const script = findModuleStateMutationsInText("var n = 0;\nfunction inc() { n++; }", {
      sourceType: "script",
      filePath: "legacy.js",
    });
    expect(script.variables.map((variable) => [variable.name, variable.finding?.messageId])).toEqual([
      ["n", "reassignedBinding"],
    ]);
    const tsx = findModuleStateMutationsInText(
      "const seen: string[] = [];\nexport const Row = ({ id }: { id: string }) => <li onClick={() => seen.push(id)}>{id}</li>;",
      { filePath: "Row.tsx" },
    );
    expect(tsx.variables[0]?.finding?.site.mutator).toBe("the onClick handler in Row()");
  });

  it("throws the parser's error for text that does not parse", () => {
    expect(() => findModuleStateMutationsInText("let = ;")).toThrow();
  });
});

describe("no crash on real code", () => {
  it("lints 150 files of installed packages (code nobody here wrote) without an exception", () => {
    // Bundles of several MB (a vendored typescript.js) would make this a timing test; the sample
    // is every Nth file, so which files it meets shifts whenever a dependency is added.
    const files = fg
      .sync(["node_modules/**/*.{js,cjs,mjs,ts,tsx}"], { cwd: repoRoot, ignore: ["**/*.d.ts", "**/*.min.js"] })
      .sort()
      .filter((file) => statSync(join(repoRoot, file)).size < 512 * 1024);
    const sample = files.filter((_, index) => index % Math.max(1, Math.floor(files.length / 150)) === 0).slice(0, 150);
    const linter = new Linter({ configType: "flat" });
    let findings = 0;
    let linted = 0;
    sample.forEach((file, index) => {
      const text = readFileSync(join(repoRoot, file), "utf8");
      const sourceType = file.endsWith(".cjs") ? "commonjs" : "module";
      const config: Linter.Config[] = [
        {
          files: ["**/*.{js,cjs,mjs,ts,tsx}"],
          // RuleCreator rules are ESLint rules at run time; ESLint's plugin type does not name their option types.
          plugins: { txo: { rules: { "no-global-mutable-state": rule as never } } },
          languageOptions: { parser: tsParser, sourceType },
          rules: { "txo/no-global-mutable-state": "error" },
        },
      ];
      // A virtual path: ESLint ignores anything under node_modules/.
      const messages = linter.verify(text, config, { filename: `sample/file${index}${extname(file)}` });
      findings += messages.filter((message) => message.ruleId === "txo/no-global-mutable-state").length;
      linted += messages.some((message) => message.fatal === true) ? 0 : 1;
    });
    expect(linted).toBeGreaterThan(140);
    expect(sample.length).toBe(150);
    expect(findings).toBeGreaterThan(0);
  });
});

describe("the documentation's examples", () => {
  const page = readFileSync(join(repoRoot, "docs", "rules", "no-global-mutable-state.md"), "utf8");
  const exampleAfter = (heading: string): string => {
    const at = page.indexOf(heading);
    if (at < 0) throw new Error(`docs/rules/no-global-mutable-state.md has no "${heading}" heading`);
    // The fence line may carry a marker ("```ts fragment"): the code starts on the next line.
    const start = page.indexOf("\n", page.indexOf("```ts", at)) + 1;
    return page.slice(start, page.indexOf("```", start));
  };
  const messageIdsOf = (code: string): (string | null)[] => {
    const linter = new Linter({ configType: "flat" });
    const config: Linter.Config[] = [
      {
        files: ["**/*.ts"],
        // RuleCreator rules are ESLint rules at run time; ESLint's plugin type does not name their option types.
        plugins: { txo: { rules: { "no-global-mutable-state": rule as never } } },
        languageOptions: { parser: tsParser },
        rules: { "txo/no-global-mutable-state": "error" },
      },
    ];
    return linter
      .verify(code, config, { filename: "example.ts" })
      .map((message) => message.messageId ?? message.message);
  };

  it("the incorrect example gets exactly the findings its comments name", () => {
    const code = exampleAfter("### ❌ Incorrect");
    const commented = [...code.matchAll(/\/\/ (\w+)$/gm)].map((match) => match[1]);
    expect(messageIdsOf(code).sort()).toEqual(commented.sort());
    expect(commented).toHaveLength(5);
  });

  it("the correct example is clean", () => {
    expect(messageIdsOf(exampleAfter("### ✅ Correct"))).toEqual([]);
  });
});

ruleTester.run<MessageIds, [NoGlobalMutableStateOptions]>(
  "no-global-mutable-state suggestions (let → const where the binding is never reassigned)",
  testedRule,
  {
    valid: [],
    invalid: [
      {
        name: "a let Map whose contents change but whose binding never does",
        code: "let cache = new Map<string, number>();\nexport function put(k: string, v: number) { cache.set(k, v); }",
        errors: [
          {
            messageId: "mutatedContainer",
            suggestions: [
              {
                messageId: "suggestConst",
                output:
                  "const cache = new Map<string, number>();\nexport function put(k: string, v: number) { cache.set(k, v); }",
              },
            ],
          },
        ],
      },
      {
        name: "an exported let with a type annotation and a comment",
        code: "export let /* shared */ registry: string[] = [];\nexport function add(n: string) { registry.push(n); }",
        errors: [
          {
            messageId: "mutatedContainer",
            suggestions: [
              {
                messageId: "suggestConst",
                output:
                  "export const /* shared */ registry: string[] = [];\nexport function add(n: string) { registry.push(n); }",
              },
            ],
          },
        ],
      },
      {
        name: "a stateful instance held in a let",
        code: "class Registry { #names = new Set<string>(); add(n: string) { this.#names.add(n); } }\nexport let registry = new Registry();",
        errors: [
          {
            messageId: "statefulInstance",
            suggestions: [
              {
                messageId: "suggestConst",
                output:
                  "class Registry { #names = new Set<string>(); add(n: string) { this.#names.add(n); } }\nexport const registry = new Registry();",
              },
            ],
          },
        ],
      },
      {
        name: "a reassigned let stays a let",
        code: "let count = 0;\nexport function inc() { count++; }",
        errors: [{ messageId: "reassignedBinding", suggestions: [] }],
      },
      {
        name: "a lazy singleton stays a let",
        code: "let client: Map<string, string> | undefined;\nexport function get() { client ??= new Map(); return client; }",
        errors: [{ messageId: "lazySingleton", suggestions: [] }],
      },
      {
        name: "a let reassigned at load time stays a let",
        code: "let items: number[] = [];\nif (Math.random() > 2) items = [1];\nexport function add(n: number) { items.push(n); }",
        errors: [{ messageId: "mutatedContainer", suggestions: [] }],
      },
      {
        name: "two variables in one declaration stay as they are",
        code: "let a = new Map(), b = 1;\nexport function put() { a.set(b, b); }",
        errors: [{ messageId: "mutatedContainer", suggestions: [] }],
      },
      {
        name: "a var is left alone (const would change its scope in scripts)",
        code: "var cache = new Map();\nexport function put() { cache.set(1, 1); }",
        errors: [{ messageId: "mutatedContainer", suggestions: [] }],
      },
      {
        name: "a CommonJS file",
        code: "let seen = new Set();\nmodule.exports.mark = (x) => { seen.add(x); };",
        languageOptions: commonjs,
        errors: [
          {
            messageId: "mutatedContainer",
            suggestions: [
              {
                messageId: "suggestConst",
                output: "const seen = new Set();\nmodule.exports.mark = (x) => { seen.add(x); };",
              },
            ],
          },
        ],
      },
    ],
  },
);

ruleTester.run<MessageIds, [NoGlobalMutableStateOptions]>(
  "no-global-mutable-state: classes read on real packages (issue #13)",
  testedRule,
  {
    valid: [
      {
        name: "memo of descriptors computed from the key only (mobx observableobject.ts)",
        code: `const descriptorCache = Object.create(null);\nexport function descriptorFor(key: string) {\n  return descriptorCache[key] || (descriptorCache[key] = { get() { return this.values[key]; }, set(v: unknown) { this.values[key] = v; } });\n}`,
      },
      {
        name: "memo filled by a same-file factory from what the index is computed from (mobx autoannotation.ts)",
        code: `function createAnnotation(options: object) { return { kind: "auto", options }; }\nconst annotations: object[] = [];\nexport function annotationFor(options: { deep?: boolean; bind?: boolean }) {\n  const deep = options.deep !== false;\n  const bind = !!options.bind;\n  const index = (deep ? 0 : 1) | (bind ? 2 : 0);\n  return (annotations[index] ??= createAnnotation({ deep, bind }));\n}`,
      },
      {
        name: "memo of primitives (the table's type says so) computed by any call from the key (effect HashRing.ts)",
        code: `import { hashString } from "./hash.js";\nconst shardHashes: Array<number> = [];\nexport function hashOf(shard: number) {\n  return (shardHashes[shard] ??= hashString(\`shard-\${shard}\`));\n}`,
      },
      {
        name: "interning Map filled after a lookup of the same key (effect ShardId.ts)",
        code: `const shardIds = new Map<string, object>();
const makeShard = (group: string, id: number) => Object.freeze({ group, id });
export const make = (group: string, id: number) => {
  const key = \`\${group}:\${id}\`;
  let shard = shardIds.get(key);
  if (!shard) {
    shard = makeShard(group, id);
    shardIds.set(key, shard);
  }
  return shard;
};`,
      },
      {
        name: "memo of a costly pure computation after an early return (viem toSignatureHash.ts)",
        code: `import { hashSignature, toSignature } from "./hash.js";
const hashes = new Map<string, string>();
export function toSignatureHash(fn: string | object) {
  const definition = typeof fn === "string" ? fn : JSON.stringify(fn);
  const cached = hashes.get(definition);
  if (cached) return cached;
  const hash = hashSignature(toSignature(definition));
  hashes.set(definition, hash);
  return hash;
}`,
      },
      {
        name: "array memo filled after reading the same entry (effect Schema.ts ErrorInstance)",
        code: `import { build, optionsOf, keyOf } from "./schema.js";
const schemas: Array<object | undefined> = [];
export function errorSchema(options?: object) {
  const key = keyOf(options);
  const cached = schemas[key];
  if (cached !== undefined) return cached;
  const normalized = optionsOf(key);
  const schema = build({ normalized, toCode: () => String(normalized) });
  schemas[key] = schema;
  return schema;
}`,
      },
      {
        name: "stack pushed before a try and popped in its finally, in a synchronous function (effect Equal.ts)",
        code: `const path: object[] = [];\nexport function compare(a: object, b: object): boolean {\n  path.push(a);\n  try {\n    return path.length > 10 || a === b;\n  } finally {\n    path.pop();\n  }\n}`,
      },
      {
        name: "current-fiber pointer on globalThis restored in a finally (effect internal/effect.ts)",
        code: `const key = Symbol.for("current");\nexport class Fiber {\n  run() {\n    const previous = (globalThis as any)[key];\n    (globalThis as any)[key] = this;\n    try {\n      return 1;\n    } finally {\n      (globalThis as any)[key] = previous;\n    }\n  }\n}`,
      },
      {
        name: "lastIndex of a shared sticky RegExp set before each scan (effect contentType.ts)",
        code: `const paramRE = /;\\s*(\\w+)=(\\w+)/y;\nexport function params(header: string, start: number) {\n  paramRE.lastIndex = start;\n  return paramRE.exec(header);\n}`,
      },
      {
        name: "warn-once flag around a block that only logs (convex bundler/fs.ts)",
        code: `let warned = false;\nexport function warnCrossFilesystem(dir: string) {\n  if (!warned) {\n    console.warn(\`different filesystems: \${dir}\`);\n    console.warn("set TMPDIR");\n    warned = true;\n  }\n}`,
      },
      {
        name: "warn-once flag after an early return",
        code: `let warned = false;\nexport function deprecated() {\n  if (warned) return;\n  process.emitWarning("deprecated");\n  warned = true;\n}`,
      },
      {
        name: "scratch typed array every user writes before reading (effect md5.ts, inflate.ts)",
        code: `const W = new Uint32Array(16);\nexport function process(view: DataView) {\n  for (let i = 0; i < 16; i++) W[i] = view.getUint32(i * 4, true);\n  let sum = 0;\n  for (let i = 0; i < 16; i++) sum += W[i];\n  return sum;\n}`,
      },
      {
        name: "a counter in a benchmark file (zod src/v3/benchmarks/realworld.ts)",
        code: `let id = 0;\nexport const make = () => ({ id: id++ });`,
        filename: "src/benchmarks/realworld.ts",
      },
      {
        name: "a fixture in a fuzz test (ox src/wasm/_test/Hash.fuzz.ts)",
        code: `let engine: unknown;\nexport async function setup() { engine = await Promise.resolve(1); }`,
        filename: "src/wasm/Hash.fuzz.ts",
      },
      {
        name: "a pool of random bytes and its read position (@tanstack/form-core uuid())",
        code: `let IDX = 256;
const HEX: string[] = [];
let BUFFER: number[] | undefined;
while (IDX--) HEX[IDX] = (IDX + 256).toString(16).substring(1);
export function uuid(): string {
  let i = 0;
  let out = "";
  if (!BUFFER || IDX + 16 > 256) {
    BUFFER = new Array<number>(256);
    i = 256;
    while (i--) BUFFER[i] = (256 * Math.random()) | 0;
    i = 0;
    IDX = 0;
  }
  for (; i < 16; i++) out += HEX[BUFFER[IDX + i] as number];
  IDX++;
  return out;
}`,
      },
      {
        name: "a string pool of random hex digits and its read position (ox uid())",
        code: `const size = 256;
let index = size;
let buffer: string;
export function uid(length = 11) {
  if (!buffer || index + length > size * 2) {
    buffer = "";
    index = 0;
    for (let i = 0; i < size; i++) buffer += ((256 + Math.random() * 256) | 0).toString(16).substring(1);
  }
  return buffer.substring(index, index++ + length);
}`,
      },
      {
        name: "an alias of globalThis that is pointed elsewhere later is not followed",
        code: `export function f(other: object) {\n  let g: any = globalThis;\n  g = other;\n  g.value = 1;\n}`,
      },
    ],
    invalid: [
      {
        name: "memo whose value reads more than the key (the caller's user object)",
        code: `const owners: Record<string, object> = {};\nexport function ownerOf(key: string, user: object) {\n  return (owners[key] ??= { key, user });\n}`,
        errors: [{ messageId: "mutatedContainer" }],
      },
      {
        name: "memo of stateful clients created with new (a registry, not a cache of constants)",
        code: `class Client { constructor(readonly url: string) {} }\nconst clients: Record<string, Client> = {};\nexport function clientFor(url: string) {\n  return (clients[url] ??= new Client(url));\n}`,
        errors: [{ messageId: "mutatedContainer" }],
      },
      {
        name: "a field of a module object set lazily with a fixed key is a process-wide switch (effect fiberMiddleware)",
        code: `const middleware: { interrupt?: () => void } = {};\nfunction interruptAll() {}\nexport function patch() {\n  middleware.interrupt ??= interruptAll;\n}`,
        errors: [{ messageId: "mutatedContainer" }],
      },
      {
        name: "a Map filled after a lookup with a value that reads more than the key (openapi-typescript enumCache)",
        code: `const enums = new Map<string, object>();
export function tsEnum(name: string, members: string[]) {
  const key = members.join(",");
  if (enums.has(key)) return enums.get(key);
  const declaration = { name, members };
  enums.set(key, declaration);
  return declaration;
}`,
        errors: [{ messageId: "mutatedContainer" }],
      },
      {
        name: "a Map of clients created with new after a lookup is a registry",
        code: `class Socket { constructor(readonly url: string) {} }
const sockets = new Map<string, Socket>();
export function socketFor(url: string) {
  let socket = sockets.get(url);
  if (!socket) {
    socket = new Socket(url);
    sockets.set(url, socket);
  }
  return socket;
}`,
        errors: [{ messageId: "mutatedContainer" }],
      },
      {
        name: "a Map filled without looking the key up first is a registry (forge registeredForgeConfigs)",
        code: `const configs = new Map<string, object>();
export function register(dir: string, config: object) {
  configs.set(dir, config);
}`,
        errors: [{ messageId: "mutatedContainer" }],
      },
      {
        name: "entries created empty on first use and filled by the caller (router-core scroll cache)",
        code: `const cache: Record<string, Record<string, number>> = {};
export function snapshot(key: string, x: number) {
  const entry = (cache[key] ||= {});
  entry.x = x;
}
export function restore(from: string, to: string) {
  let target = cache[to];
  if (!target) target = cache[to] = {};
  Object.assign(target, cache[from]);
}`,
        errors: [{ messageId: "mutatedContainer" }],
      },
      {
        name: "memo that is also cleared by a function",
        code: `const cache: Record<string, string> = {};\nexport function upper(key: string) { return (cache[key] ??= key.toUpperCase()); }\nexport function reset() { delete cache.a; }`,
        errors: [{ messageId: "mutatedContainer" }],
      },
      {
        name: "stack pushed without a pop in a finally",
        code: `const pending: string[] = [];\nexport function enqueue(name: string) {\n  pending.push(name);\n  try { return name; } finally { console.log(name); }\n}`,
        errors: [{ messageId: "mutatedContainer" }],
      },
      {
        name: "stack pushed and popped around an await (other calls interleave)",
        code: `const scopes: object[] = [];\nexport async function run(scope: object, work: () => Promise<void>) {\n  scopes.push(scope);\n  try { await work(); } finally { scopes.pop(); }\n}`,
        errors: [{ messageId: "mutatedContainer" }],
      },
      {
        name: "a write through a local alias of globalThis (mobx globalstate.ts)",
        code: `export const state = (function () {\n  let global = globalThis as any;\n  return (global.__appState = { version: 1 });\n})();`,
        errors: [
          {
            messageId: "globalObjectWrite",
            data: {
              target: "globalThis.__appState",
              when: "at module load",
              line: "3",
              operation: "global.__appState = …",
              property: "__appState",
            },
          },
        ],
      },
      {
        name: "a global write that is not restored",
        code: `export function install(value: unknown) {\n  (globalThis as any).current = value;\n  try { return 1; } finally { console.log("done"); }\n}`,
        errors: [{ messageId: "globalObjectWrite" }],
      },
      {
        name: "a once-flag around a block that does more than log",
        code: `let started = false;\nexport function start(run: () => void) {\n  if (!started) {\n    run();\n    started = true;\n  }\n}`,
        errors: [{ messageId: "reassignedBinding" }],
      },
      {
        name: "lastIndex written on something that is not a RegExp",
        code: `const cursor = { lastIndex: 0 };\nexport function advance(n: number) { cursor.lastIndex = n; }`,
        errors: [{ messageId: "mutatedContainer" }],
      },
      {
        name: "a buffer one function reads before any write (it carries data between calls)",
        code: `const last = new Float64Array(1);\nexport function record(v: number) { last[0] = v; }\nexport function read() { return last[0]; }`,
        errors: [{ messageId: "mutatedContainer" }],
      },
      {
        name: "a buffer written only on one branch before it is read",
        code: `const W = new Uint32Array(4);\nexport function step(fresh: boolean, v: number) {\n  if (fresh) W[0] = v;\n  return W[0];\n}`,
        errors: [{ messageId: "mutatedContainer" }],
      },
      {
        name: "a pool that also stores something not random (the last id handed out)",
        code: `let pool: string[] = [];
export function next(): string {
  if (pool.length === 0) pool = [];
  pool[0] = String(Math.random());
  pool[1] = "last";
  return pool[0];
}`,
        errors: [{ messageId: "reassignedBinding" }],
      },
      {
        name: "a counter read outside the random pool is a counter (ids handed out are observable)",
        code: `let count = 0;
let pool = "";
export function next(): string {
  if (!pool) pool = String(Math.random());
  count++;
  return \`\${count}-\${pool}\`;
}`,
        errors: [{ messageId: "reassignedBinding" }],
      },
      {
        name: "benchmark files are checked when harnessPatterns is empty",
        code: `let id = 0;\nexport const make = () => ({ id: id++ });`,
        filename: "src/benchmarks/realworld.ts",
        options: [{ harnessPatterns: [] }],
        errors: [{ messageId: "reassignedBinding" }],
      },
    ],
  },
);

ruleTester.run<MessageIds, [NoGlobalMutableStateOptions]>(
  "no-global-mutable-state: warn-once markers, patch and restore, classes per call (held-out sets 2 and 3)",
  testedRule,
  {
    valid: [
      {
        name: "warn-once Set of seen keys: checked, added, then the warning",
        code: `const warnedKeys = new Set<string>();\nexport function checkKey(key: string): void {\n  const kind = key.slice(0, 3);\n  if (warnedKeys.has(kind)) {\n    return;\n  }\n  warnedKeys.add(kind);\n  console.warn(\`unknown key kind \${kind}\`);\n}`,
      },
      {
        name: "warn-once Set whose warning is the returned call",
        code: `const emitted = new Set();\nexport function emitWarningOnce(message: string): void {\n  if (!emitted.has(message)) {\n    emitted.add(message);\n    return emitWarning(message);\n  }\n}\nfunction emitWarning(message: string): void {\n  process.emitWarning(message);\n}`,
      },
      {
        name: "warn-once Set whose warning goes through an injected warn callback",
        code: `const warned = new Set<string>();\nexport function warnIfExperimental(name: string, warn: (m: string) => void = console.error): void {\n  if (warned.has(name)) return;\n  warned.add(name);\n  warn(\`\${name} is experimental\`);\n}`,
      },
      {
        name: "tricky: warn-once flag with a test hook that resets it, and the message built in a local",
        code: `let warnedPropagator = false;\nexport function _resetWarning(): void {\n  warnedPropagator = false;\n}\nexport function inject(keys: string[]): void {\n  if (keys.length > 0 && !warnedPropagator) {\n    warnedPropagator = true;\n    const hint = keys.includes("sentry") ? " (Sentry)" : "";\n    console.warn(\`no traceparent\${hint}\`);\n  }\n}`,
      },
      {
        name: "patch a platform global and hand back a restore to the saved original",
        code: `export function recordHeaders(): () => void {\n  const { Headers: OriginalHeaders } = globalThis;\n  Object.defineProperty(globalThis, "Headers", { writable: true, value: new Proxy(OriginalHeaders, {}) });\n  return () => {\n    globalThis.Headers = OriginalHeaders;\n  };\n}`,
      },
      {
        name: "patch fetch, restore in dispose() from a module-level saved original",
        code: `const originalFetch = globalThis.fetch;\nexport const interceptor = {\n  apply() {\n    globalThis.fetch = async (input: RequestInfo) => originalFetch(input);\n  },\n  dispose() {\n    globalThis.fetch = originalFetch;\n  },\n};`,
      },
      {
        name: "static fields of a class that a factory declares anew on every call",
        code: `export function makeClient(service: object, name: string) {\n  class ServiceClient {\n    static service: object;\n    static serviceName: string;\n  }\n  ServiceClient.service = service;\n  ServiceClient.serviceName = name;\n  return ServiceClient;\n}`,
      },
    ],
    invalid: [
      {
        name: "tricky: a Set that also gates real work is state, not a warn-once marker",
        code: `const started = new Set<string>();\nexport function start(name: string): void {\n  if (started.has(name)) return;\n  started.add(name);\n  launch(name);\n}\nfunction launch(name: string): void {\n  void name;\n}`,
        errors: [{ messageId: "mutatedContainer" }],
      },
      {
        name: "tricky: a warn-once-looking Set that is also read for its contents",
        code: `const warned = new Set<string>();\nexport function warnOnce(key: string): void {\n  if (warned.has(key)) return;\n  warned.add(key);\n  console.warn(key);\n}\nexport function warnedKeys(): string[] {\n  return [...warned];\n}`,
        errors: [{ messageId: "mutatedContainer" }],
      },
      {
        name: "tricky: a flag set to true away from any logging",
        code: `let ready = false;\nexport function init(): void {\n  if (ready) return;\n  ready = true;\n  connect();\n}\nfunction connect(): void {}`,
        errors: [{ messageId: "reassignedBinding" }],
      },
      {
        name: "tricky: a global patched with no restore to a saved original",
        code: `export function install(impl: typeof fetch): void {\n  globalThis.fetch = impl;\n}`,
        errors: [{ messageId: "globalObjectWrite" }],
      },
      {
        name: "tricky: a 'restore' to a value that is not the saved original keeps the patch reported",
        code: `let previous: typeof fetch | undefined;\nexport function install(impl: typeof fetch): () => void {\n  previous = impl;\n  globalThis.fetch = impl;\n  return () => {\n    globalThis.fetch = previous as typeof fetch;\n  };\n}`,
        errors: [
          { messageId: "reassignedBinding" },
          { messageId: "globalObjectWrite" },
          { messageId: "globalObjectWrite" },
        ],
      },
      {
        name: "static field of a module-level class still reported",
        code: `export class Registry {\n  static service: object | undefined;\n}\nexport function register(service: object) {\n  Registry.service = service;\n}`,
        errors: [{ messageId: "mutatedStaticField" }],
      },
    ],
  },
);

ruleTester.run<MessageIds, [NoGlobalMutableStateOptions]>(
  "no-global-mutable-state: platform values, lazy module promises, telemetry once-flags, promise-chain locks (held-out set 4)",
  testedRule,
  {
    valid: [
      {
        name: "a function that replaces itself with the built-in on its first call",
        code: `export let isArray = (value: unknown): value is unknown[] => ((isArray = Array.isArray), isArray(value));`,
      },
      {
        name: "a function that replaces itself with a platform method bound to a global, after a feature test",
        code: `export let uuid4 = function (): string {\n  const { crypto } = globalThis as any;\n  if (crypto?.randomUUID) {\n    uuid4 = crypto.randomUUID.bind(crypto);\n    return crypto.randomUUID();\n  }\n  return "fallback";\n};`,
      },
      {
        name: "a built-in bound once on first use: ??= Function.prototype.call.bind(…)",
        code: `let toISOString: ((date: Date) => string) | undefined;\nexport function serializeDate(date: Date): string {\n  return (toISOString ??= Function.prototype.call.bind(Date.prototype.toISOString))(date);\n}`,
      },
      {
        name: "tricky: an unconditional write of the variable's own value or the platform's fallback",
        code: `let cachedHas: ((obj: object, key: PropertyKey) => boolean) | undefined;\nexport const has = (obj: object, key: PropertyKey): boolean => {\n  const resolved = cachedHas ?? (Object as any).hasOwn ?? Function.prototype.call.bind(Object.prototype.hasOwnProperty);\n  cachedHas = resolved;\n  return resolved(obj, key);\n};`,
      },
      {
        name: "tricky: an encoder reached through globalThis, created in a local and bound on first use",
        code: `let encode: ((text: string) => Uint8Array) | undefined;\nexport function encodeUTF8(text: string): Uint8Array {\n  let encoder;\n  return (encode ?? ((encoder = new (globalThis as any).TextEncoder()), (encode = encoder.encode.bind(encoder))))(text);\n}`,
      },
      {
        name: "a static WeakSet created through globalThis is still a WeakSet",
        code: `export class Client {\n  static #wrapped = new globalThis.WeakSet<object>();\n  wrap(logger: object): void {\n    Client.#wrapped.add(logger);\n  }\n}`,
      },
      {
        name: "a module-level WeakMap created through globalThis",
        code: `const byKey = new globalThis.WeakMap<object, string>();\nexport function tag(key: object, value: string): void {\n  byKey.set(key, value);\n}`,
      },
      {
        name: "a lazy import kept as a promise, reset when it fails",
        code: `let fsModule: Promise<typeof import("node:fs/promises")> | undefined;\nexport async function read(path: string): Promise<string> {\n  fsModule ??= import("node:fs/promises").catch((error: unknown) => {\n    fsModule = undefined;\n    throw error;\n  });\n  const { readFile } = await fsModule;\n  return readFile(path, "utf8");\n}`,
      },
      {
        name: "a platform fact worked out once by a same-file function without arguments",
        code: `let platformHeaders: Record<string, string> | undefined;\nfunction platformProperties(): Record<string, string> {\n  if (typeof process !== "undefined") return { os: process.platform, arch: process.arch };\n  return { os: "unknown", arch: "unknown" };\n}\nexport const getPlatformHeaders = () => (platformHeaders ??= platformProperties());`,
      },
      {
        name: "tricky: a runtime probe that declares a local class, cached in a boolean",
        code: `let misreports: boolean | undefined;\nexport function isMisreporting(): boolean {\n  if (misreports !== undefined) return misreports;\n  class Probe extends Error {\n    constructor() {\n      super();\n      this.name = "Error";\n    }\n  }\n  const [custom, native] = [Probe, Error].map((Make) => new Make());\n  misreports = custom.stack !== native.stack;\n  return misreports;\n}`,
      },
      {
        name: "a telemetry once-flag around a usage event",
        code: `let firedTelemetry = false;\nexport function sync(): void {\n  if (!firedTelemetry) {\n    firedTelemetry = true;\n    addTelemetryUsage({ feature: "source-code-context" });\n  }\n}\ndeclare function addTelemetryUsage(usage: object): void;`,
      },
      {
        name: "a report-once flag around sending an error to the monitor",
        code: `let reported = false;\nexport function onBeaconError(error: unknown): void {\n  if (!reported) {\n    reported = true;\n    monitorError(error);\n  }\n}\ndeclare function monitorError(error: unknown): void;`,
      },
      {
        name: "a promise-chain lock: each caller queues behind the last",
        code: `let pending: Promise<void> | undefined;\nexport async function write(apply: () => Promise<void>): Promise<void> {\n  pending = (pending ?? Promise.resolve()).then(apply);\n  await pending;\n}`,
      },
      {
        name: "a promise-chain lock per key, released only while it is still the caller's own link",
        code: `const tails = new Map<string, Promise<void>>();\nexport async function withLock(key: string, run: () => Promise<void>): Promise<void> {\n  const previous = tails.get(key) ?? Promise.resolve();\n  const tail = previous.catch(() => {}).then(run);\n  tails.set(key, tail);\n  await tail;\n  if (tails.get(key) === tail) {\n    tails.delete(key);\n  }\n}`,
      },
    ],
    invalid: [
      {
        name: "tricky: a function swapped for a caller's implementation is state",
        code: `export let isArray = (value: unknown): boolean => Array.isArray(value);\nexport function useImpl(impl: (value: unknown) => boolean): void {\n  isArray = impl;\n}`,
        errors: [{ messageId: "reassignedBinding" }],
      },
      {
        name: "tricky: a platform method stored by another function, not the variable's own",
        code: `export let now = (): number => Date.now();\nexport function usePerformance(): void {\n  now = performance.now.bind(performance);\n}`,
        errors: [{ messageId: "reassignedBinding" }],
      },
      {
        name: "tricky: a lazy import whose handler reads the caller's options is a lazy singleton",
        code: `let client: Promise<unknown> | undefined;\nexport function getClient(options: { url: string }): Promise<unknown> {\n  client ??= import("./client.js").then((m) => new m.Client(options.url));\n  return client;\n}`,
        errors: [{ messageId: "lazySingleton" }],
      },
      {
        name: "tricky: a factory without arguments that builds an object with new is a lazy singleton",
        code: `let bus: object | undefined;\nfunction createBus(): object {\n  return new EventTarget();\n}\nexport const getBus = () => (bus ??= createBus());`,
        errors: [{ messageId: "lazySingleton" }],
      },
      {
        name: "tricky: a factory without arguments that reads module state set by a caller",
        code: `let base = "http://localhost";\nlet settings: { url: string } | undefined;\nfunction readSettings(): { url: string } {\n  return { url: base };\n}\nexport function configure(url: string): void {\n  base = url;\n}\nexport const getSettings = () => (settings ??= readSettings());`,
        errors: [{ messageId: "reassignedBinding" }, { messageId: "lazySingleton" }],
      },
      {
        name: "tricky: a once-flag around real work next to telemetry is still state",
        code: `let started = false;\nexport function start(): void {\n  if (!started) {\n    started = true;\n    connect();\n    addTelemetryUsage({ feature: "start" });\n  }\n}\ndeclare function connect(): void;\ndeclare function addTelemetryUsage(usage: object): void;`,
        errors: [{ messageId: "reassignedBinding" }],
      },
      {
        name: "tricky: a chain that stores data rather than links is state",
        code: `let latest: Promise<string> | undefined;\nexport function track(next: Promise<string>): void {\n  latest = next;\n}`,
        errors: [{ messageId: "reassignedBinding" }],
      },
      {
        name: "tricky: a per-key table whose entries are deleted without checking they are the caller's own",
        code: `const tails = new Map<string, Promise<void>>();\nexport function enqueue(key: string, run: () => Promise<void>): void {\n  const tail = (tails.get(key) ?? Promise.resolve()).then(run);\n  tails.set(key, tail);\n}\nexport function reset(key: string): void {\n  tails.delete(key);\n}`,
        errors: [{ messageId: "mutatedContainer" }],
      },
    ],
  },
);
