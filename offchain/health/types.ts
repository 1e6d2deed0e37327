import type { OutcomeName } from "../client/types.js";

/** A `RequestSubmitted` event with its block time; `committee` from the registry at the request's epoch. */
export interface SubmittedRequest {
  readonly requestId: bigint;
  /** Unix seconds of the submission block. */
  readonly submittedAt: number;
  readonly commitDeadline: number;
  readonly revealDeadline: number;
  readonly committeeSize: number;
  readonly domain: string;
  /** Members of the request's committee; undefined when unknown (then left out of participation). */
  readonly committee?: readonly string[];
}

/** A `VoteCommitted` or `VoteRevealed` event with its block time. */
export interface VoteEvent {
  readonly requestId: bigint;
  readonly validator: string;
  readonly timestamp: number;
}

/** A `RequestFinalized` event with its block time. */
export interface Finalization {
  readonly requestId: bigint;
  readonly timestamp: number;
  readonly outcome: OutcomeName;
  readonly quality: number;
  readonly risk: number;
  readonly domain: number;
  readonly agreementBps: number;
  readonly participationBps: number;
  readonly contested: boolean;
}

/** A registry `Slashed` event with its block time; `reason` decoded from bytes32 when it is text. */
export interface SlashEvent {
  readonly validator: string;
  readonly amount: bigint;
  readonly reason: string;
  readonly rewardRecipient: string;
  readonly reward: bigint;
  readonly blockNumber: bigint;
  readonly timestamp: number;
}

/** Everything the health report is computed from: plain data, so tests can build it by hand. */
export interface HealthEvents {
  readonly requests: readonly SubmittedRequest[];
  readonly commits: readonly VoteEvent[];
  readonly reveals: readonly VoteEvent[];
  readonly finalizations: readonly Finalization[];
  readonly slashes: readonly SlashEvent[];
}

/** One daemon's `/metrics`, summarised (see metrics.ts). */
export interface DaemonMetrics {
  readonly url: string;
  readonly up: boolean;
  readonly error?: string;
  /** `qcp_votes_total` by `action/result`, e.g. `commit/confirmed`. */
  readonly votes: Readonly<Record<string, number>>;
  readonly votesMissed: number;
  readonly finalizeCalls: number;
  readonly rpcErrors: number;
  readonly rpcDisagreements: number;
  readonly maxHeadLagBlocks: number;
  readonly tickErrors: number;
  /** Seconds since `qcp_last_success_timestamp_seconds` (newest action); undefined if never. */
  readonly lastSuccessAgeS?: number;
}

export interface HealthThresholds {
  /** A validator revealing in fewer of its committees than this (fraction) is flagged. Default 0.8. */
  readonly minParticipation: number;
  /** Contested results above this share of quorum results are flagged. Default 0.1. */
  readonly maxContestedRate: number;
  /** Quorum results below this share of finalized requests are flagged. Default 0.9. */
  readonly minSuccessRate: number;
  /** A p99 commit or reveal delay above this share of its window is flagged. Default 0.8. */
  readonly maxWindowUsage: number;
  /** p99 seconds from "finalizable" to finalized above this is flagged. Default 60. */
  readonly maxFinalizeDelayS: number;
  /** A daemon whose last successful action is older than this is flagged. Default 600. */
  readonly maxDaemonStalenessS: number;
  /** A daemon endpoint lagging more blocks than this is flagged. Default 5. */
  readonly maxHeadLagBlocks: number;
}

export const DEFAULT_THRESHOLDS: HealthThresholds = Object.freeze({
  minParticipation: 0.8,
  maxContestedRate: 0.1,
  minSuccessRate: 0.9,
  maxWindowUsage: 0.8,
  maxFinalizeDelayS: 60,
  maxDaemonStalenessS: 600,
  maxHeadLagBlocks: 5,
});

/** Average, p50, p99 and max of a set of durations in seconds; null fields when there is no sample. */
export interface DurationStats {
  readonly count: number;
  readonly averageS: number | null;
  readonly p50S: number | null;
  readonly p99S: number | null;
  readonly maxS: number | null;
}

export interface ValidatorHealth {
  readonly validator: string;
  /** Finalized requests whose committee included the validator. */
  readonly memberships: number;
  readonly commits: number;
  readonly reveals: number;
  /** reveals / memberships; null without memberships. */
  readonly participation: number | null;
  /** Committed but did not reveal (each one costs a non-reveal slash). */
  readonly missedReveals: number;
  readonly slashes: number;
  readonly slashedAmount: bigint;
}

export interface Recommendation {
  readonly severity: "warning" | "info";
  readonly code: string;
  readonly message: string;
}

export interface HealthReport {
  readonly requests: {
    readonly submitted: number;
    readonly finalized: number;
    readonly inFlight: number;
    /** In flight although their reveal deadline has passed: waiting for someone to finalize. */
    readonly overdue: number;
    readonly byOutcome: Readonly<Record<"Accepted" | "Rejected" | "NoQuorum", number>>;
  };
  /** Submission block to finalization block. */
  readonly latency: DurationStats;
  /** Finalized with quorum (Accepted or Rejected) / all finalized; null when nothing finalized. */
  readonly successRate: number | null;
  /** Contested / finalized with quorum; null without quorum results. */
  readonly contestedRate: number | null;
  /** Mean agreementBps over quorum results. */
  readonly averageAgreementBps: number | null;
  /** Mean participationBps over all finalized. */
  readonly averageParticipationBps: number | null;
  readonly timing: {
    /** Largest commit and reveal windows seen (seconds); windows are snapshotted per request. */
    readonly commitWindowS: number | null;
    readonly revealWindowS: number | null;
    /** Submission to each commit. */
    readonly commitDelay: DurationStats;
    /** Reveal phase opening to each reveal. */
    readonly revealDelay: DurationStats;
    /** Request becoming finalizable to its finalization. */
    readonly finalizeDelay: DurationStats;
  };
  readonly validators: readonly ValidatorHealth[];
  readonly slashes: readonly SlashEvent[];
  readonly daemons: readonly DaemonMetrics[];
  readonly recommendations: readonly Recommendation[];
}
