import { FileLinter } from "../lint/engine.js";
import type { FileLintResult, RawFinding } from "../lint/engine.js";
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
 * One linter for a whole run that lints each text of a file once: every transform and the final
 * verification ask for the same files, and most files are not changed between the asks. Only the
 * latest text of each file is kept, so memory stays one result per file.
 */
export class RunLinter {
  private readonly linter: FileLinter;
  private readonly latest = new Map<string, { text: string; result: FileLintResult }>();

  constructor(cwd: string) {
    this.linter = new FileLinter(cwd, { fastParser: true });
  }

  lint(text: string, absolutePath: string): FileLintResult {
    const cached = this.latest.get(absolutePath);
    if (cached?.text === text) return cached.result;
    const result = this.linter.lint(text, absolutePath);
    this.latest.set(absolutePath, { text, result });
    return result;
  }
}

/**
 * Runs txo rules over one file's text with txo-audit's engine (oxc and one walk for all rules,
 * ESLint's Linter where the fast path declines), the same rule code the plugin and the audit run,
 * so the codemod fixes exactly what the rule reports ("one source of truth"). Runners of one run
 * share a RunLinter, which runs every rule in one walk anyway.
 */
export class RuleRunner {
  private readonly ruleIds: ReadonlySet<string>;

  constructor(
    cwd: string,
    ruleNames: string[],
    private readonly linter: RunLinter = new RunLinter(cwd),
  ) {
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
