import { buildAuditProgram, executeAudit, executeMerge } from "../audit/command.js";
import { runCommand } from "./run-command.js";

runCommand((setExitCode) => {
  const streams = { stdout: process.stdout, stderr: process.stderr, env: process.env };
  return buildAuditProgram(
    async (path, options) => {
      setExitCode(await executeAudit(path, options, streams));
    },
    async (reports, options) => {
      setExitCode(await executeMerge(reports, options, streams));
    },
  );
});
