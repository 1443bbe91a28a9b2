import type { RuleFacts } from "../principle.js";
import { SOFT_FAIL_MESSAGES, type SoftFailMessageId } from "./soft-fail-messages.js";

/*
 * What the audit reads of the rule without loading it (its description and message templates);
 * the rule's own meta is built from these.
 */

export const NO_SOFT_FAIL_CONFIG_META = {
  docs: {
    description:
      "Disallow silent fallbacks when reading configuration (`config.x ?? d`, `cfg.get(k, d)`, `process.env.X || d`); require the key or make the default explicit",
    recommended: true,
  },
  messages: SOFT_FAIL_MESSAGES,
} as const satisfies RuleFacts<SoftFailMessageId>;
