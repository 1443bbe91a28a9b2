import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { createRule } from "../create-rule.js";
import { type ImportContext, importContextOf, planHelperImport } from "../import-fix.js";
import { isTestFile } from "../../config/test-files.js";
import { projectConfigsOf } from "../project-configs.js";
import { describeSoftFail, type SoftFailDescription, type SoftFailForm } from "./soft-fail-describe.js";
import { DeclaredOptionalKeys } from "./soft-fail-declared.js";
import { typeModulesOf } from "./soft-fail-type-modules.js";
import { type DetectorContext, SoftFailDetector } from "./soft-fail-detect.js";
import type { SoftFailMessageId } from "./soft-fail-messages.js";
import { NO_SOFT_FAIL_CONFIG_META } from "./meta.js";
import {
  isIgnoredFile,
  resolveSoftFailSettings,
  SOFT_FAIL_DEFAULT_OPTIONS,
  SOFT_FAIL_OPTIONS_SCHEMA,
  type SoftFailRuleOptions,
  type SoftFailSettings,
} from "./soft-fail-options.js";
import { resolveThroughAliases } from "./soft-fail-aliases.js";
import { ConfigOrigins } from "./soft-fail-origins.js";
import { CallerSuppliedValues } from "./soft-fail-caller-supplied.js";
import { findPatternSource } from "./soft-fail-patterns.js";
import { DisplayOnlyValues } from "./soft-fail-display.js";
import { renderKeyArguments } from "./soft-fail-paths.js";
import { type HardenedHelper, hardenedCallText, suggestionFix } from "./soft-fail-suggest.js";

export { describeSoftFail, type SoftFailDescription, type SoftFailForm } from "./soft-fail-describe.js";
export type { SoftFailOptions, SoftFailRuleOptions } from "./soft-fail-options.js";
export type { SoftFailMessageId } from "./soft-fail-messages.js";

type Context = Readonly<TSESLint.RuleContext<SoftFailMessageId, SoftFailRuleOptions>>;
type Suggestion = TSESLint.SuggestionReportDescriptor<SoftFailMessageId>;

const MAX_SNIPPET = 60;

/** One line, at most 60 characters: messages quote code, they do not reproduce it. */
function snippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > MAX_SNIPPET ? `${flat.slice(0, MAX_SNIPPET - 1)}…` : flat;
}

function fixTexts(description: SoftFailDescription): { hardFix: string; explicitFix: string } {
  const fallback = snippet(description.defaultText ?? "undefined");
  if (description.root === undefined || !description.pathKeys || description.pathKeys.length === 0) {
    return {
      hardFix: `requireConfig(<config object>, "<key>", …)`,
      explicitFix: `optional(<config object>, ["<key>", …], ${fallback})`,
    };
  }
  const keys = renderKeyArguments(description.pathKeys);
  return {
    hardFix: `requireConfig(${description.root}, ${keys})`,
    explicitFix: `optional(${description.root}, [${keys}], ${fallback})`,
  };
}

function messageData(
  description: SoftFailDescription,
  node: TSESTree.Node,
  origins: ConfigOrigins,
  context: Context,
): Record<string, string> {
  const operator = node.type === AST_NODE_TYPES.AssignmentExpression ? node.operator : "";
  const fullPath = description.pathKeys
    ? resolveThroughAliases(description.rootNode, description.pathKeys, origins, context.sourceCode)
    : undefined;
  const resolved = fullPath ? ` (that is \`${snippet(fullPath)}\`)` : "";
  return {
    path: snippet(description.pathText),
    resolved,
    fallback: snippet(description.defaultText ?? "undefined"),
    operator,
    ...fixTexts(description),
  };
}

/** What the suggestions need to know about the file, worked out once per file. */
interface FileFacts {
  context: Context;
  settings: SoftFailSettings;
  origins: ConfigOrigins;
  display: DisplayOnlyValues;
  /** Library mode (see `packageKind`): values the caller passes in, or undefined in an application. */
  callerValues: () => CallerSuppliedValues | undefined;
  /** Worked out on the first candidate finding, like `imports`. */
  declared: () => DeclaredOptionalKeys | undefined;
  /** Worked out on the first report that needs it: most files have no soft-fail. */
  imports: () => ImportContext;
}

