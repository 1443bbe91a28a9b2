import { resolve } from "node:path";
import type { TSESLint } from "@typescript-eslint/utils";
import { isTestFile } from "../../config/test-files.js";
import { createRule } from "../create-rule.js";
import { projectConfigsOf } from "../project-configs.js";
import {
  FunctionLineCounter,
  isImmediatelyInvoked,
  type MeasuredFunction,
  measuredNodeOf,
} from "./function-lines-count.js";
import { describeFunction, functionHeadLoc } from "./function-lines-describe.js";
import { hoistFix, movableNestedFunctions } from "./function-lines-hoist.js";
import { DEFAULT_TEST_GROUP_FUNCTIONS, isTestGroupCallback } from "./function-lines-tests.js";
import { MAX_FUNCTION_LINES_META, type MessageIds } from "./meta.js";

export { countFunctionLines, FunctionLineCounter, type LineCountOptions } from "./function-lines-count.js";

export type { MessageIds } from "./meta.js";

export const RULE_NAME = "max-function-lines";

/** TXO principle 4: no function or method over 50 lines. */
export const DEFAULT_MAX_LINES = 50;

export interface MaxFunctionLinesOptions {
  /** Most lines a function may have; replaces `maxLines` of txo.config.json, which replaces 50. */
  max?: number;
  /** Leave out lines holding only whitespace. */
  skipBlankLines?: boolean;
  /** Leave out lines holding only comments. */
  skipComments?: boolean;
  /** Also measure functions called where they are written, `(function () { … })()`. */
  IIFEs?: boolean;
  /** Leave out the callbacks of test groups (`describe`, `suite`, `context`) in test files; `configs.recommended` sets it. */
  skipTestGroups?: boolean;
  /** The functions whose callbacks are test groups (default `describe`, `suite`, `context`). */
  testGroupFunctions?: string[];
}

/** Like core `max-lines-per-function`, a bare number is accepted as `max`, so `["warn", 60]` carries over. */
type RuleOptions = [MaxFunctionLinesOptions | number];
type Context = Readonly<TSESLint.RuleContext<MessageIds, RuleOptions>>;

const OPTIONS_SCHEMA = {
  type: "object",
  properties: {
    max: {
      type: "integer",
      minimum: 0,
      description: `Most lines a function may have (default: txo.config.json maxLines, else ${DEFAULT_MAX_LINES}).`,
    },
    skipBlankLines: { type: "boolean", description: "Leave out lines holding only whitespace." },
    skipComments: { type: "boolean", description: "Leave out lines holding only comments." },
    IIFEs: { type: "boolean", description: "Also measure immediately invoked function expressions." },
    skipTestGroups: {
      type: "boolean",
      description: "Leave out describe/suite/context callbacks in test files (testPatterns of txo.config.json).",
    },
    testGroupFunctions: {
      type: "array",
      items: { type: "string", minLength: 1 },
      uniqueItems: true,
      description: `Functions whose callbacks are test groups (default: ${DEFAULT_TEST_GROUP_FUNCTIONS.join(", ")}).`,
    },
  },
  additionalProperties: false,
} as const;

function resolveMax(context: Context, options: MaxFunctionLinesOptions): number {
  if (options.max !== undefined) return options.max;
  const projectMax = projectConfigsOf(context).load(resolve(context.cwd, context.filename)).config.maxLines;
  return typeof projectMax === "number" ? projectMax : DEFAULT_MAX_LINES;
}

/** The test-group functions to leave out in this file, or undefined when every function is measured. */
function testGroupsToSkip(context: Context, options: MaxFunctionLinesOptions): ReadonlySet<string> | undefined {
  if (!options.skipTestGroups || !isTestFile(resolve(context.cwd, context.filename), projectConfigsOf(context)))
    return undefined;
  return new Set(options.testGroupFunctions ?? DEFAULT_TEST_GROUP_FUNCTIONS);
}

/** Most suggestions offered for one function: each moves one nested function out. */
const MAX_SUGGESTIONS = 5;

/** One suggestion per nested function that can move to module level as it is. */
function hoistSuggestions(node: MeasuredFunction, context: Context): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
  const code = context.sourceCode;
  return movableNestedFunctions(node, code)
    .slice(0, MAX_SUGGESTIONS)
    .map((nested) => ({
      messageId: "suggestHoist" as const,
      data: {
        name: nested.name,
        lines: String(nested.statement.loc.end.line - nested.statement.loc.start.line + 1),
        owner: describeFunction(node),
      },
      fix: hoistFix(nested, node, code),
    }));
}

function normalise(option: MaxFunctionLinesOptions | number): MaxFunctionLinesOptions {
  return typeof option === "number" ? { max: option } : option;
}

export default createRule<RuleOptions, MessageIds>({
  name: RULE_NAME,
  meta: {
    type: "suggestion",
    docs: MAX_FUNCTION_LINES_META.docs,
    schema: [{ oneOf: [OPTIONS_SCHEMA, { type: "integer", minimum: 0 }] }],
    messages: MAX_FUNCTION_LINES_META.messages,
    hasSuggestions: true,
    defaultOptions: [{ skipBlankLines: false, skipComments: false, IIFEs: false, skipTestGroups: false }],
  },
  create(context, [option]) {
    const options = normalise(option);
    const max = resolveMax(context, options);
    const counter = new FunctionLineCounter(context.sourceCode, options);
    const testGroups = testGroupsToSkip(context, options);

    function check(node: MeasuredFunction): void {
      if (!options.IIFEs && isImmediatelyInvoked(node)) return;
      if (testGroups && isTestGroupCallback(node, testGroups)) return;
      // The raw span bounds the count; most functions are settled without looking at a line.
      if (counter.span(node) <= max) return;
      const lineCount = counter.count(node);
      if (lineCount <= max) return;
      context.report({
        node: measuredNodeOf(node),
        loc: functionHeadLoc(node, context.sourceCode),
        messageId: "exceed",
        data: { name: describeFunction(node), lineCount, max },
        suggest: hoistSuggestions(node, context),
      });
    }

    return {
      FunctionDeclaration: check,
      FunctionExpression: check,
      ArrowFunctionExpression: check,
      StaticBlock: check,
    };
  },
});
