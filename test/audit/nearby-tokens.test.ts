import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import fg from "fast-glob";
import { describe, expect, it } from "vitest";
import { NearbyTokens } from "../../src/lint/nearby-tokens.js";
import { parseForHost, type AstNode } from "../../src/lint/oxc-parser-adapter.js";
import { tokenize, type EstreeToken } from "../../src/lint/tokens.js";

const repoRoot = resolve(import.meta.dirname, "../..");
const FUNCTION_TYPES = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);
const isArrow = (token: EstreeToken) => token.type === "Punctuator" && token.value === "=>";

function functionsIn(node: AstNode, found: AstNode[] = []): AstNode[] {
  if (FUNCTION_TYPES.has(node.type) || node.type === "StaticBlock") found.push(node);
  for (const [key, value] of Object.entries(node)) {
    if (key === "parent" || value === null || typeof value !== "object") continue;
    for (const child of Array.isArray(value) ? value : [value])
      // An object with a string type under an AST key is a node.
      if (child !== null && typeof (child as AstNode).type === "string") functionsIn(child as AstNode, found);
  }
  return found;
}

/** What a full tokenization by TypeScript's scanner says is the last (matching) token before `offset`. */
function scannerTokenBefore(
  tokens: EstreeToken[],
  offset: number,
  filter?: (token: EstreeToken) => boolean,
): EstreeToken | null {
  return tokens.filter((token) => token.range[1] <= offset && (filter === undefined || filter(token))).at(-1) ?? null;
}

describe("NearbyTokens reads the tokens TypeScript's scanner would make", () => {
  it("for every function head and static block in hundreds of real files", () => {
    const files = [
      ...fg.sync(["src/**/*.ts", "node_modules/ajv/lib/**/*.ts", "node_modules/zod/src/**/*.ts"], {
        cwd: repoRoot,
        absolute: true,
        ignore: ["**/*.d.ts"],
      }),
      ...fg.sync(["node_modules/eslint/lib/rules/*.js"], { cwd: repoRoot, absolute: true }).slice(0, 80),
    ];
    let answered = 0;
    let asked = 0;
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      let parsed;
      try {
        parsed = parseForHost(text, file, { allowJsx: false });
      } catch {
        continue;
      }
      const tokens = tokenize(text, parsed.lines, parsed.hints);
      // finishProgram sets program.comments to ESTree comments, which are tokens with a type and a range.
      const nearby = new NearbyTokens(text, parsed.program.comments as EstreeToken[], parsed.lines, parsed.hints);
      for (const fn of functionsIn(parsed.program)) {
        const questions: [EstreeToken | null | undefined, EstreeToken | null][] =
          fn.type === "StaticBlock"
            ? [[nearby.wordAt(fn.range[0]), tokens.find((token) => token.range[0] >= fn.range[0]) ?? null]]
            : [
                [
                  // A function other than a static block has a body node.
                  nearby.before((fn.body as AstNode).range[0], undefined),
                  scannerTokenBefore(tokens, (fn.body as AstNode).range[0]),
                ],
                ...(fn.type === "ArrowFunctionExpression"
                  ? // A function other than a static block has a body node; the pair is one question, not an array of two.
                    [
                      [
                        nearby.before((fn.body as AstNode).range[0], isArrow),
                        scannerTokenBefore(tokens, (fn.body as AstNode).range[0], isArrow),
                      ] as [EstreeToken | null | undefined, EstreeToken | null],
                    ]
                  : []),
              ];
        for (const [read, scanned] of questions) {
          asked++;
          if (read === undefined) continue;
          answered++;
          expect({ file, read }).toEqual({ file, read: scanned });
        }
      }
    }
    expect(asked).toBeGreaterThan(3000);
    // Almost every head ends in a word or a simple punctuator; the rest go to the scanner.
    expect(answered / asked).toBeGreaterThan(0.9);
  }, 120_000);
});
