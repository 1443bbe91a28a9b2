// The repository's own lint: typescript-eslint's strictest type-aware presets on the TypeScript
// sources (src, test, vitest.config.ts), and their syntax-only counterparts on the plain
// JavaScript scripts and benches, which have no types for the type-aware rules to use.
// `npm run lint:repo` runs it and prints the findings counted per rule.
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      "test/fixtures/**",
      "test/.tmp/**",
      "bench/.work/**",
      "examples/**",
      "packages/**",
      "reports/**",
    ],
  },
  {
    files: ["src/**/*.ts", "test/**/*.ts", "vitest.config.ts"],
    extends: [tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Messages and reports print counts, lines and durations: a number always renders as its
      // decimal text, so only the types that can print "undefined" or "[object Object]" are refused.
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      // `(value) => resolve(value)` and `() => void server.close()` hand a callback on; nobody reads
      // what the shorthand arrow returns, which is the confusion the rule is about.
      "@typescript-eslint/no-confusing-void-expression": ["error", { ignoreArrowShorthand: true }],
      // `const { secret, ...safe } = value` is how a key is dropped from a copy: the named key is
      // meant to go unused.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
      // An abort rejects with `signal.reason`, as fetch and timers/promises do, and a policy passes
      // on the caller's own failure untouched: both are `any`/`unknown`, and wrapping them in a new
      // Error would change what the caller catches. (only-throw-error allows the same by default.)
      "@typescript-eslint/prefer-promise-reject-errors": [
        "error",
        { allowThrowingAny: true, allowThrowingUnknown: true },
      ],
      // Between two booleans `||` is logical or, not a fallback for a missing value.
      "@typescript-eslint/prefer-nullish-coalescing": ["error", { ignorePrimitives: { boolean: true } }],
      // It asks for `value!`, which strict's no-non-null-assertion forbids: the two cannot both
      // hold. The strict rule stays; a remaining `value as T` is a type assertion with a reason.
      "@typescript-eslint/non-nullable-type-assertion-style": "off",
    },
  },
  {
    files: ["scripts/**/*.mjs", "bench/**/*.mjs"],
    extends: [tseslint.configs.strict, tseslint.configs.stylistic],
  },
);
