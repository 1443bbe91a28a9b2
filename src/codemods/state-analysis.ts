import {
  type FunctionDeclaration,
  Node,
  type SourceFile,
  type VariableDeclaration,
  type VariableStatement,
} from "ts-morph";

/** The one declaration of a `const f = …` module function: listModuleFunctions keeps only statements with one. */
export function soleDeclaration(statement: VariableStatement): VariableDeclaration {
  const [declaration] = statement.getDeclarations();
  if (declaration === undefined) throw new Error("a module function's variable statement declares nothing");
  return declaration;
}

/** A module-level variable that holds mutable state. */
export interface StateVariable {
  name: string;
  statement: VariableStatement;
  declaration: VariableDeclaration;
  /** The comments (JSDoc or `//`) written directly above it, carried to the class member. */
  leadingComments: string;
}

/** A top-level function (declaration, or const bound to an arrow/function expression). */
export interface ModuleFunction {
  name: string;
  node: FunctionDeclaration | VariableStatement;
  exported: boolean;
  defaultExport: boolean;
  /** The comments (JSDoc or `//`) written directly above it, carried to the method. */
  leadingComments: string;
}

export type StatePlanOutcome = { state: StateVariable[]; functions: ModuleFunction[] } | { manual: string };

function topLevelStatementOf(node: Node): Node | undefined {
  let current: Node | undefined = node;
  while (current?.getParent() && !Node.isSourceFile(current.getParent())) current = current.getParent();
  return current;
}

