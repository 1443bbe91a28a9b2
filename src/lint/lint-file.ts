import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { ConsultedFile } from "../config/file-reader.js";
import type { FileLinter, FileLintResult } from "./engine.js";
import { maxBracketDepth, stackOverflowReason } from "./nesting.js";

/** What linting one path produced: a lint result, or the reason the file could not be read. */
export interface FileOutcome {
  file: string;
  hash: string | null;
  result: FileLintResult | null;
  unreadable: string | null;
  /** A rule or the parser threw on this file (for example a nested txo.config.json is invalid). */
  crashed: string | null;
  /** The other files the rules read for this result (package.json, imported modules…): the cache checks them. */
  consulted?: ConsultedFile[];
}

/**
 * Deeper bracket nesting is not handed to the parsers: past a few thousand levels oxc's native
 * parser overflows its stack (which ends the process), and the JavaScript parser, scope analysis
 * and rules recurse once a level too. No hand-written code comes near this (see docs/audit.md).
 */
export const MAX_NESTING_DEPTH = 1000;

export function hashText(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

export function readSource(absolutePath: string): { text: string; hash: string } | { error: string } {
  try {
    const text = readFileSync(absolutePath, "utf8");
    return { text, hash: hashText(text) };
  } catch (error) {
    // readFileSync throws only Node system errors, which carry code and message.
    const cause = error as NodeJS.ErrnoException;
    return { error: `${cause.code ?? "ERROR"}: cannot read the file (${cause.message})` };
  }
}

function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (error instanceof RangeError ? stackOverflowReason(message) : undefined) ?? message;
}

/** Reads and lints one file; a read failure, a too-deep file or a thrown error becomes an outcome, never an exception. */
export function lintPath(linter: FileLinter, file: string, absolutePath: string): FileOutcome {
  const source = readSource(absolutePath);
  if ("error" in source) return { file, hash: null, result: null, unreadable: source.error, crashed: null };
  const depth = maxBracketDepth(source.text);
  if (depth > MAX_NESTING_DEPTH) {
    const crashed = `could not be analysed: brackets nested ${depth} levels deep, over the limit of ${MAX_NESTING_DEPTH}. See "Limits" in docs/audit.md.`;
    return { file, hash: source.hash, result: null, unreadable: null, crashed };
  }
  try {
    const { result, consulted } = linter.lintRecorded(source.text, absolutePath);
    return { file, hash: source.hash, result, unreadable: null, crashed: null, consulted };
  } catch (error) {
    // One file's failure is reported against that file; the rest of the tree is still audited.
    return { file, hash: source.hash, result: null, unreadable: null, crashed: describeFailure(error) };
  }
}
