import { createRequire } from "node:module";
import { visitorKeys as typescriptVisitorKeys } from "@typescript-eslint/visitor-keys";
import type { TSESLint } from "@typescript-eslint/utils";
import { ProjectConfigStore } from "../config/project-config.js";
import { AUDIT_RULES, rules } from "../rules/catalog.js";
import { projectConfigSettings } from "../rules/project-configs.js";
import { HelpfulError } from "@txo-toolkit/runtime";
import { applySuppressions, readDirectives, type DirectiveComment } from "./directives.js";
import { HostSourceCode } from "./host-source-code.js";
import type { SourceLocation } from "./line-index.js";
import { FastParserDeclined, parseForHost, type AstNode } from "./oxc-parser-adapter.js";

/** A problem in the shape of ESLint's `LintMessage`, as far as txo-audit reads it. */
export interface HostMessage {
  ruleId: string;
  severity: 1 | 2;
  message: string;
  messageId?: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

type Listener = (node: AstNode) => void;
type AnyRule = TSESLint.RuleModule<string, readonly unknown[]>;

interface ReportDescriptor {
  node?: AstNode;
  loc?: SourceLocation | SourceLocation["start"];
  messageId?: string;
  message?: string;
  data?: Record<string, unknown>;
}

/** ESLint's `languageOptions.ecmaVersion: "latest"` and the built-in globals it adds for that version. */
const ESLINT_GLOBALS = loadEslintBuiltinGlobals();
const SHEBANG = /^#!([^\r\n\u2028\u2029]*)/u;
const PLACEHOLDER = /\{\{([^{}]+)\}\}/gu;

function loadEslintBuiltinGlobals(): { ecmaVersion: number; names: string[] } {
  // ESLint's own tables, read from the installed ESLint so the globals always match the ESLint that
  // plain `eslint` would run; these two small data files load without the rest of ESLint.
  const require = createRequire(import.meta.url);
  const root = resolveEslintRoot(require);
  // ESLint's conf/ecma-version.js exports LATEST_ECMA_VERSION, a number.
  const { LATEST_ECMA_VERSION } = require(`${root}conf/ecma-version.js`) as { LATEST_ECMA_VERSION: number };
  // ESLint's conf/globals.js maps each ES version to its globals table.
  const globals = require(`${root}conf/globals.js`) as Record<string, Record<string, unknown>>;
  const builtins = globals[`es${LATEST_ECMA_VERSION}`] ?? {};
  return { ecmaVersion: LATEST_ECMA_VERSION, names: Object.keys(builtins).filter((name) => builtins[name] !== "off") };
}

function resolveEslintRoot(require: NodeJS.Require): string {
  try {
    return require.resolve("eslint/package.json").replace(/package\.json$/u, "");
  } catch (error) {
    throw new HelpfulError({
      whatWentWrong:
        "txo-audit could not find ESLint, which it needs (a peer dependency of txo-toolkit) to lint exactly as `eslint` does.",
      howToFix: "Install ESLint 9.15 or later next to txo-toolkit.",
      example: "npm install --save-dev eslint txo-toolkit",
      cause: error,
    });
  }
}

/** ESLint's message interpolation: `{{ name }}` becomes `data.name`; unknown names stay as written. */
function interpolate(text: string, data: Record<string, unknown> | undefined): string {
  if (data === undefined || !text.includes("{{")) return text;
  return text.replace(PLACEHOLDER, (whole, term: string) => (term.trim() in data ? String(data[term.trim()]) : whole));
}

/** The listeners of every rule, by node type, in the order ESLint would call them. */
class ListenerTable {
  readonly enter = new Map<string, Listener[]>();
  readonly exit = new Map<string, Listener[]>();

