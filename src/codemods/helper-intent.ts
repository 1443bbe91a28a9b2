import { Node } from "ts-morph";
import { firstStatement, inGroup, isFunctionNode, type StatementGroup } from "./statement-groups.js";

/**
 * A helper's name from what its statements do, in a small vocabulary of intent: the verb of the call
 * that makes the value it hands back (`readConfig`, `resolvePaths`), `build…` for an object it
 * assembles, `collect…` for a list it fills, `sum…`/`count…` for a number it adds up, `validate…` for
 * checks that only throw, and the callee's verb for a loop that acts on each element. Generic verbs
 * (compute, prepare, process, handle, run) are never used: when nothing says what the statements do,
 * there is no name, and the split leaves the group alone.
 */

/** Verbs a helper name may start with: what code does, as its authors write it. */
export const VERBS = new Set(
  (
    "add append apply assert assign attach build bump bundle cache call check clean clear close collect combine " +
    "compare compile compress configure connect convert copy count create decode dedupe define delete derive " +
    "describe detect disable emit enable encode ensure escape expand extract fetch fill filter find finish flatten " +
    "flush format gather generate get group guess hash hoist import infer inject insert install invoke join keep " +
    "link list load log lookup make map mark match measure merge mount move normalize notify open order parse patch " +
    "pick print prune purge push put read record reduce register reject release remove rename render replace report " +
    "request require reset resolve restore retry rewrite save scan search select send serialize set setup show skip " +
    "sort split spawn start stop store strip sum sync throw total track transform trim unlink unwrap update upload " +
    "validate verify wait walk warn watch wrap write"
  ).split(" "),
);

/** Verbs that say nothing about what the code does: never the start of a helper's name. */
export const GENERIC_VERBS = new Set([
  "compute",
  "calculate",
  "prepare",
  "process",
  "handle",
  "run",
  "do",
  "perform",
  "execute",
  "manage",
  "deal",
  // `callHook(…)`, `call(…)`: the call is the mechanism, not what the code does.
  "call",
  "invoke",
]);

/** Objects that name no thing in a comment: "Skip the rest", "Handle everything else". */
export const VAGUE_OBJECTS = new Set([
  "rest",
  "remaining",
  "remainder",
  "others",
  "other",
  "everything",
  "stuff",
  "things",
  "it",
  "them",
  "this",
  "that",
  "else",
]);

/** Identifiers that name no thing: `result`, `tmp`, `data`, and the vague objects. */
export const VAGUE_NOUNS = new Set([
  ...VAGUE_OBJECTS,
  "thing",
  "these",
  "those",
  "case",
  "cases",
  "logic",
  "work",
  "step",
  "part",
  "code",
  "result",
  "results",
  "value",
  "values",
  "data",
  "tmp",
  "temp",
]);

/** "userName", "USER_NAME", "user-name" → "UserName": words of an identifier, capitalised. */
export function pascal(text: string): string {
  return words(text)
    .map(
      (word) =>
        word.charAt(0).toUpperCase() + (word === word.toUpperCase() ? word.slice(1).toLowerCase() : word.slice(1)),
    )
    .join("");
}

/** The words of an identifier: "readPackageJSON" → read, Package, JSON. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

/** What an identifier refers to; in `{ config }` the local `config`, not the property it makes. */
function declarationOf(node: Node): Node | undefined {
  const parent = node.getParent();
  const symbol = Node.isShorthandPropertyAssignment(parent) ? parent.getValueSymbol() : node.getSymbol();
  return symbol?.getDeclarations()[0];
}

/** The nodes of the group that belong to its own function (not to closures inside it). */
function ownNodes(group: StatementGroup): Node[] {
  const fn = firstStatement(group).getFirstAncestor(isFunctionNode);
  return group.statements
    .flatMap((statement) => [statement, ...statement.getDescendants()])
    .filter((node) => node.getFirstAncestor(isFunctionNode) === fn);
}

/** `await x`, `(x)`, `x!`, `x as T`: the expression that makes the value. */
function unwrap(node: Node | undefined): Node | undefined {
  let current = node;
  while (
    current &&
    (Node.isAwaitExpression(current) ||
      Node.isParenthesizedExpression(current) ||
      Node.isNonNullExpression(current) ||
      Node.isAsExpression(current) ||
      Node.isSatisfiesExpression(current))
  )
    current = current.getExpression();
  return current;
}

/** What an array method makes: `names.map(…)` collects, `list.filter(…)` filters, `parts.join(…)` formats. */
const METHOD_VERBS: Record<string, string> = {
  map: "collect",
  flatMap: "collect",
  filter: "filter",
  join: "format",
  sort: "sort",
  find: "find",
  reduce: "build",
  concat: "collect",
  split: "split",
  replace: "format",
  trim: "trim",
};

