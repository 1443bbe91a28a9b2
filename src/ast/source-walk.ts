import type { TSESLint, TSESTree } from "@typescript-eslint/utils";

/**
 * Tree and comment lookups the suggestions need, written with the few SourceCode methods the
 * audit's fast rule host also offers (getAllComments, visitorKeys), so that a
 * suggestion never sends a file back to ESLint there.
 */

type Code = Readonly<TSESLint.SourceCode>;

/** Whether some node under `root` (itself included) passes the test; `skip` stops the walk at a node's children. */
export function someNode(
  root: TSESTree.Node,
  code: Code,
  test: (node: TSESTree.Node) => boolean,
  skip: (node: TSESTree.Node) => boolean = () => false,
): boolean {
  const pending: TSESTree.Node[] = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (test(node)) return true;
    if (node !== root && skip(node)) continue;
    for (const key of code.visitorKeys[node.type] ?? []) {
      const child: unknown = Reflect.get(node, key);
      for (const item of Array.isArray(child) ? child : [child]) if (isNode(item)) pending.push(item);
    }
  }
  return false;
}

/** A child found under a visitor key: a node has a string `type`; an empty slot (`[, a]`) is null. */
function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === "object" && value !== null && "type" in value && typeof value.type === "string";
}

/**
 * The comments between the token before the node and the node, in source order: read back from
 * the node over whitespace only, with no tokens (the host makes none for JSX files).
 */
export function commentsBefore(node: TSESTree.Node, code: Code): TSESTree.Comment[] {
  const found: TSESTree.Comment[] = [];
  let cursor = node.range[0];
  for (const comment of code
    .getAllComments()
    .filter((candidate) => candidate.range[1] <= node.range[0])
    .reverse()) {
    if (code.text.slice(comment.range[1], cursor).trim() !== "") break;
    found.unshift(comment);
    cursor = comment.range[0];
  }
  return found;
}
