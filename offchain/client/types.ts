import type { Hex } from "viem";

/** `IQualityConsensus.Phase`, mirrored once for the client (the contract derives it from deadlines). */
export const Phase = { None: 0, Commit: 1, Reveal: 2, Finalizable: 3, Finalized: 4 } as const;
export type Phase = (typeof Phase)[keyof typeof Phase];
export type PhaseName = keyof typeof Phase;

/** `IQualityConsensus.Outcome`. */
export const Outcome = { None: 0, Accepted: 1, Rejected: 2, NoQuorum: 3 } as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];
export type OutcomeName = keyof typeof Outcome;

const PHASE_NAMES = Object.keys(Phase) as PhaseName[];
const OUTCOME_NAMES = Object.keys(Outcome) as OutcomeName[];

export function phaseName(phase: number): PhaseName {
  const name = PHASE_NAMES[phase];
  if (name === undefined) throw new RangeError(`unknown phase ${phase}`);
  return name;
}

export function outcomeName(outcome: number): OutcomeName {
  const name = OUTCOME_NAMES[outcome];
  if (name === undefined) throw new RangeError(`unknown outcome ${outcome}`);
  return name;
}

/** A request's result as `getResult` returns it, with names next to the enum values. */
export interface QcpResult {
  readonly requestId: bigint;
  /** False while the request is in flight (outcome `None`). */
  readonly finalized: boolean;
  readonly outcome: Outcome;
  readonly outcomeName: OutcomeName;
  /** Weighted-median scores, basis points 0..10_000. */
  readonly quality: number;
  readonly risk: number;
  readonly domain: number;
  readonly agreementBps: number;
  readonly participationBps: number;
  /** Agreement below the request's agreementThreshold: final, but consumers may want to look twice. */
  readonly contested: boolean;
  /** Unix seconds; 0 until finalized. */
  readonly finalizedAt: bigint;
}

/** A request as `getRequest` returns it; `domain` decoded from bytes32. */
export interface QcpRequest {
  readonly requestId: bigint;
  readonly submitter: Hex;
  readonly epoch: bigint;
  /** Unix seconds, inclusive. */
  readonly commitDeadline: bigint;
  readonly revealDeadline: bigint;
  readonly committeeSize: number;
  readonly commitCount: number;
  readonly revealCount: number;
  readonly outputHash: Hex;
  readonly domain: string;
  readonly fee: bigint;
  readonly committeeWeight: bigint;
  readonly params: {
    readonly minQuality: number;
    readonly riskThreshold: number;
    readonly domainThreshold: number;
    readonly agreementThreshold: number;
    readonly agreementTolerance: number;
    readonly nonRevealSlashBps: number;
    readonly protocolFeeBps: number;
  };
  readonly outcome: Outcome;
  readonly outcomeName: OutcomeName;
}
