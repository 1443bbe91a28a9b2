import { Node, type SourceFile, SyntaxKind, TypeFormatFlags, VariableDeclarationKind } from "ts-morph";
import { isInEscapingClosure } from "./closure-calls.js";
import { findSyntaxErrors, findTypeErrors, newMessages } from "./project.js";
import { firstStatement, inGroup, isFunctionNode, lastStatement, type StatementGroup } from "./statement-groups.js";

/**
 * Extraction of the groups TypeScript's Extract Symbol refuses: statements with `return`s inside
 * branches, `break`/`continue` that leave the group for a loop around it, and writes to locals
 * declared before the group. The helper reports how it ended as a discriminated result
 * (`{ control: "return", value }`, `"continue"`, `"break"`, `"next"`) carrying the locals it
 * wrote, and the call site acts on it, so every path through the code does what it did.
 */

type Control = "return" | "continue" | "break";

interface Exit {
  node: Node;
  control: Control;
}

interface Input {
  name: string;
  type: string;
  written: boolean;
  /** Declared without a value and not written before the group: the helper declares it itself. */
  local: boolean;
}

export interface EarlyExitPlan {
  exits: Exit[];
  inputs: Input[];
  typeParameters: string[];
  isAsync: boolean;
  /** The group uses `this` (or `super`) of a class member: the helper is a private method of that class. */
  method: MethodHost | undefined;
}

interface MethodHost {
  /** The class member the helper follows: the method, or the property holding an arrow function. */
  member: Node;
  isStatic: boolean;
}

const LOOP_KINDS = new Set([
  SyntaxKind.ForStatement,
  SyntaxKind.ForOfStatement,
  SyntaxKind.ForInStatement,
  SyntaxKind.WhileStatement,
  SyntaxKind.DoStatement,
]);

function isDeclaredInside(fn: Node, declaration: Node): boolean {
  return (
    declaration.getSourceFile() === fn.getSourceFile() &&
    declaration.getStart() >= fn.getStart() &&
    declaration.getEnd() <= fn.getEnd()
  );
}

/** The nodes of the group that belong to the function itself, not to a closure inside it. */
function ownNodes(fn: Node, group: StatementGroup): Node[] {
  return group.statements
    .flatMap((statement) => [statement, ...statement.getDescendants()])
    .filter((node) => node === fn || node.getFirstAncestor(isFunctionNode) === fn);
}

/** Where a `break`/`continue` goes: inside the group (left alone), out of it (a control signal), or unknown (a label). */
function exitOf(group: StatementGroup, node: Node): Exit | "inside" | "refuse" {
  if (!Node.isBreakStatement(node) && !Node.isContinueStatement(node)) return "inside";
  if (node.getLabel()) return "refuse";
  const isBreak = Node.isBreakStatement(node);
  const target = node.getFirstAncestor(
    (ancestor) => LOOP_KINDS.has(ancestor.getKind()) || (isBreak && Node.isSwitchStatement(ancestor)),
  );
  if (target && inGroup(group, target)) return "inside";
  return { node, control: isBreak ? "break" : "continue" };
}

function exitsOf(fn: Node, group: StatementGroup): Exit[] | undefined {
  const exits: Exit[] = [];
  for (const node of ownNodes(fn, group)) {
    if (Node.isYieldExpression(node) || Node.isLabeledStatement(node)) return undefined;
    if (Node.isIdentifier(node) && node.getText() === "arguments") return undefined;
    if (Node.isReturnStatement(node)) exits.push({ node, control: "return" });
    const exit = exitOf(group, node);
    if (exit === "refuse") return undefined;
    if (exit !== "inside") exits.push(exit);
  }
  return exits;
}

function declarationOf(node: Node): Node | undefined {
  const parent = node.getParent();
  const symbol = Node.isShorthandPropertyAssignment(parent) ? parent.getValueSymbol() : node.getSymbol();
  return symbol?.getDeclarations()[0];
}

