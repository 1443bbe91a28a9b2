import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import tsParser from "@typescript-eslint/parser";
import { RuleTester } from "@typescript-eslint/rule-tester";
import { Linter } from "eslint";
import { afterAll, describe, expect, it } from "vitest";
import rule, { countFunctionLines, type MaxFunctionLinesOptions } from "../../src/rules/max-function-lines/rule.js";
import type { MeasuredFunction } from "../../src/rules/max-function-lines/function-lines-count.js";

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** Scratch projects: one without txo.config.json, one with `maxLines: 3`. */
const scratch = mkdtempSync(join(tmpdir(), "txo-max-lines-"));
const plainProject = join(scratch, "plain");
const strictProject = join(scratch, "strict");
mkdirSync(join(plainProject, "src"), { recursive: true });
mkdirSync(join(strictProject, "src"), { recursive: true });
writeFileSync(join(plainProject, "package.json"), JSON.stringify({ name: "plain" }));
writeFileSync(join(strictProject, "package.json"), JSON.stringify({ name: "strict" }));
writeFileSync(join(strictProject, "txo.config.json"), JSON.stringify({ maxLines: 3 }));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const inPlain = (name: string): string => join(plainProject, "src", name);
const inStrict = (name: string): string => join(strictProject, "src", name);

/** `count` statement lines, each `  step();`, so a function written around them spans count + 2 lines. */
function statements(count: number, indent = "  "): string {
  return Array.from({ length: count }, (_, index) => `${indent}step${index}();`).join("\n");
}

function message(name: string, lineCount: number, max: number): string {
  return `${name} has ${lineCount} lines; the limit is ${max}. Split it into well-named helper functions (txo-codemod split-long-functions can do it).`;
}

const ruleTester = new RuleTester({ languageOptions: { parser: tsParser, sourceType: "module" } });

/** The rule tester bundles its own copy of @typescript-eslint/utils; the rule is the same object. */
const testedRule = rule as unknown as Parameters<
  typeof ruleTester.run<"exceed" | "suggestHoist", [MaxFunctionLinesOptions | number]>
>[1];

