import {
  DEFAULT_THRESHOLDS,
  type DaemonMetrics,
  type DurationStats,
  type Finalization,
  type HealthEvents,
  type HealthReport,
  type HealthThresholds,
  type Recommendation,
  type SubmittedRequest,
  type ValidatorHealth,
  type VoteEvent,
} from "./types.js";

/** Nearest-rank percentile (p in 0..100) of ascending `sorted`; the value of a real sample, never interpolated. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export function durationStats(samples: readonly number[]): DurationStats {
  if (samples.length === 0) {
    return { count: 0, averageS: null, p50S: null, p99S: null, maxS: null };
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((acc, value) => acc + value, 0);
  return {
    count: sorted.length,
    averageS: sum / sorted.length,
    p50S: percentile(sorted, 50),
    p99S: percentile(sorted, 99),
    maxS: sorted[sorted.length - 1],
  };
}

const key = (requestId: bigint, validator: string) => `${requestId}:${validator.toLowerCase()}`;

function groupByRequest(events: readonly VoteEvent[]): Map<bigint, VoteEvent[]> {
  const out = new Map<bigint, VoteEvent[]>();
  for (const event of events) {
    const list = out.get(event.requestId) ?? [];
    list.push(event);
    out.set(event.requestId, list);
  }
  return out;
}

const mean = (values: readonly number[]): number | null =>
  values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;

/**
 * When the reveal phase opened: at the last commit if the whole committee committed before the
 * commit deadline, else just after the deadline (the contract's phase rule).
 */
function revealOpenedAt(request: SubmittedRequest, commits: readonly VoteEvent[]): number {
  if (commits.length >= request.committeeSize && commits.length > 0) {
    return Math.max(...commits.map((c) => c.timestamp));
  }
  return request.commitDeadline + 1;
}

/** When the request became finalizable (everyone who committed revealed, or the deadlines passed). */
function finalizableAt(
  request: SubmittedRequest,
  commits: readonly VoteEvent[],
  reveals: readonly VoteEvent[],
): number {
  if (commits.length === 0) return request.commitDeadline + 1;
  if (reveals.length >= commits.length) {
    const lastReveal = Math.max(...reveals.map((r) => r.timestamp));
    return commits.length >= request.committeeSize
      ? lastReveal
      : Math.max(request.commitDeadline + 1, lastReveal);
  }
  return request.revealDeadline + 1;
}

const pct = (fraction: number) => `${(fraction * 100).toFixed(1)} %`;
const secs = (value: number) => `${Math.round(value * 10) / 10} s`;

/**
 * The seed's consensus health report, computed from chain events (and optionally daemon
 * metrics) only: no I/O, no clock except `now`, so the same events always give the same report.
 * It covers the requests in `events.requests` (those submitted in the scanned range); votes and
 * finalizations of other requests are ignored.
 *
 * @param now unix seconds, used to tell overdue requests from in-flight ones.
 *
 * @example
 * import { computeHealth } from "./offchain/health/compute.js";
 * import { formatHealth } from "./offchain/health/format.js";
 * const report = computeHealth(
 *   { requests: [], commits: [], reveals: [], finalizations: [], slashes: [] },
 *   { now: Math.floor(Date.now() / 1000), thresholds: { minParticipation: 0.9 } },
 * );
 * console.log(formatHealth(report));
 */
