import { Node, type SourceFile } from "ts-morph";
import { firstStatement, inGroup, isFunctionNode, type StatementGroup } from "./statement-groups.js";

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

/** "userName", "USER_NAME", "user-name" → "UserName": words of an identifier, capitalised. */
function pascal(text: string): string {
  const words = text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return words
    .map(
      (word) =>
        word.charAt(0).toUpperCase() + (word === word.toUpperCase() ? word.slice(1).toLowerCase() : word.slice(1)),
    )
    .join("");
}

function declarationOf(node: Node): Node | undefined {
  return node.getSymbol()?.getDeclarations()[0];
}

/** Variables declared before the group that the group assigns: what the helper computes. */
function assignedOuterNames(group: StatementGroup): string[] {
  const names = new Set<string>();
  for (const statement of group.statements) {
    for (const node of statement.getDescendants()) {
      if (!Node.isBinaryExpression(node) || !/^[-+*/%&|^]?=$|^(\?\?|\|\||&&)=$/.test(node.getOperatorToken().getText()))
        continue;
      const target = node.getLeft();
      const declaration = Node.isIdentifier(target) ? declarationOf(target) : undefined;
      if (declaration && declaration.getStart() < group.start) names.add(target.getText());
    }
  }
  return [...names];
}

/** Locals declared in the group that the function reads after it: the values the helper hands back. */
function declaredOutputs(group: StatementGroup): string[] {
  const fn = firstStatement(group).getFirstAncestor(isFunctionNode);
  const names = new Set<string>();
  for (const node of fn?.getDescendants() ?? []) {
    if (!Node.isIdentifier(node) || node.getStart() < group.end) continue;
    const declaration = declarationOf(node);
    if (declaration && inGroup(group, declaration) && Node.isVariableDeclaration(declaration))
      names.add(node.getText());
  }
  return [...names];
}

/** The identifier an expression starts from: `a` in `a.b.c(…)`, `this` in `this.x`. */
function rootOf(node: Node): Node {
  let current = node;
  while (
    Node.isPropertyAccessExpression(current) ||
    Node.isElementAccessExpression(current) ||
    Node.isCallExpression(current) ||
    Node.isNonNullExpression(current) ||
    Node.isParenthesizedExpression(current)
  )
    current = current.getExpression();
  return current;
}

/**
 * Whether the group acts on anything beyond its own locals: a call whose result is dropped (unless
 * it is a method of a local, `list.push(…)`), a write to a property of something from outside, an
 * await or a yield. A throw is not one: rejecting bad input is part of computing. Such a helper is named for what it does, never `compute…`.
 */
export function hasSideEffects(group: StatementGroup): boolean {
  const own = group.statements
    .flatMap((statement) => [statement, ...statement.getDescendants()])
    .filter((node) => node.getFirstAncestor(isFunctionNode) === firstStatement(group).getFirstAncestor(isFunctionNode));
  const isLocal = (node: Node) => {
    const declaration = Node.isIdentifier(node) ? declarationOf(node) : undefined;
    return declaration !== undefined && inGroup(group, declaration);
  };
  return own.some((node) => {
    if (Node.isAwaitExpression(node) || Node.isYieldExpression(node) || Node.isDeleteExpression(node)) return true;
    if (Node.isExpressionStatement(node) && Node.isCallExpression(node.getExpression()))
      return !isLocal(rootOf(node.getExpression()));
    // Writes to variables (`x = …`, `({ a, b } = …)`) are what the helper hands back, not effects.
    const left =
      Node.isBinaryExpression(node) && ASSIGNMENT.test(node.getOperatorToken().getText()) ? node.getLeft() : undefined;
    if (left)
      return (
        !isLocal(rootOf(left)) &&
        !Node.isIdentifier(left) &&
        !Node.isObjectLiteralExpression(left) &&
        !Node.isArrayLiteralExpression(left)
      );
    return false;
  });
}

const ASSIGNMENT = /^[-+*/%&|^]?=$|^(\*\*|<<|>>>?|&&|\|\||\?\?)=$/;

/** `if (…) throw …` / `if (…) return …`: statements that only reject bad input. */
function isGuard(statement: Node): boolean {
  if (!Node.isIfStatement(statement) || statement.getElseStatement()) return false;
  const then = statement.getThenStatement();
  const last = Node.isBlock(then) ? then.getStatements().at(-1) : then;
  return last !== undefined && (Node.isThrowStatement(last) || Node.isReturnStatement(last));
}

