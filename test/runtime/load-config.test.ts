import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test as base, describe, expect } from "vitest";
import { ConfigProxy } from "../../src/runtime/config.js";
import { ConfigurationError, FileOperationError, HelpfulError } from "../../src/runtime/errors.js";
import { formatError } from "../../src/runtime/format-error.js";
import { ConfigLoader, loadConfig, secretValuesOf } from "../../src/runtime/load-config.js";
import { instanceOf } from "../instance-of.js";

const fixtures = resolve("test/fixtures/runtime/config");
const schemaFile = resolve("schemas/org-env-config.schema.json");
// JSON.parse gives any; the schema fixture is a JSON object.
const schema = JSON.parse(readFileSync(schemaFile, "utf8")) as Record<string, unknown>;
const SECRET_VALUES = ["s3cr3t-Client-Value-0042", "ak-live-7f3a9c2e1b"];

/** Every test gets its own copy of the fixture folder, removed afterwards. */
const it = base.extend<{ dir: string }>({
  dir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), "txo-load-config-"));
    cpSync(fixtures, dir, { recursive: true });
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
});

type Section = Record<string, unknown>;
/** The fixture's shape, as far as these tests edit it. */
type FixtureConfig = Section & {
  global: Section;
  "script-behavior": Section & Record<"rate-limiting" | "circuit-breaker" | "api-timeouts", Section>;
};

function validConfig(): FixtureConfig {
  // acme-prod-config.json is a committed fixture with these sections; the tests that load it unchanged check that.
  return JSON.parse(readFileSync(join(fixtures, "acme-prod-config.json"), "utf8")) as FixtureConfig;
}

function writeConfig(dir: string, text: string, name = "acme-prod-config.json"): void {
  writeFileSync(join(dir, name), text);
}

function loadError(dir: string, options: Partial<Parameters<typeof loadConfig>[0]> = {}): HelpfulError {
  try {
    loadConfig({ orgId: "acme", envType: "prod", dir, schema, ...options });
  } catch (error) {
    const helpful = instanceOf(error, HelpfulError);
    expect(helpful.howToFix.length).toBeGreaterThan(10);
    expect(helpful.example?.length ?? 0).toBeGreaterThan(2);
    const everything = `${formatError(helpful, { debug: true })}\n${JSON.stringify(helpful.toJSON())}`;
    for (const secret of SECRET_VALUES) expect(everything).not.toContain(secret);
    return helpful;
  }
  throw new Error("expected loadConfig to throw");
}

describe("loadConfig on good input", () => {
  it("validates, merges the secrets and injects _orgId and _envType", ({ dir }) => {
    const config = loadConfig({ orgId: "acme", envType: "prod", dir, schema: schemaFile });
    expect(config._orgId).toBe("acme");
    expect(config._envType).toBe("prod");
    expect(config["client-secret"]).toBe(SECRET_VALUES[0]);
    // The fixture's global section is an object (the schema requires it).
    const global = config.global as Record<string, unknown>;
    expect(global["api-key"]).toBe(SECRET_VALUES[1]);
    expect(global["tenant-id"]).toBe("acme");
    expect([...secretValuesOf(config)].sort()).toEqual([...SECRET_VALUES].sort());
    expect(JSON.stringify(config)).not.toContain("txo-toolkit");
    expect(new ConfigProxy(config).source).toEqual({
      file: join(dir, "acme-prod-config.json"),
      secretsFile: join(dir, "acme-prod-config-secrets.json"),
    });
  });

  it("compiles each schema once per loader", ({ dir }) => {
    const loader = new ConfigLoader();
    expect(loader.validatorFor(schema)).toBe(loader.validatorFor(schema));
    expect(loader.validatorFor(schemaFile)).toBe(loader.validatorFor(schemaFile));
    loadConfig({ orgId: "acme", envType: "prod", dir, schema, loader });
    expect(loader.validatorFor(schema)).toBe(loader.validatorFor(schema));
  });

  it("accepts a missing secrets file only when told the app has none", ({ dir }) => {
    rmSync(join(dir, "acme-prod-config-secrets.json"));
    const config = loadConfig({ orgId: "acme", envType: "prod", dir, schema, secrets: "optional" });
    expect(secretValuesOf(config)).toEqual([]);
  });

  it("refuses to guess the secrets of an object loadConfig did not return", () => {
    expect(() => secretValuesOf({ "client-secret": "x" })).toThrow(ConfigurationError);
  });
});

describe("loadConfig on bad input", () => {
  it("reports a missing configuration file with the file name", ({ dir }) => {
    const error = loadError(dir, { envType: "test" });
    expect(error).toBeInstanceOf(FileOperationError);
    expect(error.whatWentWrong).toContain(join(dir, "acme-test-config.json"));
    expect(error.whatWentWrong).toContain("does not exist");
  });

  it("reports a missing secrets file and how to create it", ({ dir }) => {
    rmSync(join(dir, "acme-prod-config-secrets.json"));
    const error = loadError(dir);
    expect(error.whatWentWrong).toContain("acme-prod-config-secrets.json does not exist");
    expect(error.howToFix).toContain(".gitignore");
  });

  it("reports bad JSON with file, line and column", ({ dir }) => {
    writeConfig(dir, '{\n  "global": {\n    "tenant-id": "acme",\n  }\n}');
    const error = loadError(dir);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.whatWentWrong).toContain("acme-prod-config.json:4:3");
    expect(error.whatWentWrong).toContain("trailing comma");
  });

  it("reports bad JSON in the secrets file without quoting it", ({ dir }) => {
    writeConfig(dir, '{ "client-secret": s3cr3t-Client-Value-0042 }', "acme-prod-config-secrets.json");
    const error = loadError(dir);
    expect(error.whatWentWrong).toContain("acme-prod-config-secrets.json:1:20");
  });
});

