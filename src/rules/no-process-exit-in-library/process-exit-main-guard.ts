import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { ExclusiveRegion } from "./process-exit-regions.js";
import { type ProcessValueResolver, skipTypeWrappers, staticMemberName } from "./process-exit-values.js";

/**
 * Recognises the "run only when executed directly" guards, whose body is entry code even in a file
 * that is otherwise a library:
 *
 * - CommonJS: `if (require.main === module) { … }` (either order, `==` too)
 * - ES modules: `if (import.meta.main) { … }` (Deno, Bun, Node 24+), and
 *   `if (import.meta.url === pathToFileURL(process.argv[1]).href) { … }` and its spellings
 *   (`` `file://${process.argv[1]}` ``, `import.meta.filename === process.argv[1]`).
 */
export class MainModuleGuards {
  private readonly region: ExclusiveRegion;

  constructor(
    private readonly resolver: ProcessValueResolver,
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
  ) {
    this.region = new ExclusiveRegion(
      sourceCode,
      (node, child) =>
        node.type === AST_NODE_TYPES.IfStatement && node.consequent === child && this.isMainModuleTest(node.test),
    );
  }

  /**
   * True when `node` only runs inside the consequent of a main-module guard, directly or in a
   * function only that guard calls (`async function main() { … } if (require.main === module) main();`).
   */
  isInsideGuard(node: TSESTree.Node): boolean {
    return this.region.contains(node);
  }

  private isMainModuleTest(test: TSESTree.Expression): boolean {
    const expression = skipTypeWrappers(test);
    if (expression.type === AST_NODE_TYPES.MemberExpression) return isImportMeta(expression, "main");
    if (
      expression.type !== AST_NODE_TYPES.BinaryExpression ||
      (expression.operator !== "===" && expression.operator !== "==")
    )
      return false;
    const { left, right } = expression;
    return (
      this.isRequireMainPair(left, right) ||
      this.isRequireMainPair(right, left) ||
      this.isScriptPathPair(left, right) ||
      this.isScriptPathPair(right, left)
    );
  }

  private isRequireMainPair(a: TSESTree.Node, b: TSESTree.Node): boolean {
    const main = skipTypeWrappers(a);
    if (main.type !== AST_NODE_TYPES.MemberExpression || staticMemberName(main) !== "main") return false;
    return this.isGlobal(main.object, "require") && this.isGlobal(b, "module");
  }

  /** `import.meta.url` or `import.meta.filename` compared with something built from `process.argv[1]`. */
  private isScriptPathPair(a: TSESTree.Node, b: TSESTree.Node): boolean {
    const meta = skipTypeWrappers(a);
    if (meta.type !== AST_NODE_TYPES.MemberExpression || !(isImportMeta(meta, "url") || isImportMeta(meta, "filename")))
      return false;
    // The other side can be spelled many ways (pathToFileURL(...).href, a template, resolve(...));
    // what makes it a main-module check is that it is derived from the script path argv[1].
    return /\bargv\s*\[\s*1\s*\]/.test(this.sourceCode.getText(b));
  }

  private isGlobal(node: TSESTree.Node, name: string): boolean {
    const expression = skipTypeWrappers(node);
    return (
      expression.type === AST_NODE_TYPES.Identifier &&
      expression.name === name &&
      this.resolver.isGlobalReference(expression)
    );
  }
}

function isImportMeta(node: TSESTree.MemberExpression, property: string): boolean {
  const object = node.object;
  return (
    object.type === AST_NODE_TYPES.MetaProperty && object.meta.name === "import" && staticMemberName(node) === property
  );
}
