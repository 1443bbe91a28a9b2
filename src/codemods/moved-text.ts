import { Node, type SourceFile, SyntaxKind, ts, VariableDeclarationKind } from "ts-morph";
import type { StatementGroup } from "./statement-groups.js";

/**
 * TypeScript's Extract Symbol prints the statements it moves with its own printer: trailing commas
 * go, wrapped expressions are joined or re-wrapped, and a reviewer sees lines changed that only
 * moved. This puts the author's text back wherever the printed statement is the same code.
 */

/** A statement of the group as the author wrote it, with the indentation of its first line. */
export interface MovedStatement {
  text: string;
  indentation: string;
}

function lineIndentation(text: string, position: number): string {
  const lineStart = text.lastIndexOf("\n", position - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? "";
}

export function movedStatementsOf(sourceFile: SourceFile, group: StatementGroup): MovedStatement[] {
  const text = sourceFile.getFullText();
  return group.statements.map((statement) => ({
    text: statement.getText(),
    indentation: lineIndentation(text, statement.getStart()),
  }));
}

interface CodeShape {
  /** Node kinds and leaf texts in order: equal shapes are the same code, however it is laid out. */
  shape: string;
  /** Strings and templates spanning lines, as offsets in the code: their lines are content, not indentation. */
  multilineLiterals: { start: number; end: number }[];
}

function isLiteralToken(node: ts.Node): boolean {
  return ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node);
}

/** `{}` and `{ }` (a block, object, array or type literal with nothing inside) are the same code. */
function isEmptyContainer(node: ts.Node): boolean {
  return (
    ts.isBlock(node) ||
    ts.isObjectLiteralExpression(node) ||
    ts.isArrayLiteralExpression(node) ||
    ts.isTypeLiteralNode(node) ||
    ts.isModuleBlock(node) ||
    ts.isCaseBlock(node)
  );
}

/** `prefix` makes an expression parse as one (an object literal is not a block); offsets stay those of `code`. */
function shapeOf(code: string, scriptKind: ts.ScriptKind, prefix = ""): CodeShape {
  const file = ts.createSourceFile("moved.ts", prefix + code, ts.ScriptTarget.Latest, true, scriptKind);
  const parts: string[] = [];
  const multilineLiterals: CodeShape["multilineLiterals"] = [];
  const visit = (node: ts.Node): void => {
    let children = 0;
    ts.forEachChild(node, (child) => {
      children += 1;
      visit(child);
    });
    const leaf = children === 0;
    const text = node.getText(file);
    if (isLiteralToken(node) && text.includes("\n"))
      multilineLiterals.push({ start: node.getStart(file) - prefix.length, end: node.end - prefix.length });
    parts.push(leaf && !isEmptyContainer(node) ? `${node.kind}:${text}` : String(node.kind));
  };
  visit(file);
  return { shape: parts.join(" "), multilineLiterals };
}

/**
 * The original text, its later lines moved from the old indentation to the new one; a line that
 * starts inside a string or template is content and keeps its bytes.
 */
function reindented(moved: MovedStatement, indentation: string, literals: CodeShape["multilineLiterals"]): string {
  let offset = 0;
  return moved.text
    .split("\n")
    .map((line, index) => {
      const lineStart = offset;
      offset += line.length + 1;
      const inLiteral = literals.some((literal) => literal.start < lineStart && lineStart < literal.end);
      return index > 0 && !inLiteral && line.startsWith(moved.indentation)
        ? indentation + line.slice(moved.indentation.length)
        : line;
    })
    .join("\n");
}

/**
 * The function or method named `helperName`, the first in the file, found on TypeScript's own nodes:
 * wrapping every node of a long file in ts-morph's objects, after every extraction, was most of a split's time.
 */
export function helperNamed(sourceFile: SourceFile, helperName: string) {
  const file = sourceFile.compilerNode;
  const visit = (node: ts.Node): ts.Identifier | undefined => {
    if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name?.getText(file) === helperName)
      return ts.isIdentifier(node.name) ? node.name : undefined;
    return ts.forEachChild(node, visit);
  };
  const name = visit(file);
  const helper = name && sourceFile.getDescendantAtPos(name.getStart(file))?.getParent();
  return helper && (Node.isFunctionDeclaration(helper) || Node.isMethodDeclaration(helper)) ? helper : undefined;
}

