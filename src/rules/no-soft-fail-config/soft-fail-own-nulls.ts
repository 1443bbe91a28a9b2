import { DefinitionType } from "@typescript-eslint/scope-manager";
import { forEachNode } from "./soft-fail-ast-walk.js";
import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESTree } from "@typescript-eslint/utils";
import { isAbsentValue } from "./soft-fail-environment.js";
import type { ConfigOrigins } from "./soft-fail-origins.js";
import { isThisMember, thisMemberName, unwrapExpression } from "./soft-fail-paths.js";

/** Values that are never null or undefined: object, array, class instance, function, template. */
const NEVER_NULLISH: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.ObjectExpression,
  AST_NODE_TYPES.ArrayExpression,
  AST_NODE_TYPES.NewExpression,
  AST_NODE_TYPES.ArrowFunctionExpression,
  AST_NODE_TYPES.FunctionExpression,
  AST_NODE_TYPES.TemplateLiteral,
]);

function isNeverNullish(node: TSESTree.Node): boolean {
  return NEVER_NULLISH.has(unwrapExpression(node).type);
}

function enclosingClassBody(node: TSESTree.Node): TSESTree.ClassBody | undefined {
  for (let current = node.parent; current; current = current.parent)
    if (current.type === AST_NODE_TYPES.ClassBody) return current;
  return undefined;
}

function fieldName(key: TSESTree.Node): string | undefined {
  return key.type === AST_NODE_TYPES.Identifier || key.type === AST_NODE_TYPES.PrivateIdentifier ? key.name : undefined;
}

/** Every `this.<name> = value` in the class (at any depth): the values the field is ever given. */
function storesTo(body: TSESTree.ClassBody, name: string): TSESTree.Node[] {
  const values: TSESTree.Node[] = [];
  forEachNode(body, (node) => {
    if (
      node.type === AST_NODE_TYPES.AssignmentExpression &&
      node.left.type === AST_NODE_TYPES.MemberExpression &&
      isThisMember(node.left) &&
      thisMemberName(node.left) === name
    )
      values.push(node.operator === "=" ? node.right : node);
  });
  return values;
}

/**
 * `configuration: ServerConfiguration = { …defaults }` with every later `this.configuration = { … }` an
 * object too: the field is never missing, so `this.configuration?.extensions` tests nothing a user left out.
 */
function isAlwaysInitialisedField(member: TSESTree.MemberExpression): boolean {
  const name = thisMemberName(member);
  const body = name === undefined ? undefined : enclosingClassBody(member);
  if (!body || name === undefined) return false;
  const field = body.body.find(
    (element): element is TSESTree.PropertyDefinition =>
      element.type === AST_NODE_TYPES.PropertyDefinition && !element.static && fieldName(element.key) === name,
  );
  return field?.value != null && isNeverNullish(field.value) && storesTo(body, name).every(isNeverNullish);
}

/**
 * `const storage = config.write === false ? null : createStorage()` then `storage?.clear()`: the code set
 * the value to null itself (an explicit opt-out); the `?.` honours that choice and hides no missing key.
 */
function isOwnNullableLocal(identifier: TSESTree.Identifier, origins: ConfigOrigins): boolean {
  const variable = origins.variableOf(identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type !== DefinitionType.Variable || definition.parent.kind !== "const") return false;
  const init = definition.node.init ? unwrapExpression(definition.node.init) : undefined;
  return (
    init?.type === AST_NODE_TYPES.ConditionalExpression &&
    (isAbsentValue(init.consequent) || isAbsentValue(init.alternate))
  );
}

/** The object of an optional link (`x` in `x?.y`) cannot be missing configuration: the code decides it. */
export function isOwnNullCheck(object: TSESTree.Node, origins: ConfigOrigins): boolean {
  const node = unwrapExpression(object);
  if (node.type === AST_NODE_TYPES.Identifier) return isOwnNullableLocal(node, origins);
  return node.type === AST_NODE_TYPES.MemberExpression && isThisMember(node) && isAlwaysInitialisedField(node);
}
