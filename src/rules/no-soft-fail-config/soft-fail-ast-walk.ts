import type { TSESTree } from "@typescript-eslint/utils";

/**
 * Calls `visit` on every node under `root` (itself included), without recursion, so a deeply nested
 * file cannot overflow the stack. For the whole-file scans the rule does once per file.
 */
export function forEachNode(root: TSESTree.Node, visit: (node: TSESTree.Node) => void): void {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) {
      // Array.isArray narrows to any[]; its items are checked one by one below.
      pending.push(...(value as unknown[]));
      continue;
    }
    // A non-null object with a string `type` inside an ESTree is a node.
    if (typeof value !== "object" || value === null || typeof (value as { type?: unknown }).type !== "string") continue;
    // Checked just above: an ESTree node.
    const node = value as TSESTree.Node;
    visit(node);
    for (const [key, child] of Object.entries(node))
      if (key !== "parent" && typeof child === "object" && child !== null) pending.push(child);
  }
}