function helperBodyStatements(sourceFile: SourceFile, helperName: string): Node[] {
  const body = helperNamed(sourceFile, helperName)?.getBody();
  return body && Node.isBlock(body) ? body.getStatements() : [];
}

interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** The initializer of a lone `const x = …` with the indentation of the statement, or undefined. */
function loneInitializer(moved: MovedStatement, scriptKind: ts.ScriptKind): MovedStatement | undefined {
  const file = ts.createSourceFile("moved.ts", moved.text, ts.ScriptTarget.Latest, true, scriptKind);
  const [statement] = file.statements;
  if (file.statements.length !== 1 || !statement || !ts.isVariableStatement(statement)) return undefined;
  const declarations = statement.declarationList.declarations;
  const [declaration] = declarations;
  const initializer = declarations.length === 1 ? declaration?.initializer : undefined;
  return initializer && { text: initializer.getText(file), indentation: moved.indentation };
}

/**
 * A group of one `const x = <expression>` comes back as a helper that returns the expression (the
 * call site declares `x`): the returned expression is the author's text.
 */
function returnedExpressionEdit(sourceFile: SourceFile, printed: Node[], moved: MovedStatement[]): TextEdit[] {
  const [statement] = printed;
  const scriptKind = sourceFile.getScriptKind();
  const [onlyMoved] = moved;
  const initializer = moved.length === 1 && onlyMoved ? loneInitializer(onlyMoved, scriptKind) : undefined;
  const expression = Node.isReturnStatement(statement) ? statement.getExpression() : undefined;
  if (printed.length !== 1 || !statement || !initializer || !expression || expression.getText() === initializer.text)
    return [];
  const before = shapeOf(initializer.text, scriptKind, "x = ");
  if (before.shape !== shapeOf(expression.getText(), scriptKind, "x = ").shape) return [];
  const indentation = lineIndentation(sourceFile.getFullText(), statement.getStart());
  const text = reindented(initializer, indentation, before.multilineLiterals);
  return [{ start: expression.getStart(), end: expression.getEnd(), text }];
}

function restoreEdits(sourceFile: SourceFile, helperName: string, moved: MovedStatement[]): TextEdit[] {
  const fullText = sourceFile.getFullText();
  const scriptKind = sourceFile.getScriptKind();
  const printed = helperBodyStatements(sourceFile, helperName);
  const returned = returnedExpressionEdit(sourceFile, printed, moved);
  if (returned.length > 0) return returned;
  return moved.flatMap((original, index) => {
    const statement = printed[index];
    if (!statement || statement.getText() === original.text) return [];
    const before = shapeOf(original.text, scriptKind);
    if (before.shape !== shapeOf(statement.getText(), scriptKind).shape) return [];
    const indentation = lineIndentation(fullText, statement.getStart());
    return [
      {
        start: statement.getStart(),
        end: statement.getEnd(),
        text: reindented(original, indentation, before.multilineLiterals),
      },
    ];
  });
}

/**
 * A destructuring call site TypeScript annotated with the written-out type of every output
 * (`const { a, b }: { a: …; b: any } = helper()`): the helper's return type already says it.
 */
function annotationEdits(sourceFile: SourceFile, helperName: string): TextEdit[] {
  const file = sourceFile.compilerNode;
  const call = new RegExp(`^(await )?(this\\.)?${helperName}(<[^()]*>)?\\(`);
  const edits: TextEdit[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name) && node.type !== undefined)
      if (call.test(node.initializer?.getText(file) ?? ""))
        edits.push({ start: node.name.end, end: node.type.end, text: "" });
    ts.forEachChild(node, visit);
  };
  visit(file);
  return edits;
}

/**
 * TypeScript prints an object type in a parameter as `{ a: string; b: number; }`; people (and
 * Prettier) write `{ a: string; b: number }`. Only one-line types without string literals in them.
 */
