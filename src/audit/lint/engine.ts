import tsParser from "@typescript-eslint/parser";
import { Linter } from "eslint";
import plugin from "../../rules/index.js";
import type { RawFinding } from "../model.js";
import { FastParserDeclined, parseForEslintFast } from "./oxc-parser-adapter.js";

/** The outcome of linting one file's text. */
export interface FileLintResult {
  findings: RawFinding[];
  parseError: { message: string; line: number; column: number } | null;
  parser: "oxc" | "typescript-estree";
}

type ParserChoice = { used: FileLintResult["parser"] };

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
        return result as never;
      } catch (error) {
        // Declined (JSX, syntax errors, unknown nodes) or failed: typescript-estree decides, as in plain eslint.
        void (error as FastParserDeclined);
        choice.used = "typescript-estree";
        return tsParser.parseForESLint(text, options as never) as never;
      }
    },
  } as Linter.Parser;
}

function buildConfig(parser: Linter.Parser): Linter.Config[] {
  const recommended = plugin.configs.recommended as unknown as Linter.Config;
  return [
    {
      ...recommended,
      languageOptions: { ...recommended.languageOptions, parser },
      linterOptions: { reportUnusedDisableDirectives: "off" },
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

function toRawFinding(message: Linter.LintMessage, lines: string[]): RawFinding {
  const endLine = message.endLine ?? message.line;
  return {
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

/**
 * Runs the plugin's recommended rules, without type information, through ESLint's `Linter`:
 * the same rule code, the same config and the same messages as plain `eslint` with the plugin.
 */
export class FileLinter {
  private readonly linter: Linter;
  private readonly config: Linter.Config[];
  private readonly choice: ParserChoice = { used: "oxc" };

  constructor(cwd: string, options: { fastParser: boolean }) {
    this.linter = new Linter({ configType: "flat", cwd });
    this.config = buildConfig(options.fastParser ? createFastParser(this.choice) : (tsParser as unknown as Linter.Parser));
    if (!options.fastParser) this.choice.used = "typescript-estree";
  }

  lint(text: string, absolutePath: string): FileLintResult {
    const messages = this.linter.verify(text, this.config, { filename: absolutePath });
    const fatal = messages.find((message) => message.fatal === true);
    const parser = this.choice.used;
    if (fatal) return { findings: [], parseError: { message: fatal.message, line: fatal.line, column: fatal.column }, parser };
    const lines = text.split(/\r\n|[\n\r\u2028\u2029]/);
    const findings = messages.filter((message) => message.ruleId?.startsWith("txo/")).map((message) => toRawFinding(message, lines));
    return { findings, parseError: null, parser };
  }
}
