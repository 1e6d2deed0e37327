import { keccak256, stringToBytes } from "viem";
import { canonicalJson } from "../protocol/payload.js";
import { lexiconsCanonical } from "./lexicon.js";
import { CHECKS } from "./registry.js";
import { THRESHOLDS } from "./thresholds.js";

export const CHECKER_NAME = "qcp-checks";
export const CHECKER_RELEASE = "1.0.0";

/**
 * `qcp-checks/1.0.0+<12 hex>`: the suffix is keccak256 over the canonical JSON of every check's
 * id and version (in pipeline order), every lexicon and the threshold table, so any change to a
 * check, lexicon or threshold changes the version. Computed once, deterministically.
 */
function computeCheckerVersion(): string {
  const material = canonicalJson({
    checks: CHECKS.map((c) => [c.id, c.version, c.axis, c.domains]),
    lexicons: JSON.parse(lexiconsCanonical()) as unknown,
    thresholds: THRESHOLDS,
  });
  return `${CHECKER_NAME}/${CHECKER_RELEASE}+${keccak256(stringToBytes(material)).slice(2, 14)}`;
}

export const CHECKER_VERSION = computeCheckerVersion();
