import { DefinitionType } from "@typescript-eslint/scope-manager";
import { AST_NODE_TYPES } from "@typescript-eslint/types";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import {
  isFunctionNode,
  lineOf,
  memberPropertyName,
  type ModuleReferences,
  renderSource,
  staticKeyName,
  unwrapExpression,
} from "./global-state-ast.js";
import { type ValueChain, classifyChange, climbValueChain, type ValueChange } from "./global-state-changes.js";
import {
  cachesConstant,
  isBalancedStackChange,
  isFeatureDetectionLatch,
  isLazyInitialisation,
  isRestoredInFinally,
  isScratchWrite,
  type RefersToVariable,
} from "./global-state-singletons.js";
import type { ExecutionTiming } from "./global-state-timing.js";
import { findSelfMutation, sameFileClassOf } from "./global-state-instances.js";
import { isKeyedLockChange, isLockLink } from "./global-state-locks.js";
import {
  fallsBackFromItself,
  isPlatformFactCall,
  isPlatformValue,
  isSelfReplacement,
} from "./global-state-platform.js";
import { isConstantMemoFill, isLookedUpMemoFill } from "./global-state-memos.js";
import { isRegExpValue, isScanPositionReset, isScratchBuffer, isWarnOnceLatch } from "./global-state-scratch.js";
import type {
  ModuleStateFinding,
  ModuleStateVariable,
  StateExemption,
  StateSite,
  ValueDescription,
} from "./global-state-types.js";
import {
  describeValue,
  exemptsEverything,
  findExemption,
  hasMutatingMethods,
  isWeakCollection,
} from "./global-state-values.js";

type Variable = TSESLint.Scope.Variable;
type Reference = TSESLint.Scope.Reference;

/** Everything needed to judge one module-level variable. */
interface BindingUnderAnalysis {
  variable: Variable;
  value: ValueDescription;
  /** Declared without a value, or with null/undefined: the shape of a lazy singleton. */
  startsEmpty: boolean;
  ownReferences: ReadonlySet<TSESTree.Node>;
  declaredType: TSESTree.TypeNode | undefined;
  init: TSESTree.Expression | null;
}

export const bySourcePosition = (a: StateSite, b: StateSite): number => a.node.range[0] - b.node.range[0];

/**
 * `privateData.set(this, …)` on a module-level WeakMap/WeakSet is the pre-`#field` way of giving each
 * instance private storage: the entry belongs to the instance and dies with it, so it is not shared state.
 */
function isPerInstanceEntry(change: ValueChange, value: ValueDescription): boolean {
  if (value.kind !== "weakmap" && value.kind !== "weakset") return false;
  if (change.kind !== "method-call" || change.depth !== 0 || change.node.type !== AST_NODE_TYPES.CallExpression)
    return false;
  return change.node.arguments[0]?.type === AST_NODE_TYPES.ThisExpression;
}

/** Writes that change an object whatever it is; a method call only does for a known container. */
const PROPERTY_CHANGES = new Set<ValueChange["kind"]>(["member-write", "member-delete", "object-api"]);

/**
 * Whether a change of a value of this kind is a mutation: a Map's `set`, an array's `push`, and a
 * property write on any object, including one a call returned (`const state = createState()`).
 */
export function countsAsMutation(change: ValueChange, value: ValueDescription, policy: MutationPolicy = {}): boolean {
  if (change.kind === "reassign" || change.kind === "increment") return true;
  if (isWeakCollection(value.kind)) return policy.reportWeakCollections === true && !isPerInstanceEntry(change, value);
  if (value.kind === "unknown") return PROPERTY_CHANGES.has(change.kind);
  return hasMutatingMethods(value.kind);
}

export interface MutationPolicy {
  reportWeakCollections?: boolean;
}

function isModuleLevelDeclarator(declarator: TSESTree.VariableDeclarator): boolean {
  const holder = declarator.parent.parent;
  return holder.type === AST_NODE_TYPES.Program || holder.parent.type === AST_NODE_TYPES.Program;
}

function startsEmpty(init: TSESTree.Expression | null): boolean {
  if (!init) return true;
  const value = unwrapExpression(init);
  return (
    (value.type === AST_NODE_TYPES.Literal && value.value === null) ||
    (value.type === AST_NODE_TYPES.Identifier && value.name === "undefined")
  );
}

