import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * Packs the two packages as `npm pack` would publish them. Each is compiled into a staging copy
 * (the `build` script's compiler runs with another outDir) so the repository's own dist/ folders,
 * which other test files run, are never rewritten under them.
 */

export const repoRoot = resolve(import.meta.dirname, "..", "..");
export const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");

export function runOrThrow(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, npm_config_update_notifier: "false" },
  });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

function pack(staging: string, destination: string): string {
  mkdirSync(destination, { recursive: true });
  runOrThrow(npm, ["pack", "--ignore-scripts", "--pack-destination", destination], staging);
  const tarball = readdirSync(destination).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack wrote no tarball into ${destination}`);
  return join(destination, tarball);
}

/** @txo-toolkit/runtime's tarball, built from src/runtime by packages/runtime/tsconfig.json. */
export function packRuntime(workspace: string): string {
  const runtimeDir = join(repoRoot, "packages", "runtime");
  const staging = join(workspace, "runtime-staging");
  runOrThrow(
    process.execPath,
    [tsc, "-p", join(runtimeDir, "tsconfig.json"), "--outDir", join(staging, "dist")],
    repoRoot,
  );
  for (const name of ["package.json", "README.md"])
    writeFileSync(join(staging, name), readFileSync(join(runtimeDir, name)));
  // The package's prepack script copies the LICENSE; --ignore-scripts skips it, so it is done here.
  writeFileSync(join(staging, "LICENSE"), readFileSync(join(repoRoot, "LICENSE")));
  return pack(staging, join(workspace, "runtime-tarball"));
}

/** What the toolkit's package.json "files" ships besides dist/ (package.json itself always ships). */
const TOOLKIT_SHIPPED = ["package.json", "README.md", "LICENSE", "schemas", "docs"];

/**
 * txo-toolkit's tarball. Its build resolves `@txo-toolkit/runtime` to the built workspace package
 * (packages/runtime/dist, which `npm run build` and the test setup make first).
 */
export function packToolkit(workspace: string): string {
  const staging = join(workspace, "toolkit-staging");
  mkdirSync(staging, { recursive: true });
  for (const entry of TOOLKIT_SHIPPED.filter((name) => existsSync(join(repoRoot, name))))
    cpSync(join(repoRoot, entry), join(staging, entry), { recursive: true });
  runOrThrow(
    process.execPath,
    [tsc, "-p", join(repoRoot, "tsconfig.build.json"), "--outDir", join(staging, "dist")],
    repoRoot,
  );
  return pack(staging, join(workspace, "toolkit-tarball"));
}
