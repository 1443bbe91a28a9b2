import { Node, ts, type Type } from "ts-morph";
import { type ConfigPath, extractConfigPath } from "./config-path.js";
import type { SoftFailPlan } from "./soft-fail-plan.js";

/** Whether `tested` reads the same object as `path` or one of the objects on the way to it. */
function isPrefixOf(tested: ConfigPath, path: ConfigPath): boolean {
  if (tested.rootText !== path.rootText || tested.keys.length > path.keys.length) return false;
  return tested.keys.every((key, index) => key.text === path.keys[index]?.text);
}

function testsPresence(expression: Node, path: ConfigPath): boolean {
  const tested = extractConfigPath(expression);
  return tested !== undefined && isPrefixOf(tested, path);
}

const ABSENT = /^(undefined|null|void 0)$/;
const EQUALITY = new Set(["===", "!==", "==", "!="]);

/** `typeof a.b`, `"b" in a`, `a.b !== undefined`, `a.b != null` on the path or a prefix of it. */
function isPresenceTest(node: Node, path: ConfigPath): boolean {
  if (Node.isTypeOfExpression(node)) return testsPresence(node.getExpression(), path);
  if (!Node.isBinaryExpression(node)) return false;
  const operator = node.getOperatorToken().getText();
  if (operator === "in") {
    const key = node.getLeft();
    const owner = extractConfigPath(node.getRight()) ?? {
      rootText: node.getRight().getText(),
      keys: [],
      root: node.getRight(),
    };
    const keyText = Node.isStringLiteral(key) ? JSON.stringify(key.getLiteralText()) : undefined;
    return (
      keyText !== undefined &&
      isPrefixOf({ ...owner, keys: [...owner.keys, { text: keyText, value: undefined }] }, path)
    );
  }
  if (!EQUALITY.has(operator)) return false;
  const [left, right] = [node.getLeft(), node.getRight()];
  if (ABSENT.test(right.getText())) return testsPresence(left, path);
  return ABSENT.test(left.getText()) && testsPresence(right, path);
}

function conditionTests(condition: Node, path: ConfigPath): boolean {
  return [condition, ...condition.getDescendants()].some((node) => isPresenceTest(node, path));
}

/** The condition that decides whether `child` (a direct child of `parent`) runs, if any. */
function deciding(parent: Node, child: Node): Node | undefined {
  if (Node.isIfStatement(parent) && parent.getExpression() !== child) return parent.getExpression();
  if (Node.isConditionalExpression(parent) && parent.getCondition() !== child) return parent.getCondition();
  if (
    Node.isBinaryExpression(parent) &&
    ["&&", "||"].includes(parent.getOperatorToken().getText()) &&
    parent.getRight() === child
  )
    return parent.getLeft();
  return undefined;
}

/** `if (typeof a.b === "undefined") return;` earlier in the same block. */
function guardClausesBefore(block: Node, child: Node): Node[] {
  if (!Node.isBlock(block) && !Node.isSourceFile(block)) return [];
  const statements = block.getStatements();
  // indexOf only compares identity: a child that is no statement of the block gives -1, and no guards.
  return statements.slice(0, statements.indexOf(child as never)).flatMap((statement) => {
    if (!Node.isIfStatement(statement)) return [];
    const exits = statement
      .getThenStatement()
      .getDescendants()
      .some(
        (node) =>
          Node.isReturnStatement(node) ||
          Node.isThrowStatement(node) ||
          Node.isContinueStatement(node) ||
          Node.isBreakStatement(node),
      );
    return exits || Node.isReturnStatement(statement.getThenStatement()) ? [statement.getExpression()] : [];
  });
}

/**
 * A read the code has already guarded (`typeof x.a === "object"`, `"a" in x`, `x.a !== undefined`
 * around it, or a guard clause before it): the missing key is a case the code handles on purpose,
 * so neither requireConfig nor optional() would improve it. Undefined when nothing guards the read.
 */
export function describeGuard(plan: SoftFailPlan): string | undefined {
  let child: Node = plan.target;
  for (
    let parent = child.getParent();
    parent && !Node.isSourceFile(child);
    child = parent, parent = parent.getParent()
  ) {
    const conditions = [deciding(parent, child), ...guardClausesBefore(parent, child)].filter(
      (node): node is Node => node !== undefined,
    );
    const guard = conditions.find((condition) => conditionTests(condition, plan.path));
    if (guard)
      return `the read is guarded by \`${guard.getText().slice(0, 80)}\` at line ${guard.getStartLineNumber()}: a missing key is a case the code handles on purpose, so it is left as it is`;
    if (Node.isFunctionLikeDeclaration(parent) || Node.isArrowFunction(parent)) break;
  }
  return undefined;
}

function hasMethods(type: Type): boolean {
  return type
    .getProperties()
    .slice(0, 200)
    .some((property) =>
      property
        .getDeclarations()
        .some(
          (declaration) =>
            Node.isMethodDeclaration(declaration) ||
            Node.isMethodSignature(declaration) ||
            Node.isGetAccessorDeclaration(declaration),
        ),
    );
}

/**
 * `config.pjson.name ?? x` on oclif's runtime `Config` (a class instance with methods) is not a
 * read of configuration data that a deployment provides; requireConfig and optional() are for
 * plain data objects. Undefined when the root is (or may be) plain data.
 */
export function describeNonConfigRoot(plan: SoftFailPlan): string | undefined {
  const root = plan.path.root;
  if (/(^|\.)env$/.test(plan.path.rootText)) return undefined;
  const type = root.getType().getNonNullableType();
  if (type.isAny() || type.isUnknown()) return undefined;
  const symbol = type.getSymbol();
  const isClass = symbol?.getDeclarations().some((declaration) => Node.isClassDeclaration(declaration)) === true;
  if (!isClass && !hasMethods(type)) return undefined;
  return `\`${plan.path.rootText}\` is ${isClass ? `an instance of the class ${symbol.getName()}` : "an object with methods"}, not configuration data: the fallback is part of how that object works, so it is left as it is`;
}

function canBeFalsy(type: Type): boolean {
  const parts = type.isUnion() ? type.getUnionTypes() : [type];
  return parts.some((part) => {
    if (
      part.isAny() ||
      part.isUnknown() ||
      part.isString() ||
      part.isNumber() ||
      part.isBoolean() ||
      part.isTemplateLiteral()
    )
      return true;
    if (part.isStringLiteral() || part.isNumberLiteral()) return !part.getLiteralValue();
    if (part.isBooleanLiteral()) return part.getText() === "false";
    return (part.getFlags() & (ts.TypeFlags.BigInt | ts.TypeFlags.BigIntLiteral)) !== 0;
  });
}

/**
 * `value || default` also replaces "", 0 and false; `optional()` keeps them. Where the value's type
 * allows one of those, the explicit form would change behaviour, so a person must choose.
 */
export function describeFalsyFallback(plan: SoftFailPlan): string | undefined {
  if (!plan.replacedFalsyValues || !Node.isBinaryExpression(plan.target)) return undefined;
  const left = plan.target.getLeft();
  if (!canBeFalsy(left.getType().getNonNullableType())) return undefined;
  return `\`${left.getText().slice(0, 60)} || …\` also replaces "", 0 and false with the default, which optional() would keep: use \`??\` if only a missing key should get the default, or keep \`||\` on purpose`;
}
