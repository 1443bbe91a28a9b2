import { ScopeType } from "@typescript-eslint/scope-manager";
import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import {
  className,
  collectDescendants,
  isFunctionNode,
  lineOf,
  memberPropertyName,
  staticKeyName,
} from "./global-state-ast.js";
import { countsAsMutation, type MutationPolicy } from "./global-state-bindings.js";
import { classifyChange, climbValueChain } from "./global-state-changes.js";
import type { ExecutionTiming } from "./global-state-timing.js";
import type { StateSite, StaticFieldState } from "./global-state-types.js";
import { describeValue, exemptsEverything, findExemption } from "./global-state-values.js";

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;
type StaticField = TSESTree.PropertyDefinition | TSESTree.AccessorProperty;

function isStaticField(member: TSESTree.ClassElement): member is StaticField {
  return (
    (member.type === AST_NODE_TYPES.PropertyDefinition || member.type === AST_NODE_TYPES.AccessorProperty) &&
    member.static &&
    !member.declare
  );
}

function isClassNode(node: TSESTree.Node): node is ClassNode {
  return node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression;
}

function isMemberOf(member: TSESTree.Node, classNode: ClassNode): boolean {
  return member.parent?.parent === classNode;
}

/**
 * Whether `this` at this point is the class itself: inside a static method, a static block or a
 * static field initialiser of `classNode` (arrow functions inherit `this`, other functions do not).
 */
function thisIsClass(thisNode: TSESTree.ThisExpression, classNode: ClassNode): boolean {
  let child: TSESTree.Node = thisNode;
  for (let current: TSESTree.Node | undefined = thisNode.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.StaticBlock) return isMemberOf(current, classNode);
    if (
      (current.type === AST_NODE_TYPES.PropertyDefinition || current.type === AST_NODE_TYPES.AccessorProperty) &&
      current.value === child
    ) {
      return current.static && isMemberOf(current, classNode);
    }
    if (isFunctionNode(current) && current.type !== AST_NODE_TYPES.ArrowFunctionExpression) {
      const method = current.parent;
      return method.type === AST_NODE_TYPES.MethodDefinition && method.static && isMemberOf(method, classNode);
    }
    child = current;
  }
  return false;
}

function isThisMember(node: TSESTree.Node): node is TSESTree.MemberExpression {
  return node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression;
}

/** Finds static class fields that functions change: `Counter.count++`, `this.cache.set(…)` in a static method. */
export class StaticFieldAnalyzer {
  constructor(
    private readonly scopeManager: TSESLint.Scope.ScopeManager,
    private readonly timing: ExecutionTiming,
    private readonly sourceText: string,
    private readonly allow: ReadonlySet<string>,
    private readonly policy: MutationPolicy = {},
  ) {}

  analyse(): StaticFieldState[] {
    const classes = this.scopeManager.scopes
      .filter((scope) => scope.type === ScopeType.class)
      .map((scope) => scope.block)
      .filter(isClassNode);
    return classes.flatMap((classNode) => this.analyseClass(classNode));
  }

  private analyseClass(classNode: ClassNode): StaticFieldState[] {
    const fields = classNode.body.body.filter(isStaticField);
    // A class declared inside a function that runs later is a new class per call (`makeClientConstructor()`
    // returns `class ServiceClientImpl { static service }`): each class object owns its static fields.
    if (fields.length === 0 || !this.timing.contextOf(classNode).loadTime) return [];
    const accesses = this.fieldAccesses(classNode);
    return fields.flatMap((field) => {
      const fieldName = staticKeyName(field.key, field.computed);
      return fieldName === undefined
        ? []
        : [this.analyseField(classNode, field, fieldName, accesses.get(fieldName) ?? [])];
    });
  }

  private analyseField(
    classNode: ClassNode,
    field: StaticField,
    fieldName: string,
    accesses: TSESTree.MemberExpression[],
  ): StaticFieldState {
    const owner = className(classNode);
    const qualifiedName = `${owner}.${fieldName}`;
    const value = describeValue(field.value);
    const exemption = findExemption({
      name: fieldName,
      init: field.value,
      typeAnnotation: field.typeAnnotation?.typeAnnotation,
      allowNames: [fieldName, qualifiedName],
      allow: this.allow,
    });
    const sites = accesses
      .flatMap((access) => this.siteOf(access, value.kind))
      .sort((a, b) => a.node.range[0] - b.node.range[0]);
    const counted = exemption ? sites.filter((site) => site.kind === "reassign" || site.kind === "increment") : sites;
    const finding = exemptsEverything(exemption) ? undefined : counted.find((site) => !site.loadTime);
    return { className: owner, fieldName, qualifiedName, node: field, value, exemption, sites, finding };
  }

  private siteOf(access: TSESTree.MemberExpression, kind: ReturnType<typeof describeValue>["kind"]): StateSite[] {
    const change = classifyChange(climbValueChain(access), this.sourceText);
    if (!change) return [];
    const isOwnWrite = change.kind === "reassign" || change.kind === "increment";
    if (!isOwnWrite && !countsAsMutation(change, { kind, label: "" }, this.policy)) return [];
    return [
      {
        ...this.timing.contextOf(change.node),
        node: change.node,
        kind: change.kind,
        operation: change.operation,
        line: lineOf(change.node),
      },
    ];
  }

  /** `Name.field` through the class's bindings, and `this.field` where `this` is the class. */
  private fieldAccesses(classNode: ClassNode): Map<string, TSESTree.MemberExpression[]> {
    const accesses = new Map<string, TSESTree.MemberExpression[]>();
    const record = (member: TSESTree.MemberExpression) => {
      const name = memberPropertyName(member);
      if (name === undefined) return;
      const known = accesses.get(name);
      if (known) known.push(member);
      else accesses.set(name, [member]);
    };
    for (const variable of this.classVariables(classNode)) {
      for (const reference of variable.references) {
        const parent = reference.identifier.parent;
        if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === reference.identifier) record(parent);
      }
    }
    for (const member of collectDescendants(classNode.body, isThisMember)) {
      // isThisMember selected members whose object is a ThisExpression.
      if (thisIsClass(member.object as TSESTree.ThisExpression, classNode)) record(member);
    }
    return accesses;
  }

  private classVariables(classNode: ClassNode): Set<TSESLint.Scope.Variable> {
    const variables = new Set(this.scopeManager.getDeclaredVariables(classNode));
    const holder = classNode.parent;
    if (holder.type === AST_NODE_TYPES.VariableDeclarator && holder.init === classNode) {
      for (const variable of this.scopeManager.getDeclaredVariables(holder)) variables.add(variable);
    }
    const classScope = this.scopeManager.acquire(classNode);
    const innerName = classNode.id ? classScope?.set.get(classNode.id.name) : undefined;
    if (innerName) variables.add(innerName);
    return variables;
  }
}
