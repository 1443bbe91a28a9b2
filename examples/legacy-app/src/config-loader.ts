/**
 * Loads `config/{org}-{env}-config.json` and its git-ignored secrets file.
 *
 * Legacy behaviour: any problem is logged and the whole process exits on the spot, which makes
 * this module impossible to use from a server, a test or another script.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { logger } from "./logger.js";

export interface GlobalSettings {
  "api-base-url": string;
  "tenant-id"?: string;
  "client-id"?: string;
  "oauth-scope"?: string;
}

export interface RateLimitingSettings {
  enabled?: boolean;
  "calls-per-second"?: number;
  "burst-size"?: number;
}

export interface CircuitBreakerSettings {
  enabled?: boolean;
  "failure-threshold"?: number;
  "timeout-seconds"?: number;
}

export interface ApiTimeoutSettings {
  "rest-timeout-seconds"?: number;
  "max-retries"?: number;
  "backoff-factor"?: number;
  "max-retry-after-seconds"?: number;
  "async-max-wait"?: number;
  "async-poll-interval"?: number;
}

export interface JitterSettings {
  "min-factor"?: number;
  "max-factor"?: number;
}

export interface ScriptBehavior {
  "api-delay-seconds"?: number;
  "rate-limiting"?: RateLimitingSettings;
  "circuit-breaker"?: CircuitBreakerSettings;
  "api-timeouts"?: ApiTimeoutSettings;
  jitter?: JitterSettings;
}

export interface AppConfig {
  global: GlobalSettings;
  "script-behavior"?: ScriptBehavior;
  /** From the secrets file; secrets are injected with a leading underscore. */
  "_client-secret"?: string;
  _orgId: string;
  _envType: string;
}

export interface LoadConfigOptions {
  /** Folder holding `{org}-{env}-config.json`; the app's own `config/` folder when omitted. */
  configDir?: string;
  /** Folder holding `org-env-config.schema.json`; the app's own `schemas/` folder when omitted. */
  schemaDir?: string;
}

interface ConfigSchema {
  required?: string[];
  properties?: Record<string, ConfigSchema>;
}

const APP_ROOT = fileURLToPath(new URL("..", import.meta.url));
const SCHEMA_FILE_NAME = "org-env-config.schema.json";

const configCache = new Map<string, AppConfig>();

/** A config section behind a Map, read with `get(key, fallback)` like the old Python dict. */
export class ConfigSection {
  private readonly values: Map<string, unknown>;

  constructor(section: object | undefined) {
    this.values = new Map(Object.entries(section ?? {}));
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  get<T>(key: string, fallback: T): T {
    return this.values.has(key) ? (this.values.get(key) as T) : fallback;
  }
}

function readSchema(schemaDir: string): ConfigSchema {
  const schemaPath = join(schemaDir, SCHEMA_FILE_NAME);
  if (!existsSync(schemaPath)) {
    logger.error(`Schema not found: ${schemaPath}`);
    process.exit(1);
  }
  return JSON.parse(readFileSync(schemaPath, "utf8")) as ConfigSchema;
}

function readConfigText(configPath: string): string {
  try {
    return readFileSync(configPath, "utf8");
  } catch (error) {
    logger.error(`Cannot read configuration file ${configPath}: ${(error as Error).message}`);
    process.exit(1);
  }
}

function parseConfigJson(text: string, configPath: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    logger.error(`Invalid JSON in ${configPath}: ${(error as Error).message}`);
    process.exit(1);
  }
}

/** Only the `required` lists are checked: the legacy schema requires almost nothing. */
function findMissingKeys(value: unknown, schema: ConfigSchema, path: string): string[] {
  const record = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const missing = (schema.required ?? []).filter((key) => !(key in record)).map((key) => `${path}${key}`);
  for (const [key, childSchema] of Object.entries(schema.properties ?? {})) {
    if (key in record) missing.push(...findMissingKeys(record[key], childSchema, `${path}${key}.`));
  }
  return missing;
}

function checkRequiredKeys(config: Record<string, unknown>, schema: ConfigSchema, configPath: string): void {
  const missing = findMissingKeys(config, schema, "");
  if (missing.length > 0) {
    logger.error(`Configuration ${configPath} is missing required keys: ${missing.join(", ")}`);
    process.exit(1);
  }
}

/** Secrets are optional in the legacy loader: a missing file is silently skipped. */
function readSecrets(configDir: string, orgId: string, envType: string): Record<string, unknown> {
  const secretsPath = join(configDir, `${orgId}-${envType}-config-secrets.json`);
  if (!existsSync(secretsPath)) return {};
  try {
    return JSON.parse(readFileSync(secretsPath, "utf8")) as Record<string, unknown>;
  } catch {
    logger.warn(`Ignoring unreadable secrets file ${secretsPath}`);
    return {};
  }
}

function injectSecrets(config: Record<string, unknown>, secrets: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(secrets)) config[`_${key}`] = value;
}

export function loadConfig(orgId: string, envType: string, options: LoadConfigOptions = {}): AppConfig {
  const configDir = options.configDir ?? join(APP_ROOT, "config");
  const configPath = join(configDir, `${orgId}-${envType}-config.json`);
  const cached = configCache.get(configPath);
  if (cached) return cached;

  const schema = readSchema(options.schemaDir ?? join(APP_ROOT, "schemas"));
  const config = parseConfigJson(readConfigText(configPath), configPath);
  checkRequiredKeys(config, schema, configPath);
  injectSecrets(config, readSecrets(configDir, orgId, envType));
  config._orgId = orgId;
  config._envType = envType;

  configCache.set(configPath, config as unknown as AppConfig);
  logger.info(`Loaded configuration ${configPath}`);
  return config as unknown as AppConfig;
}

/** Forget every loaded configuration, so the next `loadConfig` reads the files again. */
export function clearConfigCache(): void {
  configCache.clear();
}
