import type { RuleFacts } from "../principle.js";

/*
 * What the audit reads of the rule without loading it (its description and message templates);
 * the rule's own meta is built from these.
 */

export type MessageIds =
  | "processExit"
  | "processAbort"
  | "processKill"
  | "processReallyExit"
  | "exitCode"
  | "processExitReference"
  | "suggestThrow";

const FIX =
  'Throw instead: `throw new HelpfulError({ whatWentWrong: "…", howToFix: "…" })`, and let the entry point (`runMain`) set the exit code. ' +
  'If this file is a program entry point, declare it: package.json "bin", a #! shebang, or the `entryPoints` option.';

export const NO_PROCESS_EXIT_META = {
  docs: {
    description:
      "Disallow ending the process (process.exit, abort, kill of the own pid, exitCode) outside program entry points",
    recommended: true,
  },
  messages: {
    processExit: `{{call}} ends the whole process from library code: callers cannot catch it, clean up or decide what happens. ${FIX}`,
    processAbort: `{{call}} aborts the process (no cleanup, core dump) from library code: callers cannot catch it or recover. ${FIX}`,
    processKill: `{{call}} signals the current process, which ends it like process.exit from library code: callers cannot catch it or recover. ${FIX}`,
    processReallyExit: `{{call}} is Node's internal exit, which even skips 'exit' listeners; from library code callers cannot catch it or recover. ${FIX}`,
    exitCode: `\`{{assignment}}\` decides the program's exit status from library code, behind the caller's back (softer than process.exit: the program keeps running). ${FIX}`,
    processExitReference: `\`{{name}}\` hands process.{{method}} to other code as a callback: whoever calls it ends the whole process from library code. ${FIX}`,
    suggestThrow: "Throw a HelpfulError instead (as txo-codemod exit-to-throw would; imports it from {{source}}).",
  },
} as const satisfies RuleFacts<MessageIds>;
