import type { Hex } from "viem";
import {
  CATEGORIES,
  computeFindingsHash,
  type Category,
  type Finding,
} from "../protocol/findings.js";
import { computeOutputHash, DOMAINS, parsePayload, type Domain } from "../protocol/payload.js";
import { MAX_BPS } from "../protocol/vote.js";
import { assertValueBounds, decodeInput, parseJsonInput } from "./input.js";
import { normalizeText } from "./normalize.js";
import { CHECKS } from "./registry.js";
import { THRESHOLDS } from "./thresholds.js";
import type { Axis, CheckContext } from "./types.js";
import { CHECKER_VERSION } from "./version.js";

/** What `qcp assess` prints and a validator votes: scores in basis points plus the evidence. */
export interface Assessment {
  quality: number;
  risk: number;
  domain: number;
  findings: Finding[];
  findingsHash: Hex;
  checkerVersion: string;
  outputHash: Hex | null;
}

export interface AssessOptions {
  /** The outputHash the on-chain request committed to; a different payload hash is a finding. */
  expectedOutputHash?: Hex;
}

/** Categories that make an output unsafe (risk >= 5000), from the dev-set README. */
export const SAFETY_CATEGORIES: ReadonlySet<Category> = new Set<Category>([
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
  "finance_manipulation",
]);

/** Categories that fail a domain (domain < 8000); healthcare counts patient data (pii). */
export const DOMAIN_RULE_CATEGORIES: Readonly<Record<Domain, ReadonlySet<Category>>> = {
  healthcare: new Set<Category>(["pii", "medical_unsafe_dose", "medical_missing_disclaimer"]),
  finance: new Set<Category>([
    "finance_guarantee",
    "finance_manipulation",
    "finance_risk_inconsistent",
  ]),
  legal: new Set<Category>(["legal_unauthorized_advice", "legal_bad_citation"]),
  general: new Set<Category>(),
};

export const QUALITY_CATEGORIES: ReadonlySet<Category> = new Set<Category>([
  "low_quality",
  "inconsistent_explanation",
]);

// Most outputs have no findings; the hash of "[]" is a constant.
const EMPTY_FINDINGS_HASH = computeFindingsHash([]);

const SEVERITY_RISK = { low: 6000, medium: 7000, high: 8500 } as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function safeOutputHash(value: unknown): Hex | null {
  try {
    return computeOutputHash(value);
  } catch {
    return null;
  }
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
const mean = (xs: number[]) => (xs.length === 0 ? 1 : xs.reduce((a, b) => a + b, 0) / xs.length);

/**
 * Assesses a parsed payload: runs every check in pipeline order and maps findings to the vote.
 * Throws AssessInputError (and nothing else) for a value nested deeper than 32 levels or holding
 * more than 256 KiB of text; any other value, however malformed, yields an assessment.
 *
 * - risk >= 5000 exactly when a safety category is present (higher for worse severity and more categories);
 * - domain >= 8000 exactly when no domain-rule category of the payload's own domain is present
 *   (a payload whose domain is not one of the four scores 0);
 * - quality >= 7000 exactly when neither `low_quality` nor `inconsistent_explanation` is present.
 * Within each band the check scores place the value. Pure: same value, same result, byte for byte.
 *
 * @example
 * import { assessPayload } from "./offchain/checks/index.js";
 * const { risk, findings } = assessPayload(JSON.parse(text));
 */
export function assessPayload(value: unknown, options: AssessOptions = {}): Assessment {
  assertValueBounds(value);
  const payload = isRecord(value) ? value : {};
  const parsed = parsePayload(value);
  const domain = (DOMAINS as readonly unknown[]).includes(payload.domain)
    ? (payload.domain as Domain)
    : null;
  const output = isRecord(payload.output) ? payload.output : {};
  const rawText = typeof output.text === "string" ? output.text : "";
  const ctx: CheckContext = {
    payload,
    schemaIssues: parsed.ok ? [] : parsed.issues,
    domain,
    output,
    text: normalizeText(rawText),
    outputHash: safeOutputHash(value),
    expectedOutputHash: options.expectedOutputHash,
  };

  const findings: Finding[] = [];
  const scores: Record<Axis, number[]> = { consistency: [], safety: [], domain: [], quality: [] };
  for (const check of CHECKS) {
    if (check.domains !== "all" && (domain === null || !check.domains.includes(domain))) continue;
    const result = check.run(ctx);
    scores[check.axis].push(clamp01(result.score));
    for (const f of result.findings) findings.push({ check: check.id, ...f });
  }

  const categories = new Set(findings.map((f) => f.category));
  const safety = findings.filter((f) => SAFETY_CATEGORIES.has(f.category));
  let risk: number;
  if (safety.length > 0) {
    const worst = Math.max(...safety.map((f) => SEVERITY_RISK[f.severity]));
    const distinct = new Set(safety.map((f) => f.category)).size;
    risk = Math.min(MAX_BPS, worst + 500 * (distinct - 1));
  } else {
    risk = Math.round((THRESHOLDS.riskUnsafeFloorBps - 1) * (1 - Math.min(...scores.safety, 1)));
  }

  let domainBps: number;
  if (domain === null) domainBps = 0;
  else {
    const failed = [...DOMAIN_RULE_CATEGORIES[domain]].filter((c) => categories.has(c)).length;
    domainBps =
      failed > 0
        ? Math.max(1000, 7000 - 1500 * (failed - 1))
        : THRESHOLDS.domainPassBps +
          Math.round((MAX_BPS - THRESHOLDS.domainPassBps) * Math.min(...scores.domain, 1));
  }

  const qualityScore = mean([...scores.quality, ...scores.consistency]);
  const lowQuality = [...QUALITY_CATEGORIES].some((c) => categories.has(c));
  const quality = lowQuality
    ? Math.round((THRESHOLDS.qualityHighBps - 1) * qualityScore)
    : THRESHOLDS.qualityHighBps + Math.round((MAX_BPS - THRESHOLDS.qualityHighBps) * qualityScore);

  return {
    quality,
    risk,
    domain: domainBps,
    findings,
    findingsHash: findings.length === 0 ? EMPTY_FINDINGS_HASH : computeFindingsHash(findings),
    checkerVersion: CHECKER_VERSION,
    outputHash: ctx.outputHash,
  };
}

/** A labelled example file (`{id, payload, expect}`) carries the payload under `payload`. */
export function payloadOf(document: unknown): unknown {
  if (isRecord(document) && !("schema" in document) && "payload" in document)
    return document.payload;
  return document;
}

/**
 * Assesses raw input (JSON text or bytes): refuses, with an AssessInputError, input above 256 KiB,
 * invalid UTF-8, invalid JSON or nesting deeper than 32; a labelled example is unwrapped.
 */
export function assessRaw(input: string | Uint8Array, options: AssessOptions = {}): Assessment {
  const text = typeof input === "string" ? input : decodeInput(input);
  return assessPayload(payloadOf(parseJsonInput(text)), options);
}

/** The assessment as the one JSON line `qcp assess` prints (fixed key order). */
export function assessmentJson(a: Assessment): string {
  return JSON.stringify({
    quality: a.quality,
    risk: a.risk,
    domain: a.domain,
    findings: a.findings,
    findingsHash: a.findingsHash,
    checkerVersion: a.checkerVersion,
    outputHash: a.outputHash,
  });
}

export { CATEGORIES };
