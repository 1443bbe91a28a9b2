import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCodemods } from "../../src/codemods/index.js";
import { describeKeyPresence } from "../../src/codemods/required-keys.js";
import { renderRunSummary } from "../../src/codemods/summary.js";
import { fixturesRoot, fixtureTsConfig, repoRoot, TempProject, tscBuild } from "./project-fixture.js";
import { arrayContaining, stringContaining } from "../matchers.js";

const fixtureDir = join(fixturesRoot, "soft-fail-to-require");
const projects: TempProject[] = [];

afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
});

function projectWithInputs(extra: Record<string, string> = {}): TempProject {
  const files: Record<string, string> = { ...extra };
  for (const name of readdirSync(fixtureDir)) {
    if (name.includes(".output.") || name.endsWith(".json")) continue;
    files[`src/${name.replace(".input.", ".")}`] = readFileSync(join(fixtureDir, name), "utf8");
  }
  const project = new TempProject(files);
  projects.push(project);
  return project;
}

const expected = (name: string) => readFileSync(join(fixtureDir, name), "utf8");

const prodConfig = {
  "script-behavior": {
    "rate-limiting": { "calls-per-second": 5 },
    "api-timeouts": { "rest-timeout-seconds": 30 },
  },
};

describe("soft-fail-to-require --mode hard", () => {
  it("turns config fallbacks into requireConfig calls that match the reviewed fixtures, and the project still compiles", async () => {
    const project = projectWithInputs();
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
    const result = await runCodemods(["soft-fail-to-require"], { cwd: project.dir, write: true, mode: "hard" });
    expect(project.read("src/api-factory.ts")).toBe(expected("api-factory.output.ts"));
    expect(project.read("src/destructure.ts")).toBe(expected("destructure.output.ts"));
    expect(project.read("src/existing-require.ts")).toBe(expected("existing-require.output.ts"));
    expect(project.read("src/conditional-comments.ts")).toBe(expected("conditional-comments.output.ts"));
    expect(project.read("src/env.mjs")).toBe(expected("env.output.mjs"));
    expect(project.read("src/settings.cjs")).toBe(expected("settings.output.cjs"));
    expect(project.read("src/panel.tsx")).toBe(expected("panel.output.tsx"));
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
    expect(result.rows.filter((row) => row.verificationFailed)).toEqual([]);
    // No --config-files: no key was checked, so none may be reported as present in the files checked.
    const summary = renderRunSummary(result);
    expect(result.requiredKeys.length).toBeGreaterThan(0);
    expect(summary).not.toContain("present in every config file checked");
    expect(summary).toContain("not checked: no config file was given (pass --config-files to check)");
  });

  it.each([
    { checkedFiles: undefined, says: "not checked: no config file was given (pass --config-files to check)" },
    { checkedFiles: 0, says: "not checked: no config file was given (pass --config-files to check)" },
    { checkedFiles: 2, says: "present in every config file checked (2)" },
  ])("says a key is present in the files checked only when some were ($checkedFiles)", ({ checkedFiles, says }) => {
    const key = { path: "global.api-url", defaultText: '""', file: "src/a.ts", line: 1, missingIn: [], checkedFiles };
    expect(describeKeyPresence(key)).toBe(says);
  });

  it("leaves .get(key, default) on a config class alone: only its own get() knows what a missing key means", async () => {
    const project = projectWithInputs();
    const result = await runCodemods(["soft-fail-to-require"], { cwd: project.dir, write: true, mode: "hard" });
    expect(project.read("src/map-config.ts")).toBe(readFileSync(join(fixtureDir, "map-config.input.ts"), "utf8"));
    const row = result.rows.find((r) => r.file === "src/map-config.ts");
    expect(row).toMatchObject({ status: "manual", reason: stringContaining("a MapConfig") });
  });

  it("leaves lookups, computed defaults, presence tests and ??=/||= for a person, each with its reason", async () => {
    const project = projectWithInputs();
    const result = await runCodemods(["soft-fail-to-require"], { cwd: project.dir, write: true, mode: "hard" });
    expect(project.read("src/hard-blockers.ts")).toBe(expected("hard-blockers.input.ts"));
    const reasonAt = (line: number) =>
      result.rows.find((row) => row.file === "src/hard-blockers.ts" && row.line === line);
    expect(reasonAt(13)).toMatchObject({
      status: "manual",
      reason: stringContaining("key `scope` is computed at run time"),
    });
    // `config.repo?.provider === "github"` only compares: txo/no-soft-fail-config no longer reports it (issue #13).
    expect(reasonAt(17)).toBeUndefined();
    expect(reasonAt(21)).toMatchObject({
      status: "manual",
      reason: stringContaining("computed at run time and cannot be written into a config file"),
    });
    expect(reasonAt(25)).toMatchObject({ status: "manual", reason: stringContaining("`??=`") });
    expect(reasonAt(26)).toMatchObject({ status: "manual", reason: stringContaining("`||=`") });
    expect(result.requiredKeys.map((key) => key.path)).not.toContain("process.env.APP_CONFIG_HOME");
  });

  it("rolls back every rewrite that would add a type error, leaves the file untouched and reports why", async () => {
    const project = projectWithInputs({ "src/helpers.ts": "export class HelpfulError extends Error {}\n" });
    const before = project.read("src/api-factory.ts");
    const result = await runCodemods(["soft-fail-to-require"], {
      cwd: project.dir,
      write: true,
      mode: "hard",
      importSource: "./helpers.js",
    });
    expect(project.read("src/api-factory.ts")).toBe(before);
    const rows = result.rows.filter((r) => r.file === "src/api-factory.ts");
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows)
      expect(row).toMatchObject({ status: "manual", reason: stringContaining("has no exported member") });
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
  });

  it("lists every key that is now required, the config files that lack it, and writes the old defaults there and into the schema", async () => {
    const schema = { type: "object", properties: { "script-behavior": { type: "object", properties: {} } } };
    const project = projectWithInputs({
      "config/acme-prod-config.json": `${JSON.stringify(prodConfig, null, 2)}\n`,
      "schemas/app.schema.json": `${JSON.stringify(schema, null, 2)}\n`,
    });
    const result = await runCodemods(["soft-fail-to-require"], {
      cwd: project.dir,
      write: true,
      mode: "hard",
      configFiles: ["config/*-config.json"],
      configSchema: "schemas/app.schema.json",
    });
    const byPath = new Map(result.requiredKeys.map((key) => [key.path, key]));
    expect(byPath.get("script-behavior.rate-limiting.calls-per-second")).toMatchObject({
      defaultText: "10",
      missingIn: [],
    });
    expect(byPath.get("script-behavior.api-timeouts.rest-timeout-seconds")).toMatchObject({
      defaultText: "60",
      missingIn: [],
    });
    expect(byPath.get("script-behavior.api-delay-seconds")).toMatchObject({
      defaultValue: 1,
      missingIn: ["config/acme-prod-config.json"],
    });
    expect(byPath.get("process.env.API_URL")).toMatchObject({ defaultText: '"http://localhost:8080"', missingIn: [] });
    const written: unknown = JSON.parse(project.read("config/acme-prod-config.json"));
    expect(written).toHaveProperty(["script-behavior", "api-delay-seconds"], 1);
    expect(written).toHaveProperty(["script-behavior", "rate-limiting"], { "calls-per-second": 5 });
    const writtenSchema: unknown = JSON.parse(project.read("schemas/app.schema.json"));
    expect(writtenSchema).toHaveProperty("required", arrayContaining(["script-behavior"]));
    expect(writtenSchema).toHaveProperty(
      ["properties", "script-behavior", "required"],
      arrayContaining(["api-delay-seconds"]),
    );
    expect(writtenSchema).toHaveProperty(
      ["properties", "script-behavior", "properties", "api-delay-seconds", "default"],
      1,
    );
  });

  it("is idempotent and refuses to write over uncommitted changes unless forced", async () => {
    const project = projectWithInputs();
    project.write("src/api-factory.ts", `${project.read("src/api-factory.ts")}\n// local edit\n`);
    await expect(
      runCodemods(["soft-fail-to-require"], { cwd: project.dir, write: true, mode: "hard" }),
    ).rejects.toThrow(/uncommitted changes/);
    expect(project.read("src/api-factory.ts")).toContain("?? {}");
    await runCodemods(["soft-fail-to-require"], { cwd: project.dir, write: true, force: true, mode: "hard" });
    expect(project.read("src/api-factory.ts")).toContain("requireConfig(");
    project.commitAll();
    const second = await runCodemods(["soft-fail-to-require"], { cwd: project.dir, write: true, mode: "hard" });
    expect(second.fileChanges).toEqual([]);
  });
});

