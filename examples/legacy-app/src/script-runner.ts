#!/usr/bin/env node
/**
 * Command-line entry point: `legacy-app <org> <env> <resource> [--output dir] [--format json|csv]`.
 * Fetches one API collection and saves it. Exiting is this file's job, and only this file's.
 */
import { createApiClient } from "./api-factory.js";
import { loadConfig } from "./config-loader.js";
import { save, setOutputDirectory } from "./load-n-save.js";
import { logger } from "./logger.js";
import { getAccessToken } from "./oauth-helpers.js";

const USAGE = "Usage: legacy-app <org-id> <env-type> <resource> [--output <dir>] [--format json|csv]\n" +
  "Example: legacy-app acme prod users --output ./output --format csv";

interface CliArguments {
  orgId: string;
  envType: string;
  resource: string;
  outputDirectory: string | undefined;
  format: "json" | "csv";
}

function failUsage(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArguments(argv: string[]): CliArguments {
  const positional: string[] = [];
  let outputDirectory: string | undefined;
  let format: "json" | "csv" = "json";
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === "--help" || argument === "-h") {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (argument === "--output") {
      outputDirectory = argv[++index];
      if (outputDirectory === undefined) failUsage("--output needs a folder");
    } else if (argument === "--format") {
      const value = argv[++index];
      if (value !== "json" && value !== "csv") failUsage(`--format must be json or csv, got ${value}`);
      format = value;
    } else if (argument.startsWith("-")) {
      failUsage(`Unknown option ${argument}`);
    } else {
      positional.push(argument);
    }
  }
  if (positional.length !== 3) failUsage("Expected exactly three arguments: org id, environment and resource");
  const [orgId, envType, resource] = positional;
  return { orgId, envType, resource, outputDirectory, format };
}

async function main(): Promise<void> {
  const cli = parseArguments(process.argv.slice(2));
  const config = loadConfig(cli.orgId, cli.envType);
  if (cli.outputDirectory !== undefined) setOutputDirectory(cli.outputDirectory);

  const client = createApiClient(config, { tokenProvider: () => getAccessToken(config) });
  const items = await client.get<unknown[]>(`/${cli.resource}`);
  const file = await save(items, `${cli.orgId}-${cli.envType}-${cli.resource}.${cli.format}`);
  logger.info(`Saved ${Array.isArray(items) ? items.length : 1} ${cli.resource} to ${file}`);
}

process.on("SIGINT", () => {
  logger.warn("Interrupted");
  process.exit(130);
});

main().then(
  () => process.exit(0),
  (error: unknown) => {
    logger.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