const ASSIGNMENT = /^[-+*/%&|^]?=$|^(\*\*|<<|>>>?|&&|\|\||\?\?)=$/;

function isWrite(node: Node): boolean {
  const parent = node.getParent();
  if (Node.isBinaryExpression(parent) && parent.getLeft() === node)
    return ASSIGNMENT.test(parent.getOperatorToken().getText());
  return (
    (Node.isPostfixUnaryExpression(parent) || Node.isPrefixUnaryExpression(parent)) && /\+\+|--/.test(parent.getText())
  );
}

function isLocalBinding(declaration: Node): boolean {
  return (
    Node.isVariableDeclaration(declaration) ||
    Node.isParameterDeclaration(declaration) ||
    Node.isBindingElement(declaration)
  );
}

/** Identifiers of the function used after the group whose declaration is inside it: the group cannot move. */
function leaksDeclarations(fn: Node, group: StatementGroup): boolean {
  return fn.getDescendantsOfKind(SyntaxKind.Identifier).some((node) => {
    if (node.getStart() < group.end) return false;
    const declaration = declarationOf(node);
    return declaration !== undefined && inGroup(group, declaration);
  });
}

/** Written anywhere outside the group (before it, or after it in a loop): its value may flow in. */
function isWrittenOutside(fn: Node, group: StatementGroup, declaration: Node): boolean {
  return fn
    .getDescendantsOfKind(SyntaxKind.Identifier)
    .some((node) => !inGroup(group, node) && isWrite(node) && declarationOf(node) === declaration);
}

function inputFor(fn: Node, group: StatementGroup, declaration: Node, uses: Node[]): Input | undefined {
  const written = uses.some(isWrite);
  // A written binding of a destructuring `let` (or of a parameter) is reassigned like any local.
  if (written && uses.some((use) => isInEscapingClosure(fn, use))) return undefined;
  if (
    written &&
    Node.isVariableDeclaration(declaration) &&
    declaration.getVariableStatement()?.getDeclarationKind() === VariableDeclarationKind.Const
  )
    return undefined;
  const name =
    Node.isVariableDeclaration(declaration) ||
    Node.isParameterDeclaration(declaration) ||
    Node.isBindingElement(declaration)
      ? declaration.getName()
      : "";
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return undefined;
  const type = declaration
    .getType()
    .getText(fn, TypeFormatFlags.UseAliasDefinedOutsideCurrentScope | TypeFormatFlags.NoTruncation);
  const unset =
    Node.isVariableDeclaration(declaration) &&
    !declaration.hasInitializer() &&
    !isWrittenOutside(fn, group, declaration);
  return { name, type, written, local: written && unset };
}

/** Locals and parameters of the function, declared before the group, that the group uses. */
function inputsOf(fn: Node, group: StatementGroup): Input[] | undefined {
  const uses = new Map<Node, Node[]>();
  for (const statement of group.statements) {
    for (const node of statement.getDescendantsOfKind(SyntaxKind.Identifier)) {
      const declaration = declarationOf(node);
      if (!declaration || inGroup(group, declaration) || !isDeclaredInside(fn, declaration)) continue;
      if (!isLocalBinding(declaration)) return undefined;
      uses.set(declaration, [...(uses.get(declaration) ?? []), node]);
    }
  }
  const inputs: Input[] = [];
  for (const [declaration, declarationUses] of uses) {
    const input = inputFor(fn, group, declaration, declarationUses);
    if (!input) return undefined;
    inputs.push(input);
  }
  return inputs;
}

function typeParametersUsed(fn: Node, group: StatementGroup, inputs: Input[]): string[] {
  const declared = fn
    .getDescendantsOfKind(SyntaxKind.TypeParameter)
    .filter((parameter) => parameter.getParent() === fn);
  const text = `${group.statements.map((statement) => statement.getText()).join("\n")}\n${inputs.map((input) => input.type).join("\n")}`;
  return declared
    .filter((parameter) => new RegExp(`\\b${parameter.getName()}\\b`).test(text))
    .map((parameter) => parameter.getText());
}

