#!/usr/bin/env node
// The main job, end to end on the bundled legacy app: audit it, show the codemods' dry-run diff,
// apply them in a scratch copy, audit again, and prove the migrated app still compiles and passes
// its tests. The repository itself is never modified.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const audit = join(repoRoot, "dist", "cli", "txo-audit.js");
const codemod = join(repoRoot, "dist", "cli", "txo-codemod.js");

function banner(title) {
  process.stdout.write(`\n${"=".repeat(78)}\n${title}\n${"=".repeat(78)}\n`);
}

function run(command, args, cwd, { allowFailure = false } = {}) {
  process.stdout.write(`$ ${[command === process.execPath ? "node" : command, ...args].join(" ")}\n`);
  const result = spawnSync(command, args, { cwd, stdio: "inherit" });
  if (result.status !== 0 && !allowFailure)
    throw new Error(`${command} ${args.join(" ")} exited with ${result.status}`);
  return result.status;
}

// A sibling of examples/legacy-app (and git-ignored) inside the repository, so the
// "@txo-toolkit/runtime" import the codemods add resolves through the root node_modules to the
// built workspace package, as it would in a project that installed it.
function scratchCopy() {
  const dir = join(repoRoot, "examples", "legacy-app-migrated");
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(repoRoot, "examples", "legacy-app"), dir, {
    recursive: true,
    filter: (path) => !path.includes("node_modules") && !path.includes(`${"/"}reports`),
  });
  const git = (...args) => execFileSync("git", args, { cwd: dir, stdio: "ignore" });
  git("init", "-q");
  git("-c", "user.email=demo@example.com", "-c", "user.name=txo demo", "add", "-A");
  git("-c", "user.email=demo@example.com", "-c", "user.name=txo demo", "commit", "-q", "-m", "legacy app");
  return dir;
}

const app = scratchCopy();
try {
  banner("1. txo-audit: where the legacy app stands");
  run(
    process.execPath,
    [audit, ".", "--format", "terminal", "--format", "md", "--format", "html", "--fail-on", "none"],
    app,
  );
  banner("2. txo-codemod all (dry run): the unified diff, nothing written");
  run(process.execPath, [codemod, "all", "--config-files", "config/*-config.json"], app);
  banner("3. txo-codemod all --write: apply, with the change table");
  run(process.execPath, [codemod, "all", "--write", "--quiet", "--config-files", "config/*-config.json"], app);
  banner("4. txo-audit again: what is left (only rows the change table marks manual)");
  run(process.execPath, [audit, ".", "--format", "terminal", "--fail-on", "none"], app);
  banner("5. the migrated app still type-checks and its tests pass");
  run(process.execPath, [join(repoRoot, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", "."], app);
  run(process.execPath, [join(repoRoot, "node_modules", "vitest", "vitest.mjs"), "run", "--root", "."], app);
  process.stdout.write(`\nThe migrated copy is in ${app} (reports/ holds the audit and the change table).\n`);
} catch (error) {
  process.stderr.write(`\ndemo failed: ${error.message}\n`);
  rmSync(app, { recursive: true, force: true });
  process.exitCode = 1;
}
