import type { TSESLint } from "@typescript-eslint/utils";
import type { ProjectConfigStore } from "../../config/project-config.js";
import { isTestFile } from "../../config/test-files.js";
import { optional } from "@txo-toolkit/runtime";
import { createRule } from "../create-rule.js";
import { projectConfigsOf } from "../project-configs.js";
import { findModuleStateMutations } from "./global-state-analysis.js";
import { DEFAULT_HARNESS_PATTERNS, matchesProjectPath } from "./global-state-files.js";
import { letToConstFix } from "./global-state-suggest.js";
import { type MessageIds, NO_GLOBAL_MUTABLE_STATE_META } from "./meta.js";
import type {
  GlobalObjectWrite,
  ModuleStateReport,
  ModuleStateVariable,
  StateSite,
  StaticFieldState,
} from "./global-state-types.js";

export { findModuleStateMutations } from "./global-state-analysis.js";
export type * from "./global-state-types.js";
export type { MessageIds } from "./meta.js";

export interface NoGlobalMutableStateOptions {
  /** Names that may hold mutable state: module-level variables, `Class.field` (or the field name), global properties. */
  allow?: string[];
  /** Also check test files (`testPatterns` of txo.config.json); default false: their module state is fixtures. */
  checkTestFiles?: boolean;
  /** Count `set`/`add`/`delete` on module-level WeakMaps/WeakSets; default false: an entry belongs to its key. */
  reportWeakCollections?: boolean;
  /** Count writes through `window`/`self` (browser pages and workers); default false. */
  reportBrowserGlobals?: boolean;
  /** Files not checked because they are harnesses around the library: benchmarks, fuzz tests (globs from the project root); `[]` checks them. */
  harnessPatterns?: string[];
}

type Options = [NoGlobalMutableStateOptions];

function moreSites(all: StateSite[], first: StateSite): string {
  const others = all.filter((site) => !site.loadTime && site !== first).length;
  if (others === 0) return "";
  return others === 1 ? " and 1 other place" : ` and ${others} other places`;
}

function siteData(site: StateSite): Record<string, string> {
  return { mutator: site.mutator, line: String(site.line), operation: site.operation };
}

type Code = Readonly<TSESLint.SourceCode>;

function constSuggestions(
  state: ModuleStateVariable,
  sourceCode: Code | undefined,
): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
  const fix = sourceCode ? letToConstFix(state, sourceCode) : undefined;
  return fix ? [{ messageId: "suggestConst", data: { name: state.name }, fix }] : [];
}

function variableReport(
  state: ModuleStateVariable,
  sourceCode?: Code,
): TSESLint.ReportDescriptor<MessageIds> | undefined {
  const finding = state.finding;
  if (!finding) return undefined;
  const suggest = constSuggestions(state, sourceCode);
  const data = {
    ...siteData(finding.site),
    name: state.name,
    kind: state.value.label,
    declaration: state.declarationKind,
  };
  if (finding.messageId === "statefulInstance")
    return { node: state.id, messageId: finding.messageId, data: { ...data, more: "" }, suggest };
  const counted = state.sites.filter((site) => !site.storesConstant);
  const sameKind =
    finding.messageId === "mutatedContainer" ? counted : counted.filter((site) => site.kind === finding.site.kind);
  return {
    node: state.id,
    messageId: finding.messageId,
    data: { ...data, more: moreSites(sameKind, finding.site) },
    suggest,
  };
}

function staticFieldReport(field: StaticFieldState): TSESLint.ReportDescriptor<MessageIds> | undefined {
  if (!field.finding) return undefined;
  const data = {
    ...siteData(field.finding),
    name: field.qualifiedName,
    kind: field.value.label,
    more: moreSites(field.sites, field.finding),
  };
  return { node: field.node, messageId: "mutatedStaticField", data };
}

function globalWriteReport(write: GlobalObjectWrite): TSESLint.ReportDescriptor<MessageIds> {
  const target = write.property === undefined ? write.globalName : `${write.globalName}.${write.property}`;
  const when = write.loadTime ? "at module load" : `in ${write.mutator}`;
  const data = {
    target,
    when,
    line: String(write.line),
    operation: write.operation,
    property: write.property ?? write.globalName,
  };
  return { node: write.node, messageId: "globalObjectWrite", data };
}

/** Every report for a file, in source order; with the file's source code, with the suggestions that apply. */
export function reportsFor(report: ModuleStateReport, sourceCode?: Code): TSESLint.ReportDescriptor<MessageIds>[] {
  const descriptors = [
    ...report.variables.map((state) => variableReport(state, sourceCode)),
    ...report.staticFields.map(staticFieldReport),
    ...report.globalWrites.map(globalWriteReport),
  ];
  return descriptors.filter(
    (descriptor): descriptor is TSESLint.ReportDescriptor<MessageIds> => descriptor !== undefined,
  );
}

/** The project's `allowGlobals` (an explicit, deliberate empty default) plus the rule's own `allow`. */
function allowedNames(
  filename: string,
  options: NoGlobalMutableStateOptions,
  projectConfigs: ProjectConfigStore,
): string[] {
  const projectAllow: readonly string[] = optional(projectConfigs.load(filename).config, ["allowGlobals"], []);
  return [...projectAllow, ...(options.allow ?? [])];
}

export default createRule<Options, MessageIds>({
  name: "no-global-mutable-state",
  meta: {
    type: "problem",
    docs: NO_GLOBAL_MUTABLE_STATE_META.docs,
    schema: [
      {
        type: "object",
        properties: {
          allow: {
            type: "array",
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
            description: "Names that may hold mutable state; added to `allowGlobals` from txo.config.json.",
          },
          checkTestFiles: {
            type: "boolean",
            description: "Also check test files (testPatterns of txo.config.json). Default false.",
          },
          reportWeakCollections: {
            type: "boolean",
            description: "Count set/add/delete on module-level WeakMaps and WeakSets. Default false.",
          },
          reportBrowserGlobals: {
            type: "boolean",
            description: "Count writes through window and self. Default false.",
          },
          harnessPatterns: {
            type: "array",
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
            description:
              "Benchmarks and fuzz tests (globs from the project root), not checked: harnesses around the library, like tests.",
          },
        },
        additionalProperties: false,
      },
    ],
    messages: NO_GLOBAL_MUTABLE_STATE_META.messages,
    hasSuggestions: true,
    defaultOptions: [
      {
        allow: [],
        checkTestFiles: false,
        reportWeakCollections: false,
        reportBrowserGlobals: false,
        harnessPatterns: DEFAULT_HARNESS_PATTERNS,
      },
    ],
  },
  create(context, [options]) {
    const projectConfigs = projectConfigsOf(context);
    if (!options.checkTestFiles && isTestFile(context.filename, projectConfigs)) return {};
    if (matchesProjectPath(context.filename, options.harnessPatterns ?? [], projectConfigs)) return {};
    return {
      "Program:exit"() {
        const scopeManager = context.sourceCode.scopeManager;
        if (!scopeManager) return;
        const allow = allowedNames(context.filename, options, projectConfigsOf(context));
        const { reportWeakCollections, reportBrowserGlobals } = options;
        const report = findModuleStateMutations({
          scopeManager,
          sourceText: context.sourceCode.text,
          allow,
          reportWeakCollections,
          reportBrowserGlobals,
        });
        for (const descriptor of reportsFor(report, context.sourceCode)) context.report(descriptor);
      },
    };
  },
});
