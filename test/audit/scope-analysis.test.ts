import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { analyze, type ScopeManager } from "@typescript-eslint/scope-manager";
import { parse } from "@typescript-eslint/typescript-estree";
import fg from "fast-glob";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { analyzeModule } from "../../src/lint/scope-analysis.js";

const repoRoot = resolve(import.meta.dirname, "../..");
/** What typescript-eslint's parser passes without a tsconfig (see its getLib). */
const defaultLib = Number.parseInt(ts.version, 10) >= 6 ? "es2025.full" : "lib";

/** Every scope's references with what they resolve to, and its unresolved names, as comparable text. */
function describeScopes(scopeManager: ScopeManager): string[] {
  return scopeManager.scopes.flatMap((scope, index) => [
    ...scope.references.map(
      (reference) =>
        `${index} ${reference.identifier.name}@${reference.identifier.range[0]} -> ${reference.resolved ? `${reference.resolved.name} in ${reference.resolved.scope.type}` : "unresolved"}`,
    ),
    `${index} through: ${scope.through.map((reference) => reference.identifier.name).join(",")}`,
  ]);
}

function usedGlobals(scopeManager: ScopeManager): string[] {
  return (scopeManager.globalScope?.variables ?? [])
    .filter((variable) => variable.references.length > 0)
    .map((variable) => variable.name)
    .sort();
}

describe("analyzeModule resolves like analyze() with typescript-eslint's default lib", () => {
  it("on this repository's sources and real TypeScript from node_modules", () => {
    const files = [
      ...fg.sync(["src/**/*.ts"], { cwd: repoRoot, absolute: true }),
      ...fg.sync(["node_modules/ajv/lib/**/*.ts"], { cwd: repoRoot, absolute: true, ignore: ["**/*.d.ts"] }),
    ];
    expect(files.length).toBeGreaterThan(200);
    let libReferences = 0;
    for (const file of files) {
      const ast = parse(readFileSync(file, "utf8"), { range: true, loc: true, filePath: file });
      const reference = analyze(ast, { sourceType: "module", lib: [defaultLib] });
      const fast = analyzeModule(ast);
      expect({ file, scopes: describeScopes(fast) }).toEqual({ file, scopes: describeScopes(reference) });
      expect(usedGlobals(fast)).toEqual(usedGlobals(reference));
      libReferences += usedGlobals(fast).length;
    }
    expect(libReferences).toBeGreaterThan(100);
  });

  it("tells type references from value references to lib names", () => {
    const source =
      "type Box = Map<string, Element>;\nconst found = document.querySelector('x') as Element | null;\nlet Element = 1;\nexport { found, Element };\n";
    const ast = parse(source, { range: true, loc: true, filePath: "box.ts" });
    expect(describeScopes(analyzeModule(ast))).toEqual(
      // eslint-scope's lib option is typed for its own lib names; TypeScript's default lib name is one at run time.
      describeScopes(analyze(ast, { sourceType: "module", lib: [defaultLib as never] })),
    );
  });
});
