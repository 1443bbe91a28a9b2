import { createRequire } from "node:module";
import type { Linter } from "eslint";
import type { ConsultedFile } from "../config/file-reader.js";
import { ProjectConfigStore } from "../config/project-config.js";
import { AUDIT_RULES, LINTABLE_FILES, rules } from "../rules/catalog.js";
import { projectConfigSettings } from "../rules/project-configs.js";
import { stackOverflowReason } from "./nesting.js";
import { parseForEslintFast } from "./oxc-parser-adapter.js";
import { RuleHost, type HostMessage } from "./rule-host.js";

/** One rule message, as the linter produced it, before the audit classifies it. */
export interface RawFinding {
  ruleId: string;
  messageId: string | null;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Whitespace-normalised source text of the reported lines; the fingerprint is built from it. */
  snippet: string;
}

/** The outcome of linting one file's text. */
export interface FileLintResult {
  findings: RawFinding[];
  /** Line and column are null when the parser failed without a position (it ran out of stack). */
  parseError: { message: string; line: number | null; column: number | null } | null;
  parser: "oxc" | "typescript-estree";
}

interface ParserChoice {
  used: FileLintResult["parser"];
}
type TypeScriptEslintParser = Linter.Parser & { parseForESLint(text: string, options?: unknown): unknown };

// ESLint and typescript-eslint's parser (which loads TypeScript) are CommonJS and are required only
// when a file needs them: most files are linted by the RuleHost, and a cached run lints none.
const requireFromHere = createRequire(import.meta.url);
const loadTsParser = (): TypeScriptEslintParser =>
  // The package's CommonJS export is the parser module, which has parseForESLint.
  requireFromHere("@typescript-eslint/parser") as TypeScriptEslintParser;

/**
 * An ESLint parser that parses with oxc and, wherever the adapter declines (JSX, syntax errors,
 * unknown nodes), hands the file to @typescript-eslint/parser, so the result never differs.
 */
function createFastParser(choice: ParserChoice): Linter.Parser {
  return {
    meta: { name: "txo-audit/oxc", version: "1" },
    parseForESLint(text: string, options?: { filePath?: string }) {
      const filePath = options?.filePath ?? "file.ts";
      try {
        const result = parseForEslintFast(text, filePath);
        choice.used = "oxc";
        // parseForEslintFast returns the { ast, scopeManager, visitorKeys } shape ESLint expects from parseForESLint.
        return result as never;
      } catch {
        // Declined (JSX, syntax errors, unknown nodes) or failed: typescript-estree decides, as in plain eslint.
        choice.used = "typescript-estree";
        // typescript-eslint's parser result is the shape ESLint defined parseForESLint to return.
        return loadTsParser().parseForESLint(text, options) as never;
      }
    },
  };
}

/** The audit's setup of the plugin's rules (`configRules(…, "audit")`), without importing the plugin entry. */
function buildConfig(parser: Linter.Parser, projectConfigs: ProjectConfigStore): Linter.Config[] {
  return [
    {
      settings: projectConfigSettings(projectConfigs),
      files: LINTABLE_FILES,
      // Our rules are RuleCreator rules, which ESLint's plugin type accepts at run time but not by type.
      plugins: { txo: { rules } as never },
      languageOptions: { parser, sourceType: "module" },
      linterOptions: { reportUnusedDisableDirectives: "off" },
      rules: { ...AUDIT_RULES },
    },
  ];
}

/** Whitespace-normalised text of the reported lines: stable across indentation and line shifts. */
export function snippetOf(lines: string[], line: number, endLine: number): string {
  return lines
    .slice(line - 1, Math.min(endLine, line + 4))
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
}