export function computeHealth(
  events: HealthEvents,
  options: {
    now: number;
    daemons?: readonly DaemonMetrics[];
    thresholds?: Partial<HealthThresholds>;
  },
): HealthReport {
  const t: HealthThresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const requests = new Map(events.requests.map((r) => [r.requestId, r]));
  const inRange = <T extends { requestId: bigint }>(list: readonly T[]) =>
    list.filter((e) => requests.has(e.requestId));
  const commitsBy = groupByRequest(inRange(events.commits));
  const revealsBy = groupByRequest(inRange(events.reveals));
  const finalized = new Map<bigint, Finalization>(
    inRange(events.finalizations).map((f) => [f.requestId, f]),
  );

  const byOutcome = { Accepted: 0, Rejected: 0, NoQuorum: 0 };
  const latencies: number[] = [];
  const finalizeDelays: number[] = [];
  const agreements: number[] = [];
  const participations: number[] = [];
  let contested = 0;
  for (const [requestId, f] of finalized) {
    if (f.outcome === "Accepted" || f.outcome === "Rejected" || f.outcome === "NoQuorum") {
      byOutcome[f.outcome]++;
    }
    const request = requests.get(requestId)!;
    latencies.push(f.timestamp - request.submittedAt);
    const ready = finalizableAt(
      request,
      commitsBy.get(requestId) ?? [],
      revealsBy.get(requestId) ?? [],
    );
    finalizeDelays.push(Math.max(0, f.timestamp - ready));
    participations.push(f.participationBps);
    if (f.outcome !== "NoQuorum") {
      agreements.push(f.agreementBps);
      if (f.contested) contested++;
    }
  }
  const quorumResults = byOutcome.Accepted + byOutcome.Rejected;
  const overdue = events.requests.filter(
    (r) => !finalized.has(r.requestId) && r.revealDeadline < options.now,
  ).length;

  // Commit delay from submission; reveal delay from the reveal phase opening. Each delay is also
  // taken as a share of its own request's window, since windows are snapshotted per request.
  const commitDelays: number[] = [];
  const commitUsage: number[] = [];
  const revealDelays: number[] = [];
  const revealUsage: number[] = [];
  let commitWindowS: number | null = null;
  let revealWindowS: number | null = null;
  for (const request of events.requests) {
    const commitWindow = request.commitDeadline - request.submittedAt;
    const revealWindow = request.revealDeadline - request.commitDeadline;
    commitWindowS = Math.max(commitWindowS ?? 0, commitWindow);
    revealWindowS = Math.max(revealWindowS ?? 0, revealWindow);
    const commits = commitsBy.get(request.requestId) ?? [];
    for (const c of commits) {
      const delay = c.timestamp - request.submittedAt;
      commitDelays.push(delay);
      if (commitWindow > 0) commitUsage.push(delay / commitWindow);
    }
    const opened = revealOpenedAt(request, commits);
    const available = request.revealDeadline - opened + 1;
    for (const r of revealsBy.get(request.requestId) ?? []) {
      const delay = Math.max(0, r.timestamp - opened);
      revealDelays.push(delay);
      if (available > 0) revealUsage.push(delay / available);
    }
  }

  // Participation: only finalized requests count, so requests still voting do not look like misses.
  const stats = new Map<
    string,
    {
      validator: string;
      memberships: number;
      commits: number;
      reveals: number;
      slashes: number;
      slashedAmount: bigint;
    }
  >();
  const statsOf = (validator: string) => {
    const k = validator.toLowerCase();
    let s = stats.get(k);
    if (!s) {
      s = { validator, memberships: 0, commits: 0, reveals: 0, slashes: 0, slashedAmount: 0n };
      stats.set(k, s);
    }
    return s;
  };
  const committed = new Set(inRange(events.commits).map((e) => key(e.requestId, e.validator)));
  const revealed = new Set(inRange(events.reveals).map((e) => key(e.requestId, e.validator)));
  for (const requestId of finalized.keys()) {
    const committee = requests.get(requestId)!.committee;
    if (!committee) continue;
    for (const member of committee) {
      const s = statsOf(member);
      s.memberships++;
      if (committed.has(key(requestId, member))) s.commits++;
      if (revealed.has(key(requestId, member))) s.reveals++;
    }
  }
  for (const slash of events.slashes) {
    const s = statsOf(slash.validator);
    s.slashes++;
    s.slashedAmount += slash.amount;
  }
  const validators: ValidatorHealth[] = [...stats.values()]
    .map((s) => ({
      ...s,
      participation: s.memberships === 0 ? null : s.reveals / s.memberships,
      missedReveals: s.commits - s.reveals,
    }))
    .sort((a, b) => a.validator.toLowerCase().localeCompare(b.validator.toLowerCase()));

  const report: Omit<HealthReport, "recommendations"> = {
    requests: {
      submitted: events.requests.length,
      finalized: finalized.size,
      inFlight: events.requests.length - finalized.size,
      overdue,
      byOutcome,
    },
    latency: durationStats(latencies),
    successRate: finalized.size === 0 ? null : quorumResults / finalized.size,
    contestedRate: quorumResults === 0 ? null : contested / quorumResults,
    averageAgreementBps: mean(agreements),
    averageParticipationBps: mean(participations),
    timing: {
      commitWindowS,
      revealWindowS,
      commitDelay: durationStats(commitDelays),
      revealDelay: durationStats(revealDelays),
      finalizeDelay: durationStats(finalizeDelays),
    },
    validators,
    slashes: [...events.slashes],
    daemons: [...(options.daemons ?? [])],
  };
  const usage = {
    commit: percentile(
      [...commitUsage].sort((a, b) => a - b),
      99,
    ),
    reveal: percentile(
      [...revealUsage].sort((a, b) => a - b),
      99,
    ),
  };
  return { ...report, recommendations: recommend(report, usage, t) };
}

