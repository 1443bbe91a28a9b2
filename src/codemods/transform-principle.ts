import { PRINCIPLES, type TransformName } from "../rules/catalog.js";
import type { PrincipleDescriptor } from "../rules/principle.js";

/** What a transform takes from its principle's descriptor: the rule it fixes and how breaking its rewrite is. */
export interface TransformPrinciple {
  name: TransformName;
  /** The rule's name without the `txo/` prefix. */
  rule: string;
  breaking: PrincipleDescriptor["codemod"]["breaking"];
}

export function transformPrinciple(name: TransformName): TransformPrinciple {
  const principle = PRINCIPLES.find((candidate) => candidate.codemod.transform === name);
  // TransformName is derived from PRINCIPLES, so every name has its descriptor.
  if (principle === undefined) throw new Error(`No principle has the transform "${name}".`);
  return { name, rule: principle.ruleName, breaking: principle.codemod.breaking };
}
