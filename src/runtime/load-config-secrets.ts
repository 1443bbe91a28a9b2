/**
 * The secrets file: merged into the configuration, and every value in it remembered so a logger
 * can redact it wherever it appears. Messages about secrets name keys, never values.
 */
import { ConfigurationError } from "./errors.js";

/** Registry-wide key for the secret values of a loaded configuration (non-enumerable). */
export const SECRET_VALUES: unique symbol = Symbol.for("txo-toolkit.secret-values");

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every string and number leaf of the secrets, as strings (short values are kept too). */
export function collectSecretValues(secrets: unknown): string[] {
  if (typeof secrets === "string") return secrets.length === 0 ? [] : [secrets];
  if (typeof secrets === "number") return [String(secrets)];
  if (Array.isArray(secrets)) return secrets.flatMap(collectSecretValues);
  if (isPlainObject(secrets)) return Object.values(secrets).flatMap(collectSecretValues);
  return [];
}

function collisionError(path: string[], secretsFile: string): ConfigurationError {
  const dotted = path.join(".");
  return new ConfigurationError({
    whatWentWrong: `The secrets file ${secretsFile} sets "${dotted}", which the configuration file already sets to a non-object value.`,
    howToFix: `Keep "${dotted}" in only one of the two files: secrets in the secrets file, everything else in the configuration file.`,
    example: `{\n  "${path[0]}": "<only in one file>"\n}`,
    path: dotted,
    file: secretsFile,
  });
}

// defineProperty keeps a "__proto__" key an ordinary own key instead of replacing the prototype.
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function mergeAt(
  config: Record<string, unknown>,
  secrets: Record<string, unknown>,
  path: string[],
  secretsFile: string,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...config };
  for (const [key, secretValue] of Object.entries(secrets)) {
    const keyPath = [...path, key];
    if (!Object.hasOwn(config, key)) {
      setOwn(merged, key, secretValue);
      continue;
    }
    const configValue = config[key];
    if (!isPlainObject(configValue) || !isPlainObject(secretValue)) throw collisionError(keyPath, secretsFile);
    setOwn(merged, key, mergeAt(configValue, secretValue, keyPath, secretsFile));
  }
  return merged;
}

/** A new object with the secrets merged in (objects merge key by key; a clash of leaves is an error). */
export function mergeSecrets(
  config: Record<string, unknown>,
  secrets: Record<string, unknown>,
  secretsFile: string,
): Record<string, unknown> {
  return mergeAt(config, secrets, [], secretsFile);
}

/**
 * The values that came from the secrets file of a configuration returned by `loadConfig` (empty
 * when the application has no secrets file). Throws for any other object: its secrets are
 * unknown, and an empty list would silently switch redaction off.
 */
export function secretValuesOf(config: object): readonly string[] {
  // loadConfig defines SECRET_VALUES as a frozen string array; other objects lack it and are handled below.
  const record = config as { [SECRET_VALUES]?: readonly string[] };
  // Object.hasOwn just found the key, which loadConfig only ever sets to a frozen string array.
  if (Object.hasOwn(config, SECRET_VALUES)) return record[SECRET_VALUES] as readonly string[];
  throw new ConfigurationError({
    whatWentWrong:
      "secretValuesOf() was given an object that did not come from loadConfig(), so which of its values are secrets is unknown.",
    howToFix: "Pass the object returned by loadConfig(), or give the logger the secret values yourself.",
    example:
      'const config = loadConfig({ orgId: "acme", envType: "prod", dir: "config", schema });\nconst logger = createLogger({ stream: process.stderr, secrets: secretValuesOf(config) });',
  });
}
