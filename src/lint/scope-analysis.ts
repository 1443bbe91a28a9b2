import { analyze, type Scope, type ScopeManager } from "@typescript-eslint/scope-manager";
import type { Lib } from "@typescript-eslint/types";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

interface LibVariableOptions {
  isTypeVariable?: boolean;
  isValueVariable?: boolean;
}

interface LibDefinition {
  libs: readonly LibDefinition[];
  variables: readonly (readonly [string, LibVariableOptions])[];
}

const requireFromHere = createRequire(import.meta.url);

/**
 * The lib typescript-eslint's parser gives the scope manager when there is no tsconfig: the
 * default target's lib, which TypeScript 6 moved from ES5 ("lib") to the latest standard.
 * Read from TypeScript's package.json so TypeScript itself is never loaded.
 */
const DEFAULT_LIB: Lib =
  // Every package.json of TypeScript has a string version.
  Number.parseInt((requireFromHere("typescript/package.json") as { version: string }).version, 10) >= 6
    ? "es2025.full"
    : "lib";

/**
 * The lib's variables with their type/value flags, merged across its dependencies exactly as the
 * scope manager's Referencer merges them. Computed once: the Referencer redoes this merge and
 * creates every one of these variables (thousands, with the DOM) for each file.
 */
function mergedLibVariables(libName: Lib): ReadonlyMap<string, LibVariableOptions> {
  // The definitions are data files of the scope manager that its package does not export.
  const libs = (
    requireFromHere(join(dirname(requireFromHere.resolve("@typescript-eslint/scope-manager")), "lib/index.js")) as {
      lib: Map<string, LibDefinition>;
    }
  ).lib;
  const root = libs.get(libName);
  if (root === undefined) throw new Error(`typescript-eslint's scope manager has no lib "${libName}"`);
  const resolved = new Set<LibDefinition>([root]);
  for (const definition of resolved) for (const dependency of definition.libs) resolved.add(dependency);
  const merged = new Map<string, LibVariableOptions>();
  for (const definition of resolved) {
    for (const [name, variable] of definition.variables) {
      const existing = merged.get(name);
      merged.set(
        name,
        existing
          ? {
              ...existing,
              isTypeVariable: existing.isTypeVariable || variable.isTypeVariable,
              isValueVariable: existing.isValueVariable || variable.isValueVariable,
            }
          : variable,
      );
    }
  }
  return merged;
}

const LIB_VARIABLES = mergedLibVariables(DEFAULT_LIB);

type GlobalScope = Scope & {
  defineImplicitVariable(name: string, options: LibVariableOptions): void;
  implicit: { leftToBeResolved: unknown[] };
};

/**
 * typescript-eslint's scope analysis of a module with the parser's default lib, resolved the way
 * the global scope resolves it (a type reference to a type variable, a value reference to a value
 * variable), but creating only the lib variables the file refers to. The scopes, references and
 * resolutions are those of `analyze(program, { lib: [default] })`; the global scope's variable list
 * just leaves out the thousands of lib names nobody uses.
 */
export function analyzeModule(program: object): ScopeManager {
  // The scope manager analyses the oxc Program, which is shaped like typescript-estree's.
  const scopeManager = analyze(program as never, { sourceType: "module", lib: [] });
  // analyze() always makes a global scope, but the check below keeps it safe if not.
  const globalScope = scopeManager.globalScope as GlobalScope | null;
  if (globalScope === null) return scopeManager;
  const unresolved = globalScope.through.filter((reference) => !resolveToLib(globalScope, reference));
  globalScope.through = unresolved;
  globalScope.implicit.leftToBeResolved = [...unresolved];
  return scopeManager;
}

function resolveToLib(globalScope: GlobalScope, reference: Scope["through"][number]): boolean {
  const name = reference.identifier.name;
  const options = LIB_VARIABLES.get(name);
  if (options === undefined) return false;
  const fits =
    (reference.isTypeReference && options.isTypeVariable === true) ||
    (reference.isValueReference && options.isValueVariable === true);
  if (!fits) return false;
  if (!globalScope.set.has(name)) globalScope.defineImplicitVariable(name, options);
  const variable = globalScope.set.get(name);
  if (variable === undefined) return false;
  variable.references.push(reference);
  reference.resolved = variable;
  return true;
}
