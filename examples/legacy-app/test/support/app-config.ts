import type { AppConfig } from "../../src/config-loader.js";

/**
 * A complete configuration (every key of the v3 shape present) pointing at a loopback server,
 * with waits shrunk to milliseconds. Tests that are not about missing keys use this, so they
 * behave the same before and after the configuration is hardened.
 */
export function completeConfig(apiBaseUrl: string, secret: string | null = "test-client-secret"): AppConfig {
  const config: AppConfig = {
    global: {
      "api-base-url": apiBaseUrl,
      "tenant-id": "acme-test",
      "client-id": "test-client",
      "oauth-scope": "https://api.example.com/.default",
    },
    "script-behavior": {
      "api-delay-seconds": 0,
      "rate-limiting": { enabled: true, "calls-per-second": 1000, "burst-size": 10 },
      "circuit-breaker": { enabled: true, "failure-threshold": 2, "timeout-seconds": 60 },
      "api-timeouts": {
        "rest-timeout-seconds": 5,
        "max-retries": 0,
        "backoff-factor": 0.001,
        "max-retry-after-seconds": 1,
        "async-max-wait": 5,
        "async-poll-interval": 0.001,
      },
      jitter: { "min-factor": 1, "max-factor": 1 },
    },
    _orgId: "acme",
    _envType: "test",
  };
  if (secret !== null) config["_client-secret"] = secret;
  return config;
}
