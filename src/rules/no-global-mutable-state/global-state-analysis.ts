import type { TSESLint } from "@typescript-eslint/utils";
import { findModuleScope, ModuleReferences } from "./global-state-ast.js";
import { BindingAnalyzer } from "./global-state-bindings.js";
import { findGlobalObjectWrites } from "./global-state-global-object.js";
import { exemptRandomPools } from "./global-state-pools.js";
import { StaticFieldAnalyzer } from "./global-state-statics.js";
import { ExecutionTiming } from "./global-state-timing.js";
import { exemptWarnOnceMarkers, hostObjectReferences } from "./global-state-warn-once.js";
import type { ModuleStateAnalysisInput, ModuleStateReport, ModuleStateVariable } from "./global-state-types.js";

/**
 * Finds the module-level state of one file and every place that changes it: module-level variables
 * (with their writes, container mutations and lazy initialisations), static class fields, and writes
 * to the global object. Each site says whether it runs at module load or when a function runs, and
 * which function. Pure: reads the scope manager and the text, changes nothing.
 *
 * `txo/no-global-mutable-state` reports from this, and the state-to-class codemod uses it to decide
 * which declarations and which functions move into the new class (`touchedBy`).
 */
export function findModuleStateMutations(input: ModuleStateAnalysisInput): ModuleStateReport {
  // typescript-eslint's ScopeManager types globalScope as its own Scope; the rule works with TSESLint's Scope, the same objects.
  const globalScope = input.scopeManager.globalScope as TSESLint.Scope.Scope | null;
  if (!globalScope) return { variables: [], staticFields: [], globalWrites: [] };
  const moduleScope = findModuleScope(globalScope);
  const allow = new Set(input.allow ?? []);
  const references = new ModuleReferences(moduleScope);
  const timing = new ExecutionTiming(input.scopeManager, references, input.sourceText);
  const policy = { reportWeakCollections: input.reportWeakCollections === true };
  const bindings = new BindingAnalyzer(input.scopeManager, references, timing, input.sourceText, allow, policy);
  const variables = moduleScope.variables
    .map((variable) => bindings.analyse(variable))
    .filter((analysed): analysed is ModuleStateVariable => analysed !== undefined);
  exemptRandomPools(variables);
  exemptWarnOnceMarkers(variables, hostObjectReferences(globalScope));
  return {
    variables,
    staticFields: new StaticFieldAnalyzer(input.scopeManager, timing, input.sourceText, allow, policy).analyse(),
    globalWrites: findGlobalObjectWrites(input.scopeManager, timing, input.sourceText, {
      allow,
      reportBrowserGlobals: input.reportBrowserGlobals === true,
    }),
  };
}
