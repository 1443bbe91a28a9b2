import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { fitsParserStack, stackShare } from "../../src/lint/stack-budget.js";

const EIGHT_MB = 8 * 1024 * 1024;

// Nesting at or past the level where oxc's parser overflowed an 8 MB stack (docs/audit.md, "Limits"):
// each must stay out of this process, whatever else the file holds.
const TOO_DEEP: [string, string][] = [
  ["6,000 type arguments", `type T = ${"A<".repeat(6_000)}B${">".repeat(6_000)};`],
  ["9,900 arrows", `const f = ${"a=>".repeat(9_900)}a;`],
  ["12,700 conditionals", `const x = ${"a?b:".repeat(12_700)}c;`],
  ["17,300 assignments", `a${"=a".repeat(17_300)};`],
  ["17,600 JSX elements", `const x = ${"<a>".repeat(17_600)}${"</a>".repeat(17_600)};`],
  ["20,800 labels", `${"a:".repeat(20_800)};`],
  ["22,500 new", `const x = ${"new ".repeat(22_500)}A;`],
  ["25,700 if", `${"if (a) ".repeat(25_700)};`],
  ["40,000 await", `async function f() { ${"await ".repeat(40_000)}a; }`],
  [
    "half the limit of arrows plus half of type arguments",
    `${"a=>".repeat(5_000)}a; type T = ${"A<".repeat(3_000)}B${">".repeat(3_000)};`,
  ],
];

describe("the parser's stack budget", () => {
  it.each(TOO_DEEP)("sends %s to a lint child", (_name, text) => {
    expect(fitsParserStack(text, EIGHT_MB)).toBe(false);
  });

  it("keeps real sources of any size in this process", () => {
    // This repository's longest modules are 8-12 KB; doubling one is still ordinary code.
    const source = readFileSync(resolve(import.meta.dirname, "../../src/audit/run-audit.ts"), "utf8");
    const doubled = `${source}\n${source.replaceAll("export ", "")}`;
    expect(doubled.length).toBeGreaterThan(16 * 1024);
    expect(stackShare(doubled)).toBeLessThan(0.5);
    expect(fitsParserStack(doubled, EIGHT_MB)).toBe(true);
  });

  it("sends everything to a child when the stack is smaller than measured, or unknown", () => {
    expect(fitsParserStack("const a = 1;", 1024 * 1024)).toBe(false);
    expect(fitsParserStack("const a = 1;", undefined)).toBe(false);
    expect(fitsParserStack("const a = 1;", Number.POSITIVE_INFINITY)).toBe(true);
  });
});
