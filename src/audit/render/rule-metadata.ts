import { rules } from "../../rules/catalog.js";
import { ruleDocsUrl } from "../../rules/create-rule.js";
import { RULE_PROFILES, type RuleProfile } from "../principles.js";

export interface RuleMetadata extends RuleProfile {
  name: string;
  description: string;
  helpUri: string;
}

/** Rule descriptions and documentation links, from the rules themselves (one source of truth). */
export function ruleMetadata(): RuleMetadata[] {
  return RULE_PROFILES.map((profile) => {
    const name = profile.ruleId.slice("txo/".length);
    // Every rule is an ESLint rule module; only its optional docs metadata is read here.
    const rule = (rules as Record<string, { meta?: { docs?: { description?: string; url?: string } } }>)[name];
    return {
      ...profile,
      name,
      description: rule?.meta?.docs?.description ?? profile.title,
      helpUri: rule?.meta?.docs?.url ?? ruleDocsUrl(name),
    };
  });
}
