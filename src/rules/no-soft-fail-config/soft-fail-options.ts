import { isAbsolute, relative } from "node:path";
import type { JSONSchema4 } from "@typescript-eslint/utils/json-schema";
import picomatch from "picomatch";
import type { ProjectConfigStore } from "../../config/project-config.js";
import { optional } from "@txo-toolkit/runtime";
import {
  DEFAULT_PLATFORM_VARIABLES,
  DEFAULT_RUNTIME_VARIABLES,
  type RuntimeVariableTest,
  runtimeVariableTest,
} from "./soft-fail-environment.js";
import { DEFAULT_IMPORT_SOURCE } from "../../rewrite/fix-text.js";

/** Options of `txo/no-soft-fail-config`, as written in an ESLint config. */
export interface SoftFailOptions {
  /**
   * Identifiers that hold configuration. Replaces the project's `configNames`, which replace the
   * defaults. Names ending in `Config` or `Settings` always count.
   */
  configNames?: string[];
  /** Functions whose calls are explicit, checked configuration reads (`requireConfig`, `optional`). */
  explicitHelpers?: string[];
  /** Also treat `process.env` and `import.meta.env` as configuration. */
  checkEnvironment?: boolean;
  /**
   * Environment variables (globs, any case) that the OS, shell, package manager or CI service sets:
   * reading them with a fallback is not a soft-fail. Replaces the default list; `[]` checks every variable.
   */
  runtimeVariables?: string[];
  /**
   * Environment variables (globs, any case) a hosting platform sets (`AWS_EXECUTION_ENV`, `K_SERVICE`,
   * `FUNCTIONS_WORKER_RUNTIME`…): code reads them to detect the platform. Replaces the default list; `[]`
   * checks them all.
   */
  platformVariables?: string[];
  /** Files the rule skips (globs relative to ESLint's working directory), e.g. the runtime helpers themselves. */
  ignoreFiles?: string[];
  /** Module the suggestions import `requireConfig` / `optional` from. */
  importSource?: string;
  /**
   * Skip keys that the named type of the value read marks optional (`count?: number`): a library's
   * options argument, whose defaults are the API's documented defaults. "publishedPackages" (default)
   * follows the type through the package's own files (relative imports) in packages published to a
   * registry (package.json not `"private": true`); "always" does so in every file; "sameFile" looks only
   * at the linted file's own types; "off" never skips.
   */
  optionalKeysOfTypes?: OptionalKeysOfTypes;
  /**
   * What the linted package is. In a "library", a fallback on a value its caller passes in (a parameter
   * named like configuration, or a value derived from one) is the API's documented default and is not
   * reported; environment reads and loaded configuration files still are. Default "application". "auto" says
   * "library" for a package published to a registry (package.json with a name and version, not
   * `"private": true`) that others can import (not only a `bin`), and "application" otherwise.
   */
  packageKind?: PackageKind;
}

export type PackageKind = "auto" | "application" | "library";

export type SoftFailRuleOptions = [SoftFailOptions];

export type OptionalKeysOfTypes = "off" | "sameFile" | "publishedPackages" | "always";

export const DEFAULT_CONFIG_NAMES: readonly string[] = Object.freeze([
  "config",
  "cfg",
  "conf",
  "configuration",
  "settings",
]);
export { DEFAULT_IMPORT_SOURCE };
export const DEFAULT_EXPLICIT_HELPERS: readonly string[] = Object.freeze(["requireConfig", "optional"]);

/** `configNames` is left out on purpose: when absent, the project file decides, then the defaults. */
export const SOFT_FAIL_DEFAULT_OPTIONS: SoftFailRuleOptions = [
  {
    explicitHelpers: [...DEFAULT_EXPLICIT_HELPERS],
    checkEnvironment: true,
    runtimeVariables: [...DEFAULT_RUNTIME_VARIABLES],
    platformVariables: [...DEFAULT_PLATFORM_VARIABLES],
    ignoreFiles: [],
    importSource: DEFAULT_IMPORT_SOURCE,
    optionalKeysOfTypes: "publishedPackages",
    packageKind: "application",
  },
];

const NAME_LIST: JSONSchema4 = { type: "array", items: { type: "string", minLength: 1 }, uniqueItems: true };

