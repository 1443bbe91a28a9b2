import type { ScopeManager } from "@typescript-eslint/scope-manager";
import { visitorKeys as typescriptVisitorKeys } from "@typescript-eslint/visitor-keys";
import { parseSync, rawTransferSupported, visitorKeys as oxcVisitorKeys } from "oxc-parser";
import { LineIndex } from "./line-index.js";
import { analyzeModule } from "./scope-analysis.js";
import { tokenize, type EstreeToken, type TokenHints } from "./tokens.js";

/** Thrown when the fast parser cannot produce an AST identical to typescript-estree's; the caller falls back. */
export class FastParserDeclined extends Error {
  override readonly name = "FastParserDeclined";
}

/** The decorated AST without tokens, for hosts that run the rules themselves (see RuleHost). */
export interface HostParseResult {
  program: AstNode;
  scopeManager: ScopeManager;
  lines: LineIndex;
  /** What the tokenizer needs, if a rule later asks for tokens. */
  hints: TokenHints;
  hasJsx: boolean;
}

export interface FastParseResult {
  ast: Record<string, unknown>;
  scopeManager: ScopeManager;
  visitorKeys: Record<string, readonly string[]>;
}

export interface AstNode {
  type: string;
  parent?: AstNode | null;
  range: [number, number];
  loc?: unknown;
  [key: string]: unknown;
}

/** Reserved words the scanner reports as keywords even where the parser reads an identifier. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function " +
    "if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "implements interface let package private protected public static yield"
  ).split(" "),
);

const GREATER_OPERATORS = new Set([">=", ">>", ">>>", ">>=", ">>>="]);

/** typescript-eslint's keys, plus any key oxc knows that they do not, so the walk misses no node. */
const WALK_KEYS: ReadonlyMap<string, readonly string[]> = new Map(
  [...new Set([...Object.keys(typescriptVisitorKeys), ...Object.keys(oxcVisitorKeys)])].map((type) => [
    type,
    [...new Set([...(typescriptVisitorKeys[type] ?? []), ...(oxcVisitorKeys[type] ?? [])])],
  ]),
);

const USE_RAW_TRANSFER = rawTransferSupported();

function languageOf(filePath: string): "ts" | "tsx" | "js" | "jsx" {
  if (/\.tsx$/i.test(filePath)) return "tsx";
  if (/\.jsx$/i.test(filePath)) return "jsx";
  return /\.[cm]?ts$/i.test(filePath) ? "ts" : "js";
}

/** Adds `loc` and `parent` to every node, checks every node type is known, and collects token hints. */
class AstDecorator {
  readonly hints: TokenHints = {
    regexStarts: new Set(),
    greaterOperatorStarts: new Set(),
    identifierKeywordStarts: new Set(),
  };
  private readonly metaPropertyStarts = new Set<number>();
  hasJsx = false;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly allowJsx: boolean,
  ) {}

  visit(node: AstNode, parent: AstNode | null): void {
    const type = node.type;
    if (type.startsWith("JSX")) this.acceptJsx();
    if (type === "ParenthesizedExpression" || type === "TSParenthesizedType")
      throw new FastParserDeclined(`unexpected ${type}`);
    // Made here rather than by oxc (`range: true`): a smaller JSON AST to parse, and the walk is needed anyway.
    node.range = [node.start as number, node.end as number];
    this.collectHints(node);
    node.loc = this.lines.location(node.range[0], node.range[1]);
    node.parent = parent;
    const keys = WALK_KEYS.get(type);
    if (keys === undefined) throw new FastParserDeclined(`unknown node type ${type}`);
    for (const key of keys) this.visitChild(node[key], node);
  }

  private acceptJsx(): void {
    if (!this.allowJsx) throw new FastParserDeclined("JSX tokens are left to typescript-estree");
    this.hasJsx = true;
  }

  private visitChild(child: unknown, parent: AstNode): void {
    if (child === null || typeof child !== "object") return;
    if (Array.isArray(child)) {
      // Non-null objects in an oxc AST's child arrays are AST nodes.
      for (const element of child) if (element !== null) this.visit(element as AstNode, parent);
      return;
    }
    // A non-null object child of an oxc AST node is an AST node.
    this.visit(child as AstNode, parent);
  }

  private collectHints(node: AstNode): void {
    if (node.type === "Literal" && node.regex !== undefined) this.recordRegex(node);
    else if (node.type === "AssignmentPattern") this.includeInitializerParentheses(node);
    else if (node.type === "MetaProperty") this.metaPropertyStarts.add(node.range[0]);
    else if (
      node.type === "Identifier" &&
      // An Identifier node always has a string name.
      RESERVED_WORDS.has(node.name as string) &&
      !this.metaPropertyStarts.has(node.range[0])
    ) {
      // `obj.delete` and `{ null: 1 }` hold identifier tokens; the `import` of `import.meta` stays a keyword.
      this.hints.identifierKeywordStarts.add(node.range[0]);
    } else if (
      (node.type === "BinaryExpression" || node.type === "AssignmentExpression") &&
      // Binary and assignment expressions always have a string operator.
      GREATER_OPERATORS.has(node.operator as string)
    ) {
      // Binary and assignment expressions have a left node, still with oxc's numeric end (children are visited later).
      const left = node.left as AstNode;
      // The operator is a string; children still carry oxc's numeric end.
      this.hints.greaterOperatorStarts.add(this.text.indexOf(node.operator as string, left.end as number));
    }
  }

  private recordRegex(node: AstNode): void {
    this.hints.regexStarts.add(node.range[0]);
    // oxc normalises the flag order; typescript-estree keeps the source order.
    const raw = node.raw as string;
    // recordRegex is called only for a Literal with a regex, which has flags.
    (node.regex as { flags: string }).flags = raw.slice(raw.lastIndexOf("/") + 1);
  }

  /**
   * `a = (b)`: typescript-estree's pattern ends after the initializer's closing parentheses.
   * Children are not visited yet, so their offsets are oxc's `start`/`end`.
   */
  private includeInitializerParentheses(node: AstNode): void {
    // An AssignmentPattern has left and right nodes, still with oxc's numeric start/end.
    const left = node.left as AstNode;
    // An AssignmentPattern always has a right node (its default value).
    const right = node.right as AstNode;
    if (node.range[1] !== right.end) return;
    let open = 0;
    // Children are not visited yet, so they still carry oxc's numeric start and end.
    for (let index = left.end as number; index < (right.start as number); index++) if (this.text[index] === "(") open++;
    let end = right.end;
    for (let index = end; open > 0 && index < this.text.length; index++) {
      const character = this.text.charAt(index);
      if (character === ")") {
        open--;
        end = index + 1;
      } else if (!/\s/.test(character)) break;
    }
    node.range = [node.range[0], end];
  }
}