/** The verb of a call's callee, when it is one: `readFile(…)` → read, `JSON.parse(…)` → parse. */
export function calleeVerb(call: Node): string | undefined {
  if (!Node.isCallExpression(call) && !Node.isNewExpression(call)) return undefined;
  const callee = call.getExpression();
  const name = Node.isPropertyAccessExpression(callee) ? callee.getName() : callee.getText();
  if (name in METHOD_VERBS) return METHOD_VERBS[name];
  const [first] = words(name);
  const verb = first?.toLowerCase();
  return verb && VERBS.has(verb) ? verb : undefined;
}

/** How the group makes the value of an output it declares or assigns: the verb for its helper. */
function valueVerb(group: StatementGroup, output: string): string | undefined {
  const nodes = ownNodes(group);
  const declaration = nodes.find((node) => Node.isVariableDeclaration(node) && node.getName() === output);
  const assigned = nodes.filter(
    (node) =>
      Node.isBinaryExpression(node) &&
      node.getLeft().getText() === output &&
      /^([-+*/%&|^]|\*\*|<<|>>>?|&&|\|\||\?\?)?=$/.test(node.getOperatorToken().getText()),
  );
  const rights = assigned.flatMap((node) => (Node.isBinaryExpression(node) ? [node.getRight()] : []));
  const sources = [Node.isVariableDeclaration(declaration) ? declaration.getInitializer() : undefined, ...rights]
    .map(unwrap)
    .filter((node): node is Node => node !== undefined);
  const fromCall = sources.map(calleeVerb).find((verb) => verb !== undefined);
  if (fromCall) return fromCall;
  // A template makes the value only when it is how the value starts (not a branch's assignment in a loop).
  const source = Node.isVariableDeclaration(declaration) ? unwrap(declaration.getInitializer()) : undefined;
  if (
    source &&
    (Node.isTemplateExpression(source) || (Node.isBinaryExpression(source) && /^["'`]/.test(source.getText())))
  )
    return "format";
  const fills = nodes.some(
    (node) =>
      Node.isCallExpression(node) &&
      /^(push|unshift|add|set)$/.test(
        Node.isPropertyAccessExpression(node.getExpression())
          ? (node.getExpression().getLastChild()?.getText() ?? "")
          : "",
      ) &&
      node.getExpression().getFirstChild()?.getText() === output,
  );
  if (source && (Node.isArrayLiteralExpression(source) || /^new (Set|Array)\b/.test(source.getText())))
    return fills || source.getText() !== "[]" ? "collect" : undefined;
  if (source && (Node.isObjectLiteralExpression(source) || /^new Map\b/.test(source.getText()))) return "build";
  const updates = nodes.filter(
    (node) =>
      (Node.isBinaryExpression(node) &&
        node.getLeft().getText() === output &&
        /^[-+]=$/.test(node.getOperatorToken().getText())) ||
      ((Node.isPostfixUnaryExpression(node) || Node.isPrefixUnaryExpression(node)) &&
        node.getOperand().getText() === output),
  );
  const appendsText = updates.some((node) => Node.isBinaryExpression(node) && /["'`]/.test(node.getRight().getText()));
  if (appendsText) return "append";
  if (updates.length > 0) return updates.some((node) => Node.isBinaryExpression(node)) ? "sum" : "count";
  return undefined;
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

/** Variables declared before the group that the group assigns: values the helper hands back too. */
function assignedOuterNames(group: StatementGroup): string[] {
  const names = new Set<string>();
  for (const node of ownNodes(group)) {
    const counted =
      (Node.isPostfixUnaryExpression(node) || Node.isPrefixUnaryExpression(node)) && /\+\+|--/.test(node.getText());
    const assigned =
      Node.isBinaryExpression(node) && /^[-+*/%&|^]?=$|^(\?\?|\|\||&&)=$/.test(node.getOperatorToken().getText());
    if (!counted && !assigned) continue;
    const target = Node.isBinaryExpression(node)
      ? node.getLeft()
      : node.getFirstChild((child) => Node.isIdentifier(child));
    if (!target) continue;
    const declaration = Node.isIdentifier(target) ? declarationOf(target) : undefined;
    if (declaration && declaration.getStart() < group.start) names.add(target.getText());
  }
  return [...names];
}

/** A noun fit for a name: a real word or two, not `s`, `i`, `tmp` or `result`. */
function isNoun(name: string): boolean {
  return /^[A-Za-z][A-Za-z0-9]{2,}$/.test(name) && !VAGUE_NOUNS.has(name.toLowerCase());
}

/** A group that hands values back: the verb that makes the first, then the values (`readConfigAndPaths`). */
function nameFromOutputs(group: StatementGroup): string | undefined {
  const outputs = [...declaredOutputs(group), ...assignedOuterNames(group)];
  const [first] = outputs;
  if (first === undefined || outputs.length > 2 || !outputs.every(isNoun)) return undefined;
  // A group that also acts (logs, writes, calls out) is named for that act, never for its value alone.
  const verb = effectCalls(group).length > 0 ? effectVerb(group) : valueVerb(group, first);
  return verb && `${verb}${outputs.map(pascal).join("And")}`;
}

/** Calls whose result is dropped, on something the group did not create: what the group does to the world. */
function effectCalls(group: StatementGroup): Node[] {
  const isLocal = (node: Node) => {
    let root = node;
    while (Node.isPropertyAccessExpression(root) || Node.isCallExpression(root) || Node.isElementAccessExpression(root))
      root = root.getExpression();
    const declaration = Node.isIdentifier(root) ? declarationOf(root) : undefined;
    return declaration !== undefined && inGroup(group, declaration);
  };
  return ownNodes(group)
    .filter((node) => Node.isExpressionStatement(node))
    .map((statement) => unwrap(statement.getExpression()))
    .filter(
      (call): call is Node => call !== undefined && Node.isCallExpression(call) && !isLocal(call.getExpression()),
    );
}

/** The verb of the last call that acts (`consola.log` → log, `writeFile` → write), or none that is a verb. */
function effectVerb(group: StatementGroup): string | undefined {
  const verbs = effectCalls(group)
    .map(calleeVerb)
    .filter((verb): verb is string => verb !== undefined && !/^(push|set|add)$/.test(verb));
  return verbs.at(-1);
}

/** The collection a loop walks: `Object.entries(options.exports)` → exports. */
function loopCollection(loop: Node): string | undefined {
  if (!Node.isForOfStatement(loop) && !Node.isForInStatement(loop)) return undefined;
  return loop
    .getExpression()
    .getText()
    .split(/[^A-Za-z0-9_$]+/)
    .filter((part) => isNoun(part) && !/^(this|Object|entries|keys|values|Array|from)$/.test(part))
    .pop();
}

/**
 * A loop that hands nothing back, named for what it does to each element: the verb of the calls in
 * its body (`writeFiles`, `collectExternals` when it pushes into a list), or `validate…` when it only throws.
 */
function nameFromLoop(group: StatementGroup): string | undefined {
  const loop = firstStatement(group);
  const collection = group.statements.length === 1 ? loopCollection(loop) : undefined;
  if (!collection) return undefined;
  const calls = loop.getDescendants().filter((node) => Node.isExpressionStatement(node));
  const throwsOnly = calls.length === 0 && loop.getDescendants().some((node) => Node.isThrowStatement(node));
  if (throwsOnly) return `validate${pascal(collection)}`;
  const target = calls
    .map((statement) => (Node.isExpressionStatement(statement) ? unwrap(statement.getExpression()) : undefined))
    .map((call) => (call && Node.isCallExpression(call) ? call : undefined))
    .find((call) => call !== undefined);
  const callee = target?.getExpression();
  if (callee && Node.isPropertyAccessExpression(callee) && /^(push|unshift|add|set)$/.test(callee.getName())) {
    const list = callee.getExpression().getText();
    return isNoun(list) ? `collect${pascal(list)}` : undefined;
  }
  const verb = target && calleeVerb(target);
  return verb ? `${verb}${pascal(collection)}` : undefined;
}

/** `if (…) throw …` / `if (…) return …`: statements that only reject bad input. */
function isGuard(statement: Node): boolean {
  if (!Node.isIfStatement(statement) || statement.getElseStatement()) return false;
  const then = statement.getThenStatement();
  const last = Node.isBlock(then) ? then.getStatements().at(-1) : then;
  return last !== undefined && (Node.isThrowStatement(last) || Node.isReturnStatement(last));
}

/** A run of guard clauses: `validate` and what the first checks. */
function nameFromGuards(group: StatementGroup): string | undefined {
  if (!group.statements.every(isGuard)) return undefined;
  const first = firstStatement(group);
  const condition = Node.isIfStatement(first) ? first.getExpression() : undefined;
  const subject = condition
    ?.getDescendants()
    .find((node) => Node.isIdentifier(node) && node.getText() !== "this" && isNoun(node.getText()));
  return subject && `validate${pascal(subject.getText())}`;
}

/** The name of a helper made from the group, from what its code does; undefined when the code does not say. */
export function nameFromIntent(group: StatementGroup): string | undefined {
  return nameFromGuards(group) ?? nameFromOutputs(group) ?? nameFromLoop(group);
}
