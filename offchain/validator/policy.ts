import type { Vote } from "../protocol/vote.js";

/**
 * How the daemon turns its honest assessment into actions. Production uses `honestPolicy`;
 * Byzantine behaviours for tests and the demo live in `offchain/simulation/` and plug in here.
 * Every method must be deterministic in its inputs: after a lost database the daemon recomputes
 * the vote it committed through the same policy.
 */
export interface VotePolicy {
  readonly name: string;
  /** The vote to commit, or null to stay silent (never commit). */
  vote(honest: Vote, requestId: bigint): Vote | null;
  /** Whether to reveal a committed vote. */
  shouldReveal(requestId: bigint): boolean;
  /** Further (conflicting) votes to sign and serve as attestations besides the revealed one. */
  extraAttestations(vote: Vote, requestId: bigint): Vote[];
}

export const honestPolicy: VotePolicy = Object.freeze({
  name: "honest",
  vote: (honest: Vote) => honest,
  shouldReveal: () => true,
  extraAttestations: () => [],
});

/**
 * Test-only hooks at the points where a crash is most dangerous; production passes none.
 * `offchain/simulation/crash.ts` builds them from QCP_TEST_CRASH_AFTER.
 */
export interface DaemonHooks {
  afterCommitSent?(requestId: bigint): void;
  afterCommitMined?(requestId: bigint): void;
}
