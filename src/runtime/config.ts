/**
 * Hard-fail configuration reads. `requireConfig(config, "a", "b")` returns `config.a.b` or throws a
 * `ConfigurationError` that names the missing dotted path, the file it belongs in, and an example;
 * `optional(config, ["a", "b"], fallback)` is the explicit, greppable form for a deliberate default.
 * Neither ever prints a configuration value, so secrets cannot leak through their messages.
 */
import { ConfigurationError } from "./errors.js";
import { didYouMeanSuffix } from "./load-config-did-you-mean.js";

/** One step of a configuration path: an object key or an array index. */
export type ConfigKey = string | number;

/**
 * Registry-wide key under which `loadConfig` (or any caller) records where a configuration object
 * came from, so errors about it can name the file. Non-enumerable, never serialised.
 */
export const CONFIG_SOURCE: unique symbol = Symbol.for("txo-toolkit.config-source");

export interface ConfigSource {
  /** The file the configuration was read from, as the user should see it. */
  file: string;
  /** The git-ignored secrets file merged into it, if any. */
  secretsFile?: string;
}

type IsAny<T> = 0 extends 1 & T ? true : false;

type StepInto<T, K> =
  IsAny<T> extends true
    ? // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an `any` input stays `any`, as TypeScript's own types do
      any
    : T extends ReadonlyMap<unknown, infer Value>
      ? Value
      : T extends readonly (infer Item)[]
        ? K extends number | `${number}`
          ? Item
          : unknown
        : T extends object
          ? K extends keyof T
            ? T[K]
            : string extends keyof T
              ? T[string & keyof T]
              : unknown
          : unknown;

/** The type found by following `Path` into `T` (`unknown` where the type does not say). */
export type ConfigValueAt<T, Path extends readonly ConfigKey[]> = Path extends readonly []
  ? T
  : Path extends readonly [infer Head, ...infer Rest extends readonly ConfigKey[]]
    ? ConfigValueAt<StepInto<NonNullable<T>, Head>, Rest>
    : unknown;

/** The keys a path may take at `T`: its own keys for known shapes, any key where the type does not say. */
export type ConfigKeysOf<T> =
  IsAny<T> extends true
    ? ConfigKey
    : unknown extends T
      ? ConfigKey
      : NonNullable<T> extends ReadonlyMap<infer Key, unknown>
        ? Extract<Key, ConfigKey>
        : NonNullable<T> extends readonly unknown[]
          ? number | `${number}`
          : NonNullable<T> extends object
            ? [keyof NonNullable<T>] extends [never]
              ? ConfigKey // `object`, `{}`: the type does not say
              : string extends keyof NonNullable<T>
                ? ConfigKey
                : Extract<keyof NonNullable<T>, string> | Extract<keyof NonNullable<T>, number>
            : never;

/**
 * `Path` checked against `T` one step at a time: a key that the type of `T` does not have becomes
 * `never`, so a misspelt key is a compile error at its own position.
 */
export type ValidConfigPath<T, Path extends readonly ConfigKey[]> = Path extends readonly [
  infer Head extends ConfigKey,
  ...infer Rest extends readonly ConfigKey[],
]
  ? readonly [Head & ConfigKeysOf<T>, ...ValidConfigPath<StepInto<NonNullable<T>, Head>, Rest>]
  : readonly [];

/** What `requireConfig` returns: the value without `null`/`undefined` (`unknown` stays `unknown`). */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an `any` input stays `any`, as TypeScript's own types do
export type RequiredConfigValue<T> = IsAny<T> extends true ? any : unknown extends T ? unknown : NonNullable<T>;

/** Attach source information to a configuration object (non-enumerable, so JSON output is unchanged). */
export function attachConfigSource<T extends object>(config: T, source: ConfigSource): T {
  Object.defineProperty(config, CONFIG_SOURCE, {
    value: Object.freeze({ ...source }),
    enumerable: false,
    configurable: true,
  });
  return config;
}

/** Where a configuration object came from, if `loadConfig` or `attachConfigSource` recorded it. */
export function configSourceOf(config: unknown): ConfigSource | undefined {
  if (typeof config !== "object" || config === null) return undefined;
  // A non-null object; a config without the source symbol reads as undefined, as the type allows.
  return (config as { [CONFIG_SOURCE]?: ConfigSource })[CONFIG_SOURCE];
}

