import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESTree } from "@typescript-eslint/utils";
import picomatch from "picomatch";
import { staticKeyOfExpression, unwrapExpression } from "./soft-fail-paths.js";

/**
 * Environment variables the operating system, the shell, the package manager, the CI service or
 * the bundler sets, not the application's deployment: a missing `HOME` or `CI` is a fact about the machine,
 * and `process.env.LOCALAPPDATA || join(homedir(), …)` is the portable way to read it. Globs,
 * matched without regard to case (Windows spells them `Path`, `AppData`, …).
 */
export const DEFAULT_RUNTIME_VARIABLES: readonly string[] = Object.freeze([
  "HOME",
  "USERPROFILE",
  "HOMEDRIVE",
  "HOMEPATH",
  "APPDATA",
  "LOCALAPPDATA",
  "PROGRAMDATA",
  "PROGRAMFILES*",
  "SYSTEMROOT",
  "WINDIR",
  "TMPDIR",
  "TMP",
  "TEMP",
  "XDG_*",
  "PATH",
  "PATHEXT",
  "SHELL",
  "COMSPEC",
  "USER",
  "USERNAME",
  "LOGNAME",
  "HOSTNAME",
  "PWD",
  "OLDPWD",
  "LANG",
  "LANGUAGE",
  "LC_*",
  "TZ",
  "TERM",
  "TERM_PROGRAM",
  "COLORTERM",
  "COLUMNS",
  "LINES",
  "NO_COLOR",
  "FORCE_COLOR",
  "EDITOR",
  "VISUAL",
  "CI",
  "CONTINUOUS_INTEGRATION",
  "GITHUB_*",
  "GITLAB_CI",
  "CI_*",
  "VERCEL",
  "VERCEL_*",
  "NETLIFY",
  "CF_PAGES*",
  "WORKERS_CI*",
  "NODE_ENV",
  "NODE_OPTIONS",
  "npm_*",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  // Set by Expo's bundler when it builds the bundle (the platform and the app's base path), not by a deployment.
  "EXPO_OS",
  "EXPO_BASE_URL",
  // The native toolchain's own variables (make, cc-rs, cargo, rustup): a build tool passes them through
  // to the compiler it runs, and an unset one means the compiler's own default, not a missing setting.
  "CC",
  "CXX",
  "AR",
  "RANLIB",
  "LD",
  "CFLAGS",
  "CXXFLAGS",
  "CPPFLAGS",
  "LDFLAGS",
  "CC_*",
  "CXX_*",
  "AR_*",
  "CFLAGS_*",
  "CXXFLAGS_*",
  "HOST_CC",
  "HOST_CXX",
  "HOST_AR",
  "HOST_CFLAGS",
  "HOST_CXXFLAGS",
  "TARGET_CC",
  "TARGET_CXX",
  "TARGET_AR",
  "TARGET_RANLIB",
  "TARGET_CFLAGS",
  "TARGET_CXXFLAGS",
  "TARGET_SYSROOT",
  "RUSTC",
  "RUSTC_*",
  "RUSTFLAGS",
  "RUSTDOCFLAGS",
  "RUSTUP_*",
  "CARGO",
  "CARGO_*",
  "PKG_CONFIG*",
  "SDKROOT",
  "MACOSX_DEPLOYMENT_TARGET",
  "JAVA_HOME",
  "ANDROID_HOME",
  "ANDROID_SDK_ROOT",
  "ANDROID_NDK*",
]);

/**
 * Variables a hosting platform sets in every process it runs (AWS Lambda's reserved variables, Azure
 * Functions, Google Cloud Run and Functions, Kubernetes, Deno Deploy): code reads them to learn where it
 * runs, and a missing one means "not on that platform", not a deployment that forgot a setting.
 */