/**
 * A throw from the helper would skip the write-back of its locals: harmless when the throw leaves
 * the function, wrong when a try block or a finally inside the function sees them. A catch block
 * of a try without finally is fine.
 */
function isInsideTry(fn: Node, group: StatementGroup): boolean {
  const first = firstStatement(group);
  return first
    .getAncestors()
    .some(
      (ancestor) =>
        Node.isTryStatement(ancestor) &&
        ancestor.getStart() > fn.getStart() &&
        (ancestor.getFinallyBlock() !== undefined || inGroupOf(ancestor.getTryBlock(), first)),
    );
}

function inGroupOf(block: Node, node: Node): boolean {
  return node.getStart() >= block.getStart() && node.getEnd() <= block.getEnd();
}

/** What `this` means at a node: the closest function that is not an arrow, or the class (property initializers). */
function thisOwner(node: Node): Node | undefined {
  return node.getFirstAncestor(
    (ancestor) =>
      (isFunctionNode(ancestor) && !Node.isArrowFunction(ancestor)) ||
      Node.isClassDeclaration(ancestor) ||
      Node.isClassExpression(ancestor),
  );
}

/** `this` or `super` of the function itself anywhere in the group, arrow functions included (they share it). */
function usesOwnThis(fn: Node, group: StatementGroup): boolean {
  const owner = Node.isArrowFunction(fn) ? thisOwner(fn) : fn;
  return group.statements
    .flatMap((statement) => [statement, ...statement.getDescendants()])
    .some((node) => (Node.isThisExpression(node) || Node.isSuperExpression(node)) && thisOwner(node) === owner);
}

/** The class member a method helper would follow, when the function is one (a method, accessor or arrow property). */
function methodHostOf(fn: Node): MethodHost | undefined {
  const parent = fn.getParent();
  const member =
    (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) && Node.isPropertyDeclaration(parent)
      ? parent
      : Node.isMethodDeclaration(fn) ||
          Node.isGetAccessorDeclaration(fn) ||
          Node.isSetAccessorDeclaration(fn) ||
          Node.isConstructorDeclaration(fn)
        ? fn
        : undefined;
  const owner = member?.getParent();
  if (!member || !(Node.isClassDeclaration(owner) || Node.isClassExpression(owner))) return undefined;
  return { member, isStatic: Node.isStaticable(member) && member.isStatic() };
}

/** Whether the group is a shape this module extracts, and what its helper needs. */
export function planEarlyExit(fn: Node, group: StatementGroup): EarlyExitPlan | undefined {
  // A call site this module wrote stays where it is, even inside a branch: moving it again only
  // nests helpers that hand each other's outcome on.
  if (
    group.statements
      .flatMap((statement) => [statement, ...statement.getDescendantsOfKind(SyntaxKind.VariableDeclaration)])
      .some((node) => Node.isVariableDeclaration(node) && /^outcome$|Outcome$/.test(node.getName()))
  )
    return undefined;
  const exits = exitsOf(fn, group);
  const method = usesOwnThis(fn, group) ? methodHostOf(fn) : undefined;
  if (!exits || leaksDeclarations(fn, group) || (usesOwnThis(fn, group) && !method)) return undefined;
  const inputs = inputsOf(fn, group);
  const writes = inputs?.some((input) => input.written) ?? false;
  if (!inputs || (exits.length === 0 && !writes) || (writes && isInsideTry(fn, group))) return undefined;
  const own = ownNodes(fn, group);
  const isAsync = own.some((node) => Node.isAwaitExpression(node) || (Node.isForOfStatement(node) && node.isAwaited()));
  return { exits, inputs, typeParameters: typeParametersUsed(fn, group, inputs), isAsync, method };
}

/** Statements after which control never reaches the next line. */
function endsInExit(group: StatementGroup): boolean {
  const last = lastStatement(group);
  return (
    Node.isReturnStatement(last) ||
    Node.isThrowStatement(last) ||
    Node.isBreakStatement(last) ||
    Node.isContinueStatement(last)
  );
}

