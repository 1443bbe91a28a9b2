import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HelpfulError } from "../../src/runtime/errors.js";
import { commitWrites, planWrite, type PlannedWrite } from "../../src/codemods/write-plan.js";
import { instanceOf } from "../instance-of.js";

const directories: string[] = [];

afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function scratch(files: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), "txo-write-plan-"));
  directories.push(directory);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(directory, name), content);
  return directory;
}

function plan(directory: string, name: string, content: string): PlannedWrite {
  return planWrite(name, join(directory, name), Buffer.from(content));
}

function thrown(action: () => void): HelpfulError {
  try {
    action();
  } catch (error) {
    return instanceOf(error, HelpfulError);
  }
  throw new Error("expected a HelpfulError");
}

function leftovers(directory: string): string[] {
  return readdirSync(directory).filter((name) => name.includes(".txo-"));
}

describe("commitWrites", () => {
  it("replaces every planned file and keeps its mode", () => {
    const directory = scratch({ "a.ts": "old a\n", "b.ts": "old b\n" });
    const readOnly = join(directory, "b.ts");
    chmodSync(readOnly, 0o444);
    commitWrites([plan(directory, "a.ts", "new a\n"), plan(directory, "b.ts", "new b\n")]);
    expect(readFileSync(join(directory, "a.ts"), "utf8")).toBe("new a\n");
    expect(readFileSync(readOnly, "utf8")).toBe("new b\n");
    expect(statSync(readOnly).mode & 0o777).toBe(0o444);
    expect(leftovers(directory)).toEqual([]);
  });

  it("writes through a symbolic link to its target and leaves the link a link", () => {
    const directory = scratch({ "real.ts": "old\n" });
    symlinkSync("real.ts", join(directory, "alias.ts"));
    commitWrites([planWrite("alias.ts", join(directory, "real.ts"), Buffer.from("new\n"))]);
    expect(lstatSync(join(directory, "alias.ts")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(directory, "alias.ts"), "utf8")).toBe("new\n");
  });

  it("a failure while preparing writes nothing at all and says so", () => {
    const directory = scratch({ "a.ts": "old a\n", blocker: "a file where a directory should be\n" });
    const writes = [
      plan(directory, "a.ts", "new a\n"),
      planWrite("blocker/b.ts", join(directory, "blocker", "b.ts"), Buffer.from("new b\n")),
    ];
    const error = thrown(() => commitWrites(writes));
    expect(error.whatWentWrong).toMatch(
      /^Nothing was written: could not prepare blocker\/b\.ts \((EEXIST|ENOTDIR)[^)]*\)\. Every file is as it was before the run\.$/,
    );
    expect(readFileSync(join(directory, "a.ts"), "utf8")).toBe("old a\n");
    expect(leftovers(directory)).toEqual([]);
  });

  it("a failure after some files were replaced rolls them back, and the message says what is on disk", () => {
    const directory = scratch({ "a.ts": "old a\n", "b.ts": "old b\n", "c.ts": "old c\n" });
    const writes = [
      plan(directory, "a.ts", "new a\n"),
      plan(directory, "b.ts", "new b\n"),
      plan(directory, "c.ts", "new c\n"),
    ];
    // Between staging and replacing, b.ts becomes a non-empty directory: the rename fails, as it would for root too.
    const beforeReplace = (write: PlannedWrite) => {
      if (write.label !== "b.ts") return;
      rmSync(write.target);
      mkdirSync(write.target);
      writeFileSync(join(write.target, "keep"), "x");
    };
    const error = thrown(() => commitWrites(writes, { beforeReplace }));
    expect(error.whatWentWrong).toMatch(
      /^Writing stopped at b\.ts \(.+\)\. Rolled back the 1 file\(s\) already replaced \(a\.ts\), so every file is as it was before the run\.$/,
    );
    expect(readFileSync(join(directory, "a.ts"), "utf8")).toBe("old a\n");
    expect(readFileSync(join(directory, "c.ts"), "utf8")).toBe("old c\n");
    expect(leftovers(directory)).toEqual([]);
  });

  it("a rollback removes a file the run created", () => {
    const directory = scratch({ "b.ts": "old b\n" });
    const writes = [plan(directory, "new.md", "report\n"), plan(directory, "b.ts", "new b\n")];
    const beforeReplace = (write: PlannedWrite) => {
      if (write.label === "b.ts") throw new Error("ENOSPC: no space left on device (raised by the test's hook)");
    };
    const error = thrown(() => commitWrites(writes, { beforeReplace }));
    expect(error.whatWentWrong).toContain("Rolled back the 1 file(s) already replaced (new.md)");
    expect(readdirSync(directory).sort()).toEqual(["b.ts"]);
  });

  it("refuses to write when a file changed on disk after the run read it", () => {
    const directory = scratch({ "a.ts": "old a\n" });
    const write = plan(directory, "a.ts", "new a\n");
    writeFileSync(join(directory, "a.ts"), "edited meanwhile\n");
    const error = thrown(() => commitWrites([write]));
    expect(error.whatWentWrong).toMatch(
      /^Nothing was written: these files changed on disk while txo-codemod was running:\n {2}a\.ts$/,
    );
    expect(readFileSync(join(directory, "a.ts"), "utf8")).toBe("edited meanwhile\n");
  });
});
