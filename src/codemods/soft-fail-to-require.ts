import { Node } from "ts-morph";
import { evaluateLiteral, extractConfigPath } from "./config-path.js";
import { firstLine, messageOf } from "./error-line.js";
import {
  applyRequiredKeys,
  createRequirementProof,
  type RequiredKeyCandidate,
  type RequirementProof,
  resolveFullConfigPath,
} from "./required-keys.js";
import { describeFalsyFallback, describeGuard, describeNonConfigRoot } from "./soft-fail-guards.js";
import { detectCodeStyle } from "./code-style.js";
import { type HardenedForm, quoted, renderHardenedCall } from "../rewrite/fix-text.js";
import { ensureNamedImport } from "./imports.js";
import { asInlineComment, commentsWithin } from "./message-parts.js";
import { findNodeForFinding, locateFinding, pairWithOriginals } from "./node-mapping.js";
import { planSoftFailRewrite, type SoftFailPlan } from "./soft-fail-plan.js";
import type { ChangeRow, Finding, Transform, TransformFileContext, TransformRunSummary } from "./types.js";
import { transformPrinciple } from "./transform-principle.js";

const { rule: RULE, breaking: BREAKING } = transformPrinciple("soft-fail-to-require");

export type { HardenedForm } from "../rewrite/fix-text.js";

/** Source text of the hardened read: requireConfig(root, "a", "b") or optional(root, ["a", "b"], default). */
export function renderHardenedRead(
  plan: SoftFailPlan,
  form: HardenedForm,
  helperName: string,
  quote: '"' | "'" = '"',
): string {
  const keys = plan.path.keys.map((key) => (key.value !== undefined ? quoted(key.value, quote) : key.text));
  return renderHardenedCall(form, helperName, plan.path.rootText, keys, plan.defaultNode?.getText());
}

function describeFix(plan: SoftFailPlan, text: string, form: HardenedForm): string {
  const old = plan.defaultNode
    ? ` (old default ${plan.defaultNode.getText()} ${form === "require" ? "must now be in the config" : "kept, now explicit"})`
    : "";
  // Both helpers only treat a missing (undefined/null) key as absent, whatever the mode.
  const falsy = plan.replacedFalsyValues ? '; note `||` also replaced 0, "" and false, which now pass through' : "";
  return `${text}${old}${falsy}`;
}

/**
 * `process.env.URL || config.global.url` is not a default but a second source. Hard mode would
 * drop it; a person must choose the source (or keep both with `--mode explicit`).
 */
function describeChainedSource(plan: SoftFailPlan): string | undefined {
  const fallback = plan.defaultNode;
  if (!fallback) return undefined;
  const readsConfig =
    extractConfigPath(fallback) !== undefined || /\b(process|import\.meta)\.env\b/.test(fallback.getText());
  const isPlainValue = evaluateLiteral(fallback).ok;
  if (!readsConfig || isPlainValue) return undefined;
  return `the fallback \`${fallback.getText().slice(0, 80)}\` is another configuration source, not a default: requireConfig would drop it; choose one source, or keep both explicitly with --mode explicit`;
}

/** Comments written inside the old expression (between `config.port` and `?? 80`) are kept in front of the new read. */
function withInnerComments(plan: SoftFailPlan, text: string): string {
  const comments = commentsWithin([plan.target], plan.target.getStart(), plan.target.getEnd()).map(asInlineComment);
  return comments.length > 0 ? `${comments.join(" ")} ${text}` : text;
}

/** optional()'s default is an argument: a default that calls something would run even when the key is set. */
function describeEagerDefault(plan: SoftFailPlan): string | undefined {
  const fallback = plan.defaultNode;
  if (!fallback || evaluateLiteral(fallback).ok || Node.isBindingElement(plan.target.getParent())) return undefined;
  const calls = [fallback, ...fallback.getDescendants()].some(
    (node) => Node.isCallExpression(node) || Node.isNewExpression(node) || Node.isAwaitExpression(node),
  );
  if (!calls) return undefined;
  return `the default \`${fallback.getText().slice(0, 60)}\` calls code, which optional() would run even when the key is set (the old fallback ran only when it was missing); keep the fallback, or move the call into a function`;
}

/** Why hard mode must not turn this read into requireConfig, or undefined when it may. */
export function describeHardModeBlocker(plan: SoftFailPlan): string | undefined {
  return (
    describeChainedSource(plan) ??
    describeDynamicKey(plan) ??
    describeComputedDefault(plan) ??
    describePresenceTest(plan)
  );
}

