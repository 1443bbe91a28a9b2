import { describe, expect, expectTypeOf, it } from "vitest";
import { ConfigProxy, optional, requireConfig } from "../../src/runtime/config.js";
import type { LoadedConfig } from "../../src/runtime/load-config.js";

interface AppConfig {
  global: { "api-base-url": string; region?: string };
  "script-behavior": {
    "rate-limiting": { enabled: boolean; "calls-per-second": number };
    retries: number[];
  };
  plugins: Record<string, { enabled: boolean }>;
  nullable: { value: string } | null;
}

// Values are only inspected by the type checker (`tsc --noEmit` covers test/); the calls run too.
const config: AppConfig = {
  global: { "api-base-url": "https://api.example.com" },
  "script-behavior": { "rate-limiting": { enabled: true, "calls-per-second": 10 }, retries: [1, 2] },
  plugins: { audit: { enabled: true } },
  nullable: { value: "x" },
};

describe("path types", () => {
  it("infers the value at a path for requireConfig", () => {
    expectTypeOf(requireConfig(config, "global", "api-base-url")).toEqualTypeOf<string>();
    expectTypeOf(requireConfig(config, "script-behavior", "rate-limiting")).toEqualTypeOf<{
      enabled: boolean;
      "calls-per-second": number;
    }>();
    expectTypeOf(requireConfig(config, "script-behavior", "rate-limiting", "calls-per-second")).toEqualTypeOf<number>();
    expectTypeOf(requireConfig(config, "script-behavior", "retries", 0)).toEqualTypeOf<number>();
    expectTypeOf(requireConfig(config, "plugins", "audit", "enabled")).toEqualTypeOf<boolean>();
    expectTypeOf(requireConfig(config, "nullable", "value")).toEqualTypeOf<string>();
  });

  it("removes undefined from optional keys in requireConfig, and adds the fallback type in optional", () => {
    expectTypeOf(() => requireConfig(config, "global", "region")).returns.toEqualTypeOf<string>();
    expectTypeOf(optional(config, ["global", "region"], undefined)).toEqualTypeOf<string | undefined>();
    expectTypeOf(optional(config, ["global", "region"], 42)).toEqualTypeOf<string | number>();
  });

  it("keeps untyped configuration honest: unknown stays unknown, any stays any", () => {
    const untyped: unknown = JSON.parse("{}");
    expectTypeOf(optional(untyped, ["a"], 1)).toEqualTypeOf<unknown>();
    const record: Record<string, unknown> = { a: { b: 2 } };
    expectTypeOf(optional(record, ["a", "b"], 1)).toEqualTypeOf<unknown>();
    expectTypeOf(requireConfig(JSON.parse('{"a":1}'), "a")).toBeAny();
  });
});

describe("path checking", () => {
  it("rejects, at compile time, a key the configuration type does not have", () => {
    // @ts-expect-error "rate-limting" is misspelt
    const misspelt = () => requireConfig(config, "script-behavior", "rate-limting", "enabled");
    // @ts-expect-error "regoin" is not a key of global
    const optionalRead = () => optional(config, ["global", "regoin"], "eu");
    // @ts-expect-error array positions are numbers
    const notAnIndex = () => requireConfig(config, "script-behavior", "retries", "first");
    // @ts-expect-error the proxy checks its paths too
    const proxyRead = () => new ConfigProxy(config, { file: "app.json" }).require("globl");
    // At run time requireConfig reports the same mistakes; optional falls back, as asked.
    for (const call of [misspelt, notAnIndex, proxyRead]) expect(call).toThrow(/is missing/);
    expect(optionalRead()).toBe("eu");
  });

  it("accepts any key where the type does not say", () => {
    const loose: object = { a: { b: 1 } };
    expectTypeOf(requireConfig(loose, "a", "b")).toEqualTypeOf<unknown>();
    const record: Record<string, { enabled: boolean }> = { x: { enabled: true } };
    expectTypeOf(requireConfig(record, "x", "enabled")).toEqualTypeOf<boolean>();
  });

  it("types ConfigProxy and loaded configuration the same way", () => {
    const proxy = new ConfigProxy(config, { file: "app.json" });
    expectTypeOf(proxy.require("script-behavior", "rate-limiting", "enabled")).toEqualTypeOf<boolean>();
    expectTypeOf(proxy.optional(["global", "region"], "eu")).toEqualTypeOf<string>();
    // The value loadConfig would return: the file's config plus the two fields it adds.
    const loaded = { ...config, _orgId: "acme", _envType: "prod" } as LoadedConfig<AppConfig>;
    expectTypeOf(requireConfig(loaded, "_orgId")).toEqualTypeOf<string>();
    expectTypeOf(requireConfig(loaded, "global", "api-base-url")).toEqualTypeOf<string>();
  });
});
