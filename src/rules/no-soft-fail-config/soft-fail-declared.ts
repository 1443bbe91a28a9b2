import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESTree } from "@typescript-eslint/utils";
import type { ConfigOrigins } from "./soft-fail-origins.js";
import type { PathKey } from "./soft-fail-paths.js";

type TypeNode = TSESTree.TypeNode;

/** Type nesting followed at most this deep: `Expand<Partial<X<T>>> | undefined` is already three. */
const MAX_TYPE_DEPTH = 4;

function memberName(member: TSESTree.TypeElement): string | undefined {
  if (member.type !== AST_NODE_TYPES.TSPropertySignature || member.computed) return undefined;
  if (member.key.type === AST_NODE_TYPES.Identifier) return member.key.name;
  return member.key.type === AST_NODE_TYPES.Literal ? String(member.key.value) : undefined;
}

function hasOptionalMember(members: readonly TSESTree.TypeElement[], key: string): boolean {
  return members.some(
    (member) =>
      member.type === AST_NODE_TYPES.TSPropertySignature && member.optional === true && memberName(member) === key,
  );
}

/** Interfaces and type aliases declared at the top of the file (exported or not), by name. */
function fileTypes(
  program: TSESTree.Program,
): Map<string, TSESTree.TSInterfaceDeclaration | TSESTree.TSTypeAliasDeclaration> {
  const types = new Map<string, TSESTree.TSInterfaceDeclaration | TSESTree.TSTypeAliasDeclaration>();
  for (const statement of program.body) {
    const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
    if (
      declaration?.type === AST_NODE_TYPES.TSInterfaceDeclaration ||
      declaration?.type === AST_NODE_TYPES.TSTypeAliasDeclaration
    )
      types.set(declaration.id.name, declaration);
  }
  return types;
}

/**
 * Finds whether a named type declared in this file (an interface or a type alias, also inside a union,
 * an intersection or a generic wrapper's argument) declares `key` optional (`key?: T`). An inline
 * literal (`config: { products?: P[] } | null`) does not count: it describes a value, not an API.
 */
class OptionalKeyFinder {
  private types: ReturnType<typeof fileTypes> | undefined;

  constructor(private readonly program: TSESTree.Program) {}

  declaresOptional(type: TypeNode, key: string, depth = 0, named = false): boolean {
    if (depth > MAX_TYPE_DEPTH) return false;
    switch (type.type) {
      case AST_NODE_TYPES.TSTypeLiteral:
        return named && hasOptionalMember(type.members, key);
      case AST_NODE_TYPES.TSUnionType:
      case AST_NODE_TYPES.TSIntersectionType:
        return type.types.some((member) => this.declaresOptional(member, key, depth + 1, named));
      case AST_NODE_TYPES.TSTypeReference:
        return this.referenceDeclaresOptional(type, key, depth, named);
      default:
        return false;
    }
  }

  private referenceDeclaresOptional(
    type: TSESTree.TSTypeReference,
    key: string,
    depth: number,
    named: boolean,
  ): boolean {
    const wrapped = type.typeArguments?.params ?? [];
    if (wrapped.some((argument) => this.declaresOptional(argument, key, depth + 1, named))) return true;
    if (type.typeName.type !== AST_NODE_TYPES.Identifier) return false;
    this.types ??= fileTypes(this.program);
    const declaration = this.types.get(type.typeName.name);
    if (!declaration) return false;
    if (declaration.type === AST_NODE_TYPES.TSInterfaceDeclaration)
      return hasOptionalMember(declaration.body.body, key);
    return this.declaresOptional(declaration.typeAnnotation, key, depth + 1, true);
  }
}

/**
 * `function retry(config: RetryConfig)` next to `interface RetryConfig { count?: number }`: the file
 * that reads `config.count ?? Infinity` also declares `count` optional. That is a function's optional
 * argument, documented where it is read, and its default is the function's documented default — not a
 * configuration file's missing key. Configuration types are declared by the loader, elsewhere.
 */
export class DeclaredOptionalKeys {
  private readonly finder: OptionalKeyFinder;

  constructor(
    program: TSESTree.Program,
    private readonly origins: ConfigOrigins,
  ) {
    this.finder = new OptionalKeyFinder(program);
  }

  isDeclaredOptional(root: TSESTree.Node | undefined, keys: readonly PathKey[] | undefined): boolean {
    const first = keys?.[0];
    if (root?.type !== AST_NODE_TYPES.Identifier || first === undefined) return false;
    const name = this.origins.variableOf(root)?.defs[0]?.name;
    const annotation = name?.type === AST_NODE_TYPES.Identifier ? name.typeAnnotation?.typeAnnotation : undefined;
    return annotation !== undefined && this.finder.declaresOptional(annotation, String(first.value));
  }
}
