import { relative, resolve, sep } from "node:path";
import { debuglog } from "node:util";
import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import type { LoadedProjectConfig } from "../../config/project-config.js";
import { DEFAULT_IMPORT_SOURCE } from "../../rewrite/fix-text.js";
import { createRule } from "../create-rule.js";
import { type ImportContext, importContextOf } from "../import-fix.js";
import { projectConfigsOf } from "../project-configs.js";
import {
  declaresLibraryEntry,
  DEFAULT_ENTRY_POINTS,
  type EntryFileVerdict,
  findChildProgram,
  findEntryOnlyModule,
  isEntryFile,
  isReachableFromLibrary,
  PackageReachCache,
  ProjectFileCache,
} from "./entry-points.js";
import { isExitCodeAssignment, isPassedExitFunction, matchExitCall, matchListenerCall } from "./process-exit-calls.js";
import { LibraryCodeIndex } from "./process-exit-exports.js";
import { MainModuleGuards } from "./process-exit-main-guard.js";
import { isCommandLineScript, isInsideTestCallback } from "./process-exit-scripts.js";
import { exitToThrowFix } from "./process-exit-suggest.js";
import { CRASH_EVENTS, isSignalEvent, ProcessEventHandlers } from "./process-exit-handlers.js";
import { type ExitMethod, ProcessValueResolver } from "./process-exit-values.js";
import { type MessageIds, NO_PROCESS_EXIT_META } from "./meta.js";

export type { MessageIds } from "./meta.js";

export const RULE_NAME = "no-process-exit-in-library";

const debug = debuglog("txo");

export interface NoProcessExitOptions {
  /** Globs (relative to the project root) of entry files; replaces txo.config.json `entryPoints` and the defaults. */
  entryPoints?: string[];
  /** Allow exits inside `process.on("SIGINT"|"SIGTERM"|…)` handlers. */
  allowSignalHandlers?: boolean;
  /** Allow exits inside `process.on("uncaughtException"|"unhandledRejection")` handlers. */
  allowCrashHandlers?: boolean;
  /** Allow exits inside `if (require.main === module)` / `if (import.meta.main)` guards: that code runs only as a program. */
  allowMainModuleGuard?: boolean;
  /** Report `process.exitCode = n` in library files (messageId `exitCode`). */
  checkExitCode?: boolean;
  /** Report an exit method handed over as a value, e.g. `promise.catch(process.exit)` (messageId `processExitReference`). */
  checkExitReferences?: boolean;
  /**
   * Treat a module that only the package's bin sources reach through imports (never its
   * exports/main) as CLI code, like the bin itself: a CLI's command layer. Default: on when the
   * package declares a library entry (exports/module/main), off for a bin-only application.
   */
  entryOnlyModules?: boolean;
  /** Module the suggestion imports HelpfulError from; the codemods' `--import-source` default. */
  importSource?: string;
}

const MESSAGE_IDS: Readonly<Record<ExitMethod, MessageIds>> = Object.freeze({
  exit: "processExit",
  abort: "processAbort",
  kill: "processKill",
  reallyExit: "processReallyExit",
});

const MAX_CALL_TEXT = 60;

interface Finding {
  node: TSESTree.Node;
  messageId: MessageIds;
  data: Record<string, string>;
}

type Context = Readonly<TSESLint.RuleContext<MessageIds, [NoProcessExitOptions]>>;
type ResolvedOptions = Required<Omit<NoProcessExitOptions, "entryPoints" | "entryOnlyModules">> &
  Pick<NoProcessExitOptions, "entryPoints" | "entryOnlyModules">;

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > MAX_CALL_TEXT ? `${oneLine.slice(0, MAX_CALL_TEXT - 1)}…` : oneLine;
}

/** `process.exit()` when written so; `exit() (process.exit)` for an alias, so the message always names the real call. */
function describeCall(sourceCode: Readonly<TSESLint.SourceCode>, callee: TSESTree.Node, method: ExitMethod): string {
  const written = shorten(sourceCode.getText(callee));
  return written === `process.${method}` ? `\`process.${method}()\`` : `\`${written}()\` (process.${method})`;
}

