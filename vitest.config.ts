import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // Tests run from source: the toolkit's imports of its runtime package resolve to src/runtime, as
  // tsconfig.json's `paths` do for the type-checker (the build resolves the built package instead).
  resolve: {
    alias: [
      { find: /^@txo-toolkit\/runtime$/, replacement: fileURLToPath(new URL("src/runtime/index.ts", import.meta.url)) },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    // test/.tmp holds fetched real-world packages (npm run precision), whose own tests are not ours.
    exclude: ["**/node_modules/**", "test/fixtures/**", "test/.tmp/**", "examples/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Vitest's default is one worker fewer than the cores: one worker on CI's 2-core machine, where most
    // files spend their time in a single thread (a type-checker program, a rule sweep, a child CLI) and
    // the second core sat idle. Every core runs a file; the slow tests' own timeouts allow for sharing.
    maxWorkers: availableParallelism(),
    globalSetup: ["test/global-setup.ts"],
  },
});
