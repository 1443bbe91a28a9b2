import { createRequire } from "node:module";
import type TypeScript from "typescript";
import type { LineIndex, SourceLocation } from "./line-index.js";

// require(), not import, and only when tokens are made: an ESM import of TypeScript's 9 MB
// CommonJS bundle makes Node lex all of it for named exports, and most audits never need tokens.
const requireFromHere = createRequire(import.meta.url);
function loadTypeScript(): typeof TypeScript {
  // require of the installed typescript package returns the module its typings describe.
  return requireFromHere("typescript") as typeof TypeScript;
}

/** A token in the shape typescript-estree produces (`type`, `value`, `range`, `loc`). */
export interface EstreeToken {
  type: string;
  value: string;
  range: [number, number];
  loc: SourceLocation;
  regex?: { pattern: string; flags: string };
}

/** Facts from the AST the scanner cannot know on its own (it has no parser context). */
export interface TokenHints {
  /** Offsets where a regular-expression literal starts (so `/` is rescanned as a regex). */
  regexStarts: Set<number>;
  /** Offsets of `>`-operators (`>=`, `>>`, `>>>=`, …) in expressions, which TypeScript rescans. */
  greaterOperatorStarts: Set<number>;
  /** Offsets of reserved words used as identifiers (`obj.delete`, `{ default: 1 }`). */
  identifierKeywordStarts: Set<number>;
}

type SyntaxKinds = typeof TypeScript.SyntaxKind;

function tokenType(kinds: SyntaxKinds, kind: TypeScript.SyntaxKind, start: number, hints: TokenHints): string {
  if (kind >= kinds.FirstKeyword && kind <= kinds.LastFutureReservedWord) {
    if (hints.identifierKeywordStarts.has(start)) return "Identifier";
    if (kind === kinds.NullKeyword) return "Null";
    return kind === kinds.TrueKeyword || kind === kinds.FalseKeyword ? "Boolean" : "Keyword";
  }
  if (kind >= kinds.FirstPunctuation && kind <= kinds.LastPunctuation) return "Punctuator";
  if (kind >= kinds.NoSubstitutionTemplateLiteral && kind <= kinds.TemplateTail) return "Template";
  switch (kind) {
    case kinds.NumericLiteral:
    case kinds.BigIntLiteral:
      return "Numeric";
    case kinds.PrivateIdentifier:
      return "PrivateIdentifier";
    case kinds.StringLiteral:
      return "String";
    case kinds.RegularExpressionLiteral:
      return "RegularExpression";
    default:
      return "Identifier";
  }
}

function makeToken(type: string, text: string, start: number, end: number, lines: LineIndex): EstreeToken {
  const value = text.slice(start, end);
  const token: EstreeToken = { type, value, range: [start, end], loc: lines.location(start, end) };
  if (type === "PrivateIdentifier") token.value = value.slice(1);
  if (type === "RegularExpression") {
    const lastSlash = value.lastIndexOf("/");
    token.regex = { pattern: value.slice(1, lastSlash), flags: value.slice(lastSlash + 1) };
  }
  return token;
}

/** Applies the rescans the TypeScript parser would have asked for at this token. */
function rescan(
  kinds: SyntaxKinds,
  scanner: TypeScript.Scanner,
  kind: TypeScript.SyntaxKind,
  braceStack: boolean[],
  hints: TokenHints,
): TypeScript.SyntaxKind {
  const start = scanner.getTokenStart();
  if ((kind === kinds.SlashToken || kind === kinds.SlashEqualsToken) && hints.regexStarts.has(start)) {
    return scanner.reScanSlashToken();
  }
  if (kind === kinds.GreaterThanToken && hints.greaterOperatorStarts.has(start)) return scanner.reScanGreaterToken();
  if (kind === kinds.OpenBraceToken) braceStack.push(false);
  if (kind === kinds.CloseBraceToken && braceStack.pop() === true) return scanner.reScanTemplateToken(false);
  return kind;
}

function trackTemplates(kinds: SyntaxKinds, kind: TypeScript.SyntaxKind, braceStack: boolean[]): void {
  // A template head or middle opens a `${ … }` whose closing brace continues the template.
  if (kind === kinds.TemplateHead || kind === kinds.TemplateMiddle) braceStack.push(true);
}

/** Part of the text to tokenize; it must start where a token starts (a node's start, or 0). */
export interface TokenRegion {
  start: number;
  end: number;
  /** Stop after this many tokens. */
  limit?: number;
}

/**
 * Tokenizes TypeScript/JavaScript source (without JSX) the way typescript-estree does, using
 * TypeScript's scanner and the AST hints for the context-dependent tokens; the whole text, or
 * only a region of it (offsets stay those of the whole text).
 */
export function tokenize(
  text: string,
  lines: LineIndex,
  hints: TokenHints,
  region: TokenRegion = { start: 0, end: text.length },
): EstreeToken[] {
  const ts = loadTypeScript();
  const kinds = ts.SyntaxKind;
  const scanner = ts.createScanner(
    ts.ScriptTarget.Latest,
    true,
    ts.LanguageVariant.Standard,
    text,
    undefined,
    region.start,
    region.end - region.start,
  );
  const tokens: EstreeToken[] = [];
  const braceStack: boolean[] = [];
  const limit = region.limit ?? Number.POSITIVE_INFINITY;
  for (let kind = scanner.scan(); kind !== kinds.EndOfFileToken && tokens.length < limit; kind = scanner.scan()) {
    const actualKind = rescan(kinds, scanner, kind, braceStack, hints);
    trackTemplates(kinds, actualKind, braceStack);
    const start = scanner.getTokenStart();
    tokens.push(makeToken(tokenType(kinds, actualKind, start, hints), text, start, scanner.getTokenEnd(), lines));
  }
  return tokens;
}