function dottedPath(path: readonly ConfigKey[]): string {
  return path.map(String).join(".");
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

/** A minimal JSON snippet that shows the nesting of `path`, with a placeholder at the leaf. */
export function exampleForPath(path: readonly ConfigKey[], leaf = "<value>"): string {
  let snippet = leaf;
  for (let index = path.length - 1; index >= 0; index -= 1) {
    const indent = "  ".repeat(index);
    snippet = `{\n${indent}  "${String(path[index])}": ${snippet}\n${indent}}`;
  }
  return snippet;
}

function whereItBelongs(source: ConfigSource | undefined): string {
  if (source === undefined) return "your configuration file";
  return source.secretsFile === undefined ? source.file : `${source.file} (or, for a secret, ${source.secretsFile})`;
}

function keysOf(container: unknown): string[] {
  if (container instanceof Map) return [...container.keys()].map(String);
  return typeof container === "object" && container !== null ? Object.keys(container) : [];
}

/** One step down the path: own properties of plain objects and arrays, entries of a Map-backed configuration. */
function childOf(container: object, key: ConfigKey): unknown {
  if (container instanceof Map) return container.get(key) ?? container.get(String(key));
  const name = String(key);
  // The Map case returned above; Object.hasOwn just confirmed this object has the key.
  return Object.hasOwn(container, name) ? (container as Record<string, unknown>)[name] : undefined;
}

function missingKeyError(
  config: unknown,
  path: readonly ConfigKey[],
  depth: number,
  container: unknown,
): ConfigurationError {
  const source = configSourceOf(config);
  const missingPath = path.slice(0, depth + 1);
  const dotted = dottedPath(missingPath);
  const parent = depth === 0 ? "the top level" : `"${dottedPath(path.slice(0, depth))}"`;
  const available = keysOf(container).filter((key) => !key.startsWith("_"));
  const hint = didYouMeanSuffix(String(path[depth]), available);
  const listing = available.length === 0 ? "" : ` Keys present at ${parent}: ${available.join(", ")}.`;
  return new ConfigurationError({
    whatWentWrong: `Required configuration key "${dotted}" is missing from ${source?.file ?? "the configuration"}.${hint}${listing}`,
    howToFix: `Add "${dotted}" to ${whereItBelongs(source)}. If a default is really intended, read it with optional(config, ${JSON.stringify(missingPath)}, <default>) instead.`,
    example: exampleForPath(missingPath),
    context: { operation: "read configuration", resource: source?.file, details: { path: dotted } },
    path: dotted,
    file: source?.file,
  });
}

function notAnObjectError(
  config: unknown,
  path: readonly ConfigKey[],
  depth: number,
  container: unknown,
): ConfigurationError {
  const source = configSourceOf(config);
  const dotted = dottedPath(path.slice(0, depth));
  return new ConfigurationError({
    whatWentWrong: `Configuration key "${dotted}" is ${describeType(container)}, but "${dottedPath(path)}" needs it to be an object.`,
    howToFix: `Make "${dotted}" an object in ${whereItBelongs(source)}.`,
    example: exampleForPath(path),
    context: { operation: "read configuration", resource: source?.file, details: { path: dotted } },
    path: dotted,
    file: source?.file,
  });
}

type Lookup = { found: true; value: unknown } | { found: false; depth: number; container: unknown };

/** Follows `path`; absent and `null` both count as missing. Throws when a step is not an object. */
function lookUp(config: unknown, path: readonly ConfigKey[]): Lookup {
  let current: unknown = config;
  for (const [depth, key] of path.entries()) {
    if (current === undefined || current === null) return { found: false, depth, container: undefined };
    if (typeof current !== "object") throw notAnObjectError(config, path, depth, current);
    const next: unknown = childOf(current, key);
    if (next === undefined || next === null) return { found: false, depth, container: current };
    current = next;
  }
  return { found: true, value: current };
}

function assertPath(path: readonly ConfigKey[], caller: string): void {
  if (path.length > 0 && path.every((key) => typeof key === "string" || typeof key === "number")) return;
  throw new ConfigurationError({
    whatWentWrong: `${caller} was called with an empty or invalid key path.`,
    howToFix: "Pass the keys leading to the value, one argument (or array element) per level.",
    example:
      caller === "requireConfig"
        ? 'requireConfig(config, "script-behavior", "rate-limiting")'
        : 'optional(config, ["script-behavior", "api-delay-seconds"], 1)',
  });
}

function requireAt(config: unknown, path: readonly ConfigKey[]): unknown {
  assertPath(path, "requireConfig");
  const result = lookUp(config, path);
  if (!result.found) throw missingKeyError(config, path, result.depth, result.container);
  return result.value;
}

function optionalAt(config: unknown, path: readonly ConfigKey[], fallback: unknown): unknown {
  assertPath(path, "optional");
  const result = lookUp(config, path);
  return result.found ? result.value : fallback;
}

/**
 * The value at `path` inside `config`; throws a `ConfigurationError` naming the first missing key
 * at its own dotted path (`script-behavior.rate-limiting.calls-per-second`). `null` counts as missing.
 * For a typed `config`, a key its type does not have is a compile error.
 */
export function requireConfig<T, const Path extends readonly ConfigKey[]>(
  config: T,
  ...path: Path & ValidConfigPath<T, Path>
): RequiredConfigValue<ConfigValueAt<T, Path>> {
  // ValidConfigPath checked the path against T at compile time, so the value found there has that type.
  return requireAt(config, path) as RequiredConfigValue<ConfigValueAt<T, Path>>;
}

/**
 * The value at `path`, or `fallback` when any key along the path is absent (or `null`). This is
 * the explicit form of a deliberate default; a path that runs into a non-object still throws.
 */
export function optional<T, const Path extends readonly ConfigKey[], Fallback>(
  config: T,
  path: Path & ValidConfigPath<T, Path>,
  fallback: Fallback,
): RequiredConfigValue<ConfigValueAt<T, Path>> | Fallback {
  // ValidConfigPath checked the path against T; a missing key yields the fallback itself.
  return optionalAt(config, path, fallback) as RequiredConfigValue<ConfigValueAt<T, Path>> | Fallback;
}

/**
 * A configuration object with its source attached: `proxy.require("a", "b")`,
 * `proxy.optional(["a", "b"], 1)`, and `proxy.source` for messages of your own.
 */
export class ConfigProxy<T extends object> {
  readonly #config: T;
  readonly #source: ConfigSource;

  /**
   * `source` is where the configuration came from: a `ConfigSource`, or just the file name
   * (`new ConfigProxy(config, "acme-prod-config.json")`). Without it, the source `loadConfig` recorded.
   */
  constructor(config: T, source?: ConfigSource | string) {
    if (typeof source === "string" && source.trim() === "") {
      throw new ConfigurationError({
        whatWentWrong: "ConfigProxy was given an empty file name as the configuration's source.",
        howToFix: "Pass the name of the file the configuration came from, or a { file, secretsFile } object.",
        example: 'new ConfigProxy(config, "acme-prod-config.json")',
      });
    }
    const givenSource = typeof source === "string" ? { file: source } : source;
    const knownSource = givenSource ?? configSourceOf(config);
    if (knownSource === undefined) {
      throw new ConfigurationError({
        whatWentWrong: "ConfigProxy was created without knowing which file the configuration came from.",
        howToFix: "Pass the source file as the second argument, or create the proxy from the result of loadConfig().",
        example: 'new ConfigProxy(config, "config/acme-prod-config.json")',
      });
    }
    this.#source = Object.freeze({ ...knownSource });
    this.#config = givenSource === undefined ? config : attachConfigSource({ ...config }, this.#source);
  }

  /** Where this configuration came from. */
  get source(): ConfigSource {
    return this.#source;
  }

  require<const Path extends readonly ConfigKey[]>(
    ...path: Path & ValidConfigPath<T, Path>
  ): RequiredConfigValue<ConfigValueAt<T, Path>> {
    // ValidConfigPath checked the path against T at compile time, so the value found there has that type.
    return requireAt(this.#config, path) as RequiredConfigValue<ConfigValueAt<T, Path>>;
  }

  optional<const Path extends readonly ConfigKey[], Fallback>(
    path: Path & ValidConfigPath<T, Path>,
    fallback: Fallback,
  ): RequiredConfigValue<ConfigValueAt<T, Path>> | Fallback {
    // ValidConfigPath checked the path against T; a missing key yields the fallback itself.
    return optionalAt(this.#config, path, fallback) as RequiredConfigValue<ConfigValueAt<T, Path>> | Fallback;
  }
}