/** `config.scopeMap[scope] || scope` is a lookup table, not a setting: no deployment can list every key. */
function describeDynamicKey(plan: SoftFailPlan): string | undefined {
  const dynamic = plan.path.keys.find((key) => key.value === undefined);
  if (!dynamic) return undefined;
  return `the key \`${dynamic.text}\` is computed at run time, so this is a lookup with a fallback rather than a setting a deployment must provide; keep the fallback explicit with --mode explicit`;
}

/**
 * A default such as `join(homedir(), ".config")` is worked out at run time: it cannot be written
 * into a config file, so requiring the key would drop it for every deployment that relies on it.
 */
function describeComputedDefault(plan: SoftFailPlan): string | undefined {
  const fallback = plan.defaultNode;
  if (!fallback || evaluateLiteral(fallback).ok) return undefined;
  const computed =
    Node.isCallExpression(fallback) ||
    Node.isNewExpression(fallback) ||
    fallback.getDescendants().some((node) => Node.isCallExpression(node) || Node.isNewExpression(node));
  if (!computed) return undefined;
  return `the default \`${fallback.getText().slice(0, 80)}\` is computed at run time and cannot be written into a config file: requireConfig would drop it; keep it with --mode explicit, or compute it where the configuration is loaded`;
}

function unwrapParentheses(node: Node): Node {
  let current = node;
  while (Node.isParenthesizedExpression(current.getParent())) current = current.getParentOrThrow();
  return current;
}

const COMPARISONS = new Set(["===", "!==", "==", "!=", "&&", "||"]);

/**
 * `if (config.repo?.provider === "github")` tests whether an optional key is there: the missing key
 * is a legitimate branch, and requireConfig would turn that branch into an error.
 */
function describePresenceTest(plan: SoftFailPlan): string | undefined {
  if (plan.defaultNode) return undefined;
  const outer = unwrapParentheses(plan.target);
  const parent = outer.getParent();
  const tested =
    (Node.isBinaryExpression(parent) && COMPARISONS.has(parent.getOperatorToken().getText())) ||
    (Node.isPrefixUnaryExpression(parent) && parent.getText().startsWith("!")) ||
    Node.isTypeOfExpression(parent) ||
    ((Node.isIfStatement(parent) || Node.isWhileStatement(parent)) && parent.getExpression() === outer) ||
    (Node.isConditionalExpression(parent) && parent.getCondition() === outer);
  if (!tested) return undefined;
  return `\`${plan.target.getText().slice(0, 80)}\` is tested (${parent.getKindName()}), so a missing key is a branch the code handles, not an error; requireConfig would throw instead — keep it, or make the choice explicit with --mode explicit`;
}

interface SoftFailRunState {
  candidates: RequiredKeyCandidate[];
  prove: RequirementProof | undefined;
}

function recordCandidate(state: SoftFailRunState, plan: SoftFailPlan, row: ChangeRow): void {
  const full = resolveFullConfigPath(plan.path);
  if (!full) return;
  const literal = plan.defaultNode ? evaluateLiteral(plan.defaultNode) : { ok: false as const };
  state.candidates.push({
    ...full,
    defaultText: plan.defaultNode?.getText() ?? "(none)",
    defaultValue: literal.ok ? literal.value : undefined,
    hasDefaultValue: literal.ok,
    file: row.file,
    line: row.line,
    row,
  });
}

function baseRow(context: TransformFileContext, finding: Finding): ChangeRow {
  return {
    file: context.relativePath,
    line: finding.line,
    column: finding.column,
    rule: `txo/${RULE}`,
    transform: "soft-fail-to-require",
    issue: firstLine(finding.message),
    fix: "none",
    status: "fixed",
    breaking: BREAKING,
  };
}

type FormChoice = { form: HardenedForm; proof?: string } | { manual: string } | { skipped: string };

/**
 * requireConfig where the key must be there (`--mode hard`, or `--mode proven` with a config file
 * or schema that proves it), else optional() with the old default, which keeps today's behaviour.
 * Reads the code guards, and objects that are not configuration, are left alone.
 */
function chooseForm(state: SoftFailRunState, context: TransformFileContext, plan: SoftFailPlan): FormChoice {
  const { mode } = context.options;
  const leftAlone = describeNonConfigRoot(plan) ?? describeGuard(plan);
  if (leftAlone) return { skipped: leftAlone };
  const blocker = describeHardModeBlocker(plan);
  if (mode === "hard") return blocker ? { manual: blocker } : { form: "require" };
  state.prove ??= createRequirementProof(context.options);
  const proof = mode === "proven" && !blocker ? state.prove(plan.path) : undefined;
  if (proof) return { form: "require", proof };
  const problem = describeFalsyFallback(plan) ?? describeEagerDefault(plan);
  return problem ? { manual: problem } : { form: "optional" };
}

