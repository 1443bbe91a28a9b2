import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESTree } from "@typescript-eslint/utils";
import type { TypeDeclaration, TypeModule, TypeModuleStore } from "./soft-fail-type-modules.js";

type TypeNode = TSESTree.TypeNode;

/** Type nesting followed at most this deep: `Expand<Partial<X<T>>> | undefined` is already three. */
const MAX_TYPE_DEPTH = 6;
/** Import and re-export hops followed for one name (`index.ts` → `types.ts` → `transport.ts`). */
const MAX_IMPORT_HOPS = 8;
/** Wrappers that make every key optional, or every key required. */
const ALL_OPTIONAL = /^(?:Partial|DeepPartial|PartialDeep|RecursivePartial)$/;
const ALL_REQUIRED = /^(?:Required|DeepRequired|RequiredDeep)$/;

/** A key found in a named type: whether it is optional, and its own type (for the next key of a path). */
export interface FoundMember {
  optional: boolean;
  type: TypeNode | undefined;
  module: TypeModule;
}

interface Lookup {
  key: string;
  module: TypeModule;
  depth: number;
  /** Inside a named type: an inline literal at the top of an annotation describes a value, not an API. */
  named: boolean;
}

function memberName(member: TSESTree.TypeElement): string | undefined {
  if (
    (member.type !== AST_NODE_TYPES.TSPropertySignature && member.type !== AST_NODE_TYPES.TSMethodSignature) ||
    member.computed
  )
    return undefined;
  if (member.key.type === AST_NODE_TYPES.Identifier) return member.key.name;
  return String(member.key.value);
}

function ownMember(members: readonly TSESTree.TypeElement[], lookup: Lookup): FoundMember | undefined {
  for (const member of members) {
    if (memberName(member) !== lookup.key) continue;
    const optional = "optional" in member && member.optional;
    const type = member.type === AST_NODE_TYPES.TSPropertySignature ? member.typeAnnotation?.typeAnnotation : undefined;
    return { optional, type, module: lookup.module };
  }
  return undefined;
}

function qualifiedName(name: TSESTree.EntityName): string | undefined {
  if (name.type === AST_NODE_TYPES.Identifier) return name.name;
  if (name.type !== AST_NODE_TYPES.TSQualifiedName) return undefined;
  const left = qualifiedName(name.left);
  return left === undefined ? undefined : `${left}.${name.right.name}`;
}

function heritageName(expression: TSESTree.Expression): string | undefined {
  if (expression.type === AST_NODE_TYPES.Identifier) return expression.name;
  if (expression.type !== AST_NODE_TYPES.MemberExpression || expression.property.type !== AST_NODE_TYPES.Identifier)
    return undefined;
  const left = heritageName(expression.object);
  return left === undefined ? undefined : `${left}.${expression.property.name}`;
}

/**
 * A type the package fills from a file it reads (`JSON.parse(text) as RawConfig` where it is used,
 * `loadConfig(): AppConfig` where it is declared) describes a configuration file: its optional keys
 * are keys the file may lack, so nothing found in it counts as an API's optional argument.
 */
function isLoaded(
  name: string | undefined,
  module: TypeModule,
  declared: { declaration: TypeDeclaration; module: TypeModule },
): boolean {
  return (
    (name !== undefined && module.loadedTypes().has(name)) ||
    declared.module.loadedTypes().has(declared.declaration.id.name)
  );
}

/**
 * Finds a key in a type written in the package's own sources: interfaces (with `extends`), type
 * aliases, unions, intersections, `Partial<>`/`Required<>` and generic wrappers, following imports and
 * re-exports through relative paths only. No type checker: what it cannot see, it does not claim.
 */
export class TypeMemberFinder {
  /** Without a store, only the linted file's own types are seen. */
  constructor(private readonly store: TypeModuleStore | undefined) {}

  find(type: TypeNode, lookup: Lookup): FoundMember | undefined {
    if (lookup.depth > MAX_TYPE_DEPTH) return undefined;
    const deeper = { ...lookup, depth: lookup.depth + 1 };
    switch (type.type) {
      case AST_NODE_TYPES.TSTypeLiteral:
        return lookup.named ? ownMember(type.members, lookup) : undefined;
      case AST_NODE_TYPES.TSUnionType:
        return this.firstFound(type.types, deeper, (found) => found.optional);
      case AST_NODE_TYPES.TSIntersectionType:
        return this.firstFound(type.types, deeper, (found) => !found.optional);
      case AST_NODE_TYPES.TSTypeReference:
        return this.inReference(type, deeper);
      default:
        return undefined;
    }
  }

