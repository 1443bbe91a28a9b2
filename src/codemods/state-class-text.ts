import {
  type ArrowFunction,
  type FunctionDeclaration,
  type FunctionExpression,
  Node,
  type ParameterDeclaration,
  ts,
  VariableDeclarationKind,
} from "ts-morph";
import { type CodeStyle, quoted } from "./code-style.js";
import { type ModuleFunction, soleDeclaration, type StateVariable } from "./state-analysis.js";

type FunctionNode = FunctionDeclaration | ArrowFunction | FunctionExpression;

interface Replacement {
  start: number;
  end: number;
  text: string;
}

/** One output line; `verbatim` lines start inside a template literal, so re-indenting them would change a string. */
interface Line {
  text: string;
  verbatim: boolean;
}

/** What the moved code refers to through `this`: the state variables and moved functions, by their declarations. */
export interface MemberContext {
  names: Set<string>;
  declarations: Set<Node>;
  functionDeclarations: Set<Node>;
  /** TypeScript file: parameter properties, `private`, type annotations; plain JavaScript gets none of them. */
  typed: boolean;
}

function applyReplacements(text: string, offset: number, replacements: Replacement[]): string {
  let result = text;
  for (const replacement of [...replacements].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, replacement.start - offset) + replacement.text + result.slice(replacement.end - offset);
  }
  return result;
}

function movedDeclarationOf(declared: Node | undefined, declarations: Set<Node>): Node | undefined {
  for (let node: Node | undefined = declared; node; node = node.getParent()) if (declarations.has(node)) return node;
  return undefined;
}

/** `cache` → `this.cache`; `{ cache }` → `{ cache: this.cache }`; a moved function passed as a value keeps its `this`. */
function memberText(identifier: Node, context: MemberContext): string | undefined {
  const parent = identifier.getParent();
  const shorthand = Node.isShorthandPropertyAssignment(parent) ? parent : undefined;
  const declared = shorthand
    ? shorthand.getValueSymbol()?.getDeclarations()[0]
    : identifier.getSymbol()?.getDeclarations()[0];
  const moved = movedDeclarationOf(declared, context.declarations);
  if (!moved) return undefined;
  const name = identifier.getText();
  const isCallee = Node.isCallExpression(parent) && parent.getExpression() === identifier;
  const member = context.functionDeclarations.has(moved) && !isCallee ? `this.${name}.bind(this)` : `this.${name}`;
  return shorthand ? `${name}: ${member}` : member;
}

function memberReplacements(scope: Node, context: MemberContext): Replacement[] {
  const identifiers = [scope, ...scope.getDescendants()].filter(
    (node) => Node.isIdentifier(node) && context.names.has(node.getText()),
  );
  return identifiers.flatMap((identifier) => {
    const text = memberText(identifier, context);
    return text === undefined ? [] : [{ start: identifier.getStart(), end: identifier.getEnd(), text }];
  });
}

/** Line numbers (0 = the node's first line) that begin inside a template literal. */
function verbatimLines(node: Node): Set<number> {
  const first = node.getStartLineNumber();
  const lines = new Set<number>();
  for (const literal of [node, ...node.getDescendants()].filter(
    (d) => Node.isTemplateExpression(d) || Node.isNoSubstitutionTemplateLiteral(d),
  )) {
    for (let line = literal.getStartLineNumber() + 1; line <= literal.getEndLineNumber(); line++)
      lines.add(line - first);
  }
  return lines;
}

function rewrittenLines(node: Node, context: MemberContext): Line[] {
  const verbatim = verbatimLines(node);
  const text = applyReplacements(node.getText(), node.getStart(), memberReplacements(node, context));
  return text.split("\n").map((line, index) => ({ text: line, verbatim: verbatim.has(index) }));
}

const leadingSpace = (text: string): number => /^[\t ]*/.exec(text)?.[0].length ?? 0;

/** A block body, shifted so that its closing brace is at column 0. */
function blockBodyLines(lines: Line[]): Line[] {
  const closing = leadingSpace(lines.at(-1)?.text ?? "");
  return lines.map((line, index) =>
    index === 0 || line.verbatim
      ? line
      : { ...line, text: line.text.slice(Math.min(closing, leadingSpace(line.text))) },
  );
}

/** `() => expression` becomes a block that returns the expression (without the parentheses an object literal needed). */
function expressionBodyLines(lines: Line[], style: CodeStyle): Line[] {
  const body = lines.map((line, index) =>
    line.verbatim ? line : { ...line, text: `${style.indent}${index === 0 ? "return " : ""}${line.text}` },
  );
  const last = body.at(-1);
  if (last !== undefined) body[body.length - 1] = { ...last, text: `${last.text}${semicolon(style)}` };
  return [{ text: "{", verbatim: false }, ...body, { text: "}", verbatim: false }];
}

/** The statement terminator the file uses: `;` or nothing. */
function semicolon(style: CodeStyle): string {
  return style.semicolons ? ";" : "";
}

function indentLines(lines: Line[], unit: string): string {
  return lines.map((line) => (line.verbatim || !line.text.trim() ? line.text : unit + line.text)).join("\n");
}