/** Comments directly above a statement (no blank line in between) belong to it and move with it. */
export function attachedComments(statement: Node): { start: number; leadingComments: string } {
  const text = statement.getSourceFile().getFullText();
  const codeStart = statement.getStart(false);
  let start = codeStart;
  for (const range of [...statement.getLeadingCommentRanges()].reverse()) {
    if ((text.slice(range.getEnd(), start).match(/\n/g) ?? []).length > 1) break;
    // A comment that opens the file describes the file, not its first statement.
    if (/^(#![^\n]*)?\s*$/.test(text.slice(0, range.getPos()))) break;
    start = range.getPos();
  }
  return { start, leadingComments: text.slice(start, codeStart).trimEnd() };
}

function moduleFunction(name: string, node: FunctionDeclaration | VariableStatement): ModuleFunction {
  const defaultExport = Node.isFunctionDeclaration(node) && node.isDefaultExport();
  return {
    name,
    node,
    exported: node.isExported(),
    defaultExport,
    leadingComments: attachedComments(node).leadingComments,
  };
}

export function listModuleFunctions(sourceFile: SourceFile): ModuleFunction[] {
  const functions: ModuleFunction[] = [];
  for (const statement of sourceFile.getStatements()) {
    if (Node.isFunctionDeclaration(statement) && statement.hasBody()) {
      const name = statement.getName();
      if (name) functions.push(moduleFunction(name, statement));
    } else if (Node.isVariableStatement(statement) && statement.getDeclarations().length === 1) {
      const declaration = soleDeclaration(statement);
      const initializer = declaration.getInitializer();
      if (initializer && (Node.isArrowFunction(initializer) || Node.isFunctionExpression(initializer)))
        functions.push(moduleFunction(declaration.getName(), statement));
    }
  }
  return functions;
}

function stateVariableOf(declaration: VariableDeclaration): StateVariable | string {
  const statement = declaration.getVariableStatement();
  const name = declaration.getNameNode();
  if (!statement || !Node.isSourceFile(statement.getParent()))
    return `${declaration.getName()} is not declared at module level`;
  if (!Node.isIdentifier(name)) return `${declaration.getName()} is declared by destructuring; move it by hand`;
  if (statement.getDeclarations().length > 1)
    return `${name.getText()} shares its declaration with other variables; split the declaration first`;
  if (statement.isExported())
    return `${name.getText()} is an exported mutable binding that other modules may read; a class cannot keep that binding live`;
  return { name: name.getText(), statement, declaration, leadingComments: attachedComments(statement).leadingComments };
}

/** Resolves the findings' nodes to module-level state variables, or says why a person must decide. */
export function collectStateVariables(declarations: VariableDeclaration[]): StateVariable[] | string {
  const state: StateVariable[] = [];
  for (const declaration of declarations) {
    const outcome = stateVariableOf(declaration);
    if (typeof outcome === "string") return outcome;
    if (!state.some((existing) => existing.name === outcome.name)) state.push(outcome);
  }
  return state;
}

function referencesOf(node: Node): Node[] {
  const nameNode = Node.isVariableStatement(node)
    ? soleDeclaration(node).getNameNode()
    : Node.isFunctionDeclaration(node)
      ? node.getNameNode()
      : node;
  if (!nameNode || !Node.isIdentifier(nameNode)) return [];
  return nameNode.findReferencesAsNodes().filter((reference) => reference !== nameNode);
}

function ownerFunction(reference: Node, functions: ModuleFunction[]): ModuleFunction | undefined {
  const top = topLevelStatementOf(reference);
  return functions.find((fn) => fn.node === top);
}

/** Scopes with their own `this`, where `this.cache` would not reach the class instance. */
function bindsItsOwnThis(node: Node): boolean {
  return (
    Node.isFunctionDeclaration(node) ||
    Node.isFunctionExpression(node) ||
    Node.isMethodDeclaration(node) ||
    Node.isGetAccessorDeclaration(node) ||
    Node.isSetAccessorDeclaration(node) ||
    Node.isConstructorDeclaration(node) ||
    Node.isPropertyDeclaration(node) ||
    Node.isClassStaticBlockDeclaration(node)
  );
}

function describeScope(node: Node): string {
  if (Node.isFunctionDeclaration(node) || Node.isFunctionExpression(node)) return "function()";
  if (Node.isPropertyDeclaration(node) || Node.isClassStaticBlockDeclaration(node)) return "class body";
  return "method";
}

function checkReference(reference: Node, sourceFile: SourceFile, what: string, isState: boolean): string | undefined {
  // Other modules may keep calling an exported function: its deprecated wrapper stays.
  if (reference.getSourceFile() !== sourceFile && !isState) return undefined;
  if (reference.getSourceFile() !== sourceFile)
    return `${what} is used by another module (${reference.getSourceFile().getBaseName()}); state shared across modules must be moved by hand`;
  const nested = reference.getFirstAncestor(bindsItsOwnThis);
  const top = topLevelStatementOf(reference);
  if (
    nested &&
    nested !== top &&
    !(Node.isVariableStatement(top) && nested.getParent()?.getParent() === top.getDeclarationList())
  ) {
    return `${what} is used inside a nested ${describeScope(nested)} at line ${reference.getStartLineNumber()}, where \`this\` is not the class instance; turn it into an arrow function first`;
  }
  return undefined;
}

/** `this` in the function itself (not in a nested function or class of its own). */
function usesItsOwnThis(fn: ModuleFunction): boolean {
  const own = (scope: Node) =>
    scope === fn.node || (Node.isFunctionExpression(scope) && scope.getParent().getParent()?.getParent() === fn.node);
  return fn.node.getDescendants().some((node) => {
    if (!Node.isThisExpression(node)) return false;
    const scope = node.getFirstAncestor(bindsItsOwnThis);
    return scope === undefined || own(scope);
  });
}

function isFunctionLike(node: Node): boolean {
  return bindsItsOwnThis(node) || Node.isArrowFunction(node);
}

/** The class is declared where the last state variable was: code that runs at module load above that point cannot use it yet. */
function usedAtLoadAboveClass(moved: ModuleFunction[], state: StateVariable[]): string | undefined {
  const classAt = Math.max(...state.map((variable) => variable.statement.getEnd()));
  const classLine = state.find((variable) => variable.statement.getEnd() === classAt)?.statement.getStartLineNumber();
  for (const fn of moved) {
    for (const reference of referencesOf(fn.node)) {
      if (reference.getSourceFile() !== fn.node.getSourceFile() || reference.getStart() >= classAt) continue;
      if (reference.getFirstAncestor(isFunctionLike) || reference.getFirstAncestor(Node.isExportSpecifier)) continue;
      return `${fn.name}() runs at module load at line ${reference.getStartLineNumber()}, above line ${classLine} where the class that takes over its state would be declared; move that call below line ${classLine} first`;
    }
  }
  return undefined;
}

/** Functions that touch the state, closed over non-exported helpers that only they call. */
export function planStateMove(sourceFile: SourceFile, state: StateVariable[]): StatePlanOutcome {
  const functions = listModuleFunctions(sourceFile);
  const moved = new Set<ModuleFunction>();
  const pending: { node: Node; what: string; mustMoveCallers: boolean; isState: boolean }[] = state.map((variable) => ({
    node: variable.statement,
    what: `'${variable.name}'`,
    mustMoveCallers: true,
    isState: true,
  }));
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { node, what, mustMoveCallers, isState } = next;
    for (const reference of referencesOf(node)) {
      if (reference.getSourceFile() !== sourceFile && !isState) continue;
      const problem = checkReference(reference, sourceFile, what, isState);
      if (problem) return { manual: problem };
      const owner = ownerFunction(reference, functions);
      if (!owner && mustMoveCallers)
        return {
          manual: `${what} is used by top-level code at line ${reference.getStartLineNumber()} (outside any function); move that code by hand`,
        };
      if (owner && mustMoveCallers && !moved.has(owner)) {
        moved.add(owner);
        pending.push({ node: owner.node, what: `${owner.name}()`, mustMoveCallers: !owner.exported, isState: false });
      }
    }
  }
  const usesThis = [...moved].find(usesItsOwnThis);
  if (usesThis)
    return {
      manual: `${usesThis.name}() uses \`this\`, which would become the class instance in a method; move it by hand`,
    };
  const earlyUse = usedAtLoadAboveClass([...moved], state);
  if (earlyUse) return { manual: earlyUse };
  return { state, functions: functions.filter((fn) => moved.has(fn)) };
}
