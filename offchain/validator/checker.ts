import { keccak256, stringToBytes, type Hex } from "viem";
import { canonicalJson, computeOutputHash } from "../protocol/payload.js";
import { MAX_BPS } from "../protocol/vote.js";

/**
 * The one binding between the daemon and `offchain/checks`: everything else sees `Assessment`.
 * Pure and side-effect free, so it runs the same in a piscina worker and in the main thread.
 */

export interface Assessment {
  quality: number;
  risk: number;
  domain: number;
  findings: readonly unknown[];
  findingsHash: Hex;
  checkerVersion: string;
  outputHash: Hex;
}

export interface AssessInput {
  /** The payload text exactly as fetched (inline bytes or uri body), UTF-8. */
  text: string;
  /** The request's outputHash from the chain; a payload that does not match is a finding. */
  expectedOutputHash: Hex;
}

export const CHECKER_VERSION = "placeholder-0";

/** Placeholder until offchain/checks lands: integrity + confidence only. */
export function assess(input: AssessInput): Assessment {
  const findings: { check: string; category: string; severity: string; message: string }[] = [];
  let payload: unknown;
  let outputHash: Hex | null = null;
  try {
    payload = JSON.parse(input.text);
    outputHash = computeOutputHash(payload);
  } catch {
    payload = {};
  }
  if (outputHash === null || outputHash.toLowerCase() !== input.expectedOutputHash.toLowerCase()) {
    findings.push({
      check: "integrity",
      category: "obfuscation",
      severity: "high",
      message: "payload does not match outputHash",
    });
  }
  const output = (payload as { output?: { confidence?: number } }).output;
  const confidence = typeof output?.confidence === "number" ? output.confidence : 0;
  const quality = findings.length > 0 ? 0 : Math.round(Math.min(Math.max(confidence, 0), 1) * MAX_BPS);
  return {
    quality,
    risk: findings.length > 0 ? MAX_BPS : 0,
    domain: findings.length > 0 ? 0 : MAX_BPS,
    findings,
    findingsHash: keccak256(stringToBytes(canonicalJson(findings))),
    checkerVersion: CHECKER_VERSION,
    outputHash: input.expectedOutputHash,
  };
}
