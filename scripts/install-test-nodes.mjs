#!/usr/bin/env node
// Installs the Node binaries the package tests run the packed tarballs on (Node 20.19.0, 22, 24),
// from npm's node-<platform>-<arch> packages, into node_modules/.cache/txo-test-nodes/<line>.
// Without them those tests are skipped, each saying so. CI runs this before `npm test`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const LINES = ["20.19.0", "22", "24"];
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const packageName = `node-${process.platform}-${process.arch}`;
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
let failed = 0;

for (const line of LINES) {
  const prefix = join(repoRoot, "node_modules", ".cache", "txo-test-nodes", line);
  const binary = join(prefix, "node_modules", packageName, "bin", "node");
  if (existsSync(binary)) {
    process.stdout.write(`Node ${line}: already installed (${binary})\n`);
    continue;
  }
  mkdirSync(prefix, { recursive: true });
  const args = [
    "install",
    "--prefix",
    prefix,
    "--no-save",
    "--no-package-lock",
    "--no-audit",
    "--no-fund",
    "--loglevel=error",
    `${packageName}@${line}`,
  ];
  const result = spawnSync(npm, args, { stdio: "inherit" });
  const ok = result.status === 0 && existsSync(binary);
  if (!ok) failed++;
  process.stdout.write(
    ok
      ? `Node ${line}: installed (${binary})\n`
      : `Node ${line}: could not install ${packageName}@${line}; its tests will be skipped\n`,
  );
}
process.exitCode = failed > 0 ? 1 : 0;
