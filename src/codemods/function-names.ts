import { Node, type SourceFile, SyntaxKind } from "ts-morph";
import { reasonNotToExtract } from "./extraction-worth.js";
import { GENERIC_VERBS, nameFromIntent, VAGUE_OBJECTS, VERBS, words } from "./helper-intent.js";
import type { StatementGroup } from "./statement-groups.js";

const STOP_WORDS = new Set([
  "the",
  "a",
  "an",
  "then",
  "we",
  "it",
  "this",
  "that",
  "now",
  "first",
  "next",
  "finally",
  "step",
  "todo",
  "note",
  "all",
  "any",
  "each",
  "every",
  "one",
]);
/** Words after which a comment stops naming the action: "Validate the order before doing…" → validateOrder. */
const BOUNDARY_WORDS = new Set([
  "before",
  "after",
  "while",
  "when",
  "so",
  "because",
  "by",
  "with",
  "for",
  "in",
  "on",
  "into",
  "from",
  "to",
  "of",
  "per",
  "if",
  "unless",
  "until",
  "using",
  "via",
  "as",
  "at",
  "without",
  "unless",
  "except",
  "under",
  "over",
  "above",
  "below",
  "than",
]);
/**
 * Words that open a clause about the object ("Skip jobs that already ran", "Check the input is set"):
 * after an action and its object, the name ends there.
 */
const RELATIVE_WORDS = new Set(["that", "which", "who", "whose", "where", "is", "are", "was", "were"]);
/** Boundaries that open a clause ("Check if …", "Wait until …"): the word before them is not a whole action. */
const CLAUSE_WORDS = new Set(["if", "when", "while", "unless", "until", "because", "so", "as"]);
/** First words of comments that do not say what the code does. */
const WEAK_OPENINGS = new Set([
  "handle",
  "do",
  "does",
  "misc",
  "stuff",
  "hack",
  "workaround",
  "fix",
  "fixes",
  "ok",
  "okay",
  "done",
  "other",
  "more",
  "some",
  "also",
  "here",
  "just",
  "need",
  "needs",
  "should",
  "must",
  "can",
  "could",
  "will",
  "would",
  "dont",
  "don",
  "not",
  "no",
  "hmm",
  "xxx",
  "fixme",
  "see",
  "like",
  "same",
  "otherwise",
  "else",
  "but",
  "so",
  "if",
  "because",
  "in",
  "for",
  "is",
  "are",
  "was",
  "has",
  "have",
  "helper",
  "part",
  "code",
  "logic",
  "stuff",
  "things",
  "main",
]);
const RESERVED = new Set([
  "break",
  "case",
  "catch",
  "class",
  "const",
  "continue",
  "debugger",
  "default",
  "delete",
  "do",
  "else",
  "enum",
  "export",
  "extends",
  "false",
  "finally",
  "for",
  "function",
  "if",
  "import",
  "in",
  "instanceof",
  "new",
  "null",
  "return",
  "super",
  "switch",
  "this",
  "throw",
  "true",
  "try",
  "typeof",
  "var",
  "void",
  "while",
  "with",
  "yield",
  "let",
  "static",
  "await",
  "async",
  "newFunction",
  "newMethod",
]);

function camelCase(words: string[]): string {
  return words
    .map((word, index) =>
      index === 0 ? word.toLowerCase() : word.charAt(0).toUpperCase() + word.slice(1).toLowerCase(),
    )
    .join("");
}

