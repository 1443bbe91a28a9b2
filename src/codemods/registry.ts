import { HelpfulError } from "../runtime/errors.js";
import { createExitToThrow } from "./exit-to-throw.js";
import { createSoftFailToRequire } from "./soft-fail-to-require.js";
import { createSplitLongFunctions } from "./split-long-functions.js";
import { createStateToClass } from "./state-to-class.js";
import type { Transform, TransformName } from "./types.js";

/** Each run gets fresh transform instances: a transform may collect facts (required keys) during a run. */
const TRANSFORM_FACTORIES: Partial<Record<TransformName, () => Transform>> = Object.freeze({
  "exit-to-throw": createExitToThrow,
  "soft-fail-to-require": createSoftFailToRequire,
  "state-to-class": createStateToClass,
  "split-long-functions": createSplitLongFunctions,
});

export function availableTransforms(): TransformName[] {
  return Object.keys(TRANSFORM_FACTORIES) as TransformName[];
}

export function resolveTransforms(names: TransformName[] | "all"): Transform[] {
  const wanted = names === "all" ? availableTransforms() : names;
  return wanted.map((name) => {
    const factory = TRANSFORM_FACTORIES[name];
    if (factory) return factory();
    throw new HelpfulError({
      whatWentWrong: `Unknown transform "${name}".`,
      howToFix: `Use one of: ${availableTransforms().join(", ")}, or "all" to run them all in order.`,
      example: "npx txo-codemod exit-to-throw src/",
    });
  });
}
