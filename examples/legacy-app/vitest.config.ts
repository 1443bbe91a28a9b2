import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // The codemods rewrite the app to import `txo-toolkit/runtime`; in this repository that is
    // the toolkit's own source tree (the same mapping as `paths` in tsconfig.json).
    alias: {
      "txo-toolkit/runtime": fileURLToPath(new URL("../../src/runtime/index.ts", import.meta.url)),
    },
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    pool: "forks",
    // Warnings and progress lines of the app would drown the test report; errors still show.
    env: { LEGACY_APP_LOG_LEVEL: "error" },
  },
});
