import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ESLint } from "eslint";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ProjectConfigStore } from "../../src/config/project-config.js";
import plugin from "../../src/rules/index.js";
import { eslintConfig } from "../eslint-config.js";

const LONG_FUNCTION = `export function long(): number {\n  let total = 0;\n${Array.from({ length: 8 }, (_, index) => `  total += ${index};`).join("\n")}\n  return total;\n}\n`;

let project: string;

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), "txo-project-config-"));
  mkdirSync(join(project, "src", "deep"), { recursive: true });
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "stamped", type: "module" }));
  writeFileSync(join(project, "src", "deep", "long.ts"), LONG_FUNCTION);
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

/** Writes txo.config.json and moves its mtime on, so the change is visible even within one clock tick. */
function writeConfig(config: object, secondsLater: number): void {
  const file = join(project, "txo.config.json");
  writeFileSync(file, JSON.stringify(config));
  const when = new Date(Date.now() + secondsLater * 1000);
  utimesSync(file, when, when);
}

describe("ProjectConfigStore", () => {
  it("reads a folder's configuration once, and again when a file it was found from changes", () => {
    const store = new ProjectConfigStore();
    writeConfig({ maxLines: 3 }, 1);
    const first = store.load(join(project, "src", "deep", "long.ts"));
    expect(first).toMatchObject({ root: project, config: { maxLines: 3 } });
    expect(store.load(join(project, "src", "deep", "long.ts"))).toBe(first);
    writeConfig({ maxLines: 100 }, 2);
    expect(store.load(join(project, "src", "deep", "long.ts")).config).toEqual({ maxLines: 100 });
  });

  it("notices a configuration file that appears where there was none", () => {
    const store = new ProjectConfigStore();
    expect(store.load(join(project, "src")).source).toBeUndefined();
    writeConfig({ maxLines: 7 }, 1);
    expect(store.load(join(project, "src")).config).toEqual({ maxLines: 7 });
  });

  it("with watch: false keeps what it read (a one-shot run)", () => {
    const store = new ProjectConfigStore({ watch: false });
    writeConfig({ maxLines: 3 }, 1);
    expect(store.load(project).config).toEqual({ maxLines: 3 });
    writeConfig({ maxLines: 100 }, 2);
    expect(store.load(project).config).toEqual({ maxLines: 3 });
  });

  it("names the schema's keys when a key is unknown", () => {
    writeConfig({ maxLine: 3 }, 1);
    expect(() => new ProjectConfigStore().load(project)).toThrow(
      /unknown key "maxLine" \(allowed: entryPoints, configNames, allowGlobals, maxLines, include, exclude, testPatterns\)/,
    );
  });
});

describe("a long-lived ESLint instance (an editor's server)", () => {
  it("sees an edited txo.config.json on the next lint, without a restart", async () => {
    const eslint = new ESLint({
      cwd: project,
      overrideConfigFile: true,
      overrideConfig: [eslintConfig(plugin.configs.recommended)],
    });
    const longFunctionFindings = async (): Promise<number> => {
      const [result] = await eslint.lintFiles(["src/deep/long.ts"]);
      return (result?.messages ?? []).filter((message) => message.ruleId === "txo/max-function-lines").length;
    };
    writeConfig({ maxLines: 3 }, 1);
    expect(await longFunctionFindings()).toBe(1);
    writeConfig({ maxLines: 100 }, 2);
    expect(await longFunctionFindings()).toBe(0);
    writeConfig({ maxLines: 3 }, 3);
    expect(await longFunctionFindings()).toBe(1);
  });
});
