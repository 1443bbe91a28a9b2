import { type Command, CommanderError } from "commander";
import { formatError } from "@txo-toolkit/runtime";

/** Builds a commander program whose action reports its exit code through `setExitCode`. */
export type ProgramFactory = (setExitCode: (code: number) => void) => Command;

function exitCodeFor(error: unknown): number {
  // Commander has already printed its message (unknown option, missing value); --help/--version exit 0.
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  process.stderr.write(`${formatError(error, { style: "terminal", debug: process.argv.includes("--debug") })}\n`);
  return 2;
}

async function parseAndRun(buildProgram: ProgramFactory, argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  program.exitOverride().configureOutput({ writeErr: (text) => process.stderr.write(text) });
  await program.parseAsync(argv);
  return exitCode;
}

/**
 * A reader that stops early (`txo-audit --help | head -1`) closes the pipe. The rest of the output has
 * nowhere to go, which is not a failure of the run: stop writing instead of crashing with a stack.
 */
function stopWritingWhenReaderLeaves(stream: NodeJS.WriteStream): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    stream.destroy();
  });
}

/**
 * The shared shape of the bins: parse, run, and turn the outcome into `process.exitCode` (0 done,
 * 1 findings, 2 usage or configuration error, with a helpful message). The bins are the only
 * files that decide the exit code; nothing calls process.exit, so output is always flushed.
 */
export function runCommand(buildProgram: ProgramFactory, argv: string[] = process.argv): void {
  stopWritingWhenReaderLeaves(process.stdout);
  stopWritingWhenReaderLeaves(process.stderr);
  parseAndRun(buildProgram, argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.exitCode = exitCodeFor(error);
    },
  );
}
