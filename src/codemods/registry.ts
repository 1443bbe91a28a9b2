import { HelpfulError } from "@txo-toolkit/runtime";
import { createExitToThrow } from "./exit-to-throw.js";
import { createSoftFailToRequire } from "./soft-fail-to-require.js";
import { createSplitLongFunctions } from "./split-long-functions.js";
import { createStateToClass } from "./state-to-class.js";
import type { Transform, TransformName } from "./types.js";

export type TransformFactories<Name extends string = TransformName> = Readonly<Record<Name, () => Transform<Name>>>;

/**
 * Every principle's codemod (the Record type makes the list complete), in the order `all` runs
 * them. Each run gets fresh transform instances: a transform may collect facts (required keys).
 */
const TRANSFORM_FACTORIES: TransformFactories = Object.freeze({
  "exit-to-throw": createExitToThrow,
  "soft-fail-to-require": createSoftFailToRequire,
  "state-to-class": createStateToClass,
  "split-long-functions": createSplitLongFunctions,
});

// Object.keys loses the key type; the object above is typed by TransformName.
// TRANSFORM_FACTORIES has exactly one key per TransformName (it is typed as a record over them).
export const TRANSFORM_NAMES = Object.freeze(Object.keys(TRANSFORM_FACTORIES) as TransformName[]);

export function availableTransforms(factories: Readonly<Record<string, unknown>> = TRANSFORM_FACTORIES): string[] {
  return Object.keys(factories);
}

/** The transforms to run, fresh; `factories` lets a test register a principle of its own. */
export function resolveTransforms(names: readonly TransformName[] | "all"): Transform[];
export function resolveTransforms<Name extends string>(
  names: readonly Name[] | "all",
  factories: TransformFactories<Name>,
): Transform<Name>[];
export function resolveTransforms(
  names: readonly string[] | "all",
  factories: Readonly<Record<string, () => Transform<string>>> = TRANSFORM_FACTORIES,
): Transform<string>[] {
  const wanted = names === "all" ? availableTransforms(factories) : names;
  return wanted.map((name) => {
    const factory = factories[name];
    if (factory) return factory();
    throw new HelpfulError({
      whatWentWrong: `Unknown transform "${name}".`,
      howToFix: `Use one of: ${availableTransforms(factories).join(", ")}, or "all" to run them all in order.`,
      example: "npx txo-codemod exit-to-throw src/",
    });
  });
}
