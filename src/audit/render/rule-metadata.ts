import { ruleDocsUrl } from "../../rules/docs-url.js";
import { PRINCIPLE_FACTS } from "../../rules/principle-facts.js";
import { RULE_PROFILES, type RuleProfile } from "../principles.js";

export interface RuleMetadata extends RuleProfile {
  name: string;
  description: string;
  helpUri: string;
}

/**
 * Rule descriptions and documentation links, from the descriptions the rules' own meta is built
 * from (one source of truth), without loading the rules.
 */
export function ruleMetadata(): RuleMetadata[] {
  return RULE_PROFILES.map((profile) => {
    const name = profile.ruleId.slice("txo/".length);
    const facts = PRINCIPLE_FACTS.find((principle) => principle.ruleName === name);
    return {
      ...profile,
      name,
      description: facts?.meta.docs.description ?? profile.title,
      helpUri: ruleDocsUrl(name),
    };
  });
}