/** Finds every write and mutation of module-level variables, following simple local aliases. */
export class BindingAnalyzer {
  constructor(
    private readonly scopeManager: TSESLint.Scope.ScopeManager,
    private readonly moduleReferences: ModuleReferences,
    private readonly timing: ExecutionTiming,
    private readonly sourceText: string,
    private readonly allow: ReadonlySet<string>,
    private readonly policy: MutationPolicy = {},
  ) {}

  analyse(variable: Variable): ModuleStateVariable | undefined {
    const definition = variable.defs[0];
    if (definition?.type !== DefinitionType.Variable || definition.parent.declare) return undefined;
    const declarator = definition.node;
    const id = definition.name;
    const isWholeBinding = declarator.id === id;
    const init = isWholeBinding ? declarator.init : null;
    const references = this.moduleReferences
      .of(variable)
      .filter((reference) => !reference.init && reference.isValueReference);
    const typeAnnotation = isWholeBinding ? id.typeAnnotation?.typeAnnotation : undefined;
    const binding: BindingUnderAnalysis = {
      variable,
      value: isWholeBinding && !startsEmpty(init) ? describeValue(init) : valueAssignedLater(references),
      startsEmpty: isWholeBinding && startsEmpty(init),
      ownReferences: new Set(references.map((reference) => reference.identifier)),
      declaredType: typeAnnotation,
      init,
    };
    const exemption = findExemption({
      name: variable.name,
      init,
      typeAnnotation,
      allowNames: [variable.name],
      allow: this.allow,
    });
    const sites = this.dedupe(references.flatMap((reference) => this.sitesOfReference(reference, binding))).sort(
      bySourcePosition,
    );
    if (isScratchBuffer(init, references, (node) => binding.ownReferences.has(node)))
      for (const site of sites) site.storesConstant = true;
    const exported = isExported(definition.parent, references);
    const touchedBy = this.touchedBy(references, sites);
    const finding = decideFinding(sites, exemption) ?? this.statefulInstanceFinding(init, exemption, exported);
    return {
      name: variable.name,
      variable,
      id,
      declarator,
      exemption,
      sites,
      declarationKind: definition.parent.kind,
      exported,
      value: binding.value,
      touchedBy,
      finding,
    };
  }

  /**
   * `export const registry = new ServerRegistry()` where a method of `ServerRegistry` (same file)
   * changes the instance: one shared instance is module state, whoever calls the method. Only an
   * exported instance: a private one behind the module's functions (the default instance that
   * state-to-class leaves for its deprecated wrappers) is reached through those functions.
   */
  private statefulInstanceFinding(
    init: TSESTree.Expression | null,
    exemption: StateExemption | undefined,
    exported: boolean,
  ): ModuleStateFinding | undefined {
    if (exemption || !exported) return undefined;
    const classNode = sameFileClassOf(init, this.moduleReferences.moduleScope);
    const mutation = classNode ? findSelfMutation(classNode, this.sourceText) : undefined;
    if (!mutation) return undefined;
    const site: StateSite = {
      loadTime: false,
      mutator: mutation.method,
      owner: undefined,
      node: mutation.node,
      kind: mutation.kind,
      operation: mutation.operation,
      line: mutation.line,
    };
    return { messageId: "statefulInstance", site };
  }

  private sitesOfReference(reference: Reference, binding: BindingUnderAnalysis): StateSite[] {
    const chain = climbValueChain(reference.identifier);
    const change = classifyChange(chain, this.sourceText) ?? fallbackWrite(reference, this.sourceText);
    const sites: StateSite[] = [];
    if (change && countsAsMutation(change, binding.value, this.policy) && !callsOwnMethod(change, binding.init))
      sites.push(this.toSite(change, binding));
    if (!reference.isWrite()) sites.push(...this.aliasSites(chain, binding, new Set([binding.variable])));
    return sites;
  }

