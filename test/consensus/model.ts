/**
 * A plain TypeScript model of QualityConsensus finalization (DESIGN.md section 3.2), written from
 * the specification, against which the contract's events and state are checked.
 */

export const MAX_BPS = 10_000n;

/** Mirrors IQualityConsensus.Phase. */
export const Phase = { None: 0n, Commit: 1n, Reveal: 2n, Finalizable: 3n, Finalized: 4n } as const;
/** Mirrors IQualityConsensus.Outcome. */
export const Outcome = { None: 0n, Accepted: 1n, Rejected: 2n, NoQuorum: 3n } as const;

export interface ModelParams {
  minQuality: bigint;
  riskThreshold: bigint;
  domainThreshold: bigint;
  agreementThreshold: bigint;
  agreementTolerance: bigint;
  nonRevealSlashBps: bigint;
  protocolFeeBps: bigint;
}

export const DEFAULT_PARAMS: ModelParams = {
  minQuality: 7_000n,
  riskThreshold: 5_000n,
  domainThreshold: 8_000n,
  agreementThreshold: 8_000n,
  agreementTolerance: 1_000n,
  nonRevealSlashBps: 100n,
  protocolFeeBps: 500n,
};

export interface ModelBallot {
  validator: string;
  committed: boolean;
  revealed: boolean;
  weight: bigint;
  quality: number;
  risk: number;
  domain: number;
}

export interface ModelResult {
  outcome: bigint;
  quality: bigint;
  risk: bigint;
  domain: bigint;
  agreementBps: bigint;
  participationBps: bigint;
  contested: boolean;
  /** validator -> performance bps, for every committee member */
  performance: Map<string, bigint>;
  /** validator -> reward credited */
  rewards: Map<string, bigint>;
  toTreasury: bigint;
  refunded: bigint;
}

/** Lower weighted median: smallest value whose at-or-below weight is at least half the total. */
export function lowerWeightedMedian(values: bigint[], weights: bigint[]): bigint {
  const pairs = values
    .map((v, i) => [v, weights[i]] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const total = weights.reduce((a, b) => a + b, 0n);
  let cumulative = 0n;
  for (const [v, w] of pairs) {
    cumulative += w;
    if (cumulative * 2n >= total) return v;
  }
  throw new Error("empty");
}

const abs = (x: bigint) => (x < 0n ? -x : x);
const max = (...xs: bigint[]) => xs.reduce((a, b) => (a > b ? a : b));
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

/** Everything finalize decides, from the committee's ballots. */
export function finalizeModel(
  ballots: ModelBallot[],
  committeeWeight: bigint,
  fee: bigint,
  params: ModelParams = DEFAULT_PARAMS,
): ModelResult {
  const n = BigInt(ballots.length);
  const revealed = ballots.filter((b) => b.revealed);
  const revealedWeight = revealed.reduce((a, b) => a + b.weight, 0n);
  const f = (n - 1n) / 3n;
  const quorum =
    BigInt(revealed.length) >= 2n * f + 1n && revealedWeight * 3n >= committeeWeight * 2n;
  let quality = 0n;
  let risk = 0n;
  let domain = 0n;
  if (revealed.length > 0) {
    const w = revealed.map((b) => b.weight);
    quality = lowerWeightedMedian(
      revealed.map((b) => BigInt(b.quality)),
      w,
    );
    risk = lowerWeightedMedian(
      revealed.map((b) => BigInt(b.risk)),
      w,
    );
    domain = lowerWeightedMedian(
      revealed.map((b) => BigInt(b.domain)),
      w,
    );
  }
  const deviation = (b: ModelBallot) =>
    max(
      abs(BigInt(b.quality) - quality),
      abs(BigInt(b.risk) - risk),
      abs(BigInt(b.domain) - domain),
    );
  const agreeing = revealed.filter((b) => deviation(b) <= params.agreementTolerance);
  const agreeingWeight = agreeing.reduce((a, b) => a + b.weight, 0n);
  const agreementBps = revealedWeight === 0n ? 0n : (agreeingWeight * MAX_BPS) / revealedWeight;
  let participationBps = committeeWeight === 0n ? 0n : (revealedWeight * MAX_BPS) / committeeWeight;
  if (participationBps > MAX_BPS) participationBps = MAX_BPS;
  const outcome = !quorum
    ? Outcome.NoQuorum
    : quality >= params.minQuality &&
        risk < params.riskThreshold &&
        domain >= params.domainThreshold
      ? Outcome.Accepted
      : Outcome.Rejected;

  const performance = new Map<string, bigint>();
  for (const b of ballots) {
    if (!b.revealed) {
      performance.set(b.validator, 0n);
      continue;
    }
    const d = deviation(b);
    performance.set(b.validator, d >= 5_000n ? 0n : MAX_BPS - 2n * d);
  }

  const rewards = new Map<string, bigint>();
  let toTreasury = 0n;
  let refunded = 0n;
  if (!quorum) {
    refunded = fee;
  } else {
    const protocolShare = ceilDiv(fee * params.protocolFeeBps, MAX_BPS);
    const pool = fee - protocolShare;
    let rewarded = 0n;
    if (agreeingWeight > 0n) {
      for (const b of agreeing) {
        const r = (pool * b.weight) / agreeingWeight;
        if (r > 0n) {
          rewards.set(b.validator, r);
          rewarded += r;
        }
      }
    }
    toTreasury = fee - rewarded;
  }
  return {
    outcome,
    quality,
    risk,
    domain,
    agreementBps,
    participationBps,
    contested: quorum && agreementBps < params.agreementThreshold,
    performance,
    rewards,
    toTreasury,
    refunded,
  };
}

/** The registry's EMA step (alpha 0.1; increases round down, decreases round up; clamp [1000, 10000]). */
export function nextReputation(rep: bigint, performanceBps: bigint): bigint {
  let next =
    performanceBps >= rep
      ? rep + (1_000n * (performanceBps - rep)) / MAX_BPS
      : rep - ceilDiv(1_000n * (rep - performanceBps), MAX_BPS);
  if (next < 1_000n) next = 1_000n;
  if (next > MAX_BPS) next = MAX_BPS;
  return next;
}

/** Non-reveal slash: nonRevealSlashBps of the stake, rounded up, never more than the stake. */
export function nonRevealSlash(
  stake: bigint,
  slashBps: bigint = DEFAULT_PARAMS.nonRevealSlashBps,
): bigint {
  const amount = ceilDiv(stake * slashBps, MAX_BPS);
  return amount > stake ? stake : amount;
}
