import { type FunctionDeclaration, Node, type ParameterDeclaration, ts, type VariableStatement } from "ts-morph";
import type { ModuleFunction, StateVariable } from "./state-analysis.js";

interface Replacement {
  start: number;
  end: number;
  text: string;
}

function applyReplacements(text: string, offset: number, replacements: Replacement[]): string {
  let result = text;
  for (const replacement of [...replacements].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, replacement.start - offset) + replacement.text + result.slice(replacement.end - offset);
  }
  return result;
}

/** Inside a moved function, state and moved helpers become members: `cache` → `this.cache`. */
function memberReplacements(scope: Node, memberNames: Set<string>, declarations: Set<Node>): Replacement[] {
  const replacements: Replacement[] = [];
  for (const identifier of scope.getDescendants().filter((node) => Node.isIdentifier(node) && memberNames.has(node.getText()))) {
    const parent = identifier.getParent();
    const shorthand = Node.isShorthandPropertyAssignment(parent) ? parent : undefined;
    const declared = shorthand ? shorthand.getValueSymbol()?.getDeclarations()[0] : identifier.getSymbol()?.getDeclarations()[0];
    if (!declared || !isMovedDeclaration(declared, declarations)) continue;
    const text = shorthand ? `${identifier.getText()}: this.${identifier.getText()}` : `this.${identifier.getText()}`;
    replacements.push({ start: identifier.getStart(), end: identifier.getEnd(), text });
  }
  return replacements;
}

function isMovedDeclaration(declared: Node, declarations: Set<Node>): boolean {
  for (let node: Node | undefined = declared; node; node = node.getParent()) if (declarations.has(node)) return true;
  return false;
}

function functionParts(fn: ModuleFunction): { node: FunctionDeclaration | import("ts-morph").ArrowFunction | import("ts-morph").FunctionExpression; jsDoc: string } {
  if (Node.isFunctionDeclaration(fn.node)) return { node: fn.node, jsDoc: fn.node.getJsDocs().map((doc) => doc.getText()).join("\n") };
  const statement = fn.node as VariableStatement;
  const initializer = statement.getDeclarations()[0].getInitializer() as import("ts-morph").ArrowFunction;
  return { node: initializer, jsDoc: statement.getJsDocs().map((doc) => doc.getText()).join("\n") };
}

function signatureText(node: FunctionDeclaration | import("ts-morph").ArrowFunction | import("ts-morph").FunctionExpression): string {
  const typeParameters = node.getTypeParameters().map((p) => p.getText());
  const generics = typeParameters.length > 0 ? `<${typeParameters.join(", ")}>` : "";
  const returnType = node.getReturnTypeNode() ? `: ${node.getReturnTypeNode()?.getText()}` : "";
  return `${generics}(${node.getParameters().map((p) => p.getText()).join(", ")})${returnType}`;
}

function indentBlock(text: string, indent: string): string {
  return text.split("\n").map((line) => (line.trim() ? indent + line : line)).join("\n");
}

/** The class method a moved function becomes, with state and helpers read through `this`. */
export function renderMethod(fn: ModuleFunction, memberNames: Set<string>, declarations: Set<Node>, unit: string): string {
  const { node, jsDoc } = functionParts(fn);
  const body = node.getBody();
  if (!body) return "";
  const bodyText = applyReplacements(body.getText(), body.getStart(), memberReplacements(body, memberNames, declarations));
  const block = Node.isBlock(body) ? bodyText : `{\n${unit}return ${bodyText};\n}`;
  const generator = (Node.isFunctionDeclaration(node) || Node.isFunctionExpression(node)) && node.isGenerator();
  const modifiers = `${node.isAsync() ? "async " : ""}${generator ? "*" : ""}`;
  const doc = jsDoc ? `${jsDoc}\n` : "";
  return indentBlock(`${doc}${modifiers}${fn.name}${signatureText(node)} ${dedent(block)}`, unit);
}

function dedent(block: string): string {
  const lines = block.split("\n");
  const indents = lines.slice(1).filter((line) => line.trim()).map((line) => /^[\t ]*/.exec(line)?.[0].length ?? 0);
  const closing = indents.length > 0 ? Math.min(...indents.slice(-1)) : 0;
  return [lines[0], ...lines.slice(1).map((line) => line.slice(Math.min(closing, /^[\t ]*/.exec(line)?.[0].length ?? 0)))].join("\n");
}

function typeTextOf(variable: StateVariable): string | undefined {
  const annotation = variable.declaration.getTypeNode()?.getText();
  if (annotation) return variable.declaration.getInitializer() || /\b(undefined|any|unknown)\b/.test(annotation) ? annotation : `${annotation} | undefined`;
  const inferred = variable.declaration.getType().getText(variable.declaration, ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope);
  if (inferred.includes("import(") || /^(null|undefined)$/.test(inferred)) return variable.declaration.getInitializer() ? undefined : "any";
  return inferred;
}

/** Constructor parameter properties: the class is created with what the state was initialised with. */
export function renderConstructor(state: StateVariable[], unit: string): string {
  const parameters = state.map((variable) => {
    const isConst = variable.statement.getDeclarationKind() === "const";
    const type = typeTextOf(variable);
    const initializer = variable.declaration.getInitializer()?.getText() ?? "undefined";
    return `${unit}${unit}private ${isConst ? "readonly " : ""}${variable.name}${type ? `: ${type}` : ""} = ${initializer},`;
  });
  return `${unit}constructor(\n${parameters.join("\n")}\n${unit}) {}`;
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

/** The exported function, kept for callers: a deprecated wrapper over the default instance. */
export function renderWrapper(fn: ModuleFunction, className: string, instanceName: string, warnName: string): string {
  const { node, jsDoc } = functionParts(fn);
  const description = jsDoc.replace(/^\/\*\*|\*\/$/g, "").split("\n").map((line) => line.replace(/^\s*\*\s?/, "").trim()).filter((line) => line && !line.startsWith("@deprecated")).join("\n * ");
  const deprecated = `@deprecated Module-level state moved into {@link ${className}}: create one with \`new ${className}()\` (or inject it) and call its \`${fn.name}()\`.`;
  const doc = `/**\n${description ? ` * ${description}\n` : ""} * ${deprecated}\n */`;
  const args = callArguments(node.getParameters());
  const signature = args === undefined ? `(...args: Parameters<${className}["${fn.name}"]>): ReturnType<${className}["${fn.name}"]>` : signatureText(node);
  const call = `${instanceName}.${fn.name}(${args ?? "...args"})`;
  return `${doc}\nexport function ${fn.name}${signature} {\n  ${warnName}();\n  return ${call};\n}`;
}
