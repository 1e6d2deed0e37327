/** Scores are integer basis points 0..10_000 on chain; checks work with fractions 0..1. */
export const MAX_BPS = 10_000;

/** A validator's vote, exactly as the contracts' `IQualityConsensus.Vote`. */
export interface Vote {
  quality: number;
  risk: number;
  domain: number;
  findingsHash: `0x${string}`;
}

/** Converts a fraction in [0, 1] to basis points, rounding half up; rejects anything else. */
export function toBps(fraction: number): number {
  if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
    throw new RangeError(`score must be a finite number in [0, 1], got ${fraction}`);
  }
  return Math.round(fraction * MAX_BPS);
}

export function fromBps(bps: number): number {
  assertBps(bps, "score");
  return bps / MAX_BPS;
}

export function assertBps(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0 || value > MAX_BPS) {
    throw new RangeError(`${name} must be an integer in 0..${MAX_BPS}, got ${value}`);
  }
}

export function assertVote(vote: Vote): void {
  assertBps(vote.quality, "quality");
  assertBps(vote.risk, "risk");
  assertBps(vote.domain, "domain");
  if (!/^0x[0-9a-fA-F]{64}$/.test(vote.findingsHash)) {
    throw new RangeError(`findingsHash must be 32 bytes of hex, got ${vote.findingsHash}`);
  }
}

export function votesEqual(a: Vote, b: Vote): boolean {
  return (
    a.quality === b.quality &&
    a.risk === b.risk &&
    a.domain === b.domain &&
    a.findingsHash.toLowerCase() === b.findingsHash.toLowerCase()
  );
}
