import { spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fixtureTsConfig, repoRoot, TempProject } from "./project-fixture.js";

const binary = join(repoRoot, "dist", "cli", "txo-codemod.js");
const cleanups: (() => void)[] = [];
const isRoot = process.getuid?.() === 0;

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A library function whose process.exit() exit-to-throw rewrites: the edit touches lines 4–5 and adds an import. */
function exitingModule(eol: string, comment = "// loads the settings file"): string[] {
  return [
    comment,
    "export function load(path: string): string {",
    "  if (!path) {",
    '    console.error("missing path");',
    "    process.exit(1);",
    "  }",
    "  return path;",
    "}",
  ].map((line) => line.replace(/\n/g, eol));
}

function project(files: Record<string, Buffer | string> = {}, tsconfig: object = fixtureTsConfig()): TempProject {
  const created = new TempProject({}, { git: false, tsconfig: false });
  cleanups.push(() => created.remove());
  created.write("tsconfig.json", JSON.stringify(tsconfig, null, 2));
  for (const [path, content] of Object.entries(files)) {
    created.write(path, "");
    writeFileSync(join(created.dir, path), content);
  }
  created.commitAll();
  return created;
}

function run(target: TempProject, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [binary, ...args], { cwd: target.dir, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Root may write anywhere, so a permission test runs the binary as the unprivileged user `nobody` (the project handed to it). */
function runUnprivileged(
  target: TempProject,
  ...args: string[]
): { status: number | null; stdout: string; stderr: string } {
  if (!isRoot) return run(target, ...args);
  spawnSync("chown", ["-R", "65534:65534", target.dir]);
  const result = spawnSync(
    "setpriv",
    ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, binary, ...args],
    { cwd: target.dir, encoding: "utf8", env: { ...process.env, HOME: target.dir } },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function bytes(target: TempProject, path: string): Buffer {
  return readFileSync(join(target.dir, path));
}

/** Splits bytes into lines, each with its own line break. */
function byteLines(content: Buffer): string[] {
  return content.toString("latin1").match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Lines of `before` (other than the edited ones) missing from `after`, or out of order there. */
function untouchedLinesLost(before: Buffer, after: Buffer, edited: RegExp): string[] {
  const afterLines = byteLines(after);
  let cursor = 0;
  const lost: string[] = [];
  for (const line of byteLines(before).filter((candidate) => !edited.test(candidate))) {
    const found = afterLines.indexOf(line, cursor);
    if (found === -1) lost.push(line);
    else cursor = found + 1;
  }
  return lost;
}

const EDITED = /console\.error|process\.exit/;

describe("txo-codemod keeps every byte it did not mean to change (built binary)", { timeout: 300_000 }, () => {
  it("Latin-1/Windows-1252: accented letters and curly quotes outside the edit keep their single bytes", () => {
    const comment = Buffer.from("// caf\xe9 cr\xe8me \x93quoted\x94 \x80 5\n", "latin1");
    const original = Buffer.concat([comment, Buffer.from(`${exitingModule("\n").slice(1).join("\n")}\n`)]);
    const target = project({ "src/latin.ts": original });
    const result = run(target, "exit-to-throw", "src", "--write");
    expect(result.status, result.stderr).toBe(0);
    const after = bytes(target, "src/latin.ts");
    expect(after.toString("latin1")).toContain("throw new HelpfulError({");
    expect(after.includes(Buffer.from([0xef, 0xbf, 0xbd])), "no U+FFFD").toBe(false);
    expect(after.subarray(after.indexOf(comment), after.indexOf(comment) + comment.length).equals(comment)).toBe(true);
    expect(untouchedLinesLost(original, after, EDITED)).toEqual([]);
    expect(target.typecheck().ok).toBe(true);
  });

  it("UTF-16 is refused with a line saying why, and the file keeps its bytes", () => {
    const original = Buffer.from(`\uFEFF${exitingModule("\n").join("\n")}\n`, "utf16le");
    const target = project({ "src/wide.ts": original });
    const result = run(target, "exit-to-throw", "src", "--write");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/left alone src\/wide\.ts: it is UTF-16/);
    expect(bytes(target, "src/wide.ts").equals(original)).toBe(true);
  });

  it("CRLF: the file stays CRLF throughout, the edit's new lines included", () => {
    const original = Buffer.from(`${exitingModule("\r\n").join("\r\n")}\r\n`);
    const target = project({ "src/crlf.ts": original });
    expect(run(target, "exit-to-throw", "src", "--write").status).toBe(0);
    const after = bytes(target, "src/crlf.ts").toString("utf8");
    expect(after).toContain("throw new HelpfulError({\r\n");
    expect(after.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(untouchedLinesLost(original, Buffer.from(after), EDITED)).toEqual([]);
  });

  it("mixed line breaks: each untouched line keeps its own; new lines take the break of the line they replace", () => {
    const lines = exitingModule("\n");
    const original = Buffer.from(lines.map((line, index) => line + (index < 3 ? "\r\n" : "\n")).join(""));
    const target = project({ "src/mixed.ts": original });
    expect(run(target, "exit-to-throw", "src", "--write").status).toBe(0);
    const after = bytes(target, "src/mixed.ts");
    expect(untouchedLinesLost(original, after, EDITED)).toEqual([]);
    // The rewritten lines replaced LF lines; the added import sits before a CRLF line.
    expect(after.toString()).toMatch(/throw new HelpfulError\(\{\n/);
    expect(after.toString()).toMatch(/^import \{ HelpfulError \} from "@txo-toolkit\/runtime";\r\n/);
  });

  it("a byte-order mark stays, once, and a file without a final line break keeps having none", () => {
    const original = Buffer.from(`\uFEFF${exitingModule("\n").join("\n")}`);
    const target = project({ "src/bom.ts": original });
    expect(run(target, "exit-to-throw", "src", "--write").status).toBe(0);
    const after = bytes(target, "src/bom.ts");
    expect([...after.subarray(0, 4)]).toEqual([0xef, 0xbb, 0xbf, "i".charCodeAt(0)]);
    expect(after.at(-1)).toBe("}".charCodeAt(0));
    // The mark belongs to the file, not to its first line (the added import now comes first).
    expect(untouchedLinesLost(original.subarray(3), after.subarray(3), EDITED)).toEqual([]);
  });

  it("a CRLF file whose every rewrite is rolled back is not written at all", () => {
    // Without the paths mapping, the helper import does not resolve: the rewrite adds a type error and is rolled back.
    const { compilerOptions, ...rest } = fixtureTsConfig() as { compilerOptions: Record<string, unknown> };
    const original = Buffer.from(`${exitingModule("\r\n").join("\r\n")}\r\n`);
    const target = project(
      { "src/crlf.ts": original },
      { ...rest, compilerOptions: { ...compilerOptions, paths: {} } },
    );
    const result = run(target, "exit-to-throw", "src", "--write");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Wrote 0 file\(s\)/);
    expect(bytes(target, "src/crlf.ts").equals(original)).toBe(true);
    expect(target.git("status", "--porcelain", "src")).toBe("");
  });

  it("a symbolic link to a file inside the project: the target is edited and the link stays a link", () => {
    const target = project({ "lib/real.ts": `${exitingModule("\n").join("\n")}\n` });
    symlinkSync("lib/real.ts", join(target.dir, "src-alias.ts"));
    target.commitAll();
    expect(run(target, "exit-to-throw", "src-alias.ts", "--write").status).toBe(0);
    expect(lstatSync(join(target.dir, "src-alias.ts")).isSymbolicLink()).toBe(true);
    expect(target.read("lib/real.ts")).toContain("throw new HelpfulError({");
  });

  it("a directory link out of the project is never written through, not even with --force", () => {
    const outside = mkdtempSync(join(tmpdir(), "txo-outside-"));
    cleanups.push(() => rmSync(outside, { recursive: true, force: true }));
    const original = `${exitingModule("\n").join("\n")}\n`;
    writeFileSync(join(outside, "lib.ts"), original);
    const target = project({ "src/own.ts": "export const own = 1;\n" });
    symlinkSync(outside, join(target.dir, "src", "vendor"));
    target.commitAll();
    for (const extra of [[], ["--force"]]) {
      const result = run(target, "exit-to-throw", "src", "src/vendor/lib.ts", "--write", ...extra);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(
        /left alone src\/vendor\/lib\.ts: it is a symbolic link .* outside the project root/,
      );
    }
    expect(readFileSync(join(outside, "lib.ts"), "utf8")).toBe(original);
  });

  it("a read-only file is rewritten and stays read-only (and keeps its owner where permitted)", () => {
    const target = project({ "src/locked.ts": `${exitingModule("\n").join("\n")}\n` });
    const path = join(target.dir, "src", "locked.ts");
    chmodSync(path, 0o444);
    if (isRoot) chownSync(path, 65534, 65534);
    target.commitAll();
    expect(run(target, "exit-to-throw", "src", "--write").status).toBe(0);
    expect(target.read("src/locked.ts")).toContain("throw new HelpfulError({");
    expect(statSync(path).mode & 0o777).toBe(0o444);
    if (isRoot) expect([statSync(path).uid, statSync(path).gid]).toEqual([65534, 65534]);
  });

  it("a git-ignored file named on the command line is left alone with a line saying so, unless --force", () => {
    const original = `${exitingModule("\n").join("\n")}\n`;
    const target = project({ ".gitignore": "generated/\n" });
    target.write("generated/out.ts", original);
    const refused = run(target, "exit-to-throw", "generated/out.ts", "--write");
    expect(refused.status, refused.stderr).toBe(0);
    expect(refused.stdout).toMatch(/left alone generated\/out\.ts: git ignores it.*--force/);
    expect(target.read("generated/out.ts")).toBe(original);
    const forced = run(target, "exit-to-throw", "generated/out.ts", "--write", "--force");
    expect(forced.status, forced.stderr).toBe(0);
    expect(target.read("generated/out.ts")).toContain("throw new HelpfulError({");
  });

  it("--report naming a file fails before anything is written, with what to do instead", () => {
    const original = `${exitingModule("\n").join("\n")}\n`;
    const target = project({ "src/a.ts": original, "notes.txt": "mine\n" });
    const result = run(target, "exit-to-throw", "src", "--write", "--report", "notes.txt");
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--report must name a directory .*\/notes\.txt is a file\. Nothing was written\./);
    expect(result.stderr).toMatch(/How to fix|Pass a directory/i);
    expect(target.read("src/a.ts")).toBe(original);
    expect(target.git("status", "--porcelain")).toBe("");
  });

  it("an unwritable directory stops the run before any file is replaced", () => {
    const original = `${exitingModule("\n").join("\n")}\n`;
    const target = project({ "src/a/one.ts": original, "src/b/two.ts": original });
    chmodSync(join(target.dir, "src", "b"), 0o555);
    cleanups.unshift(() => chmodSync(join(target.dir, "src", "b"), 0o755));
    const result = runUnprivileged(target, "exit-to-throw", "src", "--write");
    expect(result.status, result.stdout).toBe(2);
    expect(result.stderr).toMatch(
      /Nothing was written: could not prepare src\/b\/two\.ts \(EACCES.*\)\. Every file is as it was before the run\./,
    );
    expect(target.read("src/a/one.ts")).toBe(original);
  });
});