function convertComments(
  comments: { type: string; value: string; start: number; end: number }[],
  lines: LineIndex,
): EstreeToken[] {
  return comments.map((comment) => ({
    type: comment.type,
    value: comment.value,
    range: [comment.start, comment.end],
    loc: lines.location(comment.start, comment.end),
  }));
}

function parseProgram(text: string, filePath: string): { program: AstNode; comments: EstreeToken[]; lines: LineIndex } {
  const result = parseSync(filePath, text, {
    lang: languageOf(filePath),
    sourceType: "module",
    astType: "ts",
    preserveParens: false,
    ...(USE_RAW_TRANSFER ? { experimentalRawTransfer: true } : {}),
  });
  const [firstError] = result.errors;
  if (firstError !== undefined) throw new FastParserDeclined(firstError.message);
  const lines = new LineIndex(text);
  // oxc's Program is an ESTree object: a type string and children, which AstNode describes.
  return { program: result.program as unknown as AstNode, comments: convertComments(result.comments, lines), lines };
}

/** Mirrors typescript-estree: Program spans the whole text, and a hashbang is neither token nor comment. */
function finishProgram(program: AstNode, comments: EstreeToken[], text: string, lines: LineIndex): void {
  program.range = [0, text.length];
  program.loc = lines.location(0, text.length);
  program.comments = comments;
  delete program.hashbang;
}

/**
 * Parses with oxc (native) and decorates the result like typescript-estree's AST (`loc` and
 * `parent` on every node, `comments`, Program spanning the whole text) and runs the same scope
 * analysis, but makes no tokens. Throws FastParserDeclined wherever the AST could differ.
 */
export function parseForHost(text: string, filePath: string, options: { allowJsx: boolean }): HostParseResult {
  const { program, comments, lines } = parseProgram(text, filePath);
  const decorator = new AstDecorator(text, lines, options.allowJsx);
  decorator.visit(program, null);
  finishProgram(program, comments, text, lines);
  const scopeManager = analyzeModule(program);
  return { program, scopeManager, lines, hints: decorator.hints, hasJsx: decorator.hasJsx };
}

/**
 * Parses with oxc (native) and decorates the result into the AST typescript-eslint's parser
 * would return for the same text: `loc` on every node, `tokens`, `comments`, and the same
 * scope analysis. Throws FastParserDeclined wherever it cannot promise an identical AST.
 */
export function parseForEslintFast(text: string, filePath: string): FastParseResult {
  const { program, scopeManager, lines, hints } = parseForHost(text, filePath, { allowJsx: false });
  program.tokens = tokenize(text, lines, hints);
  // Typed with undefined values for absent types, but every key present holds an array of child keys.
  return { ast: program, scopeManager, visitorKeys: typescriptVisitorKeys as Record<string, readonly string[]> };
}