/**
 * A test reads optional secrets to reach a live network (`process.env.VITE_RPC_URL ?? ""`) and runs
 * without them: a test run is not a deployment, so its environment is not configuration.
 */
function withoutTestEnvironment(settings: SoftFailSettings, context: Context): SoftFailSettings {
  if (!settings.checkEnvironment || !isTestFile(context.filename, projectConfigsOf(context))) return settings;
  return { ...settings, checkEnvironment: false };
}

/** The optional-key lookup `optionalKeysOfTypes` asks for in this file, if any. */
function declaredOptionalKeys(
  context: Context,
  settings: SoftFailSettings,
  origins: ConfigOrigins,
): DeclaredOptionalKeys | undefined {
  const mode = settings.optionalKeysOfTypes;
  if (mode === "off") return undefined;
  const store = mode === "sameFile" ? undefined : typeModulesOf(projectConfigsOf(context));
  if (mode === "publishedPackages" && !store?.isPublished(context.filename)) return undefined;
  return new DeclaredOptionalKeys(context.sourceCode.ast, context.filename, origins, store);
}

/** "auto": a published package others import is a library; an application or a bin-only package is not. */
function isLibrary(context: Context, settings: SoftFailSettings): boolean {
  if (settings.packageKind !== "auto") return settings.packageKind === "library";
  return typeModulesOf(projectConfigsOf(context)).isLibrary(context.filename);
}

function fileFacts(
  context: Context,
  settings: SoftFailSettings,
  origins: ConfigOrigins,
  holdsConfigFile: (parameter: TSESTree.Identifier) => boolean,
): FileFacts {
  let memo: ImportContext | undefined;
  const imports = () => (memo ??= importContextOf(context));
  let declaredMemo: { value: DeclaredOptionalKeys | undefined } | undefined;
  const declared = () => (declaredMemo ??= { value: declaredOptionalKeys(context, settings, origins) }).value;
  let callerMemo: { value: CallerSuppliedValues | undefined } | undefined;
  const callerValues = () =>
    (callerMemo ??= {
      value: isLibrary(context, settings)
        ? new CallerSuppliedValues(context.sourceCode.ast, origins, holdsConfigFile)
        : undefined,
    }).value;
  return { context, settings, origins, display: new DisplayOnlyValues(origins), callerValues, declared, imports };
}

function helperSuggestion(
  facts: FileFacts,
  node: TSESTree.Node,
  description: SoftFailDescription,
  helper: HardenedHelper,
): Suggestion | undefined {
  const { settings } = facts;
  const file = facts.imports();
  const plan = planHelperImport(file, node, helper, settings.importSource);
  const text = plan ? hardenedCallText(description, plan.callee, helper, file.style.quote) : undefined;
  if (!plan || !text) return undefined;
  const messageId = helper === "requireConfig" ? "suggestRequireConfig" : "suggestOptional";
  return {
    messageId,
    data: { text: snippet(text), fallback: snippet(description.defaultText ?? "undefined") },
    fix: suggestionFix(description, plan, text),
  };
}

function suggestionsFor(facts: FileFacts, node: TSESTree.Node, description: SoftFailDescription): Suggestion[] {
  const helpers: HardenedHelper[] =
    description.form === "defaultParameter" ? ["requireConfig"] : ["requireConfig", "optional"];
  return helpers
    .map((helper) => helperSuggestion(facts, node, description, helper))
    .filter((suggestion) => suggestion !== undefined);
}

/**
 * `config.plugins ?? []` in a published package: an absent list or map means "none", and the empty one
 * says the same. In an application (private package), or when the type declares the key required, the
 * empty default hides a missing section of a configuration file and stays a finding.
 */
