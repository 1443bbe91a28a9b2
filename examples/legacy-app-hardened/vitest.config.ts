import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Inside this repository `txo-toolkit/runtime` is the toolkit's own source tree (the same
    // mapping as `paths` in tsconfig.json); in a real project it is the installed package.
    alias: {
      "txo-toolkit/runtime": fileURLToPath(new URL("../../src/runtime/index.ts", import.meta.url)),
    },
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    pool: "forks",
  },
});