  /** The member as the first part that decides it (`prefer`) sees it, else as any part declares it. */
  private firstFound(
    parts: readonly TypeNode[],
    lookup: Lookup,
    prefer: (found: FoundMember) => boolean,
  ): FoundMember | undefined {
    let any: FoundMember | undefined;
    for (const part of parts) {
      const found = this.find(part, lookup);
      if (found && prefer(found)) return found;
      any ??= found;
    }
    return any;
  }

  /** `config: ProjectConfig` where the package fills `ProjectConfig` from a file it reads (see `isLoaded`). */
  namesLoadedType(type: TypeNode, module: TypeModule): boolean {
    if (type.type === AST_NODE_TYPES.TSUnionType || type.type === AST_NODE_TYPES.TSIntersectionType)
      return type.types.some((part) => this.namesLoadedType(part, module));
    if (type.type !== AST_NODE_TYPES.TSTypeReference) return false;
    const name = qualifiedName(type.typeName);
    const declared = name === undefined ? undefined : this.declaration(module, name, 0);
    return declared !== undefined && isLoaded(name, module, declared);
  }

  private inReference(type: TSESTree.TSTypeReference, lookup: Lookup): FoundMember | undefined {
    const name = qualifiedName(type.typeName);
    const argument = type.typeArguments?.params[0];
    if (name !== undefined && argument && (ALL_OPTIONAL.test(name) || ALL_REQUIRED.test(name))) {
      const found = this.find(argument, { ...lookup, named: true });
      return found && { ...found, optional: ALL_OPTIONAL.test(name) };
    }
    const declared = name === undefined ? undefined : this.declaration(lookup.module, name, 0);
    if (declared && isLoaded(name, lookup.module, declared)) return undefined;
    const found = declared && this.inDeclaration(declared.declaration, { ...lookup, module: declared.module });
    if (found) return found;
    // `Compute<{ version?: bigint }>`, `Omit<Options, "x">`: a wrapper we cannot evaluate keeps its argument's keys.
    return this.firstFound(type.typeArguments?.params ?? [], { ...lookup, named: true }, (member) => member.optional);
  }

  private inDeclaration(declaration: TypeDeclaration, lookup: Lookup): FoundMember | undefined {
    if (declaration.type === AST_NODE_TYPES.TSTypeAliasDeclaration)
      return this.find(declaration.typeAnnotation, { ...lookup, named: true });
    const own = ownMember(declaration.body.body, lookup);
    if (own) return own;
    for (const heritage of declaration.extends) {
      const name = heritageName(heritage.expression);
      const parent = name === undefined ? undefined : this.declaration(lookup.module, name, 0);
      const found = parent && this.inDeclaration(parent.declaration, { ...lookup, module: parent.module });
      if (found) return found;
    }
    return undefined;
  }

  /** What a (possibly qualified) type name of `module` declares, following imports. */
  declaration(
    module: TypeModule,
    name: string,
    hops: number,
  ): { declaration: TypeDeclaration; module: TypeModule } | undefined {
    const local = module.types.get(name);
    if (local) return { declaration: local, module };
    if (hops > MAX_IMPORT_HOPS) return undefined;
    const dot = name.indexOf(".");
    const head = dot === -1 ? name : name.slice(0, dot);
    const origin = module.imports.get(head);
    if (!origin) return undefined;
    const target = this.store?.imported(module.file, origin.source);
    if (!target) return undefined;
    if (origin.imported === "*") return dot === -1 ? undefined : this.exported(target, name.slice(dot + 1), hops + 1);
    return this.exported(target, dot === -1 ? origin.imported : `${origin.imported}${name.slice(dot)}`, hops + 1);
  }

  /** What `name` exported by `module` declares: its own type, a re-export, or one of its `export *`. */
  private exported(
    module: TypeModule,
    name: string,
    hops: number,
  ): { declaration: TypeDeclaration; module: TypeModule } | undefined {
    const own = this.declaration(module, name, hops);
    if (own) return own;
    if (hops > MAX_IMPORT_HOPS) return undefined;
    const dot = name.indexOf(".");
    const head = dot === -1 ? name : name.slice(0, dot);
    const rest = dot === -1 ? "" : name.slice(dot);
    const reexport = module.exports.get(head);
    if (reexport?.source === undefined && reexport) return this.declaration(module, reexport.imported + rest, hops + 1);
    if (reexport) {
      const target = this.store?.imported(module.file, reexport.source);
      if (!target) return undefined;
      if (reexport.imported === "*") return rest === "" ? undefined : this.exported(target, rest.slice(1), hops + 1);
      return this.exported(target, reexport.imported + rest, hops + 1);
    }
    for (const source of module.starSources) {
      const target = this.store?.imported(module.file, source);
      const found = target && this.exported(target, name, hops + 1);
      if (found) return found;
    }
    return undefined;
  }
}
