import type { RuleFacts } from "../principle.js";

/*
 * What the audit reads of the rule without loading it (its description and message templates);
 * the rule's own meta is built from these.
 */

export type MessageIds =
  | "reassignedBinding"
  | "mutatedContainer"
  | "lazySingleton"
  | "statefulInstance"
  | "globalObjectWrite"
  | "mutatedStaticField"
  | "suggestConst";

const FIX_HINT =
  "Move it into a class that owns the state, which the caller creates and passes in; `txo-codemod state-to-class` does this and keeps the old functions as deprecated wrappers";

export const NO_GLOBAL_MUTABLE_STATE_META = {
  docs: {
    description:
      "Disallow module-level state that functions change: reassigned `let`s, mutated Maps/arrays/objects, lazy singletons, global-object writes and mutated static fields (logging excepted)",
    recommended: true,
  },
  messages: {
    reassignedBinding: `Module-level {{declaration}} '{{name}}' is reassigned by {{mutator}} at line {{line}} ({{operation}}){{more}}. Every caller and every test shares this one variable. ${FIX_HINT}.`,
    mutatedContainer: `Module-level '{{name}}' ({{kind}}) is mutated by {{mutator}} at line {{line}} ({{operation}}){{more}}. Every caller and every test shares its contents. ${FIX_HINT}, or add '{{name}}' to \`allow\` if one process-wide copy is intended.`,
    statefulInstance: `Module-level '{{name}}' ({{kind}}) is one instance for the whole process, and {{mutator}} changes it at line {{line}} ({{operation}}). Every caller and every test shares that state. Let the caller create the instance and pass it in (keep the class, drop the shared instance), or add '{{name}}' to \`allow\` if one process-wide instance is intended.`,
    lazySingleton: `Module-level '{{name}}' is a lazy singleton: {{mutator}} creates it on first use at line {{line}} ({{operation}}). Hidden singletons cannot be configured or replaced in tests. Let the caller create the instance and inject it; \`txo-codemod state-to-class\` does this and keeps a deprecated wrapper.`,
    globalObjectWrite: `'{{target}}' writes a property of the global object {{when}} at line {{line}} ({{operation}}). Global properties are state every module in the process shares. Pass the value to the code that needs it (a constructor or parameter), or add '{{property}}' to \`allow\` for a deliberate polyfill.`,
    mutatedStaticField: `Static field '{{name}}' ({{kind}}) is mutated by {{mutator}} at line {{line}} ({{operation}}){{more}}. A static field is one copy for the whole process. Make it an instance field of an object the caller creates and injects.`,
    suggestConst:
      "Declare '{{name}}' with const: the binding is never reassigned (its contents still change, so the finding stays until the state moves into a class).",
  },
} as const satisfies RuleFacts<MessageIds>;
