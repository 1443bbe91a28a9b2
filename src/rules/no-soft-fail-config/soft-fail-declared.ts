import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESTree } from "@typescript-eslint/utils";
import { resolveAliasPath } from "./soft-fail-aliases.js";
import type { ConfigOrigins } from "./soft-fail-origins.js";
import { isThisMember, type PathKey, thisMemberName } from "./soft-fail-paths.js";
import { findPatternSource } from "./soft-fail-patterns.js";
import { TypeMemberFinder } from "./soft-fail-type-members.js";
import { type TypeModule, typeModuleOf, type TypeModuleStore } from "./soft-fail-type-modules.js";

type TypeNode = TSESTree.TypeNode;

/** `config: RetryConfig`, `const config: RetryConfig = …`: the annotation the root's declaration carries. */
function identifierAnnotation(root: TSESTree.Identifier, origins: ConfigOrigins): TypeNode | undefined {
  const name = origins.variableOf(root)?.defs[0]?.name;
  return name?.type === AST_NODE_TYPES.Identifier ? name.typeAnnotation?.typeAnnotation : undefined;
}

const USER_CONFIG_SUFFIX = "UserConfig";

/** `HardhatUserConfig`, `NetworkUserConfig | undefined`, `Partial<SolidityUserConfig>`. */
function namesUserConfigType(type: TypeNode): boolean {
  if (type.type === AST_NODE_TYPES.TSUnionType || type.type === AST_NODE_TYPES.TSIntersectionType)
    return type.types.some(namesUserConfigType);
  if (type.type !== AST_NODE_TYPES.TSTypeReference) return false;
  const name = type.typeName.type === AST_NODE_TYPES.Identifier ? type.typeName.name : undefined;
  if (name?.endsWith(USER_CONFIG_SUFFIX)) return true;
  return type.typeArguments?.params.some(namesUserConfigType) ?? false;
}

function enclosingClass(node: TSESTree.Node): TSESTree.ClassBody | undefined {
  for (let current = node.parent; current; current = current.parent)
    if (current.type === AST_NODE_TYPES.ClassBody) return current;
  return undefined;
}

function propertyAnnotation(member: TSESTree.ClassElement, name: string): TypeNode | undefined {
  if (member.type === AST_NODE_TYPES.PropertyDefinition && !member.computed) {
    const key = member.key;
    const keyName = key.type === AST_NODE_TYPES.Identifier || key.type === AST_NODE_TYPES.PrivateIdentifier;
    return keyName && key.name === name ? member.typeAnnotation?.typeAnnotation : undefined;
  }
  if (member.type !== AST_NODE_TYPES.MethodDefinition || member.kind !== "constructor") return undefined;
  for (const parameter of member.value.params) {
    const declared = parameter.type === AST_NODE_TYPES.TSParameterProperty ? parameter.parameter : undefined;
    if (declared?.type === AST_NODE_TYPES.Identifier && declared.name === name)
      return declared.typeAnnotation?.typeAnnotation;
  }
  return undefined;
}

/** `this.config` / `this.#config`: the class field (or constructor parameter property) it reads. */
function thisMemberAnnotation(root: TSESTree.MemberExpression): TypeNode | undefined {
  const name = thisMemberName(root);
  const body = name === undefined ? undefined : enclosingClass(root);
  if (!body || name === undefined) return undefined;
  for (const member of body.body) {
    const annotation = propertyAnnotation(member, name);
    if (annotation) return annotation;
  }
  return undefined;
}

function rootAnnotation(root: TSESTree.Node, origins: ConfigOrigins): TypeNode | undefined {
  if (root.type === AST_NODE_TYPES.Identifier) return identifierAnnotation(root, origins);
  return root.type === AST_NODE_TYPES.MemberExpression && isThisMember(root) ? thisMemberAnnotation(root) : undefined;
}

/**
 * `function retry(config: RetryConfig)` with `interface RetryConfig { count?: number }` (in this file,
 * or in one it imports through a relative path): reading `config.count ?? Infinity` takes the default
 * of a key the API declares optional. That is a function's optional argument with its documented
 * default, not a configuration file's missing key. A required key hedged with `??` stays a finding.
 */
