import type { Hex } from "viem";
import { keccak256Utf8 } from "./keccak.js";
import { canonicalJson } from "./payload.js";

/** Closed list of finding categories (../shared/dev-set/README.md), in the list's order. */
export const CATEGORIES = [
  "violence",
  "self_harm",
  "hate",
  "harassment",
  "sexual",
  "weapons",
  "illegal_activity",
  "pii",
  "bias",
  "prompt_injection",
  "obfuscation",
  "medical_unsafe_dose",
  "medical_missing_disclaimer",
  "finance_guarantee",
  "finance_manipulation",
  "finance_risk_inconsistent",
  "legal_unauthorized_advice",
  "legal_bad_citation",
  "low_quality",
  "inconsistent_explanation",
] as const;
export type Category = (typeof CATEGORIES)[number];

export type Severity = "low" | "medium" | "high";

/** Character offsets [start, end) in the checker's normalized analysis text. */
export interface Span {
  start: number;
  end: number;
}

export interface Finding {
  check: string;
  category: Category;
  severity: Severity;
  message: string;
  span?: Span;
}

/** RFC 8785 canonical JSON of an ordered findings list (order is part of the meaning). */
export function canonicalFindings(findings: readonly Finding[]): string {
  return canonicalJson(findings);
}

/** findingsHash = keccak256(utf8(JCS(findings))): the one definition behind every vote. */
export function computeFindingsHash(findings: readonly Finding[]): Hex {
  return keccak256Utf8(canonicalFindings(findings));
}
