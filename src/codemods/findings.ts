import { FileLinter } from "../lint/engine.js";
import type { RawFinding } from "../lint/engine.js";
import type { Finding } from "./types.js";

/** A finding the linter could not produce because the file does not parse (no position when the parser gave none). */
export interface ParseFailure {
  message: string;
  line: number | null;
  column: number | null;
}

export interface LintOutcome {
  findings: Finding[];
  parseFailure: ParseFailure | undefined;
}

/**
 * Runs txo rules over one file's text with txo-audit's engine (oxc and one walk for all rules,
 * ESLint's Linter where the fast path declines), the same rule code the plugin and the audit run,
 * so the codemod fixes exactly what the rule reports ("one source of truth").
 */
export class RuleRunner {
  private readonly linter: FileLinter;
  private readonly ruleIds: ReadonlySet<string>;

  constructor(cwd: string, ruleNames: string[]) {
    this.linter = new FileLinter(cwd, { fastParser: true });
    this.ruleIds = new Set(ruleNames.map((rule) => `txo/${rule}`));
  }

  lint(text: string, absolutePath: string): LintOutcome {
    const result = this.linter.lint(text, absolutePath);
    if (result.parseError) return { findings: [], parseFailure: result.parseError };
    return {
      findings: result.findings.filter((finding) => this.ruleIds.has(finding.ruleId)).map(toFinding),
      parseFailure: undefined,
    };
  }
}

function toFinding(finding: RawFinding): Finding {
  const { snippet, messageId, ...rest } = finding;
  return { ...rest, messageId: messageId ?? undefined };
}
