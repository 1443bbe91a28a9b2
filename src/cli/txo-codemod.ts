#!/usr/bin/env node
import { CommanderError } from "commander";
import { buildCodemodProgram } from "../codemods/cli-options.js";
import { runCodemods } from "../codemods/engine.js";
import { renderRunSummary } from "../codemods/summary.js";
import { formatError } from "../runtime/format-error.js";

async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = buildCodemodProgram(async ({ transforms, options, quiet }) => {
    const result = await runCodemods(transforms, options);
    if (!quiet && result.diff) process.stdout.write(`${result.diff}\n`);
    process.stdout.write(`${renderRunSummary(result)}\n`);
    exitCode = result.rows.some((row) => row.verificationFailed === true) ? 1 : 0;
  });
  program.exitOverride().configureOutput({ writeErr: (text) => process.stderr.write(text) });
  await program.parseAsync(argv);
  return exitCode;
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  process.stderr.write(`${formatError(error, { style: "terminal", debug: process.argv.includes("--debug") })}\n`);
  return 2;
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = exitCodeFor(error);
  },
);
