import { HelpfulError } from "./errors.js";

export interface OutputFileNameParts {
  /** Organisation id, e.g. "txo" (a loaded configuration's `_orgId`). */
  readonly orgId: string;
  /** Environment type, e.g. "prod" (a loaded configuration's `_envType`). */
  readonly envType: string;
  /** What the file holds, e.g. "report" or "users-export". */
  readonly name: string;
  /** Extension without the dot, e.g. "xlsx". */
  readonly extension: string;
  /** The time stamped into the name, in UTC. Default: now. */
  readonly at?: Date;
}

const PART = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

// `value: unknown`: JavaScript callers reach this check with whatever they pass.
function checkPart(what: keyof OutputFileNameParts, value: unknown): string {
  if (typeof value === "string" && PART.test(value) && !value.includes("..")) return value;
  throw new HelpfulError({
    whatWentWrong: `outputFileName got an invalid ${what} ${JSON.stringify(String(value))}: it becomes part of a file name, so it may only contain letters, digits, "-", "_" and ".", without "..", "/" or "\\".`,
    howToFix: `Pass the plain ${what}${what === "extension" ? " without its leading dot" : ""}, not a path; put the folder into getPath() instead.`,
    example:
      'outputFileName({ orgId: "txo", envType: "prod", name: "report", extension: "xlsx" }) // txo-prod-report_2025-01-15T1430Z.xlsx',
  });
}

/** `2025-01-15T1430Z`: UTC to the minute, without colons (they are not allowed in Windows file names). */
export function utcFileTimestamp(at: Date): string {
  if (Number.isNaN(at.getTime())) {
    throw new HelpfulError({
      whatWentWrong: "outputFileName got an invalid date.",
      howToFix: "Pass a valid Date as `at`, or leave it out for the current time.",
      example: 'at: new Date("2025-01-15T14:30:00Z")',
    });
  }
  const iso = at.toISOString();
  return `${iso.slice(0, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
}

/**
 * The TXO template's output file name, `{org}-{env}-{name}_{UTC timestamp}.{ext}`, for example
 * `txo-prod-report_2025-01-15T1430Z.xlsx`. Every part is checked, so the name can never climb out
 * of the output folder.
 */
export function outputFileName(parts: OutputFileNameParts): string {
  const orgId = checkPart("orgId", parts.orgId);
  const envType = checkPart("envType", parts.envType);
  const name = checkPart("name", parts.name);
  const extension = checkPart("extension", parts.extension);
  return `${orgId}-${envType}-${name}_${utcFileTimestamp(parts.at ?? new Date())}.${extension}`;
}