  private toSite(change: ValueChange, binding: BindingUnderAnalysis): StateSite {
    const refersTo = (node: TSESTree.Node) => binding.ownReferences.has(unwrapExpression(node));
    const isLazy =
      change.kind === "reassign" &&
      binding.startsEmpty &&
      change.node.type === AST_NODE_TYPES.AssignmentExpression &&
      isLazyInitialisation(change.node, refersTo);
    const context = this.timing.contextOf(change.node);
    const site: StateSite = {
      ...context,
      node: change.node,
      kind: isLazy ? "lazy-init" : change.kind,
      operation: change.operation,
      line: lineOf(change.node),
    };
    if (
      change.kind === "method-call" &&
      change.depth === 0 &&
      (isBalancedStackChange(change.node, this.sourceText) ||
        isLookedUpMemoFill(change.node, this.sourceText, this.scopeManager) ||
        isKeyedLockChange(change.node, refersTo, this.sourceText, this.scopeManager))
    )
      site.storesConstant = true;
    if (change.node.type !== AST_NODE_TYPES.AssignmentExpression) return site;
    if (change.kind === "reassign") {
      const constant = isLazy
        ? cachesConstant(change.node, binding.declaredType, this.scopeManager) ||
          isPlatformValue(change.node.right, this.scopeManager, refersTo) ||
          isPlatformFactCall(change.node.right, this.scopeManager)
        : isFeatureDetectionLatch(change.node) ||
          isWarnOnceLatch(change.node, refersTo) ||
          isLockLink(change.node, refersTo, this.scopeManager) ||
          this.storesPlatformOnce(change.node, binding, refersTo);
      if (constant) site.storesConstant = true;
    } else if (change.kind === "member-write" && change.depth === 1) {
      const scratch = binding.value.kind === "object" && isScratchWrite(change.node, refersTo);
      if (
        scratch ||
        (isRegExpValue(binding.init) && isScanPositionReset(change.node)) ||
        isRestoredInFinally(change.node, this.sourceText) ||
        isConstantMemoFill(change.node, this.sourceText, this.scopeManager, binding.declaredType) ||
        isLookedUpMemoFill(change.node, this.sourceText, this.scopeManager)
      )
        site.storesConstant = true;
    }
    return site;
  }

  /**
   * A write that settles the variable on what the platform provides, once: inside the function the
   * variable starts as (`isArray = Array.isArray`), or falling back from its own value
   * (`cachedHas = cachedHas ?? Object.hasOwn ?? fallback`).
   */
  private storesPlatformOnce(
    assignment: TSESTree.AssignmentExpression,
    binding: BindingUnderAnalysis,
    refersTo: RefersToVariable,
  ): boolean {
    if (!isPlatformValue(assignment.right, this.scopeManager, refersTo)) return false;
    return (
      isSelfReplacement(assignment, binding.init) || fallsBackFromItself(assignment.right, this.scopeManager, refersTo)
    );
  }

  /** `const c = cache; c.set(k, v)` and `const { items } = state; items.push(x)` inside a function. */
  private aliasSites(chain: ValueChain, binding: BindingUnderAnalysis, visited: Set<Variable>): StateSite[] {
    const declarator = chain.top.parent;
    if (
      declarator?.type !== AST_NODE_TYPES.VariableDeclarator ||
      declarator.init !== chain.top ||
      isModuleLevelDeclarator(declarator)
    )
      return [];
    const offset = declarator.id.type === AST_NODE_TYPES.Identifier ? chain.depth : chain.depth + 1;
    const sites: StateSite[] = [];
    for (const alias of this.scopeManager.getDeclaredVariables(declarator)) {
      // An alias that is later pointed at something else may be mutating that instead.
      if (visited.has(alias) || alias.references.some((reference) => reference.isWrite() && !reference.init)) continue;
      visited.add(alias);
      for (const reference of alias.references) {
        if (reference.init || reference.isWrite()) continue;
        const aliasChain = climbValueChain(reference.identifier);
        const shifted = { top: aliasChain.top, depth: aliasChain.depth + offset };
        const change = classifyChange(shifted, this.sourceText);
        if (change && change.kind !== "reassign" && countsAsMutation(change, binding.value, this.policy))
          sites.push(this.toSite(change, binding));
        sites.push(...this.aliasSites(shifted, binding, visited));
      }
    }
    return sites;
  }

  private dedupe(sites: StateSite[]): StateSite[] {
    const seen = new Set<TSESTree.Node>();
    return sites.filter((site) => !seen.has(site.node) && seen.add(site.node));
  }