ruleTester.run("max-function-lines", testedRule, {
  valid: [
    {
      name: "a function of exactly max lines",
      code: `function ok() {\n${statements(1)}\n}`,
      options: [{ max: 3 }],
      filename: inPlain("a.ts"),
    },
    { name: "the default limit is 50", code: `function ok() {\n${statements(48)}\n}`, filename: inPlain("a.ts") },
    {
      name: "test groups in a test file with skipTestGroups: describe, describe.each(table), suite, context",
      code: `describe("api", () => {\n${statements(3)}\n});\ndescribe.each([1])("n %i", (n) => {\n${statements(3)}\n});\nsuite("s", function () {\n${statements(3)}\n});\ncontext("c", () => {\n${statements(3)}\n});`,
      options: [{ max: 3, skipTestGroups: true }],
      filename: inPlain("api.test.ts"),
    },
    {
      name: "test groups in a __tests__ folder, with a custom group function",
      code: `test.describe.serial("flow", () => {\n${statements(3)}\n});\nfeature("x", () => {\n${statements(3)}\n});`,
      options: [{ max: 3, skipTestGroups: true, testGroupFunctions: ["describe", "feature"] }],
      filename: join(plainProject, "src", "__tests__", "flow.ts"),
    },
    {
      name: "a bare number is max, as in core",
      code: `function ok() {\n${statements(3)}\n}`,
      options: [5],
      filename: inPlain("a.ts"),
    },
    {
      name: "blank lines do not count with skipBlankLines",
      code: `function ok() {\n\n\n  \n${statements(1)}\n}`,
      options: [{ max: 3, skipBlankLines: true }],
      filename: inPlain("a.ts"),
    },
    {
      name: "comment-only lines do not count with skipComments",
      code: `function ok() {\n  // one\n  /* two\n     three */\n${statements(1)}\n}`,
      options: [{ max: 3, skipComments: true }],
      filename: inPlain("a.ts"),
    },
    {
      name: "IIFEs are not measured by default",
      code: `(function () {\n${statements(5)}\n})();\n(() => {\n${statements(5)}\n})();`,
      options: [{ max: 3 }],
      filename: inPlain("a.js"),
    },
    {
      name: "a function passed as an argument is not an IIFE, but new function() {} is not called either",
      code: `new function () {\n${statements(1)}\n}();`,
      options: [{ max: 3 }],
      filename: inPlain("a.js"),
    },
    {
      name: "declarations without a body are not functions to measure",
      code: `declare function f(\n  a: string,\n  b: number,\n  c: boolean,\n): void;`,
      options: [{ max: 1 }],
      filename: inPlain("a.ts"),
    },
    {
      name: "abstract methods have no body",
      code: `abstract class A {\n  abstract run(\n    a: string,\n    b: number,\n  ): void;\n}`,
      options: [{ max: 1 }],
      filename: inPlain("a.ts"),
    },
    {
      name: "overload signatures have no body",
      code: `class A {\n  run(\n    a: string,\n  ): void;\n  run(a: string) {}\n}`,
      options: [{ max: 1 }],
      filename: inPlain("a.ts"),
    },
    {
      name: "a short static block",
      code: `class A {\n  static {\n    init();\n  }\n}`,
      options: [{ max: 3 }],
      filename: inPlain("a.ts"),
    },
    {
      name: "the rule option max overrides txo.config.json maxLines",
      code: `function ok() {\n${statements(5)}\n}`,
      options: [{ max: 10 }],
      filename: inStrict("a.ts"),
    },
    {
      name: "txo.config.json maxLines: 3 allows 3 lines",
      code: `function ok() {\n${statements(1)}\n}`,
      filename: inStrict("a.ts"),
    },
    {
      name: "a comment sharing a line with code is a code line",
      code: `function ok() {\n  a(); // note\n  /* lead */ b();\n}`,
      options: [{ max: 4, skipComments: true }],
      filename: inPlain("a.ts"),
    },
  ],
  invalid: [
    {
      name: "a describe callback is counted by default, as core counts it",
      code: `describe("api", () => {\n${statements(2)}\n});`,
      options: [{ max: 3 }],
      filename: inPlain("api.test.ts"),
      errors: [{ messageId: "exceed", data: { name: "Arrow function", lineCount: 4, max: 3 } }],
    },
    {
      name: "skipTestGroups leaves test bodies (it/test) and functions inside groups measured",
      code: `describe("api", () => {\n  it("works", () => {\n${statements(2, "    ")}\n  });\n});`,
      options: [{ max: 3, skipTestGroups: true }],
      filename: inPlain("api.spec.ts"),
      errors: [{ messageId: "exceed", line: 2, data: { name: "Arrow function", lineCount: 4, max: 3 } }],
    },
    {
      name: "skipTestGroups does not apply outside test files (a library function named context)",
      code: `context("request", () => {\n${statements(2)}\n});`,
      options: [{ max: 3, skipTestGroups: true }],
      filename: inPlain("middleware.ts"),
      errors: [{ messageId: "exceed", data: { name: "Arrow function", lineCount: 4, max: 3 } }],
    },
    {
      name: "function declaration: message text and head location",
      code: `function load(path: string): string {\n${statements(2)}\n}`,
      options: [{ max: 3 }],
      filename: inPlain("a.ts"),
      errors: [
        {
          messageId: "exceed",
          data: { name: "Function 'load'", lineCount: 4, max: 3 },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 36,
        },
      ],
    },
    {
      name: "the default limit of 50",
      code: `export function big() {\n${statements(49)}\n}`,
      filename: inPlain("a.ts"),
      errors: [
        {
          messageId: "exceed",
          data: { name: "Function 'big'", lineCount: 51, max: 50 },
          line: 1,
          column: 8,
          endLine: 1,
          endColumn: 22,
        },
      ],
    },
    {
      name: "a bare number is max",
      code: `function f() {\n${statements(2)}\n}`,
      options: [3],
      filename: inPlain("a.ts"),
      errors: [{ messageId: "exceed", data: { name: "Function 'f'", lineCount: 4, max: 3 } }],
    },
    {
      name: "max: 0 reports every function",
      code: "const f = () => 1;",
      options: [{ max: 0 }],
      filename: inPlain("a.ts"),
      errors: [
        {
          messageId: "exceed",
          data: { name: "Arrow function 'f'", lineCount: 1, max: 0 },
          line: 1,
          column: 11,
          endLine: 1,
          endColumn: 16,
        },
      ],
    },
    {
      name: "arrow function: head runs to the =>",
      code: `export const handle = async (\n  request: Request,\n): Promise<void> => {\n${statements(2)}\n};`,
      options: [{ max: 3 }],
      filename: inPlain("a.ts"),
      errors: [
        {
          messageId: "exceed",
          data: { name: "Async arrow function 'handle'", lineCount: 6, max: 3 },
          line: 1,
          column: 23,
          endLine: 3,
          endColumn: 20,
        },
      ],
    },
    {
      name: "anonymous function expression passed as a callback",
      code: `items.forEach(function (item) {\n${statements(3)}\n});`,
      options: [{ max: 3 }],
      filename: inPlain("a.js"),
      errors: [
        {
          messageId: "exceed",
          data: { name: "Function", lineCount: 5, max: 3 },
          line: 1,
          column: 15,
          endLine: 1,
          endColumn: 30,
        },
      ],
    },
    {
      name: "blank lines count by default",
      code: `function f() {\n\n\n${statements(1)}\n}`,
      options: [{ max: 3 }],
      filename: inPlain("a.ts"),
      errors: [{ messageId: "exceed", data: { name: "Function 'f'", lineCount: 5, max: 3 } }],
    },
    {
      name: "comment lines count by default",
      code: `function f() {\n  // why\n  /* more\n     why */\n${statements(1)}\n}`,
      options: [{ max: 3 }],
      filename: inPlain("a.ts"),
      errors: [{ messageId: "exceed", data: { name: "Function 'f'", lineCount: 6, max: 3 } }],
    },
    {
      name: "skipBlankLines still counts the remaining lines",
      code: `function f() {\n\n${statements(3)}\n\n}`,
      options: [{ max: 3, skipBlankLines: true }],
      filename: inPlain("a.ts"),
      errors: [{ messageId: "exceed", data: { name: "Function 'f'", lineCount: 5, max: 3 } }],
    },
    {
      name: "skipComments keeps lines where code and a comment share the line",
      code: `function f() {\n  // only a comment\n  a(); // trailing\n  /* leading */ b();\n}`,
      options: [{ max: 3, skipComments: true }],
      filename: inPlain("a.ts"),
      errors: [{ messageId: "exceed", data: { name: "Function 'f'", lineCount: 4, max: 3 } }],
    },
    {
      name: "skipComments and skipBlankLines together",
      code: `function f() {\n\n  // c\n\n${statements(3)}\n}`,
      options: [{ max: 4, skipComments: true, skipBlankLines: true }],
      filename: inPlain("a.ts"),
      errors: [{ messageId: "exceed", data: { name: "Function 'f'", lineCount: 5, max: 4 } }],
    },
    {
      name: "IIFEs: true measures immediately invoked functions and arrows",
      code: `(function () {\n${statements(3)}\n})();\n(async () => {\n${statements(3)}\n})();`,
      options: [{ max: 3, IIFEs: true }],
      filename: inPlain("a.mjs"),
      errors: [
        {
          messageId: "exceed",
          data: { name: "Function", lineCount: 5, max: 3 },
          line: 1,
          column: 2,
          endLine: 1,
          endColumn: 13,
        },
        {
          messageId: "exceed",
          data: { name: "Async arrow function", lineCount: 5, max: 3 },
          line: 6,
          column: 2,
          endLine: 6,
          endColumn: 13,
        },
      ],
    },
    {
      name: "a long function inside an unmeasured IIFE is still measured",
      code: `(function () {\n  function inner() {\n${statements(3, "    ")}\n  }\n})();`,
      options: [{ max: 3 }],
      filename: inPlain("a.cjs"),
      errors: [{ messageId: "exceed", data: { name: "Function 'inner'", lineCount: 5, max: 3 }, line: 2, column: 3 }],
    },
    {
      name: "class method measured from its modifiers and key",
      code: `class Api {\n  static\n  async request(url: string) {\n${statements(1, "    ")}\n  }\n}`,
      options: [{ max: 3 }],
      filename: inPlain("a.ts"),
      errors: [
        {
          messageId: "exceed",
          data: { name: "Static async method 'request'", lineCount: 4, max: 3 },
          line: 2,
          column: 3,
          endLine: 3,
          endColumn: 29,
        },
      ],
    },
    {
      name: "getters and setters",
      code: `class Box {\n  get size() {\n${statements(2, "    ")}\n  }\n  set size(value) {\n${statements(2, "    ")}\n  }\n}`,
      options: [{ max: 3 }],
      filename: inPlain("a.ts"),
      errors: [
        {
          messageId: "exceed",
          data: { name: "Getter 'size'", lineCount: 4, max: 3 },
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 13,
        },
        {
          messageId: "exceed",
          data: { name: "Setter 'size'", lineCount: 4, max: 3 },
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 18,
        },
      ],
    },
    {
      name: "object literal methods, getters and computed keys",
      code: `const api = {\n  fetch() {\n${statements(2, "    ")}\n  },\n  get ready() {\n${statements(2, "    ")}\n  },\n  ["x-y"]() {\n${statements(2, "    ")}\n  },\n};`,
      options: [{ max: 3 }],
      filename: inPlain("a.js"),
      errors: [
        { messageId: "exceed", data: { name: "Method 'fetch'", lineCount: 4, max: 3 }, line: 2 },
        { messageId: "exceed", data: { name: "Getter 'ready'", lineCount: 4, max: 3 }, line: 6 },
        { messageId: "exceed", data: { name: "Method 'x-y'", lineCount: 4, max: 3 }, line: 10 },
      ],
    },
    {
      name: "a property whose value is a function is measured from the function",
      code: `const api = {\n  fetch:\n    function () {\n${statements(2, "      ")}\n    },\n};`,
      options: [{ max: 3 }],
      filename: inPlain("a.js"),
      errors: [
        {
          messageId: "exceed",
          data: { name: "Method 'fetch'", lineCount: 4, max: 3 },
          line: 2,
          column: 3,
          endLine: 3,
          endColumn: 16,
        },
      ],
    },
    {
      name: "constructor and private methods",
      code: `class Client {\n  constructor() {\n${statements(2, "    ")}\n  }\n  #retry() {\n${statements(2, "    ")}\n  }\n}`,
      options: [{ max: 3 }],
      filename: inPlain("a.ts"),
      errors: [
        { messageId: "exceed", data: { name: "Constructor", lineCount: 4, max: 3 }, line: 2, column: 3 },
        { messageId: "exceed", data: { name: "Private method #retry", lineCount: 4, max: 3 }, line: 6, column: 3 },
      ],
    },
    {
      name: "class property holding an arrow: head starts at the property, lines at the arrow",
      code: `class View {\n  private readonly onClick =\n    (event: Event) => {\n${statements(2, "      ")}\n    };\n}`,
      options: [{ max: 3 }],
      filename: inPlain("a.ts"),
      errors: [
        {
          messageId: "exceed",
          data: { name: "Method 'onClick'", lineCount: 4, max: 3 },
          line: 2,
          column: 3,
          endLine: 3,
          endColumn: 22,
        },
      ],
    },
    {
      name: "generator functions",
      code: `function* walk() {\n${statements(2)}\n}`,
      options: [{ max: 3 }],
      filename: inPlain("a.js"),
      errors: [{ messageId: "exceed", data: { name: "Generator function 'walk'", lineCount: 4, max: 3 } }],
    },
    {
      name: "class static block: reported on the static keyword",
      code: `class Registry {\n  static {\n${statements(3, "    ")}\n  }\n}`,
      options: [{ max: 3 }],
      filename: inPlain("a.ts"),
      errors: [
        {
          messageId: "exceed",
          data: { name: "Static block", lineCount: 5, max: 3 },
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 9,
        },
      ],
    },
    {
      name: "TSX component",
      code: `export function Panel(props: { title: string }) {\n  return (\n    <section>\n      <h1>{props.title}</h1>\n    </section>\n  );\n}`,
      options: [{ max: 3 }],
      filename: inPlain("Panel.tsx"),
      languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
      errors: [
        {
          messageId: "exceed",
          data: { name: "Function 'Panel'", lineCount: 7, max: 3 },
          line: 1,
          column: 8,
          endLine: 1,
          endColumn: 48,
        },
      ],
    },
    {
      name: "CommonJS module.exports function in a .cjs file",
      code: `module.exports = function build(options) {\n${statements(2)}\n};`,
      options: [{ max: 3 }],
      filename: inPlain("build.cjs"),
      errors: [
        {
          messageId: "exceed",
          data: { name: "Function 'build'", lineCount: 4, max: 3 },
          line: 1,
          column: 18,
          endLine: 1,
          endColumn: 41,
        },
      ],
    },
    {
      name: "nested functions are each measured",
      code: `function outer() {\n  function inner() {\n${statements(2, "    ")}\n  }\n}`,
      options: [{ max: 3 }],
      filename: inPlain("a.mjs"),
      errors: [
        {
          messageId: "exceed",
          data: { name: "Function 'outer'", lineCount: 6, max: 3 },
          line: 1,
          // inner uses nothing of outer, so it can move out as it is.
          suggestions: [
            {
              messageId: "suggestHoist",
              output: "function inner() {\n  step0();\n  step1();\n}\n\nfunction outer() {\n}",
            },
          ],
        },
        { messageId: "exceed", data: { name: "Function 'inner'", lineCount: 4, max: 3 }, line: 2 },
      ],
    },
    {
      name: "txo.config.json maxLines applies when the rule has no max",
      code: `function f() {\n${statements(2)}\n}`,
      filename: inStrict("a.ts"),
      errors: [{ messageId: "exceed", data: { name: "Function 'f'", lineCount: 4, max: 3 } }],
    },
    {
      name: "txo.config.json maxLines works with other options set",
      code: `function f() {\n\n${statements(2)}\n}`,
      options: [{ skipBlankLines: true }],
      filename: inStrict("a.js"),
      errors: [{ messageId: "exceed", data: { name: "Function 'f'", lineCount: 4, max: 3 } }],
    },
    {
      name: "decorated method is measured from its decorator, like core",
      code: `class C {\n  @trace()\n  run() {\n${statements(1, "    ")}\n  }\n}`,
      options: [{ max: 3 }],
      filename: inPlain("a.ts"),
      errors: [{ messageId: "exceed", data: { name: "Method 'run'", lineCount: 4, max: 3 }, line: 2, column: 3 }],
    },
  ],
});

