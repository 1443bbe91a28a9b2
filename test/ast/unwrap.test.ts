import { parse } from "@typescript-eslint/parser";
import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";
import { describe, expect, it } from "vitest";
import { isConstAssertion, unwrapExpression } from "../../src/ast/unwrap.js";

/** The initializer of `const value = <expression>;`, parsed as TypeScript with ranges. */
function initializerOf(expression: string): { node: TSESTree.Node; source: string } {
  const source = `const value = ${expression};`;
  const statement = parse(source, { range: true }).body.at(0);
  if (statement?.type !== AST_NODE_TYPES.VariableDeclaration) throw new Error(`no declaration in ${source}`);
  const init = statement.declarations.at(0)?.init;
  if (!init) throw new Error(`no initializer in ${source}`);
  return { node: init, source };
}

/** The source text of what unwrapExpression leaves of the expression. */
function unwrapped(expression: string): string {
  const { node, source } = initializerOf(expression);
  const inner = unwrapExpression(node);
  return source.slice(inner.range[0], inner.range[1]);
}

describe("unwrapExpression", () => {
  it.each([
    ["non-null", "config.key!", "config.key"],
    ["as", "config.key as string", "config.key"],
    ["satisfies", "config satisfies Config", "config"],
    ["angle-bracket assertion", "<string>config.key", "config.key"],
    ["instantiation expression", "create<Config>", "create"],
    ["optional chain", "config.a?.b", "config.a?.b"],
    ["nested wrappers", "((config.key as unknown) as string)!", "config.key"],
    ["wrappers around an optional chain", "(config?.key as string)!", "config?.key"],
  ])("strips %s", (_name, expression, expected) => {
    expect(unwrapped(expression)).toBe(expected);
  });

  it("returns the ChainExpression's own member expression, not the chain wrapper", () => {
    const { node } = initializerOf("config.a?.b");
    expect(node.type).toBe(AST_NODE_TYPES.ChainExpression);
    expect(unwrapExpression(node).type).toBe(AST_NODE_TYPES.MemberExpression);
  });

  it.each([
    ["as const", "[1, 2] as const"],
    ["<const>", "<const>[1, 2]"],
    ["a plain identifier", "config"],
    ["a call", "load(config)"],
  ])("keeps %s", (_name, expression) => {
    expect(unwrapped(expression)).toBe(expression);
  });

  it("stops at a const assertion under other wrappers", () => {
    expect(unwrapped("([1, 2] as const)!")).toBe("[1, 2] as const");
  });

  it("tells a const assertion from a type assertion", () => {
    expect(isConstAssertion(initializerOf("[1] as const").node)).toBe(true);
    expect(isConstAssertion(initializerOf("<const>[1]").node)).toBe(true);
    expect(isConstAssertion(initializerOf("[1] as number[]").node)).toBe(false);
    expect(isConstAssertion(initializerOf("[1]").node)).toBe(false);
  });
});
