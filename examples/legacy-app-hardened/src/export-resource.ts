/**
 * The application's one job: fetch every entity of an API collection, one by one, and save them.
 * Built from the toolkit's parts instead of the legacy hand-written ones: `createApiClient`
 * (limiter, breaker, retries, timeouts, OAuth tokens from the configuration), `ResultTracker`
 * (what succeeded, was skipped or failed, and why) and `outputFileName`.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Clock, createApiClient, type Logger, outputFileName, type RequestAuthorizer, ResultTracker, ValidationError } from "txo-toolkit/runtime";
import type { AppConfig } from "./config.js";
import { toCsv } from "./csv.js";

export type ExportFormat = "json" | "csv";

export interface ExportOptions {
  readonly logger: Logger;
  /** Folder the file is written to (created if missing). */
  readonly outputDir: string;
  readonly format: ExportFormat;
  /** Default: the client-credentials token provider built from the configuration. */
  readonly tokenProvider?: RequestAuthorizer;
  /** Time source of the client and its tokens (tests drive it by hand). */
  readonly clock?: Clock;
  /** Time stamped into the file name. Default: now. */
  readonly at?: Date;
}

type Entity = Readonly<Record<string, unknown>>;

export interface ExportResult {
  readonly file: string;
  readonly tracker: ResultTracker<unknown, Entity>;
}

const RESOURCE = /^[a-z][a-z0-9-]*$/;

function checkResource(resource: string): string {
  if (RESOURCE.test(resource)) return resource;
  throw new ValidationError({
    whatWentWrong: `"${resource}" is not a resource name: it goes into a URL path and a file name.`,
    howToFix: "Use the collection's name in lower case, letters, digits and dashes only.",
    example: "legacy-app acme prod users",
  });
}

function idOf(entry: unknown): string | undefined {
  const id = typeof entry === "object" && entry !== null ? (entry as { id?: unknown }).id : undefined;
  return typeof id === "string" || typeof id === "number" ? String(id) : undefined;
}

/**
 * Lists `/{resource}` (all pages), then fetches each entity's details; an entity without an id is
 * skipped and one whose details fail is recorded as failed, and the run goes on with the others.
 */
export async function exportResource(config: AppConfig, resource: string, options: ExportOptions): Promise<ExportResult> {
  checkResource(resource);
  const tracker = new ResultTracker<unknown, Entity>({ label: (entry) => idOf(entry) ?? JSON.stringify(entry) });
  const entities: Entity[] = [];
  await using client = createApiClient(config, { logger: options.logger, tokenProvider: options.tokenProvider, clock: options.clock });
  for await (const entry of client.paginate(`/${resource}`)) {
    const id = idOf(entry);
    if (id === undefined) {
      tracker.skipped(entry, "listed without an id");
      continue;
    }
    try {
      const entity = await client.get<Entity>(`/${resource}/${encodeURIComponent(id)}`);
      entities.push(entity);
      tracker.succeeded(entry, entity);
    } catch (error) {
      options.logger.warn(`Could not fetch ${resource} ${id}`, { error });
      tracker.failed(entry, error);
    }
  }
  const file = join(options.outputDir, outputFileName({ orgId: config._orgId, envType: config._envType, name: resource, extension: options.format, at: options.at }));
  await mkdir(options.outputDir, { recursive: true });
  await writeFile(file, options.format === "csv" ? toCsv(entities) : `${JSON.stringify(entities, null, 2)}\n`);
  return { file, tracker };
}
