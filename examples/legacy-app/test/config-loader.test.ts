import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearConfigCache, ConfigSection, loadConfig } from "../src/config-loader.js";
import { captureFailure, type Failure } from "./support/failure.js";

let workDir: string;

beforeEach(() => {
  clearConfigCache();
  workDir = mkdtempSync(join(tmpdir(), "legacy-app-config-"));
});
afterEach(() => rmSync(workDir, { recursive: true, force: true }));

function writeJson(name: string, value: unknown): void {
  writeFileSync(join(workDir, name), JSON.stringify(value, null, 2));
}

/** Legacy code exits with 1, hardened code throws; either way the user learns why. */
function expectFailedWith(failure: Failure, reason: RegExp): void {
  if (failure.exitCode !== undefined) expect(failure.exitCode).toBe(1);
  expect(failure.text).toMatch(reason);
}

describe("loadConfig", () => {
  it("loads the production configuration in the nested v3 shape", () => {
    const config = loadConfig("acme", "prod");
    expect(config.global["api-base-url"]).toBe("https://api.example.com/v1");
    expect(config["script-behavior"]?.["rate-limiting"]).toEqual({ enabled: true, "calls-per-second": 10, "burst-size": 1 });
    expect(config["script-behavior"]?.["api-timeouts"]?.["max-retries"]).toBe(3);
    expect(config._orgId).toBe("acme");
    expect(config._envType).toBe("prod");
  });

  it("keeps one loaded configuration per file until the cache is cleared", () => {
    const first = loadConfig("acme", "prod");
    expect(loadConfig("acme", "prod")).toBe(first);
    clearConfigCache();
    const reloaded = loadConfig("acme", "prod");
    expect(reloaded).not.toBe(first);
    expect(reloaded).toEqual(first);
  });

  it("injects the secrets file with underscore-prefixed keys", () => {
    writeJson("demo-dev-config.json", { global: { "api-base-url": "https://demo.example.com" }, "script-behavior": {} });
    writeJson("demo-dev-config-secrets.json", { "client-secret": "s3cret-value" });
    const config = loadConfig("demo", "dev", { configDir: workDir });
    expect(config["_client-secret"]).toBe("s3cret-value");
    expect(config.global["api-base-url"]).toBe("https://demo.example.com");
  });

  it("fails when the schema file is missing", async () => {
    writeJson("demo-dev-config.json", { global: { "api-base-url": "https://demo.example.com" }, "script-behavior": {} });
    const failure = await captureFailure(() => loadConfig("demo", "dev", { configDir: workDir, schemaDir: join(workDir, "no-schemas") }));
    expectFailedWith(failure, /Schema not found/);
  });

  it("fails when the configuration file cannot be read", async () => {
    const failure = await captureFailure(() => loadConfig("nobody", "prod", { configDir: workDir }));
    expectFailedWith(failure, /nobody-prod-config\.json/);
  });

  it("fails on invalid JSON", async () => {
    writeFileSync(join(workDir, "demo-dev-config.json"), '{ "global": { "api-base-url": ');
    const failure = await captureFailure(() => loadConfig("demo", "dev", { configDir: workDir }));
    expectFailedWith(failure, /Invalid JSON|JSON/);
  });

  it("fails when a key the schema requires is missing", async () => {
    writeJson("demo-dev-config.json", { global: {}, "script-behavior": {} });
    const failure = await captureFailure(() => loadConfig("demo", "dev", { configDir: workDir }));
    expectFailedWith(failure, /api-base-url/);
  });
});

describe("ConfigSection", () => {
  it("reads keys of a section and tells present from absent keys", () => {
    const section = new ConfigSection({ enabled: false, "failure-threshold": 3 });
    expect(section.has("enabled")).toBe(true);
    expect(section.has("timeout-seconds")).toBe(false);
    expect(section.get("enabled", true)).toBe(false);
    expect(section.get("failure-threshold", 5)).toBe(3);
  });
});