export const DEFAULT_PLATFORM_VARIABLES: readonly string[] = Object.freeze([
  "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_*",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "LAMBDA_TASK_ROOT",
  "LAMBDA_RUNTIME_DIR",
  "_HANDLER",
  "FUNCTIONS_WORKER_RUNTIME",
  "FUNCTIONS_EXTENSION_VERSION",
  "WEBSITE_SITE_NAME",
  "WEBSITE_INSTANCE_ID",
  "K_SERVICE",
  "K_REVISION",
  "K_CONFIGURATION",
  "FUNCTION_NAME",
  "FUNCTION_TARGET",
  "FUNCTION_SIGNATURE_TYPE",
  "FUNCTION_MEMORY_MB",
  "FUNCTION_REGION",
  "FUNCTION_TIMEOUT_SEC",
  "KUBERNETES_SERVICE_HOST",
  "KUBERNETES_SERVICE_PORT",
  "DENO_DEPLOYMENT_ID",
  "DENO_REGION",
]);

/** An environment variable name as written in code: `PWDEBUG`, `API_URL`, `npm_config_arch`. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A helper that reads one environment variable: `getFromENV("PWDEBUG")`, `env("X")`, `readEnvVar("X")`. */
const ENV_HELPER_NAME = /env/i;
const UPPER_SNAKE = /^[A-Z][A-Z0-9_]+$/;
/** Callees that end the current path loudly: `return ctx.crash(…)`, `fail(…)`, `fatal(…)`, `exitWithError(…)`. */
const FAILING_CALLEE = /crash|fail|fatal|panic|abort|exit|throw/i;

export type RuntimeVariableTest = (name: string) => boolean;

export function runtimeVariableTest(globs: readonly string[]): RuntimeVariableTest {
  if (globs.length === 0) return () => false;
  // Compiled on the first name asked about: a rule is created per file, and most files read no variable.
  let matches: ((name: string) => boolean) | undefined;
  return (name) => VARIABLE_NAME.test(name) && (matches ??= picomatch([...globs], { nocase: true }))(name);
}

/** The variable name a member of an environment object reads: `env.HOME`, `env["CI"]`. */
export function environmentKey(member: TSESTree.MemberExpression): string | undefined {
  const key = member.computed
    ? staticKeyOfExpression(member.property)
    : member.property.type === AST_NODE_TYPES.Identifier
      ? { value: member.property.name }
      : undefined;
  return key?.value;
}

function calleeName(callee: TSESTree.Node): string | undefined {
  const node = unwrapExpression(callee);
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (
    node.type === AST_NODE_TYPES.MemberExpression &&
    !node.computed &&
    node.property.type === AST_NODE_TYPES.Identifier
  )
    return node.property.name;
  return undefined;
}

/** `getFromENV("PWDEBUG")`: a call that reads one environment variable, named in UPPER_SNAKE case. */
export function environmentHelperVariable(call: TSESTree.CallExpression): string | undefined {
  const name = calleeName(call.callee);
  const argument = call.arguments.at(0);
  if (name === undefined || !ENV_HELPER_NAME.test(name) || call.arguments.length !== 1) return undefined;
  if (argument?.type !== AST_NODE_TYPES.Literal || typeof argument.value !== "string") return undefined;
  return UPPER_SNAKE.test(argument.value) ? argument.value : undefined;
}

/** `x ?? null`, `x || undefined`: the fallback keeps "missing" visible to the caller instead of picking a value. */
export function isAbsentValue(node: TSESTree.Node): boolean {
  const value = unwrapExpression(node);
  if (value.type === AST_NODE_TYPES.Literal) return value.value === null && !("regex" in value);
  if (value.type === AST_NODE_TYPES.Identifier) return value.name === "undefined";
  return value.type === AST_NODE_TYPES.UnaryExpression && value.operator === "void";
}

/** `return ctx.crash({ … })`, `return fail("…")`: the branch ends loudly, it does not supply a default. */
export function isFailingCall(node: TSESTree.Node): boolean {
  let value = unwrapExpression(node);
  if (value.type === AST_NODE_TYPES.AwaitExpression) value = unwrapExpression(value.argument);
  if (value.type !== AST_NODE_TYPES.CallExpression) return false;
  const name = calleeName(value.callee);
  return name !== undefined && FAILING_CALLEE.test(name);
}
