// Types of precision-score.mjs, so the TypeScript test that checks its arithmetic is type-checked.

/** One line of one file of one package, for one rule. */
export interface FindingKeyParts {
  package: string;
  file: string;
  line: number;
  rule: string;
}

export interface Label extends FindingKeyParts {
  expected: "report" | "no-report";
  before: boolean;
  why: string;
}

export interface Measure {
  truePositives: number;
  falsePositives: number;
  expectedReports: number;
  precision: number | undefined;
  recall: number | undefined;
}

export interface RuleScore {
  rule: string;
  labels: number;
  findings: number;
  unlabelled: number;
  current: Measure;
  before: Measure;
}

export function findingKey(parts: FindingKeyParts): string;
export function validateLabels(labels: unknown, source: string): Label[];
export function scoreRules<F extends FindingKeyParts>(
  findings: readonly F[],
  labels: readonly Label[],
  options?: { rules?: readonly string[]; onlyPackages?: ReadonlySet<string> },
): RuleScore[];
export function unlabelledFindings<F extends FindingKeyParts>(
  findings: readonly F[],
  labels: readonly Label[],
  options?: { sample?: number; seed?: number },
): F[];
export function formatScores(scores: readonly RuleScore[], title: string): string;