function rewriteSoftFail(
  state: SoftFailRunState,
  context: TransformFileContext,
  finding: Finding,
  original: Finding,
  helpers: HelperNames,
): ChangeRow {
  const row = baseRow(context, original);
  const node = findNodeForFinding(context.sourceFile, finding);
  if (!node)
    return { ...row, status: "skipped", reason: "could not locate the reported expression in the TypeScript tree" };
  const outcome = planSoftFailRewrite(node);
  if ("manual" in outcome) return { ...row, status: "manual", reason: outcome.manual };
  const { plan } = outcome;
  const choice = chooseForm(state, context, plan);
  if ("manual" in choice) return { ...row, status: "manual", reason: choice.manual };
  if ("skipped" in choice) return { ...row, status: "skipped", reason: choice.skipped };
  const text = renderHardenedRead(
    plan,
    choice.form,
    choice.form === "require" ? helpers.require : helpers.optional,
    helpers.quote,
  );
  const fixed = {
    ...row,
    fix: `${describeFix(plan, text, choice.form)}${choice.proof ? `; the key is ${choice.proof}` : ""}`,
  };
  if (choice.form === "require") recordCandidate(state, plan, fixed);
  const snapshot = context.sourceFile.getFullText();
  plan.target.replaceWithText(withInnerComments(plan, text));
  const problem = context.checkRewrite();
  if (!problem) return fixed;
  state.candidates = state.candidates.filter((candidate) => candidate.row !== fixed);
  context.sourceFile.replaceWithText(snapshot);
  return { ...row, status: "manual", reason: problem };
}

/** One expression that TypeScript or the planner chokes on becomes a manual row; the file and the run go on. */
function rewriteIsolated(
  state: SoftFailRunState,
  context: TransformFileContext,
  [finding, original]: [Finding, Finding],
  helpers: HelperNames,
): ChangeRow {
  const snapshot = context.sourceFile.getFullText();
  const candidates = state.candidates.length;
  try {
    return rewriteSoftFail(state, context, finding, original, helpers);
  } catch (error) {
    state.candidates.length = candidates;
    if (context.sourceFile.getFullText() !== snapshot) context.sourceFile.replaceWithText(snapshot);
    return {
      ...baseRow(context, original),
      status: "manual",
      reason: `the transform failed on this expression and left it as it was: ${firstLine(messageOf(error))}`,
    };
  }
}

interface HelperNames {
  require: string;
  optional: string;
  quote: '"' | "'";
}

function applyToFile(state: SoftFailRunState, context: TransformFileContext): ChangeRow[] {
  const { sourceFile, options } = context;
  const style = detectCodeStyle(sourceFile);
  const requireImport =
    options.mode !== "explicit" ? ensureNamedImport(sourceFile, "requireConfig", options.importSource) : undefined;
  const optionalImport =
    options.mode !== "hard" ? ensureNamedImport(sourceFile, "optional", options.importSource) : undefined;
  const helpers = {
    require: requireImport?.localName ?? "requireConfig",
    optional: optionalImport?.localName ?? "optional",
    quote: style.quote,
  };
  const pairs = pairWithOriginals(context.relint(), context.findings).reverse();
  let rewrittenFrom = Number.POSITIVE_INFINITY;
  const rows = pairs.map(([finding, original]) => {
    const offsets = locateFinding(sourceFile, finding);
    // Bottom-up edits keep earlier offsets valid, but not a finding that reaches into a rewritten range.
    if (offsets && offsets.end > rewrittenFrom)
      return {
        ...baseRow(context, original),
        status: "skipped" as const,
        reason: "overlaps a fallback rewritten in this run; run the codemod again to handle it",
      };
    const row = rewriteIsolated(state, context, [finding, original], helpers);
    if (row.status === "fixed" && offsets) rewrittenFrom = Math.min(rewrittenFrom, offsets.start);
    return row;
  });
  optionalImport?.removeIfUnused();
  requireImport?.removeIfUnused();
  return rows.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * soft-fail-to-require: config fallbacks become `requireConfig(...)` where the key is required
 * (mode hard, or proven by the config files or schema) and an explicit `optional(...)` elsewhere
 * (mode proven, explicit). The run lists every key that became required and, with the
 * project's config files, keeps existing deployments working by writing the old defaults there.
 */
export function createSoftFailToRequire(): Transform {
  const state: SoftFailRunState = { candidates: [], prove: undefined };
  return {
    name: "soft-fail-to-require",
    rule: RULE,
    breaking: BREAKING,
    applyToFile: (context) => applyToFile(state, context),
    finish: (run: TransformRunSummary) =>
      applyRequiredKeys(
        state.candidates.filter((c) => c.row.status === "fixed"),
        run.options,
      ),
  };
}