function exitCallFinding(
  call: TSESTree.CallExpression,
  context: Context,
  resolver: ProcessValueResolver,
): Finding | undefined {
  const match = matchExitCall(call, resolver);
  if (!match) return undefined;
  return {
    node: call,
    messageId: MESSAGE_IDS[match.method],
    data: { call: describeCall(context.sourceCode, call.callee, match.method) },
  };
}

function passedExitFindings(
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  context: Context,
  resolver: ProcessValueResolver,
): Finding[] {
  const findings: Finding[] = [];
  for (const argument of call.arguments) {
    const method = isPassedExitFunction(argument, resolver);
    if (method)
      findings.push({
        node: argument,
        messageId: "processExitReference",
        data: { name: shorten(context.sourceCode.getText(argument)), method },
      });
  }
  return findings;
}

/** Debug output (NODE_DEBUG=txo) says which declaration made a file an entry point. */
function logEntryVerdict(filename: string, root: string, verdict: EntryFileVerdict): void {
  if (!verdict.entry) return;
  const scope =
    verdict.exemption === "whole-file" ? "allowed" : "entry code allowed (exported functions still checked)";
  const shown = relative(root, filename).split(sep).join("/");
  debug("txo/%s: %s %s: %s", RULE_NAME, shown.startsWith("..") ? filename : shown, scope, verdict.detail);
}

/**
 * The rule option wins, then the project's txo.config.json (or package.json "txo"); the built-in
 * globs are the documented default when neither declares any, not a fallback for a broken value
 * (a bad project file throws from the ProjectConfigStore).
 */
function entryPointGlobs(options: ResolvedOptions, project: LoadedProjectConfig): readonly string[] {
  if (options.entryPoints !== undefined) return options.entryPoints;
  if (project.config.entryPoints !== undefined) return project.config.entryPoints;
  return DEFAULT_ENTRY_POINTS;
}

/** One reachability cache per ESLint configuration (its ProjectConfigStore): each package is walked once per run. */
const reachCaches = new WeakMap<object, PackageReachCache>();

function reachCacheOf(context: Context): PackageReachCache {
  const store = projectConfigsOf(context);
  let cache = reachCaches.get(store);
  if (cache === undefined) {
    cache = new PackageReachCache(store.files);
    reachCaches.set(store, cache);
  }
  return cache;
}

/** What the walk needs: the file, the package-file reads shared by its checks, the per-run reach cache. */
interface VerdictQuery {
  filename: string;
  files: ProjectFileCache;
  reaches: PackageReachCache;
}

function entryOnlyVerdict(query: VerdictQuery, options: ResolvedOptions): EntryFileVerdict | undefined {
  const enabled = options.entryOnlyModules ?? declaresLibraryEntry(query.filename, query.files);
  const detail = enabled ? findEntryOnlyModule(query.filename, query.files, query.reaches) : undefined;
  return detail === undefined
    ? undefined
    : { entry: true, reason: "entry-only-module", detail, exemption: "whole-file" };
}

function childProgramVerdict(query: VerdictQuery): EntryFileVerdict | undefined {
  const detail = findChildProgram(query.filename, query.files, query.reaches);
  return detail === undefined ? undefined : { entry: true, reason: "child-process", detail, exemption: "whole-file" };
}

/** A module that exports nothing and reads process.argv, and that no library entry imports, is a script. */
function scriptVerdict(query: VerdictQuery, context: Context): EntryFileVerdict | undefined {
  if (!isCommandLineScript(context.sourceCode.ast, context.sourceCode.text)) return undefined;
  if (isReachableFromLibrary(query.filename, query.files, query.reaches)) return undefined;
  return {
    entry: true,
    reason: "command-line-script",
    detail: "a command-line script: exports nothing (no importer can call its code) and reads process.argv",
    exemption: "entry-code",
  };
}

