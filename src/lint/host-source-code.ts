import { type Scope, type ScopeManager, ScopeType } from "@typescript-eslint/scope-manager";
import type { HostParseResult, AstNode } from "./oxc-parser-adapter.js";
import { FastParserDeclined } from "./oxc-parser-adapter.js";
import { NearbyTokens } from "./nearby-tokens.js";
import { tokenize, type EstreeToken } from "./tokens.js";

/** ESLint's `SourceCode.lines` split: the ECMAScript line terminators. */
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029]/u;

type TokenFilter = (token: EstreeToken) => boolean;

/**
 * The part of ESLint's `SourceCode` the txo rules use, over the fast parser's AST. Each method
 * does what ESLint's does (same scope lookup, same token shapes); anything else a rule asks for
 * throws FastParserDeclined, and the file is linted by ESLint itself instead.
 */
export class HostSourceCode {
  readonly text: string;
  readonly ast: AstNode;
  private splitLines: string[] | undefined;
  readonly scopeManager: ScopeManager;
  readonly visitorKeys: Readonly<Record<string, readonly string[]>>;
  private readonly parsed: HostParseResult;
  private readonly scopes = new WeakMap<object, Scope>();
  private nearbyTokens: NearbyTokens | undefined;

  /**
   * @param parsedText the text the parser saw: `text` with a shebang turned into a `//` comment,
   *   as ESLint does, so tokens match the AST.
   */
  constructor(
    text: string,
    private readonly parsedText: string,
    parsed: HostParseResult,
    visitorKeys: Readonly<Record<string, readonly string[]>>,
  ) {
    this.text = text;
    this.parsed = parsed;
    this.ast = parsed.program;
    this.scopeManager = parsed.scopeManager;
    this.visitorKeys = visitorKeys;
  }

  /** ESLint's `lines`, split on first use: most files are never asked for them. */
  get lines(): string[] {
    this.splitLines ??= this.text.split(LINE_BREAKS);
    return this.splitLines;
  }

  getText(node?: { range: [number, number] }, before = 0, after = 0): string {
    if (node === undefined) return this.text;
    return this.text.slice(Math.max(node.range[0] - before, 0), node.range[1] + after);
  }

  getAllComments(): EstreeToken[] {
    // finishProgram sets program.comments to the EstreeToken[] from convertComments.
    return this.ast.comments as EstreeToken[];
  }

  getDeclaredVariables(node: object): unknown[] {
    // Nodes handed to rules are the decorated AST nodes the scope manager analysed.
    return this.scopeManager.getDeclaredVariables(node as never);
  }

  /** ESLint's lookup: the innermost scope at the node, the outermost one for Program. */
  getScope(currentNode: AstNode): Scope {
    const cached = this.scopes.get(currentNode);
    if (cached !== undefined) return cached;
    const scope = this.findScope(currentNode);
    this.scopes.set(currentNode, scope);
    return scope;
  }

  private findScope(currentNode: AstNode): Scope {
    const inner = currentNode.type !== "Program";
    for (let node: AstNode | null | undefined = currentNode; node; node = node.parent) {
      // The scope manager keys scopes by the same AST node objects it analysed.
      const scope = this.scopeManager.acquire(node as never, inner);
      if (scope) return scope.type === ScopeType.functionExpressionName ? onlyChild(scope) : scope;
    }
    const [globalScope] = this.scopeManager.scopes;
    if (globalScope === undefined) throw new Error("findScope: the scope manager has no global scope");
    return globalScope;
  }

  getFirstToken(node: AstNode, options?: unknown): EstreeToken | null {
    if (options !== undefined) throw new FastParserDeclined("getFirstToken options are left to ESLint");
    const word = this.nearby().wordAt(node.range[0]);
    if (word !== undefined && word.range[1] <= node.range[1]) return word;
    const [first] = this.tokensIn(node.range[0], node.range[1], 1);
    return first ?? null;
  }

  /**
   * The last token before the node (that passes the filter). For the heads of functions (the only
   * use in the txo rules) it is read from the text; otherwise TypeScript's scanner tokenizes from
   * the parent's start, and only if that finds nothing, from the start of the file.
   */
  getTokenBefore(node: AstNode, filter?: unknown): EstreeToken | null {
    if (filter !== undefined && typeof filter !== "function")
      throw new FastParserDeclined("getTokenBefore options are left to ESLint");
    // filter was checked above to be undefined or a function; rules pass token predicates.
    const accepts = (token: EstreeToken) => filter === undefined || (filter as TokenFilter)(token);
    // Same check as above: filter is undefined or a token predicate.
    const read = this.nearby().before(node.range[0], filter as TokenFilter | undefined);
    if (read !== undefined) return read;
    const regionStart = node.parent?.range[0] ?? 0;
    const nearby = this.tokensIn(regionStart, node.range[0]).findLast(accepts);
    if (nearby !== undefined || regionStart === 0) return nearby ?? null;
    return this.tokensIn(0, node.range[0]).findLast(accepts) ?? null;
  }

  /** Reads head tokens from the text; TypeScript's scanner is loaded only when that is not enough. */
  private nearby(): NearbyTokens {
    this.nearbyTokens ??= new NearbyTokens(
      this.parsedText,
      this.getAllComments(),
      this.parsed.lines,
      this.parsed.hints,
    );
    return this.nearbyTokens;
  }

  /** Tokens are made on request only, and only for the region asked about: most files never need any. */
  private tokensIn(start: number, end: number, limit?: number): EstreeToken[] {
    if (this.parsed.hasJsx) throw new FastParserDeclined("JSX tokens are left to typescript-estree");
    return tokenize(this.parsedText, this.parsed.lines, this.parsed.hints, { start, end, limit });
  }
}

/** A function expression's name scope wraps exactly one scope, the function's own. */
function onlyChild(scope: Scope): Scope {
  const [child] = scope.childScopes;
  if (child === undefined) throw new Error("findScope: a function-expression-name scope has no function scope");
  return child;
}