describe("soft-fail-to-require --mode explicit", () => {
  it("turns fallbacks into explicit optional() calls that keep the old default", async () => {
    const project = projectWithInputs();
    await runCodemods(["soft-fail-to-require"], { cwd: project.dir, write: true, mode: "explicit" });
    expect(project.read("src/api-factory.ts")).toBe(expected("api-factory.explicit.output.ts"));
    expect(project.read("src/hard-blockers.ts")).toBe(expected("hard-blockers.explicit.output.ts"));
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
  });
});

const provenSource = `export interface AppConfig {
  server?: { port?: number; host?: string };
  privatePackages?: boolean | { version?: boolean };
}

export function port(config: AppConfig): number {
  return config.server?.port ?? 8080;
}

export function host(config: AppConfig): string {
  return config.server?.host ?? "localhost";
}

export function versionPrivate(config: AppConfig): boolean {
  if (typeof config.privatePackages !== "object") return config.privatePackages ?? false;
  return config.privatePackages.version ?? false;
}

export function appMode(): string {
  return process.env.APP_MODE ?? "";
}

export function title(): string {
  return process.env.TITLE || "untitled";
}

export class Runtime {
  readonly settings: { bin?: string } = {};
  binary(): string {
    return this.settings.bin ?? "app";
  }
  describe(): string {
    return "runtime";
  }
}

export function binOf(config: Runtime): string {
  return config.settings.bin ?? "app";
}
`;

