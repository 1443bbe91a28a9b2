/**
 * The application configuration: `config/{org}-{env}-config.json` validated against the schema
 * below (every key required, unknown keys rejected) plus the git-ignored secrets file. The
 * schema is written `as const`, so `AppConfig` is inferred from it and cannot drift from it.
 *
 * Replaces the legacy `config-loader.ts`: no cache, no `process.exit`, no invented defaults.
 */
import { loadConfig } from "txo-toolkit/runtime";

const seconds = { type: "number", minimum: 0 } as const;
const enabled = { type: "boolean" } as const;

export const appConfigSchema = {
  type: "object",
  additionalProperties: false,
  required: ["global", "script-behavior"],
  properties: {
    global: {
      type: "object",
      additionalProperties: false,
      required: ["api-base-url", "tenant-id", "client-id", "oauth-scope", "oauth-token-url"],
      properties: {
        "api-base-url": { type: "string", format: "uri", pattern: "^https?://" },
        "tenant-id": { type: "string", minLength: 1 },
        "client-id": { type: "string", minLength: 1 },
        "oauth-scope": { type: "string", minLength: 1 },
        // A template ({tenant-id} is substituted), so a pattern rather than format "uri".
        "oauth-token-url": { type: "string", pattern: "^https?://" },
      },
    },
    "script-behavior": {
      type: "object",
      additionalProperties: false,
      required: ["api-delay-seconds", "rate-limiting", "circuit-breaker", "api-timeouts", "jitter"],
      properties: {
        "api-delay-seconds": seconds,
        "rate-limiting": { type: "object", additionalProperties: false, required: ["enabled", "calls-per-second", "burst-size"], properties: { enabled, "calls-per-second": seconds, "burst-size": seconds } },
        "circuit-breaker": { type: "object", additionalProperties: false, required: ["enabled", "failure-threshold", "timeout-seconds"], properties: { enabled, "failure-threshold": seconds, "timeout-seconds": seconds } },
        "api-timeouts": {
          type: "object",
          additionalProperties: false,
          required: ["rest-timeout-seconds", "max-retries", "backoff-factor", "max-retry-after-seconds", "async-max-wait", "async-poll-interval"],
          properties: { "rest-timeout-seconds": seconds, "max-retries": seconds, "backoff-factor": seconds, "max-retry-after-seconds": seconds, "async-max-wait": seconds, "async-poll-interval": seconds },
        },
        jitter: { type: "object", additionalProperties: false, required: ["min-factor", "max-factor"], properties: { "min-factor": seconds, "max-factor": seconds } },
      },
    },
  },
} as const;

/** Loads and validates `{dir}/{orgId}-{envType}-config.json` and its secrets file; throws a HelpfulError naming every problem. */
export function loadAppConfig(orgId: string, envType: string, dir: string) {
  return loadConfig({ orgId, envType, dir, schema: appConfigSchema });
}

export type AppConfig = ReturnType<typeof loadAppConfig>;
