import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { DefinitionType } from "@typescript-eslint/scope-manager";
import { type ProcessValueResolver, skipTypeWrappers, staticMemberName } from "./process-exit-values.js";

type Variable = TSESLint.Scope.Variable;

const OBJECT_EXPORT_HELPERS: ReadonlySet<string> = new Set(["defineProperty", "defineProperties", "assign"]);

/**
 * Decides which code in a shebang (script) file is library code: what the file exports for other
 * modules to call, and what such exported code reaches by name. A shebang makes the file a
 * program, so its top level and its private helpers may exit; its exports may not, because an
 * importer that calls them would be ended without a say.
 *
 * Exports are ESM (`export function`, `export { f }`, `export default f`, `export =`) and
 * CommonJS (`module.exports = …`, `exports.f = …`, `Object.defineProperty(exports, …)`).
 */
export class LibraryCodeIndex {
  private readonly exported = new Map<Variable, boolean>();
  private readonly inProgress = new Set<Variable>();

  constructor(
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly resolver: ProcessValueResolver,
  ) {}

  /** True when `node` belongs to exported code or to code reachable by name from it. */
  isLibraryCode(node: TSESTree.Node): boolean {
    let child: TSESTree.Node = node;
    for (let current = node.parent; current; child = current, current = current.parent) {
      if (this.isExportSite(current, child)) return true;
      if (this.boundVariables(current, child).some((variable) => this.isExportedVariable(variable))) return true;
    }
    return false;
  }

  private isExportSite(node: TSESTree.Node, child: TSESTree.Node): boolean {
    switch (node.type) {
      case AST_NODE_TYPES.ExportNamedDeclaration:
      case AST_NODE_TYPES.ExportDefaultDeclaration:
      case AST_NODE_TYPES.TSExportAssignment:
        return true;
      case AST_NODE_TYPES.AssignmentExpression:
        return node.right === child && this.isCommonJsExportTarget(node.left);
      case AST_NODE_TYPES.CallExpression:
        return node.arguments[0] !== child && this.isObjectExportHelperCall(node);
      default:
        return false;
    }
  }

  /** `module.exports`, `module.exports.x`, `exports.x`, `exports["x"]` with the CommonJS globals unshadowed. */
  private isCommonJsExportTarget(node: TSESTree.Node): boolean {
    const target = skipTypeWrappers(node);
    if (target.type === AST_NODE_TYPES.Identifier)
      return target.name === "exports" && this.resolver.isGlobalReference(target);
    if (target.type !== AST_NODE_TYPES.MemberExpression) return false;
    const object = skipTypeWrappers(target.object);
    if (object.type === AST_NODE_TYPES.Identifier && object.name === "module") {
      return staticMemberName(target) === "exports" && this.resolver.isGlobalReference(object);
    }
    return this.isCommonJsExportTarget(object);
  }

  /** `Object.defineProperty(exports, "f", …)`, `Object.assign(module.exports, { f })`. */
  private isObjectExportHelperCall(call: TSESTree.CallExpression): boolean {
    const callee = skipTypeWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const object = skipTypeWrappers(callee.object);
    if (
      object.type !== AST_NODE_TYPES.Identifier ||
      object.name !== "Object" ||
      !this.resolver.isGlobalReference(object)
    )
      return false;
    const helper = staticMemberName(callee);
    const target = call.arguments.at(0);
    return (
      helper !== undefined &&
      OBJECT_EXPORT_HELPERS.has(helper) &&
      target !== undefined &&
      this.isCommonJsExportTarget(target)
    );
  }

  /**
   * The variables whose value contains `child`: a named function or class (a class binds its name
   * twice, outside and inside its body), or `const x = …`. Parameters are not bindings of the body.
   */
  private boundVariables(node: TSESTree.Node, child: TSESTree.Node): Variable[] {
    const isNamedDeclaration =
      (node.type === AST_NODE_TYPES.FunctionDeclaration || node.type === AST_NODE_TYPES.ClassDeclaration) &&
      node.id !== null;
    const isInitialiser =
      node.type === AST_NODE_TYPES.VariableDeclarator &&
      node.init === child &&
      node.id.type === AST_NODE_TYPES.Identifier;
    if (!isNamedDeclaration && !isInitialiser) return [];
    return this.sourceCode
      .getDeclaredVariables(node)
      .filter((variable) =>
        variable.defs.some((definition) => definition.node === node && definition.type !== DefinitionType.Parameter),
      );
  }

  /** A binding is library code when any use of it is an export or sits in library code. */
  private isExportedVariable(variable: Variable): boolean {
    const known = this.exported.get(variable);
    if (known !== undefined) return known;
    if (this.inProgress.has(variable)) return false;
    this.inProgress.add(variable);
    const result = variable.references.some((reference) => !reference.init && this.isLibraryCode(reference.identifier));
    this.inProgress.delete(variable);
    this.exported.set(variable, result);
    return result;
  }
}
