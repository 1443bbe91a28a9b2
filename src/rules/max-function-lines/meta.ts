import type { RuleFacts } from "../principle.js";

/*
 * What the audit reads of the rule without loading it (its description and message templates);
 * the rule's own meta is built from these.
 */

export type MessageIds = "exceed" | "suggestHoist";

export const MAX_FUNCTION_LINES_META = {
  docs: {
    description:
      "Enforce TXO principle 4: no function, method or static block over `max` lines (default 50), counted like core max-lines-per-function",
    recommended: true,
  },
  messages: {
    exceed:
      "{{name}} has {{lineCount}} lines; the limit is {{max}}. Split it into well-named helper functions (txo-codemod split-long-functions can do it).",
    suggestHoist:
      "Move '{{name}}' ({{lines}} lines) out of {{owner}} to module level: it uses nothing of the function around it.",
  },
} as const satisfies RuleFacts<MessageIds>;