function provenProject(extra: Record<string, string> = {}): TempProject {
  const project = new TempProject({ "src/settings.ts": provenSource, ...extra });
  projects.push(project);
  return project;
}

describe("soft-fail-to-require --mode proven (the default)", () => {
  it("keeps every default with optional() when no config file proves a key required, and says no file was checked", async () => {
    const project = provenProject();
    const result = await runCodemods(["soft-fail-to-require"], { cwd: project.dir, write: true });
    const text = project.read("src/settings.ts");
    expect(text).toContain('return optional(config, ["server", "port"], 8080);');
    expect(text).toContain('return optional(process.env, ["APP_MODE"], "");');
    expect(text).not.toContain("requireConfig");
    expect(result.requiredKeys).toEqual([]);
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
  });

  it("leaves reads guarded by typeof/in/!== undefined and objects that are not configuration alone, each with its reason", async () => {
    const project = provenProject();
    const result = await runCodemods(["soft-fail-to-require"], { cwd: project.dir, write: true });
    const text = project.read("src/settings.ts");
    expect(text).toContain("return config.privatePackages ?? false;");
    expect(text).toContain("return config.privatePackages.version ?? false;");
    expect(text).toContain('return config.settings.bin ?? "app";');
    const rowAt = (line: number) => result.rows.find((row) => row.line === line);
    expect(rowAt(15)).toMatchObject({
      status: "skipped",
      reason: stringContaining("guarded by `typeof config.privatePackages"),
    });
    expect(rowAt(16)).toMatchObject({ status: "skipped", reason: stringContaining("guarded") });
    expect(rowAt(38)).toMatchObject({
      status: "skipped",
      reason: stringContaining("an instance of the class Runtime, not configuration data"),
    });
  });

  it("keeps `||` on a string for a person: optional() would keep the empty string that `||` replaced", async () => {
    const project = provenProject();
    const result = await runCodemods(["soft-fail-to-require"], { cwd: project.dir, write: true });
    expect(project.read("src/settings.ts")).toContain('return process.env.TITLE || "untitled";');
    expect(result.rows.find((row) => row.line === 24)).toMatchObject({
      status: "manual",
      reason: stringContaining('also replaces "", 0 and false'),
    });
  });

  it("uses requireConfig only for keys present in every config file, optional() for the rest", async () => {
    const project = provenProject({
      "config/a-config.json": JSON.stringify({ server: { port: 1, host: "a" } }),
      "config/b-config.json": JSON.stringify({ server: { port: 2 } }),
    });
    const result = await runCodemods(["soft-fail-to-require"], {
      cwd: project.dir,
      write: true,
      configFiles: ["config/*-config.json"],
    });
    const text = project.read("src/settings.ts");
    expect(text).toContain('return requireConfig(config, "server", "port");');
    expect(text).toContain('return optional(config, ["server", "host"], "localhost");');
    expect(text).toMatch(/import \{ requireConfig, optional \} from "@txo-toolkit\/runtime";/);
    expect(result.requiredKeys.map((key) => key.path)).toEqual(["server.port"]);
    expect(result.rows.find((row) => row.line === 7)?.fix).toContain(
      "present in every config file (config/a-config.json, config/b-config.json)",
    );
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
  });

  it("uses requireConfig for keys the schema requires at every level", async () => {
    const schema = {
      type: "object",
      required: ["server"],
      properties: { server: { type: "object", required: ["host"], properties: { host: { type: "string" } } } },
    };
    const project = provenProject({ "schemas/app.schema.json": JSON.stringify(schema) });
    await runCodemods(["soft-fail-to-require"], {
      cwd: project.dir,
      write: true,
      configSchema: "schemas/app.schema.json",
    });
    const text = project.read("src/settings.ts");
    expect(text).toContain('return requireConfig(config, "server", "host");');
    expect(text).toContain('return optional(config, ["server", "port"], 8080);');
  });

  it("follows the file's quotes and semicolons in the import and the keys it writes", async () => {
    const source =
      "export function port(config: { server?: { port?: number } }): number {\n  const name = 'port'\n  return config.server?.port ?? 8080\n}\n";
    const project = provenProject({ "src/settings.ts": source });
    await runCodemods(["soft-fail-to-require"], { cwd: project.dir, write: true });
    expect(project.read("src/settings.ts")).toBe(
      "import { optional } from '@txo-toolkit/runtime'\n\nexport function port(config: { server?: { port?: number } }): number {\n  const name = 'port'\n  return optional(config, ['server', 'port'], 8080)\n}\n",
    );
  });
});