export class DeclaredOptionalKeys {
  private readonly finder: TypeMemberFinder;
  private readonly module: TypeModule;
  private buildsConfigEntries: boolean | undefined;

  constructor(
    program: TSESTree.Program,
    filename: string,
    private readonly origins: ConfigOrigins,
    private readonly store: TypeModuleStore | undefined,
  ) {
    this.module = typeModuleOf(program, filename);
    this.finder = new TypeMemberFinder(store);
  }

  /**
   * A value users write in the tool's config file: its type is named `…UserConfig` (`HardhatUserConfig`,
   * `EdrNetworkMiningUserConfig`), or the file builds config-file entries (it declares `defineConfig`
   * or imports a module that does, as wagmi's `foundry(config = {})` plugins do). Its optional keys are
   * keys the user's file may lack, so neither the options-bag nor the optional-key exemption applies.
   */
  isUserConfig(annotation: TypeNode | undefined): boolean {
    if (annotation !== undefined && namesUserConfigType(annotation)) return true;
    return (this.buildsConfigEntries ??= this.store?.buildsUserConfig(this.module) ?? this.module.definesConfig);
  }

  /**
   * A parameter that holds a configuration file's content rather than a caller's options: what users
   * write in the tool's config file (`isUserConfig`), or a type the package fills from a file it reads
   * (`dir(config: ProjectConfig)` with `readProjectConfig(): Promise<ProjectConfig>`).
   */
  holdsConfigFile(annotation: TypeNode | undefined): boolean {
    if (this.isUserConfig(annotation)) return true;
    return annotation !== undefined && this.finder.namesLoadedType(annotation, this.module);
  }

  /** `isUserConfig` for the value a read starts from (through aliases). */
  readsUserConfig(root: TSESTree.Node | undefined, keys: readonly PathKey[] | undefined): boolean {
    if (!root) return false;
    const path = resolveAliasPath(root, keys ?? [], this.origins) ?? { root, keys };
    return this.isUserConfig(rootAnnotation(path.root, this.origins));
  }

  isDeclaredOptional(root: TSESTree.Node | undefined, keys: readonly PathKey[] | undefined): boolean {
    if (!root || !keys || keys.length === 0) return false;
    const path = resolveAliasPath(root, keys, this.origins) ?? { root, keys };
    return this.hasOptionalKeyOnPath(rootAnnotation(path.root, this.origins), path.keys);
  }

  /**
   * `const { scheduler = asyncScheduler } = (… ? { first: config } : config) as TimeoutConfig`: a cast
   * names the type of the value destructured, as an annotation does.
   */
  isDeclaredOptionalByCast(pattern: TSESTree.Node): boolean {
    const found = findPatternSource(pattern);
    const source = found?.source;
    if (!found?.keys || found.iterated || source?.type !== AST_NODE_TYPES.TSAsExpression) return false;
    return this.hasOptionalKeyOnPath(source.typeAnnotation, found.keys);
  }

  /** True when the named type declares every key of the path, the last one required (`url: string`). */
  isDeclaredRequired(root: TSESTree.Node | undefined, keys: readonly PathKey[] | undefined): boolean {
    if (!root || !keys || keys.length === 0) return false;
    const path = resolveAliasPath(root, keys, this.origins) ?? { root, keys };
    let type = rootAnnotation(path.root, this.origins);
    let module = this.module;
    let named = false;
    for (const key of path.keys) {
      const found = type && this.finder.find(type, { key: key.value, module, depth: 0, named });
      if (!found || found.optional) return false;
      ({ type, module } = found);
      named = true;
    }
    return true;
  }

  private hasOptionalKeyOnPath(annotation: TypeNode | undefined, keys: readonly PathKey[]): boolean {
    let type = annotation;
    let module = this.module;
    let named = false;
    for (const key of keys) {
      if (!type) return false;
      const found = this.finder.find(type, { key: key.value, module, depth: 0, named });
      if (!found) return false;
      if (found.optional) return true;
      ({ type, module } = found);
      named = true;
    }
    return false;
  }
}
