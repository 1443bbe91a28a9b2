import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileOperationError } from "../../src/runtime/errors.js";
import { Dir, getPath } from "../../src/runtime/paths.js";
import { instanceOf } from "../instance-of.js";

const root = mkdtempSync(join(tmpdir(), "txo-paths-"));

function rejection(dir: string, file: string): FileOperationError {
  try {
    getPath(dir, file, { root });
  } catch (error) {
    const failure = instanceOf(error, FileOperationError);
    expect(failure.howToFix).toContain('".."');
    expect(failure.example).toContain("getPath(Dir.CONFIG");
    return failure;
  }
  throw new Error(`expected getPath(${dir}, ${file}) to be rejected`);
}

describe("Dir", () => {
  it("names the standard project folders and cannot be changed", () => {
    expect(Dir).toMatchObject({
      CONFIG: "config",
      DATA: "data",
      OUTPUT: "output",
      LOGS: "logs",
      SCHEMAS: "schemas",
      TMP: "tmp",
    });
    expect(Object.isFrozen(Dir)).toBe(true);
  });
});

describe("getPath", () => {
  it("resolves a file inside a standard folder of the root", () => {
    expect(getPath(Dir.CONFIG, "acme-prod-config.json", { root })).toBe(join(root, "config", "acme-prod-config.json"));
    expect(getPath(Dir.OUTPUT, "reports/2024/summary.csv", { root })).toBe(
      join(root, "output", "reports", "2024", "summary.csv"),
    );
    expect(getPath(Dir.DATA, "./a/./b.json", { root })).toBe(join(root, "data", "a", "b.json"));
  });

  it("defaults the root to the working directory", () => {
    expect(getPath(Dir.LOGS, "run.log")).toBe(join(process.cwd(), "logs", "run.log"));
  });

  it.each(["../secrets.json", "../../etc/passwd", "a/../../b", "..\\..\\windows\\win.ini", "a/..", ".."])(
    "rejects traversal in the file name %j",
    (file) => {
      expect(rejection(Dir.CONFIG, file).whatWentWrong).toContain("..");
    },
  );

  it.each(["/etc/passwd", "C:\\Windows\\system.ini", "\\\\server\\share\\x"])(
    "rejects the absolute path %j",
    (file) => {
      expect(rejection(Dir.DATA, file).whatWentWrong).toContain("absolute paths are not allowed");
    },
  );

  it("rejects traversal and absolute paths in the folder too", () => {
    rejection("../elsewhere", "x.json");
    rejection("/tmp", "x.json");
  });

  it("rejects empty names and NUL bytes", () => {
    expect(rejection(Dir.DATA, "").whatWentWrong).toContain("empty");
    expect(rejection(Dir.DATA, "a\0b").whatWentWrong).toContain("NUL");
  });
});

describe("getPath and symbolic links", () => {
  const outside = mkdtempSync(join(tmpdir(), "txo-paths-outside-"));
  writeFileSync(join(outside, "secrets.json"), "{}");
  const linked = mkdtempSync(join(tmpdir(), "txo-paths-links-"));
  mkdirSync(join(linked, "config"));
  mkdirSync(join(linked, "data"));
  writeFileSync(join(linked, "data", "real.json"), "{}");
  symlinkSync(join(outside, "secrets.json"), join(linked, "config", "escape.json"));
  symlinkSync(outside, join(linked, "config", "escape-dir"));
  symlinkSync(outside, join(linked, "output"));
  symlinkSync(join(linked, "data", "real.json"), join(linked, "config", "inside.json"));
  symlinkSync(join(linked, "config", "loop-b"), join(linked, "config", "loop-a"));
  symlinkSync(join(linked, "config", "loop-a"), join(linked, "config", "loop-b"));

  function refusal(dir: string, file: string): FileOperationError {
    try {
      getPath(dir, file, { root: linked });
    } catch (error) {
      return instanceOf(error, FileOperationError);
    }
    throw new Error(`expected getPath(${dir}, ${file}) to be refused`);
  }

  it("refuses a file that is a link to a file outside the root", () => {
    const failure = refusal(Dir.CONFIG, "escape.json");
    expect(failure.whatWentWrong).toContain("symbolic link");
    expect(failure.whatWentWrong).toContain("outside the project root");
    expect(failure.example).toContain("getPath(Dir.CONFIG");
  });

  it("refuses a path through a linked folder that leads outside, even to a file not created yet", () => {
    expect(refusal(Dir.CONFIG, "escape-dir/secrets.json").whatWentWrong).toContain("symbolic link");
    expect(refusal(Dir.CONFIG, "escape-dir/new/report.csv").whatWentWrong).toContain("symbolic link");
    expect(refusal(Dir.OUTPUT, "report.csv").whatWentWrong).toContain("symbolic link");
  });

  it("follows a link that stays inside the root, and allows files that do not exist yet", () => {
    expect(getPath(Dir.CONFIG, "inside.json", { root: linked })).toBe(join(linked, "config", "inside.json"));
    expect(getPath(Dir.DATA, "new/sub/file.json", { root: linked })).toBe(
      join(linked, "data", "new", "sub", "file.json"),
    );
  });

  it("reports a link loop as a helpful error, not a raw ELOOP", () => {
    const failure = refusal(Dir.CONFIG, "loop-a");
    expect(failure.whatWentWrong).toContain("ELOOP");
    expect(failure.howToFix).toContain("link");
  });
});
