import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { it } from "vitest";

/**
 * The Node release lines the packages promise to run on (`engines: >=20.19`): the lowest release
 * itself, where require(esm) first works unflagged, and each later LTS line. Their binaries come
 * from npm (`node scripts/install-test-nodes.mjs`, which CI runs); the running Node is always used.
 */
export const SUPPORTED_NODE_LINES: readonly string[] = Object.freeze(["20.19.0", "22", "24"]);

const repoRoot = resolve(import.meta.dirname, "..", "..");

/** Where scripts/install-test-nodes.mjs puts the binary of `line` (git-ignored, under node_modules). */
export function testNodePath(line: string): string {
  return join(
    repoRoot,
    "node_modules",
    ".cache",
    "txo-test-nodes",
    line,
    "node_modules",
    `node-${process.platform}-${process.arch}`,
    "bin",
    "node",
  );
}

export interface NodeBinary {
  /** Test-title label: the version line, or the running Node's version. */
  label: string;
  /** Undefined when the binary is not installed: the test is skipped and its title says why. */
  path: string | undefined;
}

/** The running Node, then each supported line whose binary is installed (or a named skip). */
export function nodeBinaries(): NodeBinary[] {
  const installed = SUPPORTED_NODE_LINES.map((line) => ({
    label: `Node ${line}`,
    path: existsSync(testNodePath(line)) ? testNodePath(line) : undefined,
  }));
  return [{ label: `Node ${process.version} (running)`, path: process.execPath }, ...installed];
}

/**
 * Registers `body` as one test per Node binary; a binary that is not installed gets a skipped test
 * whose title says why, so a run on Node 20 alone shows what it did not check.
 */
export function itOnEachNode(what: string, body: (node: string) => void | Promise<void>, timeout?: number): void {
  for (const binary of nodeBinaries()) {
    const node = binary.path;
    if (node === undefined)
      it.skip(`${what} on ${binary.label} — skipped: not installed (run \`node scripts/install-test-nodes.mjs\`)`, () =>
        undefined);
    else it(`${what} on ${binary.label}`, () => body(node), timeout);
  }
}