/** A name for a group that hands values back: `compute…` when it only computes, `prepare…` when it also acts. */
function nameFromOutputs(group: StatementGroup): string | undefined {
  const outputs = [...declaredOutputs(group), ...assignedOuterNames(group)].filter((name) =>
    /^[A-Za-z_$][\w$]*$/.test(name),
  );
  const [firstOutput] = outputs;
  if (firstOutput === undefined) return undefined;
  const subject = outputs.length <= 2 ? outputs.map(pascal).join("And") : pascal(firstOutput);
  return `${hasSideEffects(group) ? "prepare" : "compute"}${subject}`;
}

function nameFromLoop(first: Node): string | undefined {
  if (!Node.isForOfStatement(first) && !Node.isForInStatement(first)) return undefined;
  const loopVariable = first.getInitializer().getFirstDescendant((node) => Node.isVariableDeclaration(node));
  const element = loopVariable && Node.isVariableDeclaration(loopVariable) ? loopVariable.getNameNode() : undefined;
  if (element && Node.isIdentifier(element) && element.getText().length > 2)
    return `process${pascal(element.getText())}`;
  const collection = first
    .getExpression()
    .getText()
    .split(/[.(]/)
    .filter((part) => /^[A-Za-z_$][\w$]*$/.test(part) && part !== "this" && part !== "Object")
    .pop();
  return collection ? `processEach${pascal(collection)}` : undefined;
}

/** A name for a group that hands nothing back: from its loop, its guards, its switch or its calls. */
function nameFromActions(group: StatementGroup): string | undefined {
  const first = firstStatement(group);
  const loop = nameFromLoop(first);
  if (loop) return loop;
  if (group.statements.every(isGuard)) {
    // isGuard holds for every statement of the group, so the first one is an IfStatement.
    const subject = (first as import("ts-morph").IfStatement)
      .getExpression()
      .getFirstDescendant((node) => Node.isIdentifier(node) && node.getText() !== "this");
    if (subject) return `validate${pascal(subject.getText())}`;
  }
  if (Node.isSwitchStatement(first)) return `handle${pascal(first.getExpression().getText().split(".").pop() ?? "")}`;
  return undefined;
}

/** A group that computes what the function returns: named after the first value it declares. */
function nameFromDeclared(group: StatementGroup): string | undefined {
  if (hasSideEffects(group)) return undefined;
  const declaring = group.statements.find((statement) => Node.isVariableStatement(statement));
  const declared =
    declaring && Node.isVariableStatement(declaring) ? declaring.getDeclarations()[0]?.getName() : undefined;
  return declared && /^[A-Za-z_$][\w$]*$/.test(declared) ? `compute${pascal(declared)}` : undefined;
}

function nameFromStatement(group: StatementGroup): string | undefined {
  return nameFromOutputs(group) ?? nameFromActions(group) ?? nameFromDeclared(group);
}

function isNameTaken(sourceFile: SourceFile, name: string): boolean {
  // An identifier's text is in the file's text: a name absent from it needs no walk over every node.
  if (!sourceFile.getFullText().includes(name)) return false;
  return sourceFile.getDescendants().some((node) => Node.isIdentifier(node) && node.getText() === name);
}

/**
 * Names an extracted function after the comment that introduced its statements, or after what
 * they do (the values they hand back, what they loop over, what they check), never `newFunction`;
 * unique in the file, qualified by the owner when taken (`validateInputOfParse`). Undefined when
 * nothing says what the statements do: a numbered or generic name would not pass review, so the
 * caller tries another group.
 */
export function chooseExtractedName(
  sourceFile: SourceFile,
  group: StatementGroup,
  ownerName: string,
): string | undefined {
  const bases = [nameFromComment(group.comment), nameFromStatement(group)].filter(
    (name): name is string => name !== undefined && /^[a-z][A-Za-z0-9]{2,}$/.test(name) && !RESERVED.has(name),
  );
  // A helper's helper is qualified by the original owner, not by a name that already has an "Of".
  // split() always returns at least one piece: the name up to its first "Of".
  const [owner = ownerName] = ownerName.split(/Of(?=[A-Z])/);
  const options = [...bases, ...bases.map((base) => `${base}Of${pascal(owner)}`)];
  return options.find((name) => !isNameTaken(sourceFile, name));
}
