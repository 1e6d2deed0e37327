import { keccak256, stringToBytes } from "viem";
import { canonicalJson } from "../protocol/payload.js";
import { lexiconsCanonical } from "./lexicon.js";
import { CHECKS } from "./registry.js";
import { THRESHOLDS } from "./thresholds.js";
import type { Check } from "./types.js";

export const CHECKER_NAME = "qcp-checks";
export const CHECKER_RELEASE = "1.0.0";

export interface VersionMaterial {
  checks: readonly Pick<Check, "id" | "version" | "axis" | "domains">[];
  lexicons: unknown;
  thresholds: unknown;
}

/**
 * `qcp-checks/1.0.0+<12 hex>`: the suffix is keccak256 over the canonical JSON of every check's
 * id, version, axis and domains (in pipeline order), every lexicon and the threshold table, so
 * any change to a check's version, a lexicon or a threshold changes the version. Code changes
 * to a check must bump that check's `version`.
 */
export function computeCheckerVersion(material: VersionMaterial): string {
  const text = canonicalJson({
    checks: material.checks.map((c) => [c.id, c.version, c.axis, c.domains]),
    lexicons: material.lexicons,
    thresholds: material.thresholds,
  });
  return `${CHECKER_NAME}/${CHECKER_RELEASE}+${keccak256(stringToBytes(text)).slice(2, 14)}`;
}

export const CHECKER_VERSION = computeCheckerVersion({
  checks: CHECKS,
  lexicons: JSON.parse(lexiconsCanonical()) as unknown,
  thresholds: THRESHOLDS,
});