describe("max-function-lines message and helpers", () => {
  it("writes the message the audit parses", () => {
    const linter = new Linter({ configType: "flat", cwd: plainProject });
    const code = `function load() {\n${statements(4)}\n}`;
    const messages = linter.verify(
      code,
      {
        files: ["**/*.ts"],
        languageOptions: { parser: tsParser },
        // RuleCreator rules are ESLint rules at run time; ESLint's plugin type does not name their option types.
        plugins: { txo: { rules: { "max-function-lines": rule as never } } },
        rules: { "txo/max-function-lines": ["error", { max: 4 }] },
      },
      inPlain("m.ts"),
    );
    expect(messages.map((found) => found.message)).toEqual([message("Function 'load'", 6, 4)]);
    expect(/has (\d+) lines; the limit is (\d+)/.exec(messages[0]?.message ?? "")?.slice(1)).toEqual(["6", "4"]);
  });

  it("rejects options its schema does not know", () => {
    const linter = new Linter({ configType: "flat" });
    const verify = (): unknown =>
      linter.verify("f();", {
        // RuleCreator rules are ESLint rules at run time; ESLint's plugin type does not name their option types.
        plugins: { txo: { rules: { "max-function-lines": rule as never } } },
        rules: { "txo/max-function-lines": ["error", { maximum: 10 }] },
      });
    expect(verify).toThrow(/maximum|additional/i);
  });

  it("a bad maxLines in txo.config.json is an error naming the key, not a silent default", () => {
    const brokenProject = join(scratch, "broken");
    mkdirSync(brokenProject, { recursive: true });
    writeFileSync(join(brokenProject, "package.json"), JSON.stringify({ name: "broken" }));
    writeFileSync(join(brokenProject, "txo.config.json"), JSON.stringify({ maxLines: "fifty" }));
    const linter = new Linter({ configType: "flat", cwd: brokenProject });
    const verify = (): unknown =>
      linter.verify(
        "function f() {}",
        {
          files: ["**/*.ts"],
          languageOptions: { parser: tsParser },
          // RuleCreator rules are ESLint rules at run time; ESLint's plugin type does not name their option types.
          plugins: { txo: { rules: { "max-function-lines": rule as never } } },
          rules: { "txo/max-function-lines": "error" },
        },
        join(brokenProject, "a.ts"),
      );
    expect(verify).toThrow(/maxLines/);
  });

  it("countFunctionLines counts like the rule for each option", () => {
    const code = `function f() {\n  // c\n\n  a(); // t\n}`;
    const linter = new Linter({ configType: "flat", cwd: plainProject });
    linter.verify(code, { files: ["**/*.ts"], languageOptions: { parser: tsParser } }, inPlain("c.ts"));
    const ast = linter.getSourceCode();
    // The code's first statement is a function declaration; ESLint's and typescript-estree's node types differ.
    const fn = ast.ast.body[0] as unknown as MeasuredFunction;
    // ESLint's SourceCode is the object the counter reads; typescript-eslint types it separately.
    const count = (options: object): number => countFunctionLines(fn, ast as never, options);
    expect([
      count({}),
      count({ skipBlankLines: true }),
      count({ skipComments: true }),
      count({ skipBlankLines: true, skipComments: true }),
    ]).toEqual([5, 4, 4, 3]);
  });
});

