import { DefinitionType } from "@typescript-eslint/scope-manager";
import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESTree } from "@typescript-eslint/utils";
import type { ConfigOrigins } from "./soft-fail-origins.js";
import type { PresenceFallback } from "./soft-fail-presence.js";
import { unwrapExpression } from "./soft-fail-paths.js";

/**
 * `if (x === undefined) …` branches that do not stand a default in for a missing key: they report an
 * outcome, hand back the caller's own default, or fill a lazily computed variable.
 */

/** `defaultValue`, `fallback`, `defaultPort`, `portFallback`. */
const DEFAULT_PARAMETER = /default|fallback/i;

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (
      current.type === AST_NODE_TYPES.FunctionDeclaration ||
      current.type === AST_NODE_TYPES.FunctionExpression ||
      current.type === AST_NODE_TYPES.ArrowFunctionExpression
    )
      return current;
  }
  return undefined;
}

function literalTypesOf(type: TSESTree.TypeNode | undefined): unknown[] {
  if (type?.type === AST_NODE_TYPES.TSUnionType) return type.types.flatMap(literalTypesOf);
  if (type?.type !== AST_NODE_TYPES.TSLiteralType || type.literal.type !== AST_NODE_TYPES.Literal) return [];
  return [type.literal.value];
}

/**
 * `return false` (a presence predicate), `return "skip"` in a function typed `"match" | "mismatch" | "skip"`:
 * the branch reports what it found; the literal is one of the function's declared outcomes, not a setting.
 */
function isDeclaredOutcome(fallback: TSESTree.Node, statement: TSESTree.Node): boolean {
  const value = unwrapExpression(fallback);
  if (value.type !== AST_NODE_TYPES.Literal || statement.type !== AST_NODE_TYPES.ReturnStatement) return false;
  if (typeof value.value === "boolean") return true;
  const declared = literalTypesOf(enclosingFunction(statement)?.returnType?.typeAnnotation);
  return declared.includes(value.value);
}

/**
 * `function integerFromEnv(name, defaultValue) { … return defaultValue; }`, `process.env[name] ?? fallback`:
 * the default is a parameter named as one, so each caller chooses it explicitly (the helper is an
 * `optional(…)`). Any other parameter (`mapping[scope] || scope`) is a value the code picks.
 */
export function isCallersDefault(fallback: TSESTree.Node, origins: ConfigOrigins): boolean {
  const value = unwrapExpression(fallback);
  if (value.type !== AST_NODE_TYPES.Identifier || !DEFAULT_PARAMETER.test(value.name)) return false;
  return origins.variableOf(value)?.defs[0]?.type === DefinitionType.Parameter;
}

/** `let cached = memo.get(dir); if (cached === undefined) cached = await load(dir);`: a lazily filled variable. */
function isLazyInitialisation(found: PresenceFallback, origins: ConfigOrigins): boolean {
  const subject = unwrapExpression(found.check.subject);
  if (found.check.key !== undefined || subject.type !== AST_NODE_TYPES.Identifier) return false;
  const definition = origins.variableOf(subject)?.defs[0];
  const declaration = definition?.type === DefinitionType.Variable ? definition.parent : undefined;
  if (declaration?.type !== AST_NODE_TYPES.VariableDeclaration || declaration.kind !== "let") return false;
  const computed = unwrapExpression(found.fallback);
  return (
    computed.type === AST_NODE_TYPES.CallExpression ||
    computed.type === AST_NODE_TYPES.AwaitExpression ||
    computed.type === AST_NODE_TYPES.ConditionalExpression ||
    computed.type === AST_NODE_TYPES.LogicalExpression ||
    computed.type === AST_NODE_TYPES.NewExpression
  );
}

/** True when an `if (… === undefined)` branch picks no value for the missing key (see above). */
export function isOutcomeNotDefault(found: PresenceFallback, node: TSESTree.IfStatement, origins: ConfigOrigins) {
  const body = node.consequent.type === AST_NODE_TYPES.BlockStatement ? node.consequent.body[0] : node.consequent;
  return (
    (body !== undefined && isDeclaredOutcome(found.fallback, body)) ||
    isCallersDefault(found.fallback, origins) ||
    isLazyInitialisation(found, origins)
  );
}