  private touchedBy(references: Reference[], sites: StateSite[]): string[] {
    const owners = references
      .map((reference) => this.timing.contextOf(reference.identifier))
      .filter((context) => !context.loadTime)
      .map((context) => context.owner);
    owners.push(...sites.filter((site) => !site.loadTime).map((site) => site.owner));
    return [...new Set(owners.filter((owner): owner is string => owner !== undefined))];
  }
}

/**
 * For `let state;` (or `= null`) filled later by `state = {}` / `state = new Map()`: what the first
 * plain assignment stores, so the contents' mutations are judged like an initialised container's.
 */
function valueAssignedLater(references: Reference[]): ValueDescription {
  for (const reference of references) {
    const assignment = reference.identifier.parent;
    if (
      assignment.type === AST_NODE_TYPES.AssignmentExpression &&
      assignment.operator === "=" &&
      assignment.left === reference.identifier
    ) {
      return describeValue(assignment.right);
    }
  }
  return { kind: "uninitialised", label: "declared without a value" };
}

/**
 * `storage.clear(id)` where `storage = { clear: (id) => … }`: the object literal's own function named
 * like a container method, not Map's or Array's; calling it changes nothing in the object.
 */
function callsOwnMethod(change: ValueChange, init: TSESTree.Expression | null): boolean {
  const literal = init ? unwrapExpression(init) : undefined;
  if (change.kind !== "method-call" || change.depth !== 0 || literal?.type !== AST_NODE_TYPES.ObjectExpression)
    return false;
  const call = change.node;
  const callee = call.type === AST_NODE_TYPES.CallExpression ? unwrapExpression(call.callee) : undefined;
  const method = callee?.type === AST_NODE_TYPES.MemberExpression ? memberPropertyName(callee) : undefined;
  if (method === undefined) return false;
  return literal.properties.some(
    (property) =>
      property.type === AST_NODE_TYPES.Property &&
      !property.computed &&
      staticKeyName(property.key, false) === method &&
      isFunctionNode(unwrapExpression(property.value)),
  );
}

/** A write the change classifier did not recognise (should not happen; kept so no write is lost). */
function fallbackWrite(reference: Reference, sourceText: string): ValueChange | undefined {
  if (!reference.isWrite()) return undefined;
  const node = reference.writeExpr?.parent ?? reference.identifier;
  return { kind: "reassign", node, depth: 0, operation: `${renderSource(reference.identifier, sourceText)} = …` };
}

function isExported(declaration: TSESTree.VariableDeclaration, references: Reference[]): boolean {
  if (declaration.parent.type === AST_NODE_TYPES.ExportNamedDeclaration) return true;
  return references.some((reference) => reference.identifier.parent.type === AST_NODE_TYPES.ExportSpecifier);
}

function isNullishReset(site: StateSite): boolean {
  if (site.kind !== "reassign" || site.node.type !== AST_NODE_TYPES.AssignmentExpression || site.node.operator !== "=")
    return false;
  const value = unwrapExpression(site.node.right);
  return (
    (value.type === AST_NODE_TYPES.Identifier && value.name === "undefined") ||
    (value.type === AST_NODE_TYPES.Literal && value.value === null)
  );
}

/** The rule's verdict: the first run-time change decides, lazy initialisation and reassignment first. */
export function decideFinding(
  sites: StateSite[],
  exemption: ModuleStateVariable["exemption"],
): ModuleStateFinding | undefined {
  if (exemptsEverything(exemption)) return undefined;
  const runtime = sites.filter((site) => !site.loadTime && !site.storesConstant);
  // Clearing a cached constant (a test hook's `isIos = undefined`) only makes it be computed again, to the same value.
  if (sites.some((site) => site.storesConstant && site.kind === "lazy-init") && runtime.every(isNullishReset))
    return undefined;
  const lazy = runtime.find((site) => site.kind === "lazy-init");
  if (lazy) return { messageId: "lazySingleton", site: lazy };
  const reassignment = runtime.find((site) => site.kind === "reassign" || site.kind === "increment");
  if (reassignment) return { messageId: "reassignedBinding", site: reassignment };
  if (exemption) return undefined;
  const mutation = runtime[0];
  return mutation ? { messageId: "mutatedContainer", site: mutation } : undefined;
}
