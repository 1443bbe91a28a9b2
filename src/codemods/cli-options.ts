import { Command, InvalidArgumentError, Option } from "commander";
import { createRequire } from "node:module";
import { DEFAULT_IMPORT_SOURCE } from "../rewrite/fix-text.js";
import { availableTransforms } from "./registry.js";
import { parseRowIds } from "./row-selection.js";
import { type CodemodOptions, SOFT_FAIL_MODES, type SoftFailMode, type TransformName } from "./types.js";

// The package's own manifest always has a version.
const version = (createRequire(import.meta.url)("../../package.json") as { version: string }).version;

export interface ParsedCodemodCommand {
  transforms: TransformName[] | "all";
  options: CodemodOptions;
  quiet: boolean;
}

function parseTransform(value: string): string {
  const names = [...availableTransforms(), "all"];
  if (names.includes(value)) return value;
  throw new InvalidArgumentError(
    `"${value}" is not a transform. Choose one of: ${names.join(", ")}.\nExample: txo-codemod exit-to-throw src/ --write`,
  );
}

const EXAMPLES = `
Examples:
  txo-codemod all                          dry run of every transform: prints the diff, changes nothing
  txo-codemod exit-to-throw src/ --write   rewrite process.exit() in library code, write the files
  txo-codemod soft-fail-to-require --mode explicit
  txo-codemod all --only 3fa85f64,9c1e2b7d --write   write only the rows you accepted from the dry run
  txo-codemod soft-fail-to-require --write --config-files "config/*-config.json" --config-schema schemas/app.schema.json

Exit codes: 0 done (or nothing to do), 1 a claimed fix is still reported by the rule, 2 usage or configuration error.`;

/** Builds the commander program; `onParsed` receives the validated command. */
export function buildCodemodProgram(onParsed: (command: ParsedCodemodCommand) => Promise<void>): Command {
  return (
    new Command("txo-codemod")
      .description("Fix what the txo rules find: dry run with a unified diff by default, --write to apply.")
      .version(version)
      .argument("<transform>", `one of ${availableTransforms().join(", ")}, or all`, parseTransform)
      .argument("[paths...]", "files or directories to transform (default: the project)")
      .option("--write", "write the changes (atomically); without it nothing on disk changes")
      .option("--force", "write even when the files have uncommitted git changes")
      .option("--cwd <dir>", "project root (default: the current directory)")
      .option(
        "--report <dir>",
        "write change-table.md and change-table.json here (default with --write: <project>/reports)",
      )
      .addOption(
        new Option(
          "--mode <mode>",
          "soft-fail-to-require: requireConfig where proven required, else optional() (proven); requireConfig everywhere (hard); optional() everywhere (explicit)",
        )
          .choices([...SOFT_FAIL_MODES])
          .default("proven"),
      )
      .option(
        "--config-files <glob...>",
        "soft-fail-to-require: the project's config JSON files to check for newly required keys",
      )
      .option(
        "--config-schema <file>",
        "soft-fail-to-require: JSON Schema of those files, updated with required/default",
      )
      .option("--no-add-defaults", "soft-fail-to-require: do not write old defaults into the config files")
      .option("--import-source <module>", "module the helpers are imported from", DEFAULT_IMPORT_SOURCE)
      .option("--wrap-entry", "exit-to-throw: wrap entry files' main() call in runMain()")
      .option("--class-name <name>", "state-to-class: name of the class to create")
      .option("--no-type-check", "do not roll back rewrites that add TypeScript errors")
      .option("--include-tests", "also transform test files (*.test.*, *.spec.*, test/, __tests__/)")
      .option("--only <ids>", "write only these rows (comma-separated ids from a dry run on the same tree)")
      .option("--quiet", "print only the summary")
      .option("--debug", "print stack traces with errors")
      .addHelpText("after", EXAMPLES)
      .showSuggestionAfterError(true)
      // Usage errors from commander say only what went wrong; this adds how to fix it and an example.
      .showHelpAfterError(
        "How to fix: check the spelling against `txo-codemod --help`.\nExample: txo-codemod soft-fail-to-require src/ --mode explicit --write",
      )
      .action(async (transform: string, paths: string[], flags: Record<string, unknown>) => {
        await onParsed(toParsedCommand(transform, paths, flags));
      })
  );
}

function toParsedCommand(transform: string, paths: string[], flags: Record<string, unknown>): ParsedCodemodCommand {
  // Each flag has the type its commander option declares (string, string list, or boolean switch).
  const options: CodemodOptions = {
    cwd: flags.cwd as string | undefined,
    paths,
    write: flags.write === true,
    force: flags.force === true,
    reportDir: flags.report as string | undefined,
    mode: flags.mode as SoftFailMode,
    configFiles: flags.configFiles as string[] | undefined,
    configSchema: flags.configSchema as string | undefined,
    addDefaults: flags.addDefaults !== false,
    importSource: flags.importSource as string,
    wrapEntry: flags.wrapEntry === true,
    className: flags.className as string | undefined,
    typeCheck: flags.typeCheck !== false,
    includeTests: flags.includeTests === true,
    only: typeof flags.only === "string" ? parseRowIds(flags.only) : undefined,
  };
  // An unknown name is rejected with a HelpfulError by resolveTransforms, which lists the valid ones.
  const transforms = transform === "all" ? "all" : [transform as TransformName];
  return {
    transforms,
    options,
    quiet: flags.quiet === true,
  };
}