/** A function name from the comment that introduced a group: "// Validate the input" → validateInput. */
/** Tool directives (`eslint-disable-next-line`, `@ts-expect-error`, `prettier-ignore`) say nothing about what code does. */
const DIRECTIVE = /^\s*(eslint[-\s]|@ts-|prettier-ignore|istanbul\s|c8\s|v8\s|jshint|global\s|#region|#endregion)/i;

export function nameFromComment(comment: string | undefined): string | undefined {
  if (!comment || DIRECTIVE.test(comment)) return undefined;
  const words: string[] = [];
  let cutAtBoundary = false;
  for (const word of comment
    .replace(/'s\b/g, "")
    .replace(/[^A-Za-z0-9\s]/g, " ")
    .split(/\s+/)) {
    const lower = word.toLowerCase();
    if (words.length >= 2 && RELATIVE_WORDS.has(lower)) break;
    if (!word || STOP_WORDS.has(lower) || /^\d/.test(word)) continue;
    if (words.length > 0 && BOUNDARY_WORDS.has(lower)) {
      cutAtBoundary = !CLAUSE_WORDS.has(lower);
      break;
    }
    // "Record the failure and fall back" names one action; "Sort and dedupe" needs both verbs.
    if (lower === "and" || lower === "or") {
      if (words.length >= 2) break;
      continue;
    }
    words.push(word);
    if (words.length === 3) break;
  }
  // A lone word ("Options") or a vague opening ("Handle stuff") says too little; a lone word followed
  // by a preposition ("Finish with a marker") is a verb and names the action.
  const [opening] = words;
  if ((words.length < 2 && !cutAtBoundary) || opening === undefined || WEAK_OPENINGS.has(opening.toLowerCase()))
    return undefined;
  const name = camelCase(words);
  return /^[a-z][A-Za-z0-9]{2,}$/.test(name) && !RESERVED.has(name) ? name : undefined;
}

function isNameTaken(sourceFile: SourceFile, name: string): boolean {
  // An identifier's text is in the file's text: a name absent from it needs no walk over every node.
  if (!sourceFile.getFullText().includes(name)) return false;
  return sourceFile.getDescendants().some((node) => Node.isIdentifier(node) && node.getText() === name);
}

/**
 * A comment's name only when it opens with a real verb that is not a generic one (a typo such as
 * "rsolve", a file name, "Process the output" do not name code) and names a thing after it ("Skip
 * the rest" does not); a verb the code itself uses counts as real.
 */
function commentNameFits(name: string, identifierWords: Set<string>): boolean {
  const [verb = "", ...rest] = words(name).map((word) => word.toLowerCase());
  if (GENERIC_VERBS.has(verb) || rest.every((word) => VAGUE_OBJECTS.has(word))) return false;
  // A word the code's own identifiers start with (`pricePerKilogram` for "Price the shipment") is the
  // author's verb; one that only appears in a string (".mjs") or nowhere (a typo) is not.
  return VERBS.has(verb) || /.{3}(ise|ize|ify)$/.test(verb) || identifierWords.has(verb);
}

/** Names that would not pass review: a generic verb, a number at the end. */
function isAcceptable(name: string): boolean {
  const [verb = ""] = words(name);
  return /^[a-z][A-Za-z0-9]{2,}$/.test(name) && !/\d$/.test(name) && !RESERVED.has(name) && !GENERIC_VERBS.has(verb);
}

/**
 * Names an extracted function after the comment that introduced its statements, or after what they
 * do (the value they hand back and the call that makes it, the checks they make, what a loop does to
 * each element), never `newFunction`, unique in the file. Undefined when nothing says what the
 * statements do, or when the group is not worth a helper at all (extraction-worth.ts): a numbered,
 * generic or qualified name would not pass review, so the caller tries another group.
 */
export function chooseExtractedName(
  sourceFile: SourceFile,
  group: StatementGroup,
  /** The function the group comes from: a helper never takes its name, nor is qualified by it (`xOfOwner` reads badly). */
  ownerName?: string,
): string | undefined {
  if (reasonNotToExtract(group) !== undefined) return undefined;
  const identifierWords = new Set(
    group.statements.flatMap((statement) =>
      statement
        .getDescendantsOfKind(SyntaxKind.Identifier)
        .map((node) => words(node.getText())[0]?.toLowerCase() ?? ""),
    ),
  );
  // A comment names its own paragraph: a group that runs on into other commented paragraphs does more.
  const ownComment = group.statements.slice(1).every((statement) => statement.getLeadingCommentRanges().length === 0);
  const fromComment = ownComment ? nameFromComment(group.comment) : undefined;
  const bases = [
    fromComment && commentNameFits(fromComment, identifierWords) ? fromComment : undefined,
    nameFromIntent(group),
  ];
  return bases.find(
    (name): name is string =>
      name !== undefined && name !== ownerName && isAcceptable(name) && !isNameTaken(sourceFile, name),
  );
}
