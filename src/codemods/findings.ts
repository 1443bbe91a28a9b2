import tsParser from "@typescript-eslint/parser";
import type { TSESLint } from "@typescript-eslint/utils";
import { Linter } from "eslint";
import plugin, { LINTABLE_FILES } from "../rules/index.js";
import type { Finding } from "./types.js";

/** A finding the linter could not produce because the file does not parse. */
export interface ParseFailure {
  message: string;
  line: number;
  column: number;
}

export interface LintOutcome {
  findings: Finding[];
  parseFailure: ParseFailure | undefined;
}

function buildLintConfig(ruleNames: string[]): Linter.Config[] {
  const rules: Linter.RulesRecord = {};
  for (const rule of ruleNames) rules[`txo/${rule}`] = "error";
  return [
    {
      // A pattern ending in `*` does not make ESLint lint a file; the extensions must be named.
      files: LINTABLE_FILES,
      plugins: { txo: plugin as unknown as NonNullable<Linter.Config["plugins"]>[string] },
      languageOptions: { parser: tsParser as unknown as Linter.Parser, sourceType: "module" },
      linterOptions: { reportUnusedDisableDirectives: "off" },
      rules,
    },
  ];
}

/**
 * Runs txo rules over one file's text, the same rule code the plugin and the audit run,
 * so the codemod fixes exactly what the rule reports ("one source of truth").
 */
export class RuleRunner {
  private readonly linter: Linter;
  private readonly config: Linter.Config[];

  constructor(cwd: string, ruleNames: string[]) {
    this.linter = new Linter({ configType: "flat", cwd });
    this.config = buildLintConfig(ruleNames);
  }

  lint(text: string, absolutePath: string): LintOutcome {
    const messages = this.linter.verify(text, this.config, { filename: absolutePath });
    const fatal = messages.find((message) => message.fatal === true);
    if (fatal) return { findings: [], parseFailure: { message: fatal.message, line: fatal.line, column: fatal.column } };
    return { findings: messages.filter((message) => message.ruleId?.startsWith("txo/")).map(toFinding), parseFailure: undefined };
  }
}

function toFinding(message: Linter.LintMessage): Finding {
  return {
    ruleId: message.ruleId as string,
    messageId: message.messageId,
    message: message.message,
    line: message.line,
    column: message.column,
    endLine: message.endLine ?? message.line,
    endColumn: message.endColumn ?? message.column,
  };
}

export type { TSESLint };
