import { describe, expect, it } from "vitest";
import { attachConfigSource, ConfigProxy, optional, requireConfig } from "../../src/runtime/config.js";
import { ConfigurationError } from "../../src/runtime/errors.js";
import { instanceOf } from "../instance-of.js";

// Typed as configuration read from JSON is: the keys are only known at run time.
const config: Record<string, unknown> = {
  global: { "api-base-url": "https://api.example.com/v1", "tenant-id": "acme" },
  "script-behavior": { "api-delay-seconds": 0, "rate-limiting": { enabled: false, "calls-per-secnd": 10 } },
  list: [{ name: "first" }],
  nothing: null,
};

function thrown(action: () => unknown): ConfigurationError {
  try {
    action();
  } catch (error) {
    return instanceOf(error, ConfigurationError);
  }
  throw new Error("expected a ConfigurationError");
}

describe("requireConfig", () => {
  it("returns present values, including falsy ones", () => {
    expect(requireConfig(config, "global", "api-base-url")).toBe("https://api.example.com/v1");
    expect(requireConfig(config, "script-behavior", "api-delay-seconds")).toBe(0);
    expect(requireConfig(config, "script-behavior", "rate-limiting", "enabled")).toBe(false);
    expect(requireConfig(config, "list", 0, "name")).toBe("first");
  });

  it("names the missing key at its own dotted path, with a did-you-mean and an example", () => {
    const error = thrown(() => requireConfig(config, "script-behavior", "rate-limiting", "calls-per-second"));
    expect(error.path).toBe("script-behavior.rate-limiting.calls-per-second");
    expect(error.whatWentWrong).toContain('"script-behavior.rate-limiting.calls-per-second" is missing');
    expect(error.whatWentWrong).toContain('Did you mean "calls-per-secnd"?');
    expect(error.howToFix).toContain(
      'optional(config, ["script-behavior","rate-limiting","calls-per-second"], <default>)',
    );
    expect(JSON.parse(error.example?.replace("<value>", "1") ?? "")).toEqual({
      "script-behavior": { "rate-limiting": { "calls-per-second": 1 } },
    });
  });

  it("stops at the first missing level", () => {
    expect(thrown(() => requireConfig(config, "jitter", "min-factor")).path).toBe("jitter");
    expect(thrown(() => requireConfig(config, "nothing", "deeper")).path).toBe("nothing");
    // A configuration read from an untrusted source is `unknown`; null is such a value.
    const nothing: unknown = null;
    expect(thrown(() => requireConfig(nothing, "global")).path).toBe("global");
  });

  it("refuses to walk through a non-object instead of returning undefined", () => {
    const error = thrown(() => requireConfig(config, "global", "tenant-id", "length"));
    expect(error.whatWentWrong).toContain('"global.tenant-id" is a string');
  });

  it("names the file when the configuration carries its source, and never prints values", () => {
    const sourced: Record<string, unknown> = attachConfigSource(
      { ...config, password: "hunter2-secret" },
      { file: "config/acme-prod-config.json", secretsFile: "config/acme-prod-config-secrets.json" },
    );
    const error = thrown(() => requireConfig(sourced, "global", "client-id"));
    expect(error.file).toBe("config/acme-prod-config.json");
    expect(error.howToFix).toContain(
      "config/acme-prod-config.json (or, for a secret, config/acme-prod-config-secrets.json)",
    );
    expect(JSON.stringify([error.whatWentWrong, error.howToFix, error.example])).not.toContain("hunter2-secret");
  });

  it("rejects an empty path", () => {
    expect(thrown(() => requireConfig(config)).whatWentWrong).toContain("empty or invalid key path");
  });
});

describe("optional", () => {
  it("returns the value when present and the explicit default when absent", () => {
    expect(optional(config, ["script-behavior", "api-delay-seconds"], 5)).toBe(0);
    expect(optional(config, ["script-behavior", "jitter", "min-factor"], 0.5)).toBe(0.5);
    expect(optional(config, ["nothing"], "fallback")).toBe("fallback");
  });

  it("still throws when the path runs into a non-object", () => {
    thrown(() => optional(config, ["global", "tenant-id", "x"], 1));
  });
});

describe("ConfigProxy", () => {
  it("reads through require/optional and reports its source", () => {
    const proxy = new ConfigProxy(config, { file: "config/acme-dev-config.json" });
    expect(proxy.source.file).toBe("config/acme-dev-config.json");
    expect(proxy.require("global", "tenant-id")).toBe("acme");
    expect(proxy.optional(["global", "region"], "eu")).toBe("eu");
    const error = thrown(() => proxy.require("global", "client-id"));
    expect(error.whatWentWrong).toContain("missing from config/acme-dev-config.json");
    expect(error.example).toContain('"client-id": <value>');
  });

  it("takes the source recorded by loadConfig, and insists on knowing one", () => {
    const sourced: Record<string, unknown> = attachConfigSource({ a: 1 }, { file: "x.json" });
    expect(new ConfigProxy(sourced).source.file).toBe("x.json");
    expect(thrown(() => new ConfigProxy({ a: 1 })).howToFix).toContain("loadConfig");
  });
});

describe("Map-backed configuration", () => {
  it("reads entries of a Map with requireConfig and optional, typed by the Map's value type", async () => {
    const { requireConfig: need, optional: maybe } = await import("../../src/runtime/config.js");
    const settings = new Map<string, number>([["max-retries", 3]]);
    const retries: number = need(settings, "max-retries");
    expect(retries).toBe(3);
    expect(maybe(settings, ["backoff"], 2)).toBe(2);
    expect(() => need(settings, "backoff")).toThrow(/Required configuration key "backoff" is missing/);
    const nested = { "script-behavior": new Map<string, unknown>([["api-delay-seconds", 1]]) };
    expect(need(nested, "script-behavior", "api-delay-seconds")).toBe(1);
  });
});
