import { type Derivations, erasedDerivation } from "../config/file-reader.js";
import { MODULE_LINKS } from "./no-process-exit-in-library/process-exit-reachability.js";
import { CONFIG_DEFINER_MENTION, TYPE_FACTS } from "./no-soft-fail-config/soft-fail-type-modules.js";

/**
 * What the rules take from files other than the one they lint, when less than the whole text: the
 * audit's cache checks a recorded `derived` read again with these (see ProjectFileReader.readParsed).
 */
export const DERIVED_READS: Derivations = new Map(
  [erasedDerivation(MODULE_LINKS), erasedDerivation(TYPE_FACTS), erasedDerivation(CONFIG_DEFINER_MENTION)].map(
    (derivation) => [derivation.name, derivation],
  ),
);