/**
 * A module a bin runs that the package's library entry also reaches (`bin.ts` runs `startServer()`,
 * which `index.ts` exports) is API as well: an importer can call its exported functions, so only its
 * entry code is exempt, as in a file with a shebang.
 */
function narrowedForImporters(verdict: EntryFileVerdict, query: VerdictQuery): EntryFileVerdict {
  if (verdict.reason !== "package-bin" || verdict.exemption !== "whole-file") return verdict;
  if (!isReachableFromLibrary(query.filename, query.files, query.reaches)) return verdict;
  const detail = `${verdict.detail}; the package's library entry reaches it too, so its exported functions are still checked`;
  return { ...verdict, detail, exemption: "entry-code" };
}

function resolveEntryVerdict(context: Context, options: ResolvedOptions): EntryFileVerdict {
  const query = {
    filename: resolve(context.cwd, context.filename),
    files: new ProjectFileCache(projectConfigsOf(context).files),
    reaches: reachCacheOf(context),
  };
  const project = projectConfigsOf(context).load(query.filename);
  let verdict = isEntryFile(query.filename, project.root, entryPointGlobs(options, project), {
    sourceText: context.sourceCode.text,
    files: query.files,
  });
  if (!verdict.entry)
    verdict =
      entryOnlyVerdict(query, options) ?? childProgramVerdict(query) ?? scriptVerdict(query, context) ?? verdict;
  else verdict = narrowedForImporters(verdict, query);
  logEntryVerdict(query.filename, project.root, verdict);
  return verdict;
}

function isAllowedEventFor(options: ResolvedOptions): (event: string) => boolean {
  return (event) =>
    (options.allowSignalHandlers && isSignalEvent(event)) ||
    (options.allowCrashHandlers && CRASH_EVENTS.includes(event));
}

/** Everything the rule learns while walking one file; exemptions are decided once the whole file is known. */
class FileAnalysis {
  readonly resolver: ProcessValueResolver;
  readonly findings: Finding[] = [];
  readonly registrations: TSESTree.CallExpression[] = [];
  readonly removals: TSESTree.CallExpression[] = [];

  constructor(
    private readonly context: Context,
    private readonly options: ResolvedOptions,
  ) {
    this.resolver = new ProcessValueResolver(context.sourceCode);
  }

  visitCall(call: TSESTree.CallExpression): void {
    const finding = exitCallFinding(call, this.context, this.resolver);
    if (finding) this.findings.push(finding);
    else this.noteListenerCall(call);
    if (this.options.checkExitReferences && call.arguments.length > 0)
      this.findings.push(...passedExitFindings(call, this.context, this.resolver));
  }

  private noteListenerCall(call: TSESTree.CallExpression): void {
    const kind = matchListenerCall(call, this.resolver);
    if (kind === "add") this.registrations.push(call);
    else if (kind === "remove") this.removals.push(call);
  }

  visitNew(node: TSESTree.NewExpression): void {
    if (this.options.checkExitReferences && node.arguments.length > 0)
      this.findings.push(...passedExitFindings(node, this.context, this.resolver));
  }

  visitAssignment(node: TSESTree.AssignmentExpression | TSESTree.UpdateExpression): void {
    if (!this.options.checkExitCode || !isExitCodeAssignment(node, this.resolver)) return;
    this.findings.push({
      node,
      messageId: "exitCode",
      data: { assignment: shorten(this.context.sourceCode.getText(node)) },
    });
  }

  reportRemaining(): void {
    if (this.findings.length === 0) return;
    const verdict = resolveEntryVerdict(this.context, this.options);
    if (verdict.exemption === "whole-file") return;
    const isAllowed = this.exemptionTest(verdict);
    for (const finding of this.findings) {
      if (!isAllowed(finding.node)) this.context.report({ ...finding, suggest: this.suggestionsFor(finding) });
    }
  }

  private importContext: ImportContext | undefined;

