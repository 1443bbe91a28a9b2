import { HelpfulError } from "@txo-toolkit/runtime";
import type { FailOn, OutputFormat } from "./model.js";

export const FORMATS: readonly OutputFormat[] = ["terminal", "md", "json", "sarif", "codeclimate", "html"];
export const FAIL_ON: readonly FailOn[] = ["warning", "critical", "none"];
export const DEFAULT_FORMATS: readonly OutputFormat[] = ["terminal", "md", "json"];

/** Collects repeated `--format` values, each of which may be a comma list. */
export function collectFormats(value: string, previous: OutputFormat[] | undefined): OutputFormat[] {
  const formats = value
    .split(",")
    .map((format) => format.trim().toLowerCase())
    .filter((format) => format.length > 0);
  for (const format of formats) {
    if (!isFormat(format)) {
      throw new HelpfulError({
        whatWentWrong: `Unknown --format "${format}".`,
        howToFix: `Use one or more of: ${FORMATS.join(", ")} (repeat the flag or separate with commas).`,
        example: "txo-audit . --format md,json --format sarif",
      });
    }
  }
  return [...new Set([...(previous ?? []), ...formats.filter(isFormat)])];
}

function isFormat(value: string): value is OutputFormat {
  return FORMATS.some((format) => format === value);
}

export function parseFailOn(value: string): FailOn {
  const failOn = FAIL_ON.find((level) => level === value);
  if (failOn !== undefined) return failOn;
  throw new HelpfulError({
    whatWentWrong: `Unknown --fail-on "${value}".`,
    howToFix: `Use one of: ${FAIL_ON.join(", ")}.`,
    example: "txo-audit . --fail-on critical",
  });
}

export function parseConcurrency(value: string): number {
  const threads = Number(value);
  if (Number.isInteger(threads) && threads >= 1 && threads <= 64) return threads;
  throw new HelpfulError({
    whatWentWrong: `--concurrency "${value}" is not a whole number of lint processes between 1 and 64.`,
    howToFix: "Pass the number of processes to lint with (the default is the number of CPU cores, at most 8).",
    example: "txo-audit . --concurrency 2",
  });
}
