/**
 * `txo-toolkit/runtime`, kept for code migrated before the helpers had a package of their own: it is
 * `@txo-toolkit/runtime` itself, re-exported, so `HelpfulError` from either entry is one class.
 */
export * from "@txo-toolkit/runtime";
