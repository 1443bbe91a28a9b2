import { type FunctionDeclaration, Node, type SourceFile, type VariableDeclaration, type VariableStatement } from "ts-morph";

/** A module-level variable that holds mutable state. */
export interface StateVariable {
  name: string;
  statement: VariableStatement;
  declaration: VariableDeclaration;
}

/** A top-level function (declaration, or const bound to an arrow/function expression). */
export interface ModuleFunction {
  name: string;
  node: FunctionDeclaration | VariableStatement;
  exported: boolean;
}

export type StatePlanOutcome = { state: StateVariable[]; functions: ModuleFunction[] } | { manual: string };

function topLevelStatementOf(node: Node): Node | undefined {
  let current: Node | undefined = node;
  while (current && current.getParent() && !Node.isSourceFile(current.getParent())) current = current.getParent();
  return current;
}

export function listModuleFunctions(sourceFile: SourceFile): ModuleFunction[] {
  const functions: ModuleFunction[] = [];
  for (const statement of sourceFile.getStatements()) {
    if (Node.isFunctionDeclaration(statement) && statement.getName() && statement.hasBody()) {
      functions.push({ name: statement.getName() as string, node: statement, exported: statement.isExported() });
    } else if (Node.isVariableStatement(statement) && statement.getDeclarations().length === 1) {
      const initializer = statement.getDeclarations()[0].getInitializer();
      if (initializer && (Node.isArrowFunction(initializer) || Node.isFunctionExpression(initializer))) functions.push({ name: statement.getDeclarations()[0].getName(), node: statement, exported: statement.isExported() });
    }
  }
  return functions;
}

function stateVariableOf(declaration: VariableDeclaration): StateVariable | string {
  const statement = declaration.getVariableStatement();
  const name = declaration.getNameNode();
  if (!statement || !Node.isSourceFile(statement.getParent())) return `${declaration.getName()} is not declared at module level`;
  if (!Node.isIdentifier(name)) return `${declaration.getName()} is declared by destructuring; move it by hand`;
  if (statement.getDeclarations().length > 1) return `${name.getText()} shares its declaration with other variables; split the declaration first`;
  if (statement.isExported()) return `${name.getText()} is an exported mutable binding that other modules may read; a class cannot keep that binding live`;
  return { name: name.getText(), statement, declaration };
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
  const nameNode = Node.isVariableStatement(node) ? node.getDeclarations()[0].getNameNode() : Node.isFunctionDeclaration(node) ? node.getNameNode() : node;
  if (!nameNode || !Node.isIdentifier(nameNode)) return [];
  return nameNode.findReferencesAsNodes().filter((reference) => reference !== nameNode);
}

function ownerFunction(reference: Node, functions: ModuleFunction[]): ModuleFunction | undefined {
  const top = topLevelStatementOf(reference);
  return functions.find((fn) => fn.node === top);
}

function checkReference(reference: Node, sourceFile: SourceFile, what: string, isState: boolean): string | undefined {
  // Other modules may keep calling an exported function: its deprecated wrapper stays.
  if (reference.getSourceFile() !== sourceFile && !isState) return undefined;
  if (reference.getSourceFile() !== sourceFile) return `${what} is used by another module (${reference.getSourceFile().getBaseName()}); state shared across modules must be moved by hand`;
  const inNestedFunction = reference.getFirstAncestor((ancestor) => Node.isFunctionDeclaration(ancestor) || Node.isFunctionExpression(ancestor));
  const top = topLevelStatementOf(reference);
  if (inNestedFunction && inNestedFunction !== top && !(Node.isVariableStatement(top) && inNestedFunction.getParent()?.getParent() === top.getDeclarationList())) {
    return `${what} is used inside a nested function() at line ${reference.getStartLineNumber()}, where \`this\` would not be the instance`;
  }
  return undefined;
}

/** Functions that touch the state, closed over non-exported helpers that only they call. */
export function planStateMove(sourceFile: SourceFile, state: StateVariable[]): StatePlanOutcome {
  const functions = listModuleFunctions(sourceFile);
  const moved = new Set<ModuleFunction>();
  const pending: Array<{ node: Node; what: string; mustMoveCallers: boolean; isState: boolean }> = state.map((variable) => ({ node: variable.statement, what: `'${variable.name}'`, mustMoveCallers: true, isState: true }));
  while (pending.length > 0) {
    const { node, what, mustMoveCallers, isState } = pending.pop() as (typeof pending)[number];
    for (const reference of referencesOf(node)) {
      if (reference.getSourceFile() !== sourceFile && !isState) continue;
      const problem = checkReference(reference, sourceFile, what, isState);
      if (problem) return { manual: problem };
      const owner = ownerFunction(reference, functions);
      if (!owner && mustMoveCallers) return { manual: `${what} is used by top-level code at line ${reference.getStartLineNumber()} (outside any function); move that code by hand` };
      if (owner && mustMoveCallers && !moved.has(owner)) {
        moved.add(owner);
        pending.push({ node: owner.node, what: `${owner.name}()`, mustMoveCallers: !owner.exported, isState: false });
      }
    }
  }
  const usesThis = [...moved].find((fn) => fn.node.getDescendants().some((d) => Node.isThisExpression(d) && !d.getFirstAncestor((a) => Node.isClassDeclaration(a) || Node.isFunctionExpression(a))));
  if (usesThis) return { manual: `${usesThis.name}() uses \`this\`; moving it into a class would change what \`this\` is` };
  return { state, functions: functions.filter((fn) => moved.has(fn)) };
}
