#!/usr/bin/env node
/**
 * Command-line entry point: `legacy-app <org> <env> <resource> [--config dir] [--output dir] [--format json|csv]`.
 * `runMain` turns a thrown HelpfulError into Problem / Solution / Example and exit code 1; an
 * export with failed entities prints its summary and exits with 1 as well.
 */
import { parseArgs } from "node:util";
import { createLogger, runMain, secretValuesOf, ValidationError } from "txo-toolkit/runtime";
import { loadAppConfig } from "./config.js";
import { type ExportFormat, exportResource } from "./export-resource.js";

const USAGE = "legacy-app <org-id> <env-type> <resource> [--config <dir>] [--output <dir>] [--format json|csv]";

function usageError(problem: string): ValidationError {
  return new ValidationError({ whatWentWrong: problem, howToFix: `Call it as: ${USAGE}`, example: "legacy-app acme prod users --output ./output --format csv" });
}

function parseCommandLine(argv: string[]): { orgId: string; envType: string; resource: string; configDir: string; outputDir: string; format: ExportFormat } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { config: { type: "string", default: "config" }, output: { type: "string", default: "output" }, format: { type: "string", default: "json" } } });
  } catch (error) {
    throw usageError((error as Error).message);
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 3) throw usageError(`Expected three arguments (org id, environment, resource), got ${positionals.length}.`);
  if (values.format !== "json" && values.format !== "csv") throw usageError(`--format must be json or csv, got "${values.format}".`);
  const [orgId, envType, resource] = positionals as [string, string, string];
  return { orgId, envType, resource, configDir: values.config, outputDir: values.output, format: values.format };
}

await runMain(async () => {
  const cli = parseCommandLine(process.argv.slice(2));
  const config = loadAppConfig(cli.orgId, cli.envType, cli.configDir);
  const logger = createLogger({ stream: process.stderr, context: { orgId: config._orgId }, secrets: secretValuesOf(config), level: process.env.LEGACY_APP_LOG_LEVEL === "debug" ? "debug" : "info" });
  const { file, tracker } = await exportResource(config, cli.resource, { logger, outputDir: cli.outputDir, format: cli.format });
  tracker.printSummary(process.stdout);
  process.stdout.write(`Saved to ${file}\n`);
  return tracker.isSuccess() ? 0 : 1;
});