export function functionParts(fn: ModuleFunction): { node: FunctionNode; docs: string } {
  const docs = fn.leadingComments;
  if (Node.isFunctionDeclaration(fn.node)) return { node: fn.node, docs };
  // listModuleFunctions keeps a const only when its initializer is an arrow or function expression.
  const initializer = soleDeclaration(fn.node).getInitializer() as ArrowFunction | FunctionExpression;
  return { node: initializer, docs };
}

function signatureText(node: FunctionNode): string {
  const typeParameters = node.getTypeParameters().map((p) => p.getText());
  const generics = typeParameters.length > 0 ? `<${typeParameters.join(", ")}>` : "";
  const returnType = node.getReturnTypeNode() ? `: ${node.getReturnTypeNode()?.getText()}` : "";
  return `${generics}(${node
    .getParameters()
    .map((p) => p.getText())
    .join(", ")})${returnType}`;
}

/** The class method a moved function becomes, with state and moved functions reached through `this`. */
export function renderMethod(fn: ModuleFunction, context: MemberContext, style: CodeStyle): string {
  const { node, docs } = functionParts(fn);
  // listModuleFunctions keeps only functions with a body (declarations are checked with hasBody()).
  const body = node.getBody() as Node;
  const expression = Node.isParenthesizedExpression(body) ? body.getExpression() : body;
  const lines = Node.isBlock(body)
    ? blockBodyLines(rewrittenLines(body, context))
    : expressionBodyLines(rewrittenLines(expression, context), style);
  const [opening, ...rest] = lines;
  if (opening === undefined) throw new Error(`the body of ${fn.name} rendered to no lines`);
  const generator = !Node.isArrowFunction(node) && node.isGenerator();
  // A helper nobody outside the module could call stays out of the class's public surface.
  const header = `${fn.exported || !context.typed ? "" : "private "}${node.isAsync() ? "async " : ""}${generator ? "*" : ""}${fn.name}${signatureText(node)} ${opening.text}`;
  const docLines = docs
    ? docs.split("\n").map((text) => ({ text: text.replace(/^[\t ]+\*/, " *"), verbatim: false }))
    : [];
  return indentLines([...docLines, { text: header, verbatim: false }, ...rest], style.indent);
}

function acceptsUndefined(typeText: string): boolean {
  return /\b(undefined|any|unknown)\b/.test(typeText);
}

function typeText(type: ts.Type | import("ts-morph").Type, at: Node): string {
  // Both callers pass ts-morph's getType(), a ts-morph Type.
  const morphType = type as import("ts-morph").Type;
  const widened = morphType.isLiteral() ? morphType.getBaseTypeOfLiteralType() : morphType;
  return widened.getText(at, ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope);
}

/** For `let client;` or `let client = null;`: the types assigned later, plus the empty start value. */
function assignedTypeText(variable: StateVariable): string {
  const nameNode = variable.declaration.getNameNode();
  if (!Node.isIdentifier(nameNode)) return "any";
  const types = new Set<string>();
  for (const reference of nameNode.findReferencesAsNodes()) {
    const assignment = reference.getParent();
    if (!Node.isBinaryExpression(assignment) || assignment.getLeft() !== reference) continue;
    if (!/^(=|\?\?=|\|\|=)$/.test(assignment.getOperatorToken().getText())) continue;
    types.add(typeText(assignment.getRight().getType(), variable.declaration));
  }
  const start = variable.declaration.getInitializer()?.getText() === "null" ? "null" : "undefined";
  const known = [...types].filter((text) => text !== "null" && text !== "undefined");
  if (known.length === 0 || known.some((text) => text.includes("import(") || text === "any")) return "any";
  return [...known, start].join(" | ");
}

/** Only where the default value alone would give the parameter a different type than the variable had. */
function parameterType(variable: StateVariable): string | undefined {
  const annotation = variable.declaration.getTypeNode()?.getText();
  const initializer = variable.declaration.getInitializer();
  if (annotation) return initializer || acceptsUndefined(annotation) ? annotation : `${annotation} | undefined`;
  if (!initializer || /^(null|undefined)$/.test(initializer.getText())) return assignedTypeText(variable);
  if (!/^(\[\s*\]|\{\s*\})$/.test(initializer.getText())) return undefined;
  const inferred = typeText(variable.declaration.getType(), variable.declaration);
  return inferred.includes("import(") ? "any" : inferred;
}

function leadingDocs(variable: StateVariable, indent: string): string {
  if (!variable.leadingComments) return "";
  return `${indentLines(
    variable.leadingComments.split("\n").map((text) => ({ text: text.replace(/^[\t ]+\*/, " *"), verbatim: false })),
    indent,
  )}\n`;
}

/**
 * A module-level type or initializer spanning lines, moved into the constructor's parameter list:
 * its later lines move right by `indent` too (lines inside a template literal stay as they are).
 * `text` is the node's text, possibly with more appended (` | undefined`).
 */
