import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Builds dist/ once before any test file runs: the end-to-end tests run the built binaries
 * (as users do), and building once avoids test files racing to rewrite dist/.
 */
export default function buildOnce(): void {
  // CI runs `npm ci` first, whose `prepare` script has just built dist/ from the same sources.
  if (process.env.TXO_SKIP_BUILD === "1" || process.env.CI === "true") return;
  const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
  try {
    // The `build` script's order: the toolkit's dist/ imports the runtime package's build.
    for (const project of [
      join(repoRoot, "packages", "runtime", "tsconfig.json"),
      join(repoRoot, "tsconfig.build.json"),
    ]) {
      execFileSync(process.execPath, [tsc, "-p", project], { cwd: repoRoot, stdio: "pipe" });
    }
  } catch (error) {
    // `npm ci` (prepare) already fails loudly on a broken build; here the e2e tests will show it.
    process.stderr.write(
      `warning: the build before the tests failed:\n${String((error as { stdout?: unknown }).stdout ?? error)}\n`,
    );
  }
}
