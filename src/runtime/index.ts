/**
 * `@txo-toolkit/runtime` (re-exported as `txo-toolkit/runtime`): the hardened helpers that fixed
 * code is migrated toward. Importing this entry loads neither ESLint nor ts-morph nor TypeScript.
 */
export {
  ApiAuthenticationError,
  ApiOperationError,
  ApiRateLimitError,
  ApiTimeoutError,
  ConfigurationError,
  EntityNotFoundError,
  ERROR_CODE_BRAND,
  FileOperationError,
  HelpfulError,
  isHelpfulError,
  ValidationError,
} from "./errors.js";
export type {
  ApiOperationErrorOptions,
  ApiRateLimitErrorOptions,
  ApiTimeoutErrorOptions,
  ConfigurationErrorOptions,
  EntityNotFoundErrorOptions,
  ErrorContext,
  FileOperationErrorOptions,
  HelpfulErrorJson,
  HelpfulErrorOptions,
  ValidationErrorOptions,
  ValidationIssue,
} from "./errors.js";
export { formatError } from "./format-error.js";
export type { FormatErrorOptions } from "./format-error.js";
export { attachConfigSource, CONFIG_SOURCE, ConfigProxy, configSourceOf, optional, requireConfig } from "./config.js";
export type {
  ConfigKey,
  ConfigKeysOf,
  ConfigSource,
  ConfigValueAt,
  RequiredConfigValue,
  ValidConfigPath,
} from "./config.js";
export { ConfigLoader, loadConfig, secretValuesOf } from "./load-config.js";
export type { ConfigSchema, LoadConfigOptions, LoadedConfig } from "./load-config.js";
export { Dir, getPath } from "./paths.js";
export type { DirName, GetPathOptions } from "./paths.js";
export { createLogger, LOG_LEVELS } from "./logger.js";
export type { CreateLoggerOptions, LogFields, Logger, LoggerContext, LogLevel, LogStream } from "./logger.js";
export { REDACTED, Redactor } from "./redact.js";
export type { RedactorOptions } from "./redact.js";
export { runMain } from "./main.js";
export { outputFileName, type OutputFileNameParts, utcFileTimestamp } from "./output-file-name.js";
export { colorSupported, type ColorTarget } from "./color-support.js";
export type { MainOutputStream, MainResult, RunMainOptions } from "./main.js";
export * from "./resilience/index.js";
export * from "./http/index.js";
export * from "./concurrency/index.js";
export * from "./auth/index.js";