function detectorContext(context: Context, settings: SoftFailSettings, facts: FileFacts): DetectorContext {
  let published: boolean | undefined;
  const isPublished = () => (published ??= typeModulesOf(projectConfigsOf(context)).isPublished(context.filename));
  return {
    emptyDefaultIsAbsent: (node) => {
      if (settings.optionalKeysOfTypes === "off" || !isPublished()) return false;
      const form =
        node.type === AST_NODE_TYPES.AssignmentPattern
          ? "destructuringDefault"
          : node.operator === "??"
            ? "nullishFallback"
            : "logicalOrFallback";
      const description = describeSoftFail(node, context.sourceCode, form);
      return !description || !facts.declared()?.isDeclaredRequired(description.rootNode, description.pathKeys);
    },
  };
}

function isDeclaredOptional(facts: FileFacts, node: TSESTree.Node, description: SoftFailDescription): boolean {
  const declared = facts.declared();
  if (!declared || declared.readsUserConfig(description.rootNode, description.pathKeys)) return false;
  if (declared.isDeclaredOptional(description.rootNode, description.pathKeys)) return true;
  return description.form === "destructuringDefault" && declared.isDeclaredOptionalByCast(node);
}

/** The value a finding reads from: the destructured object of a pattern, else the read itself. */
function readSource(node: TSESTree.Node, description: SoftFailDescription): TSESTree.Node | undefined {
  if (description.form === "destructuringDefault") return findPatternSource(node)?.source;
  return description.readNode;
}

/** Library mode: `options.timeout ?? 30` on a value the caller passed in is the API's documented default. */
function isCallersOption(facts: FileFacts, node: TSESTree.Node, description: SoftFailDescription): boolean {
  const callerValues = facts.callerValues();
  if (!callerValues) return false;
  const source = readSource(node, description);
  return source !== undefined && callerValues.isCallerSupplied(source);
}

function reporter(facts: FileFacts) {
  const { context, origins } = facts;
  return (node: TSESTree.Node, form: SoftFailForm | undefined): void => {
    if (!form) return;
    const description = describeSoftFail(node, context.sourceCode, form);
    if (
      !description ||
      isDeclaredOptional(facts, node, description) ||
      isCallersOption(facts, node, description) ||
      (description.form !== "defaultParameter" && facts.display.isFindingDisplayOnly(node))
    )
      return;
    context.report({
      node,
      messageId: form,
      data: messageData(description, node, origins, context),
      suggest: suggestionsFor(facts, node, description),
    });
  };
}

export default createRule<SoftFailRuleOptions, SoftFailMessageId>({
  name: "no-soft-fail-config",
  meta: {
    type: "problem",
    docs: NO_SOFT_FAIL_CONFIG_META.docs,
    hasSuggestions: true,
    schema: SOFT_FAIL_OPTIONS_SCHEMA,
    messages: NO_SOFT_FAIL_CONFIG_META.messages,
    defaultOptions: SOFT_FAIL_DEFAULT_OPTIONS,
  },
  create(context, [options]) {
    if (isIgnoredFile(options.ignoreFiles, context.filename, context.cwd)) return {};
    const settings = withoutTestEnvironment(
      resolveSoftFailSettings(options, context.filename, projectConfigsOf(context)),
      context,
    );
    const isUserConfigParameter = (parameter: TSESTree.Identifier) =>
      facts.declared()?.isUserConfig(parameter.typeAnnotation?.typeAnnotation) ?? false;
    const origins = new ConfigOrigins(context.sourceCode, settings, isUserConfigParameter);
    const holdsConfigFile = (parameter: TSESTree.Identifier) =>
      facts.declared()?.holdsConfigFile(parameter.typeAnnotation?.typeAnnotation) ?? false;
    const facts = fileFacts(context, settings, origins, holdsConfigFile);
    const detector = new SoftFailDetector(origins, context.sourceCode, detectorContext(context, settings, facts));
    const report = reporter(facts);
    return {
      LogicalExpression: (node) => report(node, detector.logical(node)),
      AssignmentExpression: (node) => report(node, detector.assignment(node)),
      ChainExpression: (node) => report(node, detector.chain(node)),
      CallExpression: (node) => report(node, detector.call(node)),
      AssignmentPattern: (node) => report(node, detector.pattern(node)),
      ConditionalExpression: (node) => report(node, detector.conditional(node)),
      IfStatement: (node) => report(node, detector.ifStatement(node)),
    };
  },
});