  add(selector: string, listener: Listener): void {
    const [type, phase, extra] = selector.split(":");
    // Anything but `Type` and `Type:exit` is an esquery selector: ESLint's job.
    if (
      type === undefined ||
      extra !== undefined ||
      !/^[A-Za-z]+$/u.test(type) ||
      (phase !== undefined && phase !== "exit")
    ) {
      throw new FastParserDeclined(`selector "${selector}" is left to ESLint`);
    }
    const table = phase === "exit" ? this.exit : this.enter;
    const listeners = table.get(type);
    if (listeners === undefined) table.set(type, [listener]);
    else listeners.push(listener);
  }
}

/** Turns one `context.report()` call into ESLint's problem shape (1-based columns, optional end). */
function toMessage(ruleId: string, rule: AnyRule, severity: 1 | 2, descriptor: ReportDescriptor): HostMessage {
  const template = descriptor.messageId === undefined ? descriptor.message : rule.meta.messages[descriptor.messageId];
  if (template === undefined)
    throw new FastParserDeclined(`${ruleId} reported an unknown messageId; ESLint reports that`);
  // A report carries a loc (location or position) or a node, and our AST nodes all have loc.
  const where = (descriptor.loc ?? descriptor.node?.loc) as SourceLocation | SourceLocation["start"] | undefined;
  if (where === undefined) throw new FastParserDeclined(`${ruleId} reported without a node or loc`);
  const { start, end }: { start: SourceLocation["start"]; end?: SourceLocation["end"] } =
    "start" in where ? where : { start: where };
  const message: HostMessage = {
    ruleId,
    severity,
    message: interpolate(template, descriptor.data),
    line: start.line,
    column: start.column + 1,
  };
  if (descriptor.messageId !== undefined) message.messageId = descriptor.messageId;
  if (end !== undefined) Object.assign(message, { endLine: end.line, endColumn: end.column + 1 });
  return message;
}

/** Walks the tree in ESLint's order: enter listeners, children by visitor keys, exit listeners. */
function traverse(node: AstNode, table: ListenerTable): void {
  const entering = table.enter.get(node.type);
  if (entering !== undefined) for (const listener of entering) listener(node);
  for (const key of typescriptVisitorKeys[node.type] ?? []) {
    // Visitor keys name child slots: a node, a list (holes are null, as in `[, a]`), or nothing.
    const child = node[key] as AstNode | (AstNode | null)[] | null | undefined;
    if (Array.isArray(child)) {
      for (const element of child) if (element !== null) traverse(element, table);
    } else if (child !== null && child !== undefined && typeof child === "object") {
      traverse(child, table);
    }
  }
  const exiting = table.exit.get(node.type);
  if (exiting !== undefined) for (const listener of exiting) listener(node);
}

/**
 * Runs the plugin's recommended rules over oxc's AST without ESLint's Linter: one walk, the rules'
 * own listeners, ESLint's scope lookup, globals, message interpolation and problem order. Returns
 * undefined for any file it cannot promise to lint exactly as ESLint would (directive comments it
 * does not apply itself, JSX tokens, syntax the adapter declines, a rule asking for something this
 * host lacks); the caller then uses ESLint itself. Equality with plain `eslint` is tested file by file.
 */
export class RuleHost {
  private readonly settings: ReturnType<typeof projectConfigSettings>;

  /** `projectConfigs`: the rules' txo.config.json lookups and file reads for this run (shared with a fallback). */
  constructor(
    private readonly cwd: string,
    projectConfigs: ProjectConfigStore = new ProjectConfigStore({ watch: false }),
  ) {
    this.settings = projectConfigSettings(projectConfigs);
  }

  lint(rawText: string, filename: string): HostMessage[] | undefined {
    try {
      return this.run(rawText, filename);
    } catch {
      // Declined, or a rule threw: ESLint reruns the file and reports (or throws) exactly what it would.
      return undefined;
    }
  }

  private run(rawText: string, filename: string): HostMessage[] | undefined {
    const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
    const shebang = SHEBANG.exec(text);
    const parsedText = shebang === null ? text : `//${shebang[1]}${text.slice(shebang[0].length)}`;
    const parsed = parseForHost(parsedText, filename, { allowJsx: true });
    // finishProgram sets program.comments to oxc's comments converted to ESTree comments.
    const comments = parsed.program.comments as DirectiveComment[];
    const [firstComment] = comments;
    if (shebang !== null && firstComment !== undefined && firstComment.value === shebang[1])
      firstComment.type = "Shebang";
    const directives = readDirectives(comments);
    if (directives.handOver) return undefined;
    parsed.scopeManager.addGlobals(ESLINT_GLOBALS.names);
    const sourceCode = new HostSourceCode(
      text,
      parsedText,
      parsed,
      // Typed with undefined values for absent types, but every key present holds an array of child keys.
      typescriptVisitorKeys as Readonly<Record<string, readonly string[]>>,
    );
    const messages: HostMessage[] = [];
    const table = this.createListeners(sourceCode, filename, messages);
    traverse(parsed.program, table);
    // ESLint's order: by line, then column; a stable sort keeps report order among equals.
    messages.sort((left, right) => left.line - right.line || left.column - right.column);
    return applySuppressions(messages, directives);
  }

  private createListeners(sourceCode: HostSourceCode, filename: string, messages: HostMessage[]): ListenerTable {
    const table = new ListenerTable();
    for (const [ruleId, entry] of Object.entries(AUDIT_RULES)) {
      // Ids come from AUDIT_RULES, built from these rules; each has meta and create.
      const rule = rules[ruleId.slice("txo/".length) as keyof typeof rules] as unknown as AnyRule;
      const [level, ...options] = typeof entry === "string" ? [entry] : entry;
      const severity = level === "error" ? 2 : 1;
      const context = {
        id: ruleId,
        filename,
        physicalFilename: filename,
        cwd: this.cwd,
        sourceCode,
        options,
        settings: this.settings,
        languageOptions: { ecmaVersion: ESLINT_GLOBALS.ecmaVersion, sourceType: "module", parserOptions: {} },
        report: (descriptor: ReportDescriptor) => messages.push(toMessage(ruleId, rule, severity, descriptor)),
      };
      // The context holds every member the txo rules use; create returns selector listeners.
      const listeners = rule.create(context as never) as Record<string, Listener | undefined>;
      for (const [selector, listener] of Object.entries(listeners))
        if (listener !== undefined) table.add(selector, listener);
    }
    return table;
  }
}
