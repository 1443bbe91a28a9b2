import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function readmeBlock(marker: string): string {
  const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]);
  const block = blocks.find((text) => text.includes(marker));
  if (!block) throw new Error(`README has no js block containing ${marker}`);
  return block;
}

describe("README", () => {
  it("runs the runtime example as written (the package resolves itself by name from inside the repo)", () => {
    const dir = join(repoRoot, "test", ".tmp");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "readme-example.mjs");
    writeFileSync(file, readmeBlock("example.mjs"));
    const run = spawnSync(process.execPath, [file], { encoding: "utf8", cwd: repoRoot });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('"perSecond":10');
    expect(run.stdout).toContain('"burst":1');
    expect(run.stdout).not.toContain("abc.def.ghi");
    expect(run.stderr).toContain("global");
    expect(run.stderr).toMatch(/Problem[\s\S]*Solution[\s\S]*Example/);
  });
});
