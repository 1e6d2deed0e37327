import type { TuneState, TunedParameter } from "../../offchain/governance/tune.js";
import type { DurationStats, HealthReport, ValidatorHealth } from "../../offchain/health/types.js";

/** Synthetic health figures and chain state for the tune tests. */

function stats(p99S: number | null, count = 50): DurationStats {
  return p99S === null
    ? { count: 0, averageS: null, p50S: null, p99S: null, maxS: null }
    : { count, averageS: p99S / 2, p50S: p99S / 2, p99S, maxS: p99S };
}

export function validator(i: number, participation: number, slashes = 0): ValidatorHealth {
  return {
    validator: `0x${String(i).padStart(40, "0")}`,
    memberships: 20,
    commits: 20,
    reveals: Math.round(20 * participation),
    participation,
    missedReveals: 20 - Math.round(20 * participation),
    slashes,
    slashedAmount: slashes > 0 ? 10n : 0n,
  };
}

/** A healthy network: 20 finalized, nothing contested, windows used at 50 %, 7 healthy validators. */
export function health(overrides: {
  finalized?: number;
  commitP99?: number | null;
  revealP99?: number | null;
  contestedRate?: number | null;
  averageAgreementBps?: number | null;
  validators?: ValidatorHealth[];
  slashes?: number;
}): HealthReport {
  const finalized = overrides.finalized ?? 20;
  const slashes = Array.from({ length: overrides.slashes ?? 0 }, () => ({
    validator: "0x0000000000000000000000000000000000000001",
    amount: 10n,
    reason: "equivocation",
    rewardRecipient: "0x0000000000000000000000000000000000000002",
    reward: 5n,
    blockNumber: 1n,
    timestamp: 1,
  }));
  return {
    requests: {
      submitted: finalized,
      finalized,
      inFlight: 0,
      overdue: 0,
      byOutcome: { Accepted: finalized, Rejected: 0, NoQuorum: 0 },
    },
    latency: stats(30),
    successRate: finalized === 0 ? null : 1,
    contestedRate: overrides.contestedRate === undefined ? 0 : overrides.contestedRate,
    averageAgreementBps:
      overrides.averageAgreementBps === undefined ? 8_600 : overrides.averageAgreementBps,
    averageParticipationBps: 10_000,
    timing: {
      commitWindowS: 60,
      revealWindowS: 60,
      commitDelay: stats(overrides.commitP99 === undefined ? 30 : overrides.commitP99),
      revealDelay: stats(overrides.revealP99 === undefined ? 30 : overrides.revealP99),
      finalizeDelay: stats(2),
    },
    validators: overrides.validators ?? Array.from({ length: 7 }, (_, i) => validator(i, 1)),
    slashes,
    daemons: [],
    recommendations: [],
  };
}

export const BOUNDS = {
  commitWindow: { min: 10n, max: 86_400n },
  revealWindow: { min: 10n, max: 86_400n },
  minValidators: { min: 4n, max: 100n },
  agreementThreshold: { min: 5_000n, max: 10_000n },
  agreementTolerance: { min: 100n, max: 5_000n },
};

export function state(
  current: Partial<Record<TunedParameter, bigint>> = {},
  activeValidators = 7,
  bounds: Partial<TuneState["bounds"]> = {},
): TuneState {
  return {
    current: {
      commitWindow: 60n,
      revealWindow: 60n,
      minValidators: 5n,
      agreementThreshold: 8_000n,
      agreementTolerance: 1_000n,
      ...current,
    },
    bounds: { ...BOUNDS, ...bounds },
    activeValidators,
  };
}