  /** exit-to-throw's rewrite of this one exit, where the codemod would make it. */
  private suggestionsFor(finding: Finding): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
    const isExit = finding.messageId === "processExit" || finding.messageId === "processReallyExit";
    if (!isExit || finding.node.type !== AST_NODE_TYPES.CallExpression) return [];
    const fix = exitToThrowFix(
      finding.node,
      () => (this.importContext ??= importContextOf(this.context)),
      this.options.importSource,
    );
    return fix ? [{ messageId: "suggestThrow", data: { source: this.options.importSource }, fix }] : [];
  }

  private exemptionTest(verdict: EntryFileVerdict): (node: TSESTree.Node) => boolean {
    const handlers = new ProcessEventHandlers(this.resolver, this.context.sourceCode, isAllowedEventFor(this.options));
    for (const registration of this.registrations) handlers.addRegistration(registration);
    for (const removal of this.removals) handlers.addRemoval(removal);
    const guards = this.options.allowMainModuleGuard
      ? new MainModuleGuards(this.resolver, this.context.sourceCode)
      : undefined;
    const isEntryCode = this.entryCodeTest(verdict);
    return (node) => handlers.isInsideHandler(node) || guards?.isInsideGuard(node) === true || isEntryCode(node);
  }

  /** A script's code is entry code except test bodies (the runner calls them); a shebang file's except its exports. */
  private entryCodeTest(verdict: EntryFileVerdict): (node: TSESTree.Node) => boolean {
    if (verdict.reason === "command-line-script") return (node) => !isInsideTestCallback(node);
    if (verdict.exemption !== "entry-code") return () => false;
    const library = new LibraryCodeIndex(this.context.sourceCode, this.resolver);
    return (node) => !library.isLibraryCode(node);
  }
}

export default createRule<[NoProcessExitOptions], MessageIds>({
  name: RULE_NAME,
  meta: {
    type: "problem",
    docs: NO_PROCESS_EXIT_META.docs,
    messages: NO_PROCESS_EXIT_META.messages,
    hasSuggestions: true,
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          entryPoints: {
            type: "array",
            items: { type: "string", minLength: 1 },
            description:
              "Globs, relative to the project root, of program entry files where exits are allowed. Replaces txo.config.json entryPoints and the defaults.",
          },
          allowSignalHandlers: {
            type: "boolean",
            description: "Allow exits inside process.on('SIGINT'|'SIGTERM'|…) handlers.",
          },
          allowCrashHandlers: {
            type: "boolean",
            description: "Allow exits inside process.on('uncaughtException'|'unhandledRejection') handlers.",
          },
          allowMainModuleGuard: {
            type: "boolean",
            description: "Allow exits inside if (require.main === module) / if (import.meta.main) guards.",
          },
          checkExitCode: { type: "boolean", description: "Report process.exitCode assignments in library files." },
          checkExitReferences: {
            type: "boolean",
            description: "Report exit methods passed as callbacks, e.g. promise.catch(process.exit).",
          },
          entryOnlyModules: {
            type: "boolean",
            description:
              "Treat modules that only the package's bin sources import (never its exports/main) as CLI code. Default: on when the package declares exports/module/main, off for a bin-only application.",
          },
          importSource: {
            type: "string",
            minLength: 1,
            description:
              "Module the suggestion imports HelpfulError from (default: the codemods' --import-source default).",
          },
        },
      },
    ],
    defaultOptions: [
      {
        allowSignalHandlers: true,
        allowCrashHandlers: true,
        allowMainModuleGuard: true,
        checkExitCode: true,
        checkExitReferences: true,
        importSource: DEFAULT_IMPORT_SOURCE,
      },
    ],
  },
  create(context, [options]) {
    // RuleCreator merges meta.defaultOptions into the options, so every field of ResolvedOptions is set.
    const analysis = new FileAnalysis(context, options as ResolvedOptions);
    return {
      CallExpression: (node) => analysis.visitCall(node),
      NewExpression: (node) => analysis.visitNew(node),
      AssignmentExpression: (node) => analysis.visitAssignment(node),
      UpdateExpression: (node) => analysis.visitAssignment(node),
      "Program:exit": () => analysis.reportRemaining(),
    };
  },
});