function nestedText(text: string, node: Node, indent: string): string {
  const verbatim = verbatimLines(node);
  return text
    .split("\n")
    .map((line, index) => (index === 0 || verbatim.has(index) || !line.trim() ? line : indent + line))
    .join("\n");
}

/** Constructor parameter properties: the class is created with what the state was initialised with. */
export function renderConstructor(state: StateVariable[], style: CodeStyle, typed: boolean): string {
  if (!typed) return renderPlainConstructor(state, style);
  const unit = style.indent;
  const parameters = state.map((variable) => {
    const readonly = variable.statement.getDeclarationKind() === VariableDeclarationKind.Const ? "readonly " : "";
    const type = parameterType(variable);
    const typeNode = variable.declaration.getTypeNode();
    const annotation = type ? `: ${typeNode ? nestedText(type, typeNode, unit + unit) : type}` : "";
    const initializer = variable.declaration.getInitializer();
    const value = initializer ? nestedText(initializer.getText(), initializer, unit + unit) : "undefined";
    return `${leadingDocs(variable, unit + unit)}${unit}${unit}private ${readonly}${variable.name}${annotation} = ${value},`;
  });
  return `${unit}constructor(\n${parameters.join("\n")}\n${unit}) {}`;
}

/** JavaScript has no parameter properties: default parameters assigned to fields. */
function renderPlainConstructor(state: StateVariable[], style: CodeStyle): string {
  const unit = style.indent;
  const parameters = state.map((variable) => {
    const initializer = variable.declaration.getInitializer();
    return `${unit}${unit}${variable.name} = ${initializer ? nestedText(initializer.getText(), initializer, unit + unit) : "undefined"},`;
  });
  const assignments = state.map(
    (variable) =>
      `${leadingDocs(variable, unit + unit)}${unit}${unit}this.${variable.name} = ${variable.name}${semicolon(style)}`,
  );
  return `${unit}constructor(\n${parameters.join("\n")}\n${unit}) {\n${assignments.join("\n")}\n${unit}}`;
}

function callArguments(parameters: ParameterDeclaration[]): string | undefined {
  const names: string[] = [];
  for (const parameter of parameters) {
    const name = parameter.getNameNode();
    if (!Node.isIdentifier(name)) return undefined;
    names.push(parameter.isRestParameter() ? `...${name.getText()}` : name.getText());
  }
  return names.join(", ");
}

/** The function's own JSDoc text split into its description and tags, and the text of an earlier `@deprecated` tag. */
function describedLines(docs: string): { kept: string[]; deprecatedBefore: string } {
  const jsDoc = docs.match(/\/\*\*[\s\S]*?\*\//g)?.at(-1) ?? "";
  const lines = jsDoc
    .replace(/^\/\*\*|\*\/$/g, "")
    .split("\n")
    .map((line) => line.replace(/^\s*\*? ?/, "").trimEnd());
  const kept: string[] = [];
  const deprecated: string[] = [];
  let inDeprecated = false;
  for (const line of lines) {
    if (line.startsWith("@")) inDeprecated = line.startsWith("@deprecated");
    (inDeprecated ? deprecated : kept).push(line);
  }
  while (kept[0]?.trim() === "") kept.shift();
  while (kept.at(-1)?.trim() === "") kept.pop();
  return {
    kept,
    deprecatedBefore: deprecated
      .join(" ")
      .replace(/^@deprecated\s*/, "")
      .replace(/\s+/g, " ")
      .trim(),
  };
}

export interface WrapperNames {
  className: string;
  factoryName: string;
  instanceName: string;
  warnName: string;
}

/** The exported function, kept for callers: a deprecated wrapper over the default instance. */
export function renderWrapper(fn: ModuleFunction, names: WrapperNames, style: CodeStyle, typed: boolean): string {
  const { node, docs } = functionParts(fn);
  const { kept, deprecatedBefore } = describedLines(docs);
  const reason = `keeps its state in a hidden module-wide instance. Create a {@link ${names.className}} with \`${names.factoryName}()\`, pass it to the code that needs it, and call its \`${fn.name}()\`.`;
  const deprecated = deprecatedBefore
    ? `@deprecated ${deprecatedBefore} This function also ${reason}`
    : `@deprecated This function ${reason}`;
  const doc = ["/**", ...[...kept, deprecated].map((line) => (line ? ` * ${line}` : " *")), " */"].join("\n");
  const args = callArguments(node.getParameters());
  const member = `${names.className}[${quoted(fn.name, style.quote)}]`;
  const typedRest = `(...args: Parameters<${member}>): ReturnType<${member}>`;
  const signature = args !== undefined ? signatureText(node) : typed ? typedRest : "(...args)";
  const returns = node.getReturnTypeNode()?.getText() === "void" ? "" : "return ";
  const exportKeyword = fn.defaultExport ? "export default" : "export";
  const call = `${names.instanceName}.${fn.name}(${args ?? "...args"})`;
  const { indent } = style;
  return `${doc}\n${exportKeyword} function ${fn.name}${signature} {\n${indent}${names.warnName}()${semicolon(style)}\n${indent}${returns}${call}${semicolon(style)}\n}`;
}