describe("soft-fail-to-require in a CommonJS package behind a solution-style tsconfig", () => {
  it("type-checks each file with the referenced project's options and adds a require() the package can load", async () => {
    const source =
      "export function port(config: { server?: { port?: number } }): number {\n  return config.server?.port ?? 8080;\n}\n";
    // The fixture's tsconfig.json has compilerOptions (this test writes it).
    const base = fixtureTsConfig() as { compilerOptions: Record<string, unknown> };
    const { paths: _paths, noEmit: _noEmit, ...options } = base.compilerOptions;
    const inner = {
      include: ["**/*.ts"],
      compilerOptions: { ...options, module: "Node16", moduleResolution: "Node16", composite: true, outDir: "../out" },
    };
    const project = provenProject({
      "src/settings.ts": source,
      "tsconfig.json": JSON.stringify({ files: [], references: [{ path: "./src" }] }),
      "src/tsconfig.json": JSON.stringify(inner),
      "package.json": JSON.stringify({
        name: "commonjs-fixture",
        private: true,
        dependencies: { "@txo-toolkit/runtime": "*" },
      }),
      ".gitignore": "node_modules\nout\n",
    });
    mkdirSync(join(project.dir, "node_modules"));
    mkdirSync(join(project.dir, "node_modules", "@txo-toolkit"));
    symlinkSync(join(repoRoot, "packages", "runtime"), join(project.dir, "node_modules", "@txo-toolkit", "runtime"));
    const result = await runCodemods(["soft-fail-to-require"], { cwd: project.dir, write: true });
    const text = project.read("src/settings.ts");
    expect(text).toContain(
      'const { optional } = require("@txo-toolkit/runtime") as typeof import("@txo-toolkit/runtime", { with: { "resolution-mode": "import" } });',
    );
    expect(text).not.toMatch(/^import /m);
    expect(result.rows.map((row) => row.status)).toEqual(["fixed"]);
    expect(tscBuild(project.dir)).toEqual({ ok: true, output: "" });
    const run = (config: string) =>
      execFileSync(process.execPath, ["-e", `console.log(require("./out/settings.js").port(${config}))`], {
        cwd: project.dir,
        encoding: "utf8",
      }).trim();
    expect([run("{}"), run("{ server: { port: 1 } }")]).toEqual(["8080", "1"]);
  });
});
