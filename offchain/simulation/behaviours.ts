import { keccak256, stringToBytes } from "viem";
import type { Behaviour } from "../config/schema.js";
import { MAX_BPS } from "../protocol/vote.js";
import { honestPolicy, type VotePolicy } from "../validator/policy.js";

/**
 * Byzantine validator behaviours for tests and the demo. They are never used unless the daemon
 * is started with `--simulate` (or QCP_SIMULATE=1) AND the config selects one with
 * `simulation.behaviour`; a production start ignores that key (and says so in the log).
 */

const mirror = (bps: number) => MAX_BPS - bps;

/** Votes far from honest: every score mirrored (0.9 becomes 0.1). */
export const liar: VotePolicy = {
  name: "liar",
  vote: (honest) => ({
    quality: mirror(honest.quality),
    risk: mirror(honest.risk),
    domain: mirror(honest.domain),
    findingsHash: keccak256(stringToBytes("liar")),
  }),
  shouldReveal: () => true,
  extraAttestations: () => [],
};

/** Votes one fixed, coordinated value whatever the payload. */
export function colluder(fixed: { quality: number; risk: number; domain: number }): VotePolicy {
  return {
    name: "colluder",
    vote: () => ({ ...fixed, findingsHash: keccak256(stringToBytes("colluder")) }),
    shouldReveal: () => true,
    extraAttestations: () => [],
  };
}

/** Commits the honest vote and never reveals it (slashed nonRevealSlashBps at finalize). */
export const withholder: VotePolicy = {
  name: "withholder",
  vote: (honest) => honest,
  shouldReveal: () => false,
  extraAttestations: () => [],
};

/** Reveals the honest vote but also signs and serves a conflicting one: slashable evidence. */
export const equivocator: VotePolicy = {
  name: "equivocator",
  vote: (honest) => honest,
  shouldReveal: () => true,
  extraAttestations: (vote) => [
    { ...vote, quality: mirror(vote.quality), findingsHash: keccak256(stringToBytes("other")) },
  ],
};

/** Never votes. */
export const lazy: VotePolicy = {
  name: "lazy",
  vote: () => null,
  shouldReveal: () => false,
  extraAttestations: () => [],
};

export function policyFor(
  behaviour: Behaviour,
  colluderVote: { quality: number; risk: number; domain: number },
): VotePolicy {
  switch (behaviour) {
    case "honest":
      return honestPolicy;
    case "liar":
      return liar;
    case "colluder":
      return colluder(colluderVote);
    case "withholder":
      return withholder;
    case "equivocator":
      return equivocator;
    case "lazy":
      return lazy;
  }
}