/** One `exceed` error (max 3) whose suggestions move the named nested functions out, giving `outputs`. */
function hoisted(name: string, code: string, outputs: string[]) {
  return {
    name,
    code,
    // A one-number tuple: the rule's option shape for `max` alone.
    options: [3] as [number],
    errors: [
      {
        messageId: "exceed" as const,
        suggestions: outputs.map((output) => ({ messageId: "suggestHoist" as const, output })),
      },
    ],
  };
}

ruleTester.run(
  "max-function-lines suggestions (nested functions that use nothing of their function move out)",
  testedRule,
  {
    valid: [],
    invalid: [
      hoisted(
        "a nested function declaration moves above the function",
        "export function run(items: number[]) {\n  function double(n: number): number {\n    return n * 2;\n  }\n  const total = items.map(double);\n  return total;\n}",
        [
          "function double(n: number): number {\n  return n * 2;\n}\n\nexport function run(items: number[]) {\n  const total = items.map(double);\n  return total;\n}",
        ],
      ),
      hoisted(
        "a const arrow moves with its doc comment and may use module-level names",
        "const LIMIT = 10;\nexport const run = (items: number[]) => {\n  /** Caps a value. */\n  const cap = (n: number) => Math.min(n, LIMIT);\n  const out = items.map(cap);\n  return out;\n};",
        [
          "const LIMIT = 10;\n/** Caps a value. */\nconst cap = (n: number) => Math.min(n, LIMIT);\n\nexport const run = (items: number[]) => {\n  const out = items.map(cap);\n  return out;\n};",
        ],
      ),
      hoisted(
        "a method's helper goes above the class, one level of indentation less each",
        "export class Tool {\n  run(items: number[]) {\n    function double(n: number) {\n      return n * 2;\n    }\n    return items.map(double);\n  }\n}",
        [
          "function double(n: number) {\n  return n * 2;\n}\n\nexport class Tool {\n  run(items: number[]) {\n    return items.map(double);\n  }\n}",
        ],
      ),
      hoisted(
        "a recursive nested function may call itself",
        "export function run(n: number) {\n  function fact(k: number): number {\n    return k <= 1 ? 1 : k * fact(k - 1);\n  }\n  return fact(n);\n}",
        [
          "function fact(k: number): number {\n  return k <= 1 ? 1 : k * fact(k - 1);\n}\n\nexport function run(n: number) {\n  return fact(n);\n}",
        ],
      ),
      hoisted(
        "a multi-line template literal keeps its lines (they are part of the string)",
        "export function run() {\n  function banner() { return `a\n    b`; }\n  step();\n  return banner();\n}",
        ["function banner() { return `a\n    b`; }\n\nexport function run() {\n  step();\n  return banner();\n}"],
      ),
      hoisted(
        "a nested function that reads a parameter stays",
        "export function run(factor: number, items: number[]) {\n  function scale(n: number) {\n    return n * factor;\n  }\n  return items.map(scale);\n}",
        [],
      ),
      hoisted(
        "an arrow that uses the method's this stays",
        "export class Tool {\n  factor = 2;\n  run(items: number[]) {\n    const scale = (n: number) => n * this.factor;\n    step();\n    return items.map(scale);\n  }\n}",
        [],
      ),
      hoisted(
        "a nested function that uses a type parameter stays",
        "export function run<T>(items: T[]) {\n  function first(xs: T[]): T | undefined {\n    return xs[0];\n  }\n  return first(items);\n}",
        [],
      ),
      hoisted(
        "a name the module already uses stays",
        "const double = 1;\nexport function run(items: number[]) {\n  function double(n: number) {\n    return n * 2;\n  }\n  return items.map(double);\n}",
        [],
      ),
      hoisted(
        "a const arrow in a hoisted function declaration stays (load-time code could call the function before the const is set)",
        "export function run(items: number[]) {\n  const double = (n: number) => n * 2;\n  step();\n  step();\n  return items.map(double);\n}",
        [],
      ),
      hoisted(
        "a function sharing its line with other code stays",
        "export function run(items: number[]) {\n  step(); function double(n: number) { return n * 2; }\n  step();\n  return items.map(double);\n}",
        [],
      ),
    ],
  },
);
