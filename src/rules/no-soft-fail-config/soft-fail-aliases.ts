import { DefinitionType } from "@typescript-eslint/scope-manager";
import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import type { ConfigOrigins } from "./soft-fail-origins.js";
import { findPatternSource } from "./soft-fail-patterns.js";
import { type PathKey, renderPath, staticConfigPath } from "./soft-fail-paths.js";

/** Deep enough for any real chain of aliases; stops a pathological file from looping. */
const MAX_ALIAS_DEPTH = 20;

export interface ResolvedPath {
  root: TSESTree.Node;
  keys: PathKey[];
}

/** `const sb = config["script-behavior"]` or `const { rateLimiting } = sb`: the path the alias stands for. */
function aliasTarget(identifier: TSESTree.Identifier, origins: ConfigOrigins): ResolvedPath | undefined {
  const variable = origins.variableOf(identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type !== DefinitionType.Variable || definition.parent.kind !== "const") return undefined;
  const found = findPatternSource(definition.name);
  if (!found || found.iterated || !found.keys) return undefined;
  const base = staticConfigPath(found.source);
  return base ? { root: base.root, keys: [...base.keys, ...found.keys] } : undefined;
}

/** `sb.delay` with `const sb = config["script-behavior"]`: the root and keys the alias chain stands for. */
export function resolveAliasPath(
  rootNode: TSESTree.Node,
  keys: readonly PathKey[],
  origins: ConfigOrigins,
): ResolvedPath | undefined {
  let current: ResolvedPath = { root: rootNode, keys: [...keys] };
  let resolved = false;
  for (let depth = 0; depth < MAX_ALIAS_DEPTH; depth += 1) {
    const root: TSESTree.Node = current.root;
    const target = root.type === AST_NODE_TYPES.Identifier ? aliasTarget(root, origins) : undefined;
    if (!target) break;
    current = { root: target.root, keys: [...target.keys, ...current.keys] };
    resolved = true;
  }
  return resolved ? current : undefined;
}

/**
 * Follows `const` aliases back to the configuration they read, so a message about `sb.delay`
 * can say it is `config["script-behavior"].delay`. Undefined when the root is not an alias.
 */
export function resolveThroughAliases(
  rootNode: TSESTree.Node | undefined,
  keys: readonly PathKey[],
  origins: ConfigOrigins,
  sourceCode: Readonly<TSESLint.SourceCode>,
): string | undefined {
  const resolved = rootNode ? resolveAliasPath(rootNode, keys, origins) : undefined;
  return resolved ? renderPath(sourceCode.getText(resolved.root), resolved.keys) : undefined;
}
