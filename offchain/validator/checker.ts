import type { Hex } from "viem";
import {
  AssessInputError,
  assessPayload,
  CHECKER_VERSION,
  type Assessment,
} from "../checks/index.js";
import { computeFindingsHash, type Finding } from "../protocol/findings.js";
import { MAX_BPS } from "../protocol/vote.js";
import { parseJsonInput } from "../checks/input.js";

/**
 * The one binding between the daemon and `offchain/checks`: everything else sees `Assessment`.
 * Pure and side-effect free, so it runs the same in a piscina worker and in the main thread.
 */

export type { Assessment };
export { CHECKER_VERSION };

export interface AssessInput {
  /** The payload text exactly as fetched (inline bytes or uri body), UTF-8. */
  text: string;
  /** The request's outputHash from the chain; a payload that does not match is a finding. */
  expectedOutputHash: Hex;
}

/**
 * The vote on a payload that cannot be judged at all (unavailable, not JSON, too large, too
 * deep): reject with one fixed finding, the same on every honest validator.
 */
export function rejectAssessment(reason: string, outputHash: Hex): Assessment {
  const findings: Finding[] = [
    { check: "payload", category: "low_quality", severity: "high", message: `payload ${reason}` },
  ];
  return {
    quality: 0,
    risk: MAX_BPS,
    domain: 0,
    findings,
    findingsHash: computeFindingsHash(findings),
    checkerVersion: CHECKER_VERSION,
    outputHash,
  };
}

/** Assesses fetched payload text against the request's outputHash. */
export function assess(input: AssessInput): Assessment {
  try {
    return assessPayload(parseJsonInput(input.text), {
      expectedOutputHash: input.expectedOutputHash,
    });
  } catch (error) {
    if (error instanceof AssessInputError) {
      return rejectAssessment(`rejected: ${error.code}`, input.expectedOutputHash);
    }
    throw error;
  }
}
