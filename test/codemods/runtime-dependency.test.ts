import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCodemods } from "../../src/codemods/index.js";
import { withDependency } from "../../src/codemods/runtime-dependency.js";
import { repoRoot, TempProject } from "./project-fixture.js";
import { arrayContaining, objectContaining } from "../matchers.js";

// JSON.parse gives any; the runtime package's manifest has a version.
const runtimeManifest = JSON.parse(readFileSync(join(repoRoot, "packages", "runtime", "package.json"), "utf8")) as {
  version: string;
};
const runtimeVersion = runtimeManifest.version;

const projects: TempProject[] = [];
afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
});

const LIBRARY = [
  'import { readFileSync } from "node:fs";',
  "",
  "export function readSettings(path: string): string {",
  '  const text = readFileSync(path, "utf8");',
  '  if (text.trim() === "") {',
  "    console.error(`Settings file ${path} is empty. Add a setting or remove the file.`);",
  "    process.exit(1);",
  "  }",
  "  return text;",
  "}",
  "",
].join("\n");

/** A project whose package.json (four spaces, CRLF) lists other dependencies but not the runtime helpers. */
function projectWithManifest(manifest: object, eol = "\n"): TempProject {
  const project = new TempProject({ "src/settings.ts": LIBRARY });
  project.write("package.json", `${JSON.stringify(manifest, null, 4).replace(/\n/g, eol)}${eol}`);
  project.commitAll();
  projects.push(project);
  return project;
}

describe("the runtime helpers as a dependency", () => {
  it("adds @txo-toolkit/runtime to the nearest package.json, in name order, keeping its layout, as a row of the change table", async () => {
    const manifest = { name: "app", type: "module", dependencies: { "@acme/log": "1.0.0", zod: "^3.0.0" } };
    const project = projectWithManifest(manifest, "\r\n");
    const before = project.read("package.json");
    const result = await runCodemods(["exit-to-throw"], { cwd: project.dir, write: true });
    expect(project.read("src/settings.ts")).toContain('from "@txo-toolkit/runtime"');
    const after = project.read("package.json");
    expect(after).toBe(
      before.replace(
        '"@acme/log": "1.0.0",\r\n',
        `"@acme/log": "1.0.0",\r\n        "@txo-toolkit/runtime": "^${runtimeVersion}",\r\n`,
      ),
    );
    expect(result.rows).toContainEqual(
      expect.objectContaining({
        file: "package.json",
        status: "fixed",
        transform: "exit-to-throw",
        fix: `added "@txo-toolkit/runtime": "^${runtimeVersion}" to dependencies; run npm install`,
      }),
    );
    const changeTable: unknown = JSON.parse(readFileSync(join(project.dir, "reports", "change-table.json"), "utf8"));
    expect(changeTable).toHaveProperty(
      "rows",
      arrayContaining([objectContaining({ file: "package.json", status: "fixed" })]),
    );
    project.commitAll();
    const again = await runCodemods(["exit-to-throw"], { cwd: project.dir, write: true });
    expect(again.projectChanges).toEqual([]);
    expect(again.rows.filter((row) => row.file === "package.json")).toEqual([]);
  });

  it("shows the change on a dry run and leaves a package.json that already lists the helpers alone", async () => {
    const dry = projectWithManifest({ name: "app", type: "module" });
    const planned = await runCodemods(["exit-to-throw"], { cwd: dry.dir });
    expect(planned.diff).toContain(`+    "dependencies": {`);
    expect(planned.diff).toContain(`+        "@txo-toolkit/runtime": "^${runtimeVersion}"`);
    expect(dry.read("package.json")).toBe(`${JSON.stringify({ name: "app", type: "module" }, null, 4)}\n`);
    const listed = projectWithManifest({ name: "app", type: "module", devDependencies: { "txo-toolkit": "*" } });
    listed.write("package.json", listed.read("package.json").replace('"txo-toolkit"', '"@txo-toolkit/runtime"'));
    listed.commitAll();
    const result = await runCodemods(["exit-to-throw"], { cwd: listed.dir, write: true });
    expect(result.projectChanges).toEqual([]);
    expect(result.rows.filter((row) => row.file === "package.json")).toEqual([]);
  });

  it("writes the entry into an empty or missing dependencies object and refuses text that is not plain JSON", () => {
    expect(withDependency('{\n  "name": "a",\n  "dependencies": {}\n}\n', "@txo-toolkit/runtime", "^1.0.0")).toBe(
      '{\n  "name": "a",\n  "dependencies": {\n    "@txo-toolkit/runtime": "^1.0.0"\n  }\n}\n',
    );
    expect(withDependency('{\n\t"name": "a"\n}', "@txo-toolkit/runtime", "^1.0.0")).toBe(
      '{\n\t"name": "a",\n\t"dependencies": {\n\t\t"@txo-toolkit/runtime": "^1.0.0"\n\t}\n}',
    );
    expect(withDependency('{ "name": "a", // comment\n}', "@txo-toolkit/runtime", "^1.0.0")).toBeUndefined();
  });
});
