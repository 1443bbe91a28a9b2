import type { TSESLint, TSESTree } from "@typescript-eslint/utils";

/** How a site changes the state. */
export type StateOperationKind =
  /** The binding (or static field) itself gets a new value: `x = …`, `x += …`, `[x] = …`, `for (x of …)`. */
  | "reassign"
  /** `x++`, `--x` on the binding or static field itself. */
  | "increment"
  /** A reassignment guarded so that it runs once: `x ??= new X()`, `if (!x) x = new X()`. */
  | "lazy-init"
  /** A property of the value is written: `x.a = …`, `x[k] = …`, `x.a.b++`, `[x.a] = …`. */
  | "member-write"
  /** `delete x.k`. */
  | "member-delete"
  /** A mutating method is called on the value or on something inside it: `x.set(…)`, `x.items.push(…)`. */
  | "method-call"
  /** The value is handed to a reflective mutator: `Object.assign(x, …)`, `Object.defineProperty(x, …)`. */
  | "object-api";

/** When a site runs and who runs it. */
export interface ExecutionContext {
  /**
   * True when the site runs while the module loads: top-level code, IIFEs, static blocks and static
   * field initialisers of top-level classes, callbacks of synchronous iteration methods called at load
   * time (`forEach`, `map`, `reduce`, `Array.from`), and non-exported synchronous functions that are
   * only ever called at load time.
   */
  loadTime: boolean;
  /** Who runs it, for messages: `refreshToken()`, `TokenStore.refresh()`, `a callback passed to emitter.on()`, `module load`. */
  mutator: string;
  /** The module-level declaration (function, variable or class name) whose code contains the site. */
  owner: string | undefined;
}

export interface StateSite extends ExecutionContext {
  /** The expression that changes the state: the assignment, update, `delete`, call or loop. */
  node: TSESTree.Node;
  kind: StateOperationKind;
  /** Short rendering for messages, e.g. `tokenCache.set(…)`, `count++`, `token = …`. */
  operation: string;
  /** 1-based line of `node`. */
  line: number;
  /**
   * The write stores a value that is the same whoever runs it first: a lazily cached constant
   * (`re ??= new RegExp(SOURCE)`, a platform fact) or a feature-detection latch switched off in a
   * `catch`, or the fill or reset of a scratch object right around the call it is passed to
   * (`desc.value = v; Object.defineProperty(o, k, desc)`). Such a site alone does not make a finding.
   */
  storesConstant?: boolean;
}

/** What a module-level value is, judged from its initialiser only (no type information). */
export type ValueKind =
  | "primitive"
  | "uninitialised"
  | "map"
  | "set"
  | "weakmap"
  | "weakset"
  | "array"
  | "object"
  | "instance"
  | "function"
  | "unknown";

export interface ValueDescription {
  kind: ValueKind;
  /** For messages: "a Map", "an array", "a TokenClient instance", "a value". */
  label: string;
}

/**
 * Why a value is allowed to be module-level state. `logger` and `allowed` exempt everything; `frozen`,
 * `as-const` and `readonly-type` exempt only changes to the value's contents, not reassignment.
 */
export type StateExemption = "logger" | "allowed" | "frozen" | "as-const" | "readonly-type";

export type ModuleStateMessageId = "reassignedBinding" | "mutatedContainer" | "lazySingleton" | "statefulInstance";

export interface ModuleStateFinding {
  messageId: ModuleStateMessageId;
  /** The first site (in source order) that makes it a finding. */
  site: StateSite;
}

export interface ModuleStateVariable {
  name: string;
  variable: TSESLint.Scope.Variable;
  /** The declared identifier: where the rule reports, and what the codemod maps to a declaration. */
  id: TSESTree.Identifier;
  declarator: TSESTree.VariableDeclarator;
  declarationKind: TSESTree.VariableDeclaration["kind"];
  exported: boolean;
  value: ValueDescription;
  exemption: StateExemption | undefined;
  /** Every write and mutation after the declaration, load-time and run-time, in source order. */
  sites: StateSite[];
  /** Module-level declarations whose functions read or write the variable (the codemod moves these into the class). */
  touchedBy: string[];
  finding: ModuleStateFinding | undefined;
}

export interface StaticFieldState {
  className: string;
  fieldName: string;
  /** `ClassName.field`, the name the `allow` option matches (as does the bare field name). */
  qualifiedName: string;
  node: TSESTree.PropertyDefinition | TSESTree.AccessorProperty;
  value: ValueDescription;
  exemption: StateExemption | undefined;
  sites: StateSite[];
  /** The first run-time site, when the field is mutated while the program runs. */
  finding: StateSite | undefined;
}

export interface GlobalObjectWrite extends StateSite {
  /** `globalThis`, `global`, `window` or `self`. */
  globalName: string;
  /** The written property (`undefined` for `Object.assign(globalThis, …)` or a computed key). */
  property: string | undefined;
}

export interface ModuleStateReport {
  /** Every module-level variable declaration (`const`/`let`/`var`), including clean and exempt ones. */
  variables: ModuleStateVariable[];
  /** Every static field of every class in the file. */
  staticFields: StaticFieldState[];
  /** Every write to a property of the global object that is not on the allow list. */
  globalWrites: GlobalObjectWrite[];
}

export interface ModuleStateAnalysisInput {
  scopeManager: TSESLint.Scope.ScopeManager;
  /** The file's text; used to render operations such as `cache.set(…)` in messages. */
  sourceText: string;
  /** Names that may hold mutable state: variable names, `Class.field` or field names, global property names. */
  allow?: readonly string[];
  /** Count `set`/`add`/`delete` on module-level WeakMaps/WeakSets as mutations (default false: entries belong to their key). */
  reportWeakCollections?: boolean;
  /** Count writes through `window`/`self`, which only exist in browser pages and workers (default false). */
  reportBrowserGlobals?: boolean;
}
