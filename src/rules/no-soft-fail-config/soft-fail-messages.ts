import type { SoftFailForm } from "./soft-fail-describe.js";

/** One message per soft-fail form, plus the two suggestions. */
export type SoftFailMessageId = SoftFailForm | "suggestRequireConfig" | "suggestOptional";

const WHY =
  "a typo or a deleted key in the configuration file goes unnoticed and the program runs on a value nobody chose (TXO principle 1: no soft-fail on configuration)";
const FIX =
  "Use `{{hardFix}}`, which throws a HelpfulError naming the missing key, or `{{explicitFix}}` if the default is deliberate.";
const BOTH_OPERATORS =
  "`??` and `||` are both soft-fails here, so switching one for the other (as @typescript-eslint/prefer-nullish-coalescing suggests) does not fix it.";

export const SOFT_FAIL_MESSAGES: Record<SoftFailMessageId, string> = {
  nullishFallback: `\`{{path}} ?? {{fallback}}\`{{resolved}} silently uses {{fallback}} when the configuration key is missing: ${WHY}. ${FIX} ${BOTH_OPERATORS}`,
  logicalOrFallback: `\`{{path}} || {{fallback}}\`{{resolved}} silently uses {{fallback}} when the configuration key is missing (and also when it is 0, "" or false): ${WHY}. ${FIX} ${BOTH_OPERATORS}`,
  fallbackAssignment: `\`{{path}} {{operator}} {{fallback}}\`{{resolved}} quietly writes a default into the configuration when the key is missing: ${WHY}. Make the key required: put it in the configuration file (or the schema's "default") and read it with \`{{hardFix}}\`.`,
  optionalChain: `Optional chaining on configuration (\`{{path}}\`{{resolved}}) turns a missing key into a silent undefined: ${WHY}. ${FIX}`,
  getWithDefault: `\`.get(…, {{fallback}})\` on configuration (\`{{path}}\`{{resolved}}) silently uses {{fallback}} when the key is missing: ${WHY}. Read the key without a default and throw a HelpfulError naming it when it is missing (for a plain object: \`{{hardFix}}\`), or validate the configuration when it is loaded so the key is always there.`,
  lodashGetWithDefault: `lodash \`get\` with the default {{fallback}} hides a missing \`{{path}}\`{{resolved}}: ${WHY}. ${FIX}`,
  destructuringDefault: `The destructuring default \`= {{fallback}}\` silently replaces a missing \`{{path}}\`{{resolved}}: ${WHY}. Require the key with \`{{hardFix}}\` (as the default, or before destructuring), or use \`{{explicitFix}}\` if the default is deliberate.`,
  defaultParameter: `The parameter default reads configuration (\`{{path}}\`{{resolved}}) that nothing checks, so a missing key becomes a silent undefined: ${WHY}. Read it with \`{{hardFix}}\`, which throws a HelpfulError naming the missing key, or pass the value in from the caller.`,
  presenceCheckFallback: `This presence check on \`{{path}}\`{{resolved}} branches to the silent default {{fallback}} when the key is missing: ${WHY}. ${FIX}`,
  suggestRequireConfig:
    "Replace with `{{text}}` (throws a HelpfulError when the key is missing; the old default then belongs in the configuration file).",
  suggestOptional: "Replace with `{{text}}` (keeps the default {{fallback}}, now explicit).",
};
