import { Project } from "ts-morph";
import { describe, expect, it } from "vitest";
import { ensureNamedImport } from "../../src/codemods/imports.js";
import { DEFAULT_IMPORT_SOURCE } from "../../src/rewrite/fix-text.js";

function withImport(text: string, fileName = "file.ts", source = DEFAULT_IMPORT_SOURCE): string {
  const project = new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile(fileName, text);
  ensureNamedImport(file, "HelpfulError", source);
  return file.getFullText();
}

describe("ensureNamedImport places a file's first import", () => {
  it("below a header comment set apart by a blank line", () => {
    expect(withImport("/**\n * Billing helpers.\n * @file\n */\n\nexport function a() {}\n")).toBe(
      '/**\n * Billing helpers.\n * @file\n */\nimport { HelpfulError } from "@txo-toolkit/runtime";\n\nexport function a() {}\n',
    );
    expect(withImport("#!/usr/bin/env node\n// Copyright ACME\n\nmain();\n")).toBe(
      '#!/usr/bin/env node\n// Copyright ACME\nimport { HelpfulError } from "@txo-toolkit/runtime";\n\nmain();\n',
    );
  });

  it("above a comment that documents the first statement, and at the top of a file without comments", () => {
    expect(withImport("/** Documents a. */\nexport function a() {}\n")).toMatch(
      /^import \{ HelpfulError \} from "@txo-toolkit\/runtime";\n+\/\*\* Documents a\. \*\/\nexport function a/,
    );
    expect(withImport("export const x = 1;\n")).toMatch(
      /^import \{ HelpfulError \} from "@txo-toolkit\/runtime";\n+export const x = 1;\n$/,
    );
  });

  it("after existing imports, merged into one from the same module", () => {
    expect(
      withImport(
        '// header\n\nimport { a } from "a";\nimport { requireConfig } from "@txo-toolkit/runtime";\n\na();\n',
      ),
    ).toBe(
      '// header\n\nimport { a } from "a";\nimport { requireConfig, HelpfulError } from "@txo-toolkit/runtime";\n\na();\n',
    );
  });
});

describe("ensureNamedImport and the legacy txo-toolkit/runtime entry (a re-export of @txo-toolkit/runtime)", () => {
  it("imports from @txo-toolkit/runtime by default", () => {
    expect(DEFAULT_IMPORT_SOURCE).toBe("@txo-toolkit/runtime");
  });

  it("reuses a name the file already imports from txo-toolkit/runtime instead of importing it twice", () => {
    const text = 'import { HelpfulError as HE } from "txo-toolkit/runtime";\n\nthrow new HE({});\n';
    expect(withImport(text)).toBe(text);
  });

  it("merges into an existing txo-toolkit/runtime import: one module per file, no new dependency", () => {
    expect(withImport('import { requireConfig } from "txo-toolkit/runtime";\n\nrequireConfig({}, "a");\n')).toBe(
      'import { requireConfig, HelpfulError } from "txo-toolkit/runtime";\n\nrequireConfig({}, "a");\n',
    );
    const commonJs = withImport(
      'const { requireConfig } = require("txo-toolkit/runtime");\nrequireConfig({}, "a");\n',
      "file.cjs",
    );
    expect(commonJs).toContain('const { HelpfulError } = require("txo-toolkit/runtime");');
    expect(commonJs).not.toContain("@txo-toolkit/runtime");
  });

  it("treats the legacy entry as the same module only for the default source, not for an --import-source", () => {
    expect(
      withImport(
        'import { requireConfig } from "txo-toolkit/runtime";\n\nrequireConfig({}, "a");\n',
        "file.ts",
        "./helpers.js",
      ),
    ).toBe(
      'import { requireConfig } from "txo-toolkit/runtime";\nimport { HelpfulError } from "./helpers.js";\n\nrequireConfig({}, "a");\n',
    );
  });
});
