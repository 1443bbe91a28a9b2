import { describe, expect, it } from "vitest";
import { lineOrigins, mapLinesBack } from "../../src/codemods/line-map.js";

const lines = (...text: string[]) => `${text.join("\n")}\n`;

describe("mapLinesBack", () => {
  it("is the identity for unchanged text", () => {
    const text = lines("a", "b", "c");
    expect([1, 2, 3].map(mapLinesBack(text, text))).toEqual([1, 2, 3]);
  });

  it("maps lines below an inserted import to where they were", () => {
    const before = lines("// header", "const a = 1;", "function f() {}", "f();");
    const after = lines(
      "// header",
      'import { requireConfig } from "txo-toolkit/runtime";',
      "",
      "const a = 1;",
      "function f() {}",
      "f();",
    );
    const toBefore = mapLinesBack(before, after);
    expect([1, 2, 3, 4, 5, 6].map(toBefore)).toEqual([1, 2, 2, 2, 3, 4]);
  });

  it("maps a replaced block to its first original line and lines after it by the difference", () => {
    const before = lines("a", "old 1", "old 2", "old 3", "b");
    const after = lines("a", "new 1", "b");
    const toBefore = mapLinesBack(before, after);
    expect([1, 2, 3].map(toBefore)).toEqual([1, 2, 5]);
  });

  it("maps a block that grew (a function split in two) to where it started", () => {
    const before = lines("a", "function long() {", "  body();", "}", "z");
    const after = lines("a", "function long() {", "  part();", "}", "", "function part() {", "  body();", "}", "z");
    const toBefore = mapLinesBack(before, after);
    expect(toBefore(1)).toBe(1);
    expect(toBefore(2)).toBe(2);
    expect(toBefore(9)).toBe(5);
    for (const line of [3, 4, 5, 6, 7, 8]) expect(toBefore(line)).toBeGreaterThanOrEqual(2);
    for (const line of [3, 4, 5, 6, 7, 8]) expect(toBefore(line)).toBeLessThanOrEqual(5);
  });

  it("keeps lines past the end inside the original file", () => {
    const toBefore = mapLinesBack(lines("a"), lines("a", "b", "c"));
    expect(toBefore(3)).toBe(1);
    expect(toBefore(40)).toBe(1);
  });
});

describe("lineOrigins", () => {
  it("tells lines edited in place from lines a rewrite added or reshaped", () => {
    const before = lines("a", "let hits = 0;", "b", "function f() {", "  one();", "}", "c");
    const after = lines("a", "let hits = 1;", "b", "class F {", "  f() {", "    one();", "  }", "}", "c");
    const origins = lineOrigins(before, after);
    expect([1, 2, 3].map((line) => [origins.toBefore(line), origins.isInPlace(line)])).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
    // Two lines became four (the closing brace is matched as common): reshaped, not in place.
    expect([4, 5, 6, 7].map((line) => [origins.toBefore(line), origins.isInPlace(line)])).toEqual([
      [4, false],
      [4, false],
      [4, false],
      [4, false],
    ]);
    expect([8, 9].map((line) => [origins.toBefore(line), origins.isInPlace(line)])).toEqual([
      [6, true],
      [7, true],
    ]);
  });
});

describe("mapLinesBack on code that moved", () => {
  it("finds a function that became a method by its text", () => {
    const before = lines(
      "let saved = 0;",
      "",
      "export async function save(data: string): Promise<number> {",
      "  return ++saved;",
      "}",
    );
    const after = lines(
      "export class Store {",
      "  private saved = 0;",
      "",
      "  async save(data: string): Promise<number> {",
      "    return ++this.saved;",
      "  }",
      "}",
    );
    const toBefore = mapLinesBack(before, after);
    expect(toBefore(4)).toBe(3);
    // Short or repeated lines say nothing about where they came from.
    expect(toBefore(6)).toBe(toBefore(5));
  });
});