/** The seed's recommendations: each names the figure, the threshold and what to change. */
function recommend(
  r: Omit<HealthReport, "recommendations">,
  usage: { commit: number | null; reveal: number | null },
  t: HealthThresholds,
): Recommendation[] {
  const out: Recommendation[] = [];
  const warn = (code: string, message: string) => out.push({ severity: "warning", code, message });
  if (r.requests.submitted === 0) {
    out.push({
      severity: "info",
      code: "NO_REQUESTS",
      message: "no request was submitted in the scanned range",
    });
  }
  for (const v of r.validators) {
    if (v.participation !== null && v.participation < t.minParticipation) {
      warn(
        "LOW_PARTICIPATION",
        `validator ${v.validator} revealed in ${v.reveals} of ${v.memberships} committees (${pct(v.participation)}, below ${pct(t.minParticipation)}): check its daemon, RPC and balance for gas`,
      );
    }
  }
  if (r.contestedRate !== null && r.contestedRate > t.maxContestedRate) {
    warn(
      "HIGH_CONTESTED_RATE",
      `${pct(r.contestedRate)} of quorum results are contested (above ${pct(t.maxContestedRate)}): validators disagree; compare checker versions, or widen agreementTolerance if the disagreement is honest`,
    );
  }
  if (r.successRate !== null && r.successRate < t.minSuccessRate) {
    warn(
      "LOW_SUCCESS_RATE",
      `only ${pct(r.successRate)} of finalized requests reached quorum (below ${pct(t.minSuccessRate)}): too few reveals; check validator participation and the windows`,
    );
  }
  const { commitDelay, revealDelay, finalizeDelay, commitWindowS, revealWindowS } = r.timing;
  if (usage.commit !== null && usage.commit > t.maxWindowUsage && commitDelay.p99S !== null) {
    warn(
      "COMMIT_WINDOW_TOO_SHORT",
      `p99 commit delay ${secs(commitDelay.p99S)} uses ${pct(usage.commit)} of the commit window (${commitWindowS} s): raise commitWindow to at least ${Math.ceil(commitDelay.p99S * 2)} s`,
    );
  }
  if (usage.reveal !== null && usage.reveal > t.maxWindowUsage && revealDelay.p99S !== null) {
    warn(
      "REVEAL_WINDOW_TOO_SHORT",
      `p99 reveal delay ${secs(revealDelay.p99S)} uses ${pct(usage.reveal)} of the reveal window (${revealWindowS} s): raise revealWindow to at least ${Math.ceil(revealDelay.p99S * 2)} s`,
    );
  }
  if (finalizeDelay.p99S !== null && finalizeDelay.p99S > t.maxFinalizeDelayS) {
    warn(
      "SLOW_FINALIZE",
      `p99 time from finalizable to finalized is ${secs(finalizeDelay.p99S)} (above ${t.maxFinalizeDelayS} s): make sure daemons run their finalize duty`,
    );
  }
  if (r.requests.overdue > 0) {
    warn(
      "OVERDUE_REQUESTS",
      `${r.requests.overdue} request(s) passed their reveal deadline and are not finalized: anyone can call finalize(requestId)`,
    );
  }
  const slashed = new Set(r.slashes.map((s) => s.validator.toLowerCase()));
  if (slashed.size > 0) {
    warn(
      "SLASHES",
      `${r.slashes.length} slash(es) of ${slashed.size} validator(s): ${[...new Set(r.slashes.map((s) => `${s.validator} (${s.reason})`))].join(", ")}`,
    );
  }
  for (const d of r.daemons) {
    if (!d.up) {
      warn(
        "DAEMON_DOWN",
        `metrics endpoint ${d.url} is unreachable${d.error ? ` (${d.error})` : ""}`,
      );
      continue;
    }
    if (d.votesMissed > 0) {
      warn("DAEMON_MISSED_VOTES", `${d.url} reports ${d.votesMissed} missed vote phase(s)`);
    }
    if (d.rpcDisagreements > 0) {
      warn(
        "DAEMON_RPC_DISAGREEMENT",
        `${d.url} saw ${d.rpcDisagreements} read(s) where its RPC endpoints disagreed: one may be stale or lying`,
      );
    }
    if (d.maxHeadLagBlocks > t.maxHeadLagBlocks) {
      warn("DAEMON_HEAD_LAG", `${d.url} has an RPC endpoint ${d.maxHeadLagBlocks} blocks behind`);
    }
    if (d.lastSuccessAgeS === undefined || d.lastSuccessAgeS > t.maxDaemonStalenessS) {
      warn(
        "DAEMON_STALE",
        d.lastSuccessAgeS === undefined
          ? `${d.url} has never completed an action`
          : `${d.url} last succeeded ${Math.round(d.lastSuccessAgeS)} s ago (above ${t.maxDaemonStalenessS} s)`,
      );
    }
  }
  return out;
}