function toRawFinding(message: Linter.LintMessage | HostMessage, lines: string[]): RawFinding {
  const endLine = message.endLine ?? message.line;
  return {
    // Only fatal parse errors lack a ruleId, and they are handled apart by parseErrorOf.
    ruleId: message.ruleId as string,
    messageId: message.messageId ?? null,
    message: message.message,
    line: message.line,
    column: message.column,
    endLine,
    endColumn: message.endColumn ?? message.column,
    snippet: snippetOf(lines, message.line, endLine),
  };
}

/** ESLint reports a parser that threw without a position (a stack overflow) with no line at all. */
function parseErrorOf(fatal: Linter.LintMessage): NonNullable<FileLintResult["parseError"]> {
  const positioned = typeof fatal.line === "number" && typeof fatal.column === "number";
  return {
    message: stackOverflowReason(fatal.message) ?? fatal.message,
    line: positioned ? fatal.line : null,
    column: positioned ? fatal.column : null,
  };
}

/** ESLint's Linter with the plugin's config, created on the first file the RuleHost hands over. */
class EslintFallback {
  private readonly linter: Linter;
  private readonly config: Linter.Config[];
  private readonly choice: ParserChoice;

  constructor(cwd: string, fastParser: boolean, projectConfigs: ProjectConfigStore) {
    // require of the installed eslint package returns its CommonJS module, typed by its own declarations.
    const { Linter: EslintLinter } = requireFromHere("eslint") as typeof import("eslint");
    this.linter = new EslintLinter({ configType: "flat", cwd });
    this.choice = { used: fastParser ? "oxc" : "typescript-estree" };
    this.config = buildConfig(fastParser ? createFastParser(this.choice) : loadTsParser(), projectConfigs);
  }

  lint(text: string, absolutePath: string): { messages: Linter.LintMessage[]; parser: FileLintResult["parser"] } {
    const messages = this.linter.verify(text, this.config, { filename: absolutePath });
    return { messages, parser: this.choice.used };
  }
}

/**
 * Runs the plugin's recommended rules without type information: through the RuleHost (oxc's AST,
 * one walk) when the fast parser is on and the host accepts the file, otherwise through ESLint's
 * `Linter`. Either way the same rule code, config and messages as plain `eslint` with the plugin.
 */
export class FileLinter {
  private readonly host: RuleHost | undefined;
  private fallback: EslintFallback | undefined;
  /** One run's project configuration and file reads, shared by the host and ESLint: each file is read once. */
  private readonly projectConfigs = new ProjectConfigStore({ watch: false });

  constructor(
    private readonly cwd: string,
    private readonly options: { fastParser: boolean },
  ) {
    this.host = options.fastParser ? new RuleHost(cwd, this.projectConfigs) : undefined;
  }

  /** Lints, and says which other files the rules consulted (the cache keeps the result while they hold). */
  lintRecorded(text: string, absolutePath: string): { result: FileLintResult; consulted: ConsultedFile[] } {
    const { value, consulted } = this.projectConfigs.files.record(() => this.lint(text, absolutePath));
    return { result: value, consulted };
  }

  lint(text: string, absolutePath: string): FileLintResult {
    const hosted = this.host?.lint(text, absolutePath);
    if (hosted !== undefined) return { findings: this.findingsOf(hosted, text), parseError: null, parser: "oxc" };
    this.fallback ??= new EslintFallback(this.cwd, this.options.fastParser, this.projectConfigs);
    const { messages, parser } = this.fallback.lint(text, absolutePath);
    const fatal = messages.find((message) => message.fatal === true);
    if (fatal) return { findings: [], parseError: parseErrorOf(fatal), parser };
    return { findings: this.findingsOf(messages, text), parseError: null, parser };
  }

  private findingsOf(messages: (Linter.LintMessage | HostMessage)[], text: string): RawFinding[] {
    const txoMessages = messages.filter((message) => message.ruleId?.startsWith("txo/"));
    if (txoMessages.length === 0) return [];
    const lines = text.split(/\r\n|[\n\r\u2028\u2029]/);
    return txoMessages.map((message) => toRawFinding(message, lines));
  }
}
