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
    globalSetup: ["test/global-setup.ts"],
  },
});
