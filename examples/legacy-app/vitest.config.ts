import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    pool: "forks",
    // Warnings and progress lines of the app would drown the test report; errors still show.
    env: { LEGACY_APP_LOG_LEVEL: "error" },
  },
});
