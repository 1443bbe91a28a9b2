import { createRequire } from "node:module";
import type TypeScript from "typescript";

// require(), not import: an ESM import of TypeScript's 9 MB CommonJS bundle makes Node lex all of
// it for named exports, which costs more than a cached re-run may take.
const ts = createRequire(import.meta.url)("typescript") as typeof TypeScript;
import type { LineIndex, SourceLocation } from "./line-index.js";

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

const { SyntaxKind } = ts;

function tokenType(kind: TypeScript.SyntaxKind, start: number, hints: TokenHints): string {
  if (kind >= SyntaxKind.FirstKeyword && kind <= SyntaxKind.LastFutureReservedWord) {
    if (hints.identifierKeywordStarts.has(start)) return "Identifier";
    if (kind === SyntaxKind.NullKeyword) return "Null";
    return kind === SyntaxKind.TrueKeyword || kind === SyntaxKind.FalseKeyword ? "Boolean" : "Keyword";
  }
  if (kind >= SyntaxKind.FirstPunctuation && kind <= SyntaxKind.LastPunctuation) return "Punctuator";
  if (kind >= SyntaxKind.NoSubstitutionTemplateLiteral && kind <= SyntaxKind.TemplateTail) return "Template";
  switch (kind) {
    case SyntaxKind.NumericLiteral:
    case SyntaxKind.BigIntLiteral:
      return "Numeric";
    case SyntaxKind.PrivateIdentifier:
      return "PrivateIdentifier";
    case SyntaxKind.StringLiteral:
      return "String";
    case SyntaxKind.RegularExpressionLiteral:
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
function rescan(scanner: TypeScript.Scanner, kind: TypeScript.SyntaxKind, braceStack: boolean[], hints: TokenHints): TypeScript.SyntaxKind {
  const start = scanner.getTokenStart();
  if ((kind === SyntaxKind.SlashToken || kind === SyntaxKind.SlashEqualsToken) && hints.regexStarts.has(start)) {
    return scanner.reScanSlashToken();
  }
  if (kind === SyntaxKind.GreaterThanToken && hints.greaterOperatorStarts.has(start)) return scanner.reScanGreaterToken();
  if (kind === SyntaxKind.OpenBraceToken) braceStack.push(false);
  if (kind === SyntaxKind.CloseBraceToken && braceStack.pop() === true) return scanner.reScanTemplateToken(false);
  return kind;
}

function trackTemplates(kind: TypeScript.SyntaxKind, braceStack: boolean[]): void {
  // A template head or middle opens a `${ … }` whose closing brace continues the template.
  if (kind === SyntaxKind.TemplateHead || kind === SyntaxKind.TemplateMiddle) braceStack.push(true);
}

/**
 * Tokenizes TypeScript/JavaScript source (without JSX) the way typescript-estree does, using
 * TypeScript's scanner and the AST hints for the context-dependent tokens.
 */
export function tokenize(text: string, lines: LineIndex, hints: TokenHints): EstreeToken[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const tokens: EstreeToken[] = [];
  const braceStack: boolean[] = [];
  for (let kind = scanner.scan(); kind !== SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    const actualKind = rescan(scanner, kind, braceStack, hints);
    trackTemplates(actualKind, braceStack);
    const start = scanner.getTokenStart();
    tokens.push(makeToken(tokenType(actualKind, start, hints), text, start, scanner.getTokenEnd(), lines));
  }
  return tokens;
}
