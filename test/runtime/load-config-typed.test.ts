import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import { ConfigProxy, requireConfig } from "../../src/runtime/config.js";
import { ConfigurationError } from "../../src/runtime/errors.js";
import { ConfigLoader, loadConfig } from "../../src/runtime/load-config.js";
import { MAX_JSON_DEPTH } from "../../src/runtime/load-config-json.js";
import { instanceOf } from "../instance-of.js";

const schema = {
  type: "object",
  additionalProperties: false,
  required: ["global", "report"],
  properties: {
    global: {
      type: "object",
      additionalProperties: false,
      required: ["api-base-url", "contact"],
      properties: {
        "api-base-url": { type: "string", format: "uri" },
        contact: { type: "string", format: "email" },
        region: { type: "string" },
      },
    },
    report: {
      type: "object",
      additionalProperties: false,
      required: ["start", "formats", "retries"],
      properties: {
        start: { type: "string", format: "date" },
        formats: { type: "array", items: { enum: ["xlsx", "csv"] } },
        retries: { type: "integer" },
      },
    },
  },
} as const;

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "txo-typed-config-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(config: unknown, name = "acme-prod-config.json"): void {
  writeFileSync(join(dir, name), typeof config === "string" ? config : JSON.stringify(config, null, 2));
}

const good = {
  global: { "api-base-url": "https://api.example.com/v1", contact: "ops@example.com" },
  report: { start: "2025-01-15", formats: ["xlsx"], retries: 3 },
};

describe("loadConfig with a schema given as const", () => {
  it("infers the configuration's type from the schema", () => {
    write(good);
    const config = loadConfig({ orgId: "acme", envType: "prod", dir, schema, secrets: "optional" });
    expectTypeOf(config.global["api-base-url"]).toEqualTypeOf<string>();
    expectTypeOf(config.global.region).toEqualTypeOf<string | undefined>();
    expectTypeOf(config.report.formats).toEqualTypeOf<("xlsx" | "csv")[]>();
    expectTypeOf(config.report.retries).toEqualTypeOf<number>();
    expectTypeOf(config._orgId).toEqualTypeOf<string>();
    expectTypeOf(requireConfig(config, "report", "start")).toEqualTypeOf<string>();
    // @ts-expect-error -- "retry" is not a key of report: a misspelt path does not compile.
    expect(() => requireConfig(config, "report", "retry")).toThrow(/"report.retry" is missing/);
    expect(config.report.formats).toEqual(["xlsx"]);
  });

  it("keeps Record<string, unknown> for a schema file path, and an explicit type when one is given", () => {
    write(good);
    writeFileSync(join(dir, "schema.json"), JSON.stringify(schema));
    const untyped = loadConfig({
      orgId: "acme",
      envType: "prod",
      dir,
      schema: join(dir, "schema.json"),
      secrets: "optional",
    });
    expectTypeOf(untyped).toEqualTypeOf<
      Record<string, unknown> & { readonly _orgId: string; readonly _envType: string }
    >();
    const explicit = loadConfig<{ report: { retries: number } }>({
      orgId: "acme",
      envType: "prod",
      dir,
      schema: join(dir, "schema.json"),
      secrets: "optional",
    });
    expectTypeOf(explicit.report.retries).toEqualTypeOf<number>();
  });
});

describe("format keywords", () => {
  it("are enforced (ajv-formats), silently, with the dotted path of each bad value", () => {
    write({
      ...good,
      global: { "api-base-url": "not a url", contact: "ops-at-example" },
      report: { ...good.report, start: "15/01/2025" },
    });
    const warn = vi.spyOn(console, "warn");
    const log = vi.spyOn(console, "log");
    let error: unknown;
    try {
      new ConfigLoader().load({ orgId: "acme", envType: "prod", dir, schema, secrets: "optional" });
    } catch (caught) {
      error = caught;
    }
    expect(warn).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
    vi.restoreAllMocks();
    expect(error).toBeInstanceOf(ConfigurationError);
    const issues = instanceOf(error, ConfigurationError)
      .issues.map((issue) => issue.path)
      .sort();
    expect(issues).toEqual(["global.api-base-url", "global.contact", "report.start"]);
  });

  it("refuses a schema with a format nobody can check, instead of ignoring it", () => {
    write(good);
    const custom = {
      type: "object",
      properties: { global: { type: "object", properties: { contact: { type: "string", format: "phone-number" } } } },
    } as const;
    expect(() => loadConfig({ orgId: "acme", envType: "prod", dir, schema: custom, secrets: "optional" })).toThrow(
      /unknown format "phone-number"/,
    );
  });
});

describe("nesting depth", () => {
  it("turns 20 000 levels of nesting into a ConfigurationError with line and column, not a RangeError", () => {
    write(`{ "global": ${"[".repeat(20_000)}${"]".repeat(20_000)} }`);
    let error: unknown;
    try {
      loadConfig({ orgId: "acme", envType: "prod", dir, schema, secrets: "optional" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(instanceOf(error, ConfigurationError).whatWentWrong).toContain(
      `nested more than ${MAX_JSON_DEPTH} levels deep`,
    );
    expect(instanceOf(error, ConfigurationError).whatWentWrong).toMatch(/acme-prod-config\.json:1:\d+/);
  });

  it("still accepts nesting up to the limit", () => {
    write(`{ "global": ${"[".repeat(MAX_JSON_DEPTH - 1)}${"]".repeat(MAX_JSON_DEPTH - 1)} }`);
    expect(() =>
      loadConfig({ orgId: "acme", envType: "prod", dir, schema: { type: "object" }, secrets: "optional" }),
    ).not.toThrow();
  });
});

describe("ConfigProxy with a file name as source", () => {
  it("names the file in its errors (the TXO template's call shape)", () => {
    const proxy = new ConfigProxy({ global: { "tenant-id": "acme" } }, "acme-prod-config.json");
    expect(proxy.source).toEqual({ file: "acme-prod-config.json" });
    expect(proxy.require("global", "tenant-id")).toBe("acme");
    // Deliberately the wrong key: the test checks what a caller without types gets.
    expect(() => proxy.require("global", "region" as "tenant-id")).toThrow(
      /"global.region" is missing from acme-prod-config.json/,
    );
    expect(() => new ConfigProxy({}, "  ")).toThrow(/empty file name/);
  });
});
