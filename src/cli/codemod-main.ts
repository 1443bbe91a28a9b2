import { buildCodemodProgram } from "../codemods/cli-options.js";
import { runCodemods } from "../codemods/engine.js";
import { renderRunSummary } from "../codemods/summary.js";
import { runCommand } from "./run-command.js";

runCommand((setExitCode) =>
  buildCodemodProgram(async ({ transforms, options, quiet }) => {
    const result = await runCodemods(transforms, options);
    if (!quiet && result.diff) process.stdout.write(`${result.diff}\n`);
    process.stdout.write(`${renderRunSummary(result)}\n`);
    setExitCode(result.rows.some((row) => row.verificationFailed === true) ? 1 : 0);
  }),
);