function parameterTypeEdits(sourceFile: SourceFile, helperName: string): TextEdit[] {
  return (helperNamed(sourceFile, helperName)?.getParameters() ?? []).flatMap((parameter) => {
    const typeNode = parameter.getTypeNode();
    const text = typeNode?.getText() ?? "";
    if (!typeNode || text.includes("\n") || /["'`]/.test(text) || !text.includes("; }")) return [];
    return [{ start: typeNode.getStart(), end: typeNode.getEnd(), text: text.replaceAll("; }", " }") }];
  });
}

const HELPER_CALL = (helperName: string) => new RegExp(`^(await )?(this\\.)?${helperName}(<[^()]*>)?\\(`);

/** Whether the identifier is assigned again: `x = …`, `x += …`, `x++`, or a target of a destructuring assignment. */
function isReassigned(node: Node): boolean {
  const parent = node.getParent();
  if (Node.isBinaryExpression(parent) && parent.getLeft() === node)
    return /^([-+*/%&|^]|\*\*|<<|>>>?|&&|\|\||\?\?)?=$/.test(parent.getOperatorToken().getText());
  if (Node.isPrefixUnaryExpression(parent) || Node.isPostfixUnaryExpression(parent))
    return /\+\+|--/.test(parent.getText());
  const target = node.getFirstAncestor(
    (ancestor) =>
      !Node.isObjectLiteralExpression(ancestor) &&
      !Node.isArrayLiteralExpression(ancestor) &&
      !Node.isShorthandPropertyAssignment(ancestor) &&
      !Node.isPropertyAssignment(ancestor) &&
      !Node.isParenthesizedExpression(ancestor),
  );
  return (
    Node.isBinaryExpression(target) &&
    target.getOperatorToken().getText() === "=" &&
    node.getEnd() <= target.getLeft().getEnd()
  );
}

/**
 * TypeScript's Extract Symbol declares the outputs of a helper with `var { a, b } = helper()`. The
 * author declared them with const or let (unless the moved statements used var), so the call site
 * does too: `let` when one of them is assigned again in the function, `const` otherwise.
 */
function declarationKindEdits(sourceFile: SourceFile, helperName: string, moved: MovedStatement[]): TextEdit[] {
  if (moved.some((statement) => /^var\s/.test(statement.text))) return [];
  return sourceFile.getDescendantsOfKind(SyntaxKind.VariableStatement).flatMap((statement) => {
    const declarations = statement.getDeclarations();
    if (
      statement.getDeclarationKind() !== VariableDeclarationKind.Var ||
      !declarations.every((declaration) => HELPER_CALL(helperName).test(declaration.getInitializer()?.getText() ?? ""))
    )
      return [];
    const scope = statement.getParentOrThrow();
    const names = new Set(
      declarations.flatMap((declaration) =>
        declaration
          .getNameNode()
          .getDescendantsOfKind(SyntaxKind.Identifier)
          .map((identifier) => identifier.getText())
          .concat(Node.isIdentifier(declaration.getNameNode()) ? [declaration.getName()] : []),
      ),
    );
    const reassigned = scope
      .getDescendantsOfKind(SyntaxKind.Identifier)
      .some(
        (identifier) =>
          identifier.getStart() > statement.getEnd() && names.has(identifier.getText()) && isReassigned(identifier),
      );
    const keyword = statement.getDeclarationList().getFirstChildOrThrow();
    return [{ start: keyword.getStart(), end: keyword.getEnd(), text: reassigned ? "let" : "const" }];
  });
}

/** Rewrites the file so the helper holds the author's text of the statements it received. */
export function restoreMovedText(sourceFile: SourceFile, helperName: string, moved: MovedStatement[]): void {
  const edits = [
    ...restoreEdits(sourceFile, helperName, moved),
    ...annotationEdits(sourceFile, helperName),
    ...parameterTypeEdits(sourceFile, helperName),
    ...declarationKindEdits(sourceFile, helperName, moved),
  ].sort((a, b) => b.start - a.start);
  if (edits.length === 0) return;
  let text = sourceFile.getFullText();
  for (const edit of edits) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  sourceFile.replaceWithText(text);
}