/** Only `return`s and no written locals: the helper returns `{ value }` or `undefined` to go on. */
function isPlainReturn(plan: EarlyExitPlan): boolean {
  return plan.exits.every((exit) => exit.control === "return") && !plan.inputs.some((input) => input.written);
}

/**
 * Shapes that need no wrapper: a group that always ends in a `return` (the helper returns the
 * same values and the caller returns the helper's), and one that only writes locals (the helper
 * returns them).
 */
function directShape(group: StatementGroup, plan: EarlyExitPlan): "returns" | "writes" | undefined {
  const last = lastStatement(group);
  if (isPlainReturn(plan) && Node.isReturnStatement(last)) return "returns";
  return plan.exits.length === 0 ? "writes" : undefined;
}

function writtenNames(plan: EarlyExitPlan): string[] {
  return plan.inputs.filter((input) => input.written).map((input) => input.name);
}

function carried(plan: EarlyExitPlan): string {
  return plan.inputs
    .filter((input) => input.written)
    .map((input) => `, ${input.name}`)
    .join("");
}

function exitText(plan: EarlyExitPlan, exit: Exit): string {
  const returned = Node.isReturnStatement(exit.node)
    ? (exit.node.getExpression()?.getText() ?? "undefined")
    : undefined;
  if (isPlainReturn(plan)) return `return { value: ${returned} };`;
  if (exit.control === "return") return `return { control: "return" as const, value: ${returned} };`;
  return `return { control: "${exit.control}" as const${carried(plan)} };`;
}

function fallThroughText(plan: EarlyExitPlan): string {
  return isPlainReturn(plan) ? "return undefined;" : `return { control: "next" as const${carried(plan)} };`;
}

