import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApiOperationError, ConfigurationError, createLogger, EntityNotFoundError, type Logger, ManualClock } from "txo-toolkit/runtime";
import { type AppConfig, loadAppConfig } from "../src/config.js";
import { exportResource, type ExportResult } from "../src/export-resource.js";
import { World } from "./support/servers.js";

const SECRET = "test-client-secret";
const AT = new Date("2025-01-15T14:30:00Z");

let work: string;
let world: World;
let logLines: string[];
let logger: Logger;

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), "legacy-app-hardened-"));
  world = await new World(new ManualClock()).start();
  logLines = [];
  logger = createLogger({ stream: { write: (line: string) => logLines.push(line) }, level: "debug", secrets: [SECRET] });
});

afterEach(async () => {
  await world.close();
  rmSync(work, { recursive: true, force: true });
});

/** Writes acme-test-config.json (and its secrets file) pointing at the loopback servers, and loads it. */
function config(edit: (global: Record<string, unknown>) => void = () => undefined, secret = SECRET): AppConfig {
  const global: Record<string, unknown> = { "api-base-url": `${world.apiServer.url}/v1`, "tenant-id": "acme", "client-id": "reporting", "oauth-scope": "api://users/.default", "oauth-token-url": `${world.tokenServer.url}/{tenant-id}/oauth2/v2.0/token` };
  edit(global);
  const scriptBehavior = {
    "api-delay-seconds": 0.001,
    "rate-limiting": { enabled: true, "calls-per-second": 1000, "burst-size": 10 },
    "circuit-breaker": { enabled: true, "failure-threshold": 5, "timeout-seconds": 60 },
    "api-timeouts": { "rest-timeout-seconds": 5, "max-retries": 0, "backoff-factor": 2, "max-retry-after-seconds": 5, "async-max-wait": 5, "async-poll-interval": 0.001 },
    jitter: { "min-factor": 1, "max-factor": 1 },
  };
  writeFileSync(join(work, "acme-test-config.json"), JSON.stringify({ global, "script-behavior": scriptBehavior }, null, 2));
  writeFileSync(join(work, "acme-test-config-secrets.json"), JSON.stringify({ "client-secret": secret }));
  return loadAppConfig("acme", "test", work);
}

function run(format: "json" | "csv" = "json"): Promise<ExportResult> {
  return exportResource(config(), "users", { logger, outputDir: join(work, "output"), format, clock: world.clock, at: AT });
}

function tokensSent(): (string | undefined)[] {
  return world.apiRequests.map((request) => request.authorization);
}

describe("exportResource", () => {
  it("exports every entity with one token, skips the entry without an id, and names the file after the template", async () => {
    const { file, tracker } = await run();
    expect(file).toBe(join(work, "output", "acme-test-users_2025-01-15T1430Z.json"));
    expect((JSON.parse(readFileSync(file, "utf8")) as { id: number }[]).map((user) => user.id)).toEqual([1, 2, 3, 4]);
    expect(tracker.isSuccess()).toBe(true);
    expect(tracker.summary()).toBe('✅ 5 processed: 4 succeeded, 1 skipped, 0 failed\nSkipped:\n  - {"name":"orphan"}: listed without an id');
    expect(world.tokenServer.requests).toHaveLength(1);
    expect(new URLSearchParams(world.tokenServer.requests[0]?.body)).toEqual(new URLSearchParams({ grant_type: "client_credentials", scope: "api://users/.default", client_id: "reporting", client_secret: SECRET }));
    expect(new Set(tokensSent())).toEqual(new Set(["Bearer token-1"]));
    const log = logLines.join("");
    expect(log).not.toContain("token-1");
    expect(log).not.toContain(SECRET);
  });

  it("renews the token before it expires when the run outlasts it, without a single 401", async () => {
    world.announcedSeconds = 120;
    world.validSeconds = 120;
    world.stepMs = 45_000;
    const { tracker } = await run();
    expect(tracker.results().succeeded).toHaveLength(4);
    // Each detail takes 45 s of the token's 120: token-1 is renewed 60 s before its expiry (at
    // the second page, 90 s in), and no request is refused or repeated.
    const one = "Bearer token-1";
    const two = "Bearer token-2";
    expect(tokensSent()).toEqual([one, one, one, two, two, two]);
    expect(world.tokenServer.requests).toHaveLength(2);
  });

  it("after a 401 for a token that expired early, fetches a new token once and repeats the request once", async () => {
    world.announcedSeconds = 3600;
    world.validSeconds = 60;
    world.stepMs = 45_000;
    const { tracker } = await run();
    expect(tracker.results().succeeded.map((success) => success.value.id)).toEqual([1, 2, 3, 4]);
    // token-1 is announced for an hour but refused after 60 s: the second page (90 s in) gets a
    // 401, is sent again once with token-2, and the run carries on with token-2.
    const one = "Bearer token-1";
    const two = "Bearer token-2";
    expect(tokensSent()).toEqual([one, one, one, one, two, two, two]);
    expect(world.apiRequests.slice(3, 5).map((request) => request.path)).toEqual(["/v1/users?page=2", "/v1/users?page=2"]);
    expect(world.tokenServer.requests).toHaveLength(2);
  });

  it("records an entity whose details fail and goes on; writes CSV with quoted cells", async () => {
    world.missing.add("2");
    const { file, tracker } = await run("csv");
    expect(tracker.isSuccess()).toBe(false);
    const failed = tracker.results().failed;
    expect(failed.map((failure) => failure.item)).toEqual([{ id: 2 }]);
    expect(failed[0]?.error).toBeInstanceOf(EntityNotFoundError);
    expect(tracker.summary()).toContain("Failed:\n  - 2: GET");
    expect(readFileSync(file, "utf8")).toBe('id,name\r\n1,"User, ""1"""\r\n3,"User, ""3"""\r\n4,"User, ""4"""\r\n');
  });
});

describe("configuration and credentials", () => {
  it("names a missing configuration key before any request is made", () => {
    let error: unknown;
    try {
      config((global) => delete global["oauth-token-url"]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).whatWentWrong).toContain("oauth-token-url");
    expect((error as ConfigurationError).whatWentWrong).toContain("acme-test-config.json");
    expect(world.tokenServer.requests).toHaveLength(0);
  });

  it("fails with a typed error, without the secret, when the token endpoint refuses the client; nothing is written", async () => {
    const wrong = "wrong-secret-value-123";
    const error = await exportResource(config(undefined, wrong), "users", { logger, outputDir: join(work, "output"), format: "json", clock: world.clock, at: AT }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiOperationError);
    expect((error as ApiOperationError).status).toBe(401);
    expect(JSON.stringify((error as ApiOperationError).toJSON())).not.toContain(wrong);
    expect(world.apiRequests).toHaveLength(0);
    expect(() => readdirSync(join(work, "output"))).toThrow();
  });

  it("refuses a resource name that would change the URL or the file name", async () => {
    await expect(exportResource(config(), "../admin", { logger, outputDir: work, format: "json" })).rejects.toThrow(/is not a resource name/);
  });
});
