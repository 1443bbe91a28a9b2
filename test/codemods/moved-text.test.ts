import { describe, expect, it } from "vitest";
import { Project } from "ts-morph";
import { restoreMovedText } from "../../src/codemods/moved-text.js";

function fileWith(code: string) {
  return new Project({ useInMemoryFileSystem: true }).createSourceFile("sample.ts", code);
}

describe("restoreMovedText", () => {
  it("puts back the author's layout of a statement TypeScript's printer re-wrapped, at the helper's indentation", () => {
    const original = {
      text: "emit(\n      new Event(`command:${name}`, { detail: name }),\n    )",
      indentation: "    ",
    };
    const printed =
      "function announce(name: string) {\n  emit(new Event(`command:${name}`, { detail: name }))\n}\ndeclare function emit(event: Event): void;\n";
    const sourceFile = fileWith(printed);
    restoreMovedText(sourceFile, "announce", [original]);
    expect(sourceFile.getFullText()).toBe(
      "function announce(name: string) {\n  emit(\n    new Event(`command:${name}`, { detail: name }),\n  )\n}\ndeclare function emit(event: Event): void;\n",
    );
  });

  it("leaves a statement that is different code as printed", () => {
    const printed =
      "function announce(name: string) {\n  emit(name, 1)\n}\ndeclare function emit(...values: unknown[]): void;\n";
    const sourceFile = fileWith(printed);
    restoreMovedText(sourceFile, "announce", [{ text: "emit(name)", indentation: "" }]);
    expect(sourceFile.getFullText()).toBe(printed);
  });

  it("re-indents the code around a multi-line template but not the template's own lines", () => {
    const printed =
      "function announce(name: string) {\n  emit(`a\n    b`, name)\n}\ndeclare function emit(...values: unknown[]): void;\n";
    const sourceFile = fileWith(printed);
    restoreMovedText(sourceFile, "announce", [{ text: "emit(`a\n    b`,\n      name\n    )", indentation: "    " }]);
    expect(sourceFile.getFullText()).toBe(
      "function announce(name: string) {\n  emit(`a\n    b`,\n    name\n  )\n}\ndeclare function emit(...values: unknown[]): void;\n",
    );
  });

  it("puts back the author's text of an expression a lone declaration's helper returns (reduced from commitlint)", () => {
    const printed =
      "function parseMessage(message: string) {\n  return message === '' ? { header: null } : parse(message)\n}\ndeclare function parse(text: string): { header: string | null };\n";
    const sourceFile = fileWith(printed);
    restoreMovedText(sourceFile, "parseMessage", [
      {
        text: "const parsed =\n    message === ''\n      ? {header: null}\n      : parse(message);",
        indentation: "    ",
      },
    ]);
    expect(sourceFile.getFullText()).toBe(
      "function parseMessage(message: string) {\n  return message === ''\n    ? {header: null}\n    : parse(message)\n}\ndeclare function parse(text: string): { header: string | null };\n",
    );
  });

  it("drops the written-out type of a destructuring call site, generic calls included", () => {
    const code =
      "function outer<T>(value: T) {\n  const { a, b }: { a: T; b: number } = split<T>(value);\n  return [a, b];\n}\nfunction split<T>(value: T) {\n  return { a: value, b: 1 };\n}\n";
    const sourceFile = fileWith(code);
    restoreMovedText(sourceFile, "split", []);
    expect(sourceFile.getFullText()).toContain("const { a, b } = split<T>(value);");
  });

  it("declares the outputs of a helper with const, or let when one is assigned again, never var", () => {
    const code = [
      "function outer(items: string[]) {",
      "  var { first, count } = countItems(items);",
      "  if (count === 0) first = 'none';",
      "  return first;",
      "}",
      "function total(items: string[]) {",
      "  var { first, count } = countItems(items);",
      "  return first + count;",
      "}",
      "function countItems(items: string[]) {",
      "  return { first: items[0] ?? '', count: items.length };",
      "}",
      "",
    ].join("\n");
    const sourceFile = fileWith(code);
    restoreMovedText(sourceFile, "countItems", [{ text: "const first = items[0] ?? ''", indentation: "  " }]);
    const text = sourceFile.getFullText();
    expect(text).toContain("  let { first, count } = countItems(items);\n  if (count");
    expect(text).toContain("  const { first, count } = countItems(items);\n  return first + count;");
    expect(text).not.toMatch(/\bvar\b/);
  });

  it("keeps var when the author declared the moved locals with var", () => {
    const code =
      "function outer() {\n  var { a } = pick();\n  return a;\n}\nfunction pick() {\n  return { a: 1 };\n}\n";
    const sourceFile = fileWith(code);
    restoreMovedText(sourceFile, "pick", [{ text: "var a = 1;", indentation: "  " }]);
    expect(sourceFile.getFullText()).toBe(code);
  });
});
