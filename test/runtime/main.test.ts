import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigurationError } from "../../src/runtime/errors.js";
import { runMain, type MainOutputStream } from "../../src/runtime/main.js";
import { Redactor } from "../../src/runtime/redact.js";

class Output implements MainOutputStream {
  text = "";
  flushed = 0;
  isTTY = false;
  write(chunk: string, callback?: (error?: Error | null) => void): boolean {
    this.text += chunk;
    if (callback !== undefined) {
      this.flushed += 1;
      setImmediate(callback);
    }
    return true;
  }
}

const originalExitCode = process.exitCode;
afterEach(() => {
  process.exitCode = originalExitCode;
});

describe("runMain", () => {
  it("awaits an async main and leaves the exit code alone on success", async () => {
    const stderr = new Output();
    const stdout = new Output();
    const order: string[] = [];
    const code = await runMain(
      async () => {
        await new Promise((done) => setTimeout(done, 5));
        order.push("main finished");
      },
      { stderr, stdout },
    );
    order.push("runMain resolved");
    expect(order).toEqual(["main finished", "runMain resolved"]);
    expect(code).toBe(0);
    expect(process.exitCode).toBe(originalExitCode);
    expect(stderr.text).toBe("");
    expect(stdout.flushed).toBe(1);
    expect(stderr.flushed).toBe(1);
  });

  it("turns a HelpfulError into Problem / Solution / Example and exit code 1", async () => {
    const stderr = new Output();
    const code = await runMain(
      () => {
        throw new ConfigurationError({
          whatWentWrong: "Missing global.tenant-id.",
          howToFix: "Add it.",
          example: '{ "global": { "tenant-id": "acme" } }',
        });
      },
      { stderr, stdout: new Output(), debug: false },
    );
    expect(code).toBe(1);
    expect(process.exitCode).toBe(1);
    expect(stderr.text).toContain("❌ Problem: Missing global.tenant-id.");
    expect(stderr.text).toContain("✅ Solution: Add it.");
    expect(stderr.text).toContain("📝 Example:");
    expect(stderr.text).not.toContain("at ");
  });

  it("prints other errors with the stack only in debug mode", async () => {
    const quiet = new Output();
    await runMain(() => Promise.reject(new TypeError("undefined is not a function")), {
      stderr: quiet,
      stdout: new Output(),
      debug: false,
    });
    expect(quiet.text).toContain("TypeError: undefined is not a function");
    expect(quiet.text).toContain("--debug");
    expect(quiet.text).not.toMatch(/\n\s+at /);
    const loud = new Output();
    await runMain(() => Promise.reject(new TypeError("undefined is not a function")), {
      stderr: loud,
      stdout: new Output(),
      debug: true,
      failureExitCode: 3,
    });
    expect(loud.text).toMatch(/\n\s+at /);
    expect(process.exitCode).toBe(3);
  });
});

describe("runMain exit codes", () => {
  it("redacts tokens and known secrets from the printed error", async () => {
    const stderr = new Output();
    await runMain(
      () => {
        throw new Error(
          "GET https://api.example.com/v1/users failed; sent Authorization: Bearer abcdefghijklmnop1234 with key hunter2-from-file",
        );
      },
      { stderr, stdout: new Output(), debug: true, redactor: new Redactor({ secrets: ["hunter2-from-file"] }) },
    );
    expect(stderr.text).toContain("https://api.example.com/v1/users failed");
    expect(stderr.text).not.toContain("abcdefghijklmnop1234");
    expect(stderr.text).not.toContain("hunter2-from-file");
  });

  it("uses an exit code returned by main", async () => {
    expect(await runMain(() => 4, { stderr: new Output(), stdout: new Output() })).toBe(4);
    expect(process.exitCode).toBe(4);
  });

  it("sets the exit code of a real process without process.exit and flushes pending output", () => {
    const dir = mkdtempSync(join(tmpdir(), "txo-main-"));
    // Run the compiled JavaScript in a child process, as a user's entry point would be.
    const outDir = join(dir, "out");
    execFileSync(
      process.execPath,
      [
        resolve("node_modules/typescript/bin/tsc"),
        "--outDir",
        outDir,
        "--rootDir",
        resolve("src/runtime"),
        "--module",
        "nodenext",
        "--moduleResolution",
        "nodenext",
        "--target",
        "es2022",
        "--strict",
        "--skipLibCheck",
        "--types",
        "node",
        resolve("src/runtime/main.ts"),
        resolve("src/runtime/errors.ts"),
      ],
      { stdio: "pipe" },
    );
    const entry = join(outDir, "entry.mjs");
    writeFileSync(
      entry,
      `import { runMain } from "./main.js";
import { HelpfulError } from "./errors.js";
process.on("exit", (code) => process.stdout.write("exit handler ran with " + code + "\\n"));
await runMain(async () => {
  process.stdout.write("x".repeat(200000) + "\\n");
  throw new HelpfulError({ whatWentWrong: "Real failure.", howToFix: "Fix it.", example: "fix()" });
});
`,
    );
    writeFileSync(join(outDir, "package.json"), '{ "type": "module" }');
    const result = spawnSync(process.execPath, [entry], { encoding: "utf8", maxBuffer: 10_000_000 });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("x".repeat(200000));
    expect(result.stdout).toContain("exit handler ran with 1");
    expect(result.stderr).toContain("❌ Problem: Real failure.");
  });
});
