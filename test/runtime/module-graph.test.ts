import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const FORBIDDEN = [
  "eslint",
  "ts-morph",
  "typescript",
  "@typescript-eslint",
  "@ts-morph",
  "oxc-parser",
  "fast-glob",
  "commander",
];

/**
 * Compiles only what src/runtime/index.ts reaches (tsc follows its imports) into a temporary
 * folder, then imports it in a fresh Node process whose module hooks record every module that is
 * resolved, ESM and CommonJS alike. That is the real graph a user of "txo-toolkit/runtime" loads.
 */
describe("txo-toolkit/runtime module graph", () => {
  const work = mkdtempSync(join(tmpdir(), "txo-runtime-graph-"));
  const outDir = join(work, "out");
  let loaded: string[] = [];
  let exportedNames: string[] = [];

  beforeAll(() => {
    execFileSync(
      process.execPath,
      [
        resolve("node_modules/typescript/bin/tsc"),
        "--outDir",
        outDir,
        "--rootDir",
        resolve("src"),
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
        resolve("src/runtime/index.ts"),
      ],
      { stdio: "pipe" },
    );
    // The compiled files must be treated as ESM and find this project's dependencies.
    writeFileSync(join(outDir, "package.json"), '{ "type": "module" }');
    symlinkSync(resolve("node_modules"), join(work, "node_modules"), "dir");
    const log = join(work, "modules.log");
    const hooks = join(work, "hooks.mjs");
    writeFileSync(
      hooks,
      `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, result.url + "\\n");
  return result;
}
`,
    );
    const register = join(work, "register.mjs");
    writeFileSync(
      register,
      `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
    );
    const probe = join(work, "probe.mjs");
    writeFileSync(
      probe,
      `import { createRequire } from "node:module";
const runtime = await import(${JSON.stringify(pathToFileURL(join(outDir, "runtime", "index.js")).href)});
const require = createRequire(import.meta.url);
process.stdout.write(JSON.stringify({ exports: Object.keys(runtime), cjs: Object.keys(require.cache) }));
`,
    );
    writeFileSync(log, "");
    const result = spawnSync(process.execPath, ["--import", pathToFileURL(register).href, probe], {
      encoding: "utf8",
      cwd: work,
    });
    expect(result.stderr).toBe("");
    const report = JSON.parse(result.stdout) as { exports: string[]; cjs: string[] }; // the child prints these lists
    exportedNames = report.exports;
    loaded = [
      ...readFileSync(log, "utf8").split("\n").filter(Boolean),
      ...report.cjs.map((file) => pathToFileURL(file).href),
    ];
  });

  it("compiles from the runtime folder alone", () => {
    expect(readdirSync(outDir).sort()).toEqual(["package.json", "runtime"]);
  });

  it("really records the modules it loads (the runtime's own, and what they import)", () => {
    expect(loaded.some((url) => url.endsWith("/runtime/errors.js"))).toBe(true);
    expect(loaded.some((url) => url.endsWith("/runtime/resilience/retry.js"))).toBe(true);
    expect(exportedNames).toEqual(
      expect.arrayContaining([
        "HelpfulError",
        "requireConfig",
        "optional",
        "loadConfig",
        "createLogger",
        "runMain",
        "getPath",
        "Dir",
      ]),
    );
  });

  it("does not load ajv until the first ConfigLoader is made (the loadConfig tests make one)", () => {
    expect(loaded.filter((url) => /\/node_modules\/ajv(-formats)?\//.test(url))).toEqual([]);
  });

  it("does not load undici until the first HTTP pool is made (the HTTP tests make one)", () => {
    expect(loaded.filter((url) => url.includes("/node_modules/undici/"))).toEqual([]);
  });

  it.each(FORBIDDEN)("does not load %s", (name) => {
    expect(loaded.filter((url) => url.includes(`/node_modules/${name}/`))).toEqual([]);
  });
});
