import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Ajv } from "ajv";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { fixturesRoot, repoRoot, TempProject } from "./project-fixture.js";

const binary = join(repoRoot, "dist", "cli", "txo-codemod.js");
const fixtureTree = join(fixturesRoot, "cli");
const projects: TempProject[] = [];

beforeAll(() => {
  // test/global-setup.ts builds dist/ before the run; build here only when it has not.
  if (!existsSync(binary))
    execFileSync(
      process.execPath,
      [join(repoRoot, "node_modules", "typescript", "bin", "tsc"), "-p", join(repoRoot, "tsconfig.build.json")],
      { cwd: repoRoot, stdio: "pipe" },
    );
});

afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
});

function projectFromFixture(): TempProject {
  const project = new TempProject({}, { git: false });
  project.copyFrom(fixtureTree);
  project.commitAll();
  projects.push(project);
  return project;
}

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

function runCli(project: TempProject, ...args: string[]): CliRun {
  const result = spawnSync(process.execPath, [binary, ...args], { cwd: project.dir, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Hash of every file under src/, to prove that a dry run touches nothing. */
function hashSources(project: TempProject): Record<string, string> {
  const hashes: Record<string, string> = {};
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else hashes[relative(project.dir, path)] = createHash("sha256").update(readFileSync(path)).digest("hex");
    }
  };
  visit(join(project.dir, "src"));
  return hashes;
}

describe("txo-codemod (built binary)", () => {
  it("dry run by default: prints a unified diff and changes nothing on disk", () => {
    const project = projectFromFixture();
    const before = hashSources(project);
    const run = runCli(project, "all", "src");
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("--- a/src/loader.ts");
    expect(run.stdout).toContain("+++ b/src/loader.ts");
    expect(run.stdout).toContain("-    process.exit(1);");
    expect(run.stdout).toContain("+    throw new HelpfulError({");
    expect(run.stdout).toContain('+  return optional(settings, ["retries"], 3);');
    expect(hashSources(project)).toEqual(before);
    expect(project.git("status", "--porcelain")).toBe("");
  });

  it("--write rewrites the files and writes change-table.md/json that match the schema; a second run changes nothing", () => {
    const project = projectFromFixture();
    const run = runCli(project, "all", "src", "--write");
    expect(run.status, run.stderr).toBe(0);
    expect(project.read("src/loader.ts")).toContain("whatWentWrong: `Missing ${path}.`");
    expect(project.read("src/settings.ts")).toContain('optional(settings, ["retries"], 3)');
    // JSON.parse gives any; --json prints the change table, whose shape schemas/change-table.schema.json fixes.
    const table = JSON.parse(project.read("reports/change-table.json")) as {
      rows: { file: string; status: string }[];
      dryRun: boolean;
    };
    // JSON.parse gives any; a JSON schema file is an object.
    const schema = JSON.parse(readFileSync(join(repoRoot, "schemas", "change-table.schema.json"), "utf8")) as object;
    const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
    expect(validate(table), JSON.stringify(validate.errors)).toBe(true);
    expect(table.dryRun).toBe(false);
    expect(table.rows.map((row) => [row.file, row.status]).sort()).toEqual([
      ["src/loader.ts", "fixed"],
      ["src/settings.ts", "fixed"],
    ]);
    expect(project.read("reports/change-table.md")).toMatch(/\| File \| Issue \| Fix \| Status \| Breaking \|/);
    project.commitAll();
    const afterFirst = hashSources(project);
    const second = runCli(project, "all", "src", "--write");
    expect(second.status, second.stderr).toBe(0);
    expect(hashSources(project)).toEqual(afterFirst);
    expect(project.git("status", "--porcelain", "src")).toBe("");
  });

  it("refuses to write over uncommitted changes (exit 2) unless --force", () => {
    const project = projectFromFixture();
    project.write("src/settings.ts", `${project.read("src/settings.ts")}// local edit\n`);
    const refused = runCli(project, "soft-fail-to-require", "src", "--write");
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/uncommitted changes/);
    expect(project.read("src/settings.ts")).toContain("?? 3");
    const forced = runCli(project, "soft-fail-to-require", "src", "--write", "--force");
    expect(forced.status, forced.stderr).toBe(0);
    expect(project.read("src/settings.ts")).toContain('optional(settings, ["retries"], 3)');
    expect(project.read("src/settings.ts")).toContain("// local edit");
  });

  it("--only writes just the rows picked from the dry run's ids, each shown with its old and new lines", () => {
    const project = projectFromFixture();
    project.write(
      "src/settings.ts",
      "export interface Settings {\n  retries?: number;\n  timeout?: number;\n}\n\nexport function retries(settings: Settings): number {\n  return settings.retries ?? 3;\n}\n\nexport function timeout(settings: Settings): number {\n  return settings.timeout ?? 30;\n}\n",
    );
    project.commitAll();
    const dry = runCli(project, "all", "src", "--report", "dry");
    expect(dry.status, dry.stderr).toBe(0);
    const table = JSON.parse(project.read("dry/change-table.json")) as {
      rows: {
        id?: string;
        file: string;
        line: number;
        status: string;
        edits?: { oldLines: string[]; newLines: string[] }[];
      }[];
    };
    const timeoutRow = table.rows.find((row) => row.file === "src/settings.ts" && row.line === 11);
    const exitRow = table.rows.find((row) => row.file === "src/loader.ts");
    expect(timeoutRow?.id).toMatch(/^[0-9a-f]{8}$/);
    expect(timeoutRow?.edits).toContainEqual({
      oldStart: 11,
      oldLines: ["  return settings.timeout ?? 30;"],
      newStart: 13,
      newLines: ['  return optional(settings, ["timeout"], 30);'],
    });
    // The id is in the summary line and in the header of the diff hunk it owns, with its reason.
    expect(dry.stdout).toContain(`fixed   ${timeoutRow?.id} src/settings.ts:11:10`);
    expect(dry.stdout).toMatch(
      new RegExp(`^@@ -\\d+,\\d+ \\+\\d+,\\d+ @@ .*${timeoutRow?.id} soft-fail-to-require fixed: optional`, "m"),
    );
    expect(project.read("dry/change-table.md")).toContain(`### \`${timeoutRow?.id}\` src/settings.ts:11`);

    const only = runCli(project, "all", "src", "--only", `${timeoutRow?.id},${exitRow?.id}`, "--write");
    expect(only.status, only.stderr).toBe(0);
    expect(project.read("src/settings.ts")).toContain('return optional(settings, ["timeout"], 30);');
    expect(project.read("src/settings.ts")).toContain("return settings.retries ?? 3;");
    expect(project.read("src/loader.ts")).toContain("throw new HelpfulError({");
    expect(only.stdout).toMatch(/skipped [0-9a-f]{8} src\/settings\.ts:7:10 .*not among the rows given to --only/);
  });

  it.each([
    { ids: "12345", says: /"12345" is not one/ },
    { ids: ",", says: /--only was given no row id/ },
    { ids: "0000000f", says: /No finding of this run has the row id 0000000f, so nothing was written/ },
  ])("a bad --only id ($ids) exits 2 with what, how to fix and an example, writing nothing", ({ ids, says }) => {
    const project = projectFromFixture();
    const run = runCli(project, "all", "src", "--only", ids, "--write");
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(says);
    expect(run.stderr).toMatch(/Solution: .*dry run/);
    expect(run.stderr).toMatch(/Example:\s+npx txo-codemod .* --only /);
    expect(project.git("status", "--porcelain")).toBe("");
  });

  it("--help exits 0 with usage and examples", () => {
    const project = projectFromFixture();
    const run = runCli(project, "--help");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Usage: txo-codemod");
    expect(run.stdout).toContain("Examples:");
  });

  it.each([
    { args: ["all", "--bogus"], says: /unknown option '--bogus'/ },
    { args: ["rename-everything"], says: /"rename-everything" is not a transform/ },
    {
      args: ["all", "--mode", "soft"],
      says: /argument 'soft' is invalid\. Allowed choices are proven, hard, explicit/,
    },
  ])("usage error $args exits 2 and says what went wrong, how to fix it, and an example", ({ args, says }) => {
    const project = projectFromFixture();
    const run = runCli(project, ...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(says);
    expect(run.stderr).toMatch(/how to fix|choose one of/i);
    expect(run.stderr).toMatch(/Example: txo-codemod /);
    expect(project.git("status", "--porcelain")).toBe("");
  });

  it("a path that does not exist exits 2 with the problem, the fix and an example", () => {
    const project = projectFromFixture();
    const run = runCli(project, "all", "missing/dir");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("missing/dir does not exist");
    expect(run.stderr).toMatch(/Pass files or directories that exist/);
    expect(run.stderr).toMatch(/txo-codemod exit-to-throw src\/ --write/);
  });
});
