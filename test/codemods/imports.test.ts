import { Project } from "ts-morph";
import { describe, expect, it } from "vitest";
import { ensureNamedImport } from "../../src/codemods/imports.js";

function withImport(text: string, fileName = "file.ts"): string {
  const project = new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile(fileName, text);
  ensureNamedImport(file, "HelpfulError", "txo-toolkit/runtime");
  return file.getFullText();
}

describe("ensureNamedImport places a file's first import", () => {
  it("below a header comment set apart by a blank line", () => {
    expect(withImport("/**\n * Billing helpers.\n * @file\n */\n\nexport function a() {}\n")).toBe(
      '/**\n * Billing helpers.\n * @file\n */\nimport { HelpfulError } from "txo-toolkit/runtime";\n\nexport function a() {}\n',
    );
    expect(withImport("#!/usr/bin/env node\n// Copyright ACME\n\nmain();\n")).toBe('#!/usr/bin/env node\n// Copyright ACME\nimport { HelpfulError } from "txo-toolkit/runtime";\n\nmain();\n');
  });

  it("above a comment that documents the first statement, and at the top of a file without comments", () => {
    expect(withImport("/** Documents a. */\nexport function a() {}\n")).toMatch(/^import \{ HelpfulError \} from "txo-toolkit\/runtime";\n+\/\*\* Documents a\. \*\/\nexport function a/);
    expect(withImport("export const x = 1;\n")).toMatch(/^import \{ HelpfulError \} from "txo-toolkit\/runtime";\n+export const x = 1;\n$/);
  });

  it("after existing imports, merged into one from the same module", () => {
    expect(withImport('// header\n\nimport { a } from "a";\nimport { requireConfig } from "txo-toolkit/runtime";\n\na();\n')).toBe(
      '// header\n\nimport { a } from "a";\nimport { requireConfig, HelpfulError } from "txo-toolkit/runtime";\n\na();\n',
    );
  });
});