export const SOFT_FAIL_OPTIONS_SCHEMA: JSONSchema4[] = [
  {
    type: "object",
    additionalProperties: false,
    properties: {
      configNames: {
        ...NAME_LIST,
        description: "Identifiers that hold configuration (names ending in Config/Settings always count).",
      },
      explicitHelpers: { ...NAME_LIST, description: "Functions whose calls are explicit configuration reads." },
      checkEnvironment: { type: "boolean", description: "Treat process.env and import.meta.env as configuration." },
      runtimeVariables: {
        ...NAME_LIST,
        description:
          "Environment variables (globs, any case) set by the OS, shell, package manager or CI: not configuration.",
      },
      platformVariables: {
        ...NAME_LIST,
        description:
          "Environment variables (globs, any case) a hosting platform sets, read to detect it: not configuration.",
      },
      ignoreFiles: { ...NAME_LIST, description: "Globs of files to skip, relative to the working directory." },
      importSource: {
        type: "string",
        minLength: 1,
        description: "Module the suggestions import requireConfig/optional from.",
      },
      optionalKeysOfTypes: {
        type: "string",
        enum: ["off", "sameFile", "publishedPackages", "always"],
        description:
          "Skip keys the value's named type declares optional (a library's options argument): following the package's files in published packages or always, the same file's types only, or never.",
      },
      packageKind: {
        type: "string",
        enum: ["auto", "application", "library"],
        description:
          "In a library, fallbacks on values the caller passes in are the API's documented defaults: not reported. Opt-in (default application); auto: a published package that is not only a bin is a library.",
      },
    },
  },
];

/** Everything the rule needs for one file, after options, project file and defaults are combined. */
export interface SoftFailSettings {
  isConfigName: (name: string) => boolean;
  explicitHelpers: ReadonlySet<string>;
  checkEnvironment: boolean;
  isRuntimeVariable: RuntimeVariableTest;
  importSource: string;
  optionalKeysOfTypes: OptionalKeysOfTypes;
  packageKind: PackageKind;
}

/** Always configuration, whatever `configNames` says: `appConfig`, `AppSettings`, `DB_CONFIG`, `tsconfig`. */
const CONFIG_SUFFIX = /(?:Config|Settings|_CONFIG|_SETTINGS|[a-z]config)$/;

function configNamesFor(
  options: SoftFailOptions,
  filename: string,
  projectConfigs: ProjectConfigStore,
): readonly string[] {
  if (options.configNames) return options.configNames;
  return optional(projectConfigs.load(filename).config, ["configNames"], DEFAULT_CONFIG_NAMES);
}

/** Combines rule options (first), the project's txo.config.json (second) and the defaults. */
export function resolveSoftFailSettings(
  options: SoftFailOptions,
  filename: string,
  projectConfigs: ProjectConfigStore,
): SoftFailSettings {
  const names = new Set(configNamesFor(options, filename, projectConfigs));
  return {
    isConfigName: (name) => names.has(name) || CONFIG_SUFFIX.test(name),
    explicitHelpers: new Set(options.explicitHelpers ?? DEFAULT_EXPLICIT_HELPERS),
    checkEnvironment: options.checkEnvironment ?? true,
    isRuntimeVariable: runtimeVariableTest([
      ...(options.runtimeVariables ?? DEFAULT_RUNTIME_VARIABLES),
      ...(options.platformVariables ?? DEFAULT_PLATFORM_VARIABLES),
    ]),
    importSource: options.importSource ?? DEFAULT_IMPORT_SOURCE,
    optionalKeysOfTypes: options.optionalKeysOfTypes ?? "publishedPackages",
    packageKind: options.packageKind ?? "application",
  };
}

/** True when `filename` matches one of the `ignoreFiles` globs (relative to `cwd`, or absolute). */
export function isIgnoredFile(globs: readonly string[] | undefined, filename: string, cwd: string): boolean {
  if (!globs || globs.length === 0) return false;
  const matches = picomatch([...globs], { dot: true });
  const fromCwd = relative(cwd, filename).split("\\").join("/");
  const candidates = [filename.split("\\").join("/")];
  if (!fromCwd.startsWith("../") && !isAbsolute(fromCwd)) candidates.push(fromCwd);
  return candidates.some((candidate) => matches(candidate));
}