function lineIndentation(text: string, position: number): string {
  const lineStart = text.lastIndexOf("\n", position - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? "";
}

/** The group's text with its exits rewritten, indented one unit below the helper's header (at `outer`). */
function helperBody(
  sourceFile: SourceFile,
  group: StatementGroup,
  plan: EarlyExitPlan,
  unit: string,
  outer: string,
): string {
  const text = sourceFile.getFullText();
  let body = text.slice(group.start, group.end);
  const direct = directShape(group, plan);
  const written = writtenNames(plan);
  for (const exit of direct ? [] : [...plan.exits].sort((a, b) => b.node.getStart() - a.node.getStart())) {
    body =
      body.slice(0, exit.node.getStart() - group.start) +
      exitText(plan, exit) +
      body.slice(exit.node.getEnd() - group.start);
  }
  const base = lineIndentation(text, group.start);
  const locals = plan.inputs.filter((input) => input.local).map((input) => `let ${input.name}: ${input.type};`);
  const returnWritten = written.length === 1 ? `return ${written[0]};` : `return { ${written.join(", ")} };`;
  const tail = direct === "writes" ? [returnWritten] : endsInExit(group) ? [] : [fallThroughText(plan)];
  const lines = [
    ...locals,
    ...body.split("\n").map((line, index) => (index > 0 && line.startsWith(base) ? line.slice(base.length) : line)),
    ...tail,
  ];
  return lines.map((line) => (line === "" ? line : outer + unit + line)).join("\n");
}

/** `private async name` for a method helper (no `private` in JavaScript), `async function name` otherwise. */
function helperHead(sourceFile: SourceFile, plan: EarlyExitPlan, name: string): string {
  const isAsync = plan.isAsync ? "async " : "";
  if (!plan.method) return `${isAsync}function ${name}`;
  const isTypeScript = /\.[cm]?tsx?$/.test(sourceFile.getFilePath());
  return `${isTypeScript ? "private " : ""}${plan.method.isStatic ? "static " : ""}${isAsync}${name}`;
}

/**
 * More inputs than this and the helper takes them as one object (`{ method, url }: { … }`, called
 * as `helper({ method, url })`): a reader matches them by name, not by position.
 */
export const MAX_POSITIONAL_PARAMETERS = 5;

/** The inputs the caller passes (the ones the helper declares itself aside). */
export function passedInputs(plan: EarlyExitPlan): Input[] {
  return plan.inputs.filter((input) => !input.local);
}

function parameterList(plan: EarlyExitPlan, inputsType: string | undefined): string {
  const passed = passedInputs(plan);
  if (passed.length <= MAX_POSITIONAL_PARAMETERS)
    return passed.map((input) => `${input.name}: ${input.type}`).join(", ");
  const names = passed.map((input) => input.name).join(", ");
  return `{ ${names} }: ${inputsType ?? `{ ${passed.map((input) => `${input.name}: ${input.type}`).join("; ")} }`}`;
}

/**
 * The name of an interface declaring a module helper's object of inputs, so its signature stays one
 * short line (an inline type laid out by a formatter takes a line per input and can push the helper
 * itself over the limit). Methods and generic helpers keep the inline type: an interface cannot sit in
 * a class body, and one for a generic helper would need its type parameters too.
 */
function inputsTypeName(sourceFile: SourceFile, plan: EarlyExitPlan, name: string): string | undefined {
  if (passedInputs(plan).length <= MAX_POSITIONAL_PARAMETERS || plan.method || plan.typeParameters.length > 0)
    return undefined;
  const typeName = `${name.charAt(0).toUpperCase()}${name.slice(1)}Inputs`;
  return new RegExp(`\\b${typeName}\\b`).test(sourceFile.getFullText()) ? undefined : typeName;
}

function inputsInterface(plan: EarlyExitPlan, typeName: string): string {
  const members = passedInputs(plan).map((input) => `  ${input.name}: ${input.type};\n`);
  return `interface ${typeName} {\n${members.join("")}}\n\n`;
}

function argumentList(plan: EarlyExitPlan): string {
  const names = passedInputs(plan)
    .map((input) => input.name)
    .join(", ");
  return passedInputs(plan).length <= MAX_POSITIONAL_PARAMETERS ? names : `{ ${names} }`;
}

function helperText(
  sourceFile: SourceFile,
  group: StatementGroup,
  plan: EarlyExitPlan,
  name: string,
  { unit, outer }: { unit: string; outer: string },
): string {
  const inputsType = inputsTypeName(sourceFile, plan, name);
  const parameters = parameterList(plan, inputsType);
  const typeParameters = plan.typeParameters.length > 0 ? `<${plan.typeParameters.join(", ")}>` : "";
  const body = helperBody(sourceFile, group, plan, unit, outer);
  const declaration = inputsType === undefined ? "" : inputsInterface(plan, inputsType);
  return `${declaration}${helperHead(sourceFile, plan, name)}${typeParameters}(${parameters}) {\n${body}\n${outer}}`;
}

/** What the caller does with the helper's result: return, continue, break, or go on with the written locals. */
function reactions(plan: EarlyExitPlan, result: string, unconditional: boolean): string[] {
  if (isPlainReturn(plan))
    return [unconditional ? `return ${result}.value;` : `if (${result}) return ${result}.value;`];
  const kinds = (["return", "continue", "break"] as const).filter((kind) =>
    plan.exits.some((exit) => exit.control === kind),
  );
  const written = plan.inputs.filter((input) => input.written).map((input) => input.name);
  const statement = (kind: Control) => (kind === "return" ? `return ${result}.value;` : `${kind};`);
  const lines = kinds
    .filter((kind) => kind === "return")
    .map((kind) => `if (${result}.control === "return") ${statement(kind)}`);
  if (written.length === 1) lines.push(`${written[0]} = ${result}.${written[0]};`);
  if (written.length > 1) lines.push(`({ ${written.join(", ")} } = ${result});`);
  const jumps = kinds.filter((kind) => kind !== "return");
  jumps.forEach((kind, index) =>
    lines.push(
      unconditional && index === jumps.length - 1
        ? statement(kind)
        : `if (${result}.control === "${kind}") ${statement(kind)}`,
    ),
  );
  return unconditional && jumps.length === 0 ? [`return ${result}.value;`] : lines;
}

function callSiteText(fn: Node, group: StatementGroup, plan: EarlyExitPlan, name: string, indentation: string): string {
  const taken = fn.getDescendantsOfKind(SyntaxKind.Identifier).some((node) => node.getText() === "outcome");
  const result = taken ? `${name}Outcome` : "outcome";
  const typeArguments =
    plan.typeParameters.length > 0
      ? `<${plan.typeParameters.map((parameter) => parameter.split(/[\s=]/)[0]).join(", ")}>`
      : "";
  const call = `${plan.isAsync ? "await " : ""}${plan.method ? "this." : ""}${name}${typeArguments}(${argumentList(plan)})`;
  const direct = directShape(group, plan);
  const written = writtenNames(plan);
  if (direct === "returns") return `return ${call};`;
  if (direct === "writes")
    return written.length === 1 ? `${written[0]} = ${call};` : `({ ${written.join(", ")} } = ${call});`;
  const reacting = reactions(plan, result, endsInExit(group));
  // A helper that always ends in the same jump and writes nothing has no result worth naming.
  const [onlyReaction] = reacting;
  const bare = reacting.length === 1 && onlyReaction !== undefined && /^(continue|break);$/.test(onlyReaction);
  return (bare ? [`${call};`, ...reacting] : [`const ${result} = ${call};`, ...reacting]).join(`\n${indentation}`);
}

function spansLines(node: Node): boolean {
  return (
    (Node.isTemplateExpression(node) || Node.isNoSubstitutionTemplateLiteral(node) || Node.isStringLiteral(node)) &&
    node.getText().includes("\n")
  );
}

/**
 * The file's text with the group moved into a helper, and the call site in its place: a module
 * function after the statement holding the function, or a private method after the class member
 * it came from. Plain text, so a rolled-back try of one candidate does not invalidate the others.
 */
export function rewriteForEarlyExit(
  sourceFile: SourceFile,
  fn: Node,
  group: StatementGroup,
  plan: EarlyExitPlan,
  name: string,
  unit: string,
): string | undefined {
  if (group.statements.some((statement) => [statement, ...statement.getDescendants()].some(spansLines)))
    return undefined;
  const topLevel = [fn, ...fn.getAncestors()].find((node) => Node.isSourceFile(node.getParent())) ?? fn;
  const text = sourceFile.getFullText();
  const host = plan.method?.member ?? topLevel;
  const outer = plan.method ? lineIndentation(text, host.getStart()) : "";
  const helper = outer + helperText(sourceFile, group, plan, name, { unit, outer });
  const callSite = callSiteText(fn, group, plan, name, lineIndentation(text, group.start));
  // The call site must be clearly shorter than the group, or extracting again would never end.
  if (callSite.split("\n").length > group.lines - 2) return undefined;
  const insertAt = host.getEnd();
  return (
    text.slice(0, group.start) + callSite + text.slice(group.end, insertAt) + `\n\n${helper}` + text.slice(insertAt)
  );
}

/**
 * Replaces the file's text if the result parses and adds no type error; otherwise leaves it as it was.
 * `checkTypes` is the run's check (the region the rewrite changed, against the errors the file had
 * when the pass began); without it, the whole file is checked before and after.
 */
export function keepIfTypeSafe(
  sourceFile: SourceFile,
  rewritten: string,
  checkTypes?: (previousText: string) => string | undefined,
): boolean {
  const text = sourceFile.getFullText();
  const before = checkTypes ? [] : findTypeErrors(sourceFile);
  sourceFile.replaceWithText(rewritten);
  const typeSafe = () =>
    checkTypes ? checkTypes(text) === undefined : newMessages(before, findTypeErrors(sourceFile)).length === 0;
  if (findSyntaxErrors(sourceFile).length === 0 && typeSafe()) return true;
  sourceFile.replaceWithText(text);
  return false;
}