describe("loadConfig schema errors", () => {
  it("reports several schema errors at once, each at its own path and line", ({ dir }) => {
    const config = validConfig();
    delete config["script-behavior"]["rate-limiting"]["calls-per-second"];
    config["script-behavior"]["circuit-breaker"].enabled = "yes";
    config["script-behavior"]["api-timeouts"]["max-retries"] = -1;
    config.global["tenant-idd"] = "typo";
    writeConfig(dir, JSON.stringify(config, null, 2));
    const error = instanceOf(loadError(dir), ConfigurationError);
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(
      [
        "global.tenant-idd",
        "script-behavior.api-timeouts.max-retries",
        "script-behavior.circuit-breaker.enabled",
        "script-behavior.rate-limiting.calls-per-second",
      ].sort(),
    );
    expect(error.whatWentWrong).toContain("4 problems");
    expect(error.whatWentWrong).toMatch(
      /line \d+: missing required key "script-behavior\.rate-limiting\.calls-per-second" \(a number\)/,
    );
    expect(error.whatWentWrong).toContain(
      '"script-behavior.circuit-breaker.enabled" must be a boolean, but it is a string',
    );
    expect(error.whatWentWrong).toContain('"script-behavior.api-timeouts.max-retries" must be >= 0');
    expect(error.whatWentWrong).toContain('unknown key "global.tenant-idd". Did you mean "tenant-id"?');
    expect(JSON.parse(error.example ?? "")).toMatchObject({
      "script-behavior": { "rate-limiting": { "calls-per-second": 10 }, "circuit-breaker": { enabled: true } },
    });
  });

  it("points at the line of the offending key", ({ dir }) => {
    const text = JSON.stringify({ ...validConfig(), extra: { nested: 1 } }, null, 2);
    writeConfig(dir, text);
    const line = text.split("\n").findIndex((row) => row.includes('"extra"')) + 1;
    const error = instanceOf(loadError(dir), ConfigurationError);
    expect(error.issues).toEqual([expect.objectContaining({ path: "extra", line })]);
    expect(error.whatWentWrong).toContain(`line ${line}: unknown key "extra"`);
  });

  it("names wrong types without echoing the wrong value", ({ dir }) => {
    const config = validConfig();
    config.global["api-base-url"] = 12345678;
    config["script-behavior"].jitter = "s3cr3t-looking-value";
    writeConfig(dir, JSON.stringify(config));
    const error = loadError(dir);
    expect(error.whatWentWrong).toContain('"global.api-base-url" must be a string, but it is an integer');
    expect(error.whatWentWrong).toContain('"script-behavior.jitter" must be an object, but it is a string');
    expect(error.whatWentWrong).not.toContain("12345678");
    expect(error.whatWentWrong).not.toContain("s3cr3t-looking-value");
  });
});

describe("loadConfig on malformed or hostile input", () => {
  it("rejects a top level that is not an object", ({ dir }) => {
    writeConfig(dir, "[1, 2]");
    expect(loadError(dir).whatWentWrong).toContain(
      "must contain a JSON object at the top level, but it contains an array",
    );
  });

  it("rejects a secret that clashes with a configuration value, naming only the key", ({ dir }) => {
    writeConfig(dir, '{ "global": { "tenant-id": "s3cr3t-Client-Value-0042" } }', "acme-prod-config-secrets.json");
    expect(loadError(dir).whatWentWrong).toContain('sets "global.tenant-id"');
  });

  it.for(["../acme", "acme/../../etc", "/etc/passwd", "..", "acme\\..\\x", ""])(
    "rejects the traversal attempt %j as orgId",
    (orgId, { dir }) => {
      const error = loadError(dir, { orgId });
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.whatWentWrong).toContain("invalid orgId");
    },
  );

  it("rejects a traversal attempt as envType", ({ dir }) => {
    expect(loadError(dir, { envType: "../../../tmp/evil" }).whatWentWrong).toContain("invalid envType");
  });

  it("insists on a dir and a schema, for callers without type checking", ({ dir }) => {
    // Deliberately missing or wrong: the test checks what callers without type checking get.
    expect(loadError(dir, { dir: undefined as never }).whatWentWrong).toContain("without a dir");
    expect(loadError(dir, { schema: undefined as never }).whatWentWrong).toContain("without a JSON Schema");
    expect(loadError(dir, { schema: [] as never }).whatWentWrong).toContain("without a JSON Schema");
  });

  it("requires a schema that exists and is valid", ({ dir }) => {
    expect(loadError(dir, { schema: join(dir, "missing.schema.json") })).toBeInstanceOf(FileOperationError);
    expect(loadError(dir, { schema: { type: "no-such-type" } }).whatWentWrong).toContain("not a valid JSON Schema");
  });
});
