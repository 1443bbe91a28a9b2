#!/usr/bin/env node
import { CommanderError } from "commander";
import { buildAuditProgram, executeAudit } from "../audit/command.js";
import { formatError } from "../runtime/format-error.js";

async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const streams = { stdout: process.stdout, stderr: process.stderr, env: process.env };
  const program = buildAuditProgram(async (path, options) => {
    exitCode = await executeAudit(path, options, streams);
  });
  program.exitOverride().configureOutput({ writeErr: (text) => process.stderr.write(text) });
  await program.parseAsync(argv);
  return exitCode;
}

function exitCodeFor(error: unknown): number {
  // Commander has already printed its message (unknown option, missing value); --help/--version exit 0.
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
