import { expect } from "chai";
import { computeHealth, durationStats, percentile } from "../../offchain/health/compute.js";
import { formatHealth, jsonReplacer } from "../../offchain/health/format.js";
import {
  fetchDaemonMetrics,
  parsePrometheus,
  summarizeDaemonMetrics,
} from "../../offchain/health/metrics.js";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type {
  Finalization,
  HealthEvents,
  SubmittedRequest,
  VoteEvent,
} from "../../offchain/health/types.js";
import type { OutcomeName } from "../../offchain/client/types.js";

const A = "0x000000000000000000000000000000000000000a";
const B = "0x000000000000000000000000000000000000000b";
const C = "0x000000000000000000000000000000000000000c";
const D = "0x000000000000000000000000000000000000000d";
const COMMITTEE = [A, B, C, D];
const WINDOW = 120;

/** A request submitted at `t` with 120 s windows and the four-member committee. */
function request(
  id: number,
  t: number,
  committee: readonly string[] = COMMITTEE,
): SubmittedRequest {
  return {
    requestId: BigInt(id),
    submittedAt: t,
    commitDeadline: t + WINDOW,
    revealDeadline: t + 2 * WINDOW,
    committeeSize: committee.length,
    domain: "general",
    committee,
  };
}

const vote = (id: number, validator: string, timestamp: number): VoteEvent => ({
  requestId: BigInt(id),
  validator,
  timestamp,
});

function finalization(
  id: number,
  timestamp: number,
  outcome: OutcomeName,
  extra: Partial<Finalization> = {},
): Finalization {
  return {
    requestId: BigInt(id),
    timestamp,
    outcome,
    quality: 8000,
    risk: 1000,
    domain: 9000,
    agreementBps: outcome === "NoQuorum" ? 0 : 10_000,
    participationBps: 10_000,
    contested: false,
    ...extra,
  };
}

/**
 * `n` requests, one every 1000 s; every member commits 2 s and reveals 4 s after submission and the
 * request is finalized `latency(i)` seconds after submission (all revealed, so finalizable at +4 s).
 */
function cleanRun(n: number, latency: (i: number) => number): HealthEvents {
  const requests: SubmittedRequest[] = [];
  const commits: VoteEvent[] = [];
  const reveals: VoteEvent[] = [];
  const finalizations: Finalization[] = [];
  for (let i = 1; i <= n; i++) {
    const t = i * 1000;
    requests.push(request(i, t));
    for (const v of COMMITTEE) {
      commits.push(vote(i, v, t + 2));
      reveals.push(vote(i, v, t + 4));
    }
    finalizations.push(finalization(i, t + latency(i), i % 2 === 0 ? "Rejected" : "Accepted"));
  }
  return { requests, commits, reveals, finalizations, slashes: [] };
}

const codes = (events: HealthEvents, now = 1e9, extra = {}) =>
  computeHealth(events, { now, ...extra }).recommendations.map((r) => r.code);

describe("health: percentiles", () => {
  it("percentile_usesNearestRank_onSortedSamples", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    expect(percentile(sorted, 99)).to.equal(99);
    expect(percentile(sorted, 50)).to.equal(50);
    expect(percentile(sorted, 100)).to.equal(100);
    expect(percentile([7], 99)).to.equal(7);
    expect(percentile([], 99)).to.equal(null);
  });

  it("durationStats_givesAverageP50P99Max_orNulls", () => {
    expect(durationStats([10, 20, 30, 40])).to.deep.equal({
      count: 4,
      averageS: 25,
      p50S: 20,
      p99S: 40,
      maxS: 40,
    });
    expect(durationStats([]).averageS).to.equal(null);
  });
});

describe("health: computeHealth on synthetic events", () => {
  it("latency_isSubmissionToFinalization_withAverageAndP99", () => {
    // Latencies 5..104 s: average 54.5, p99 (nearest rank 99 of 100) = 103.
    const report = computeHealth(
      cleanRun(100, (i) => i + 4),
      { now: 1e9 },
    );
    expect(report.latency.count).to.equal(100);
    expect(report.latency.averageS).to.equal(54.5);
    expect(report.latency.p99S).to.equal(103);
    expect(report.latency.maxS).to.equal(104);
    expect(report.timing.commitDelay.p99S).to.equal(2);
    expect(report.timing.revealDelay.p99S).to.equal(2); // reveal opens at the last commit (+2 s)
    expect(report.timing.finalizeDelay.averageS).to.equal(54.5 - 4);
    expect(report.timing.commitWindowS).to.equal(WINDOW);
  });

  it("cleanRun_hasFullParticipation_andNoWarnings", () => {
    const report = computeHealth(
      cleanRun(10, () => 10),
      { now: 1e9 },
    );
    expect(report.requests).to.deep.include({
      submitted: 10,
      finalized: 10,
      inFlight: 0,
      overdue: 0,
    });
    expect(report.requests.byOutcome).to.deep.equal({ Accepted: 5, Rejected: 5, NoQuorum: 0 });
    expect(report.successRate).to.equal(1);
    expect(report.contestedRate).to.equal(0);
    expect(report.averageAgreementBps).to.equal(10_000);
    expect(
      report.validators.map((v) => [v.validator, v.memberships, v.reveals, v.participation]),
    ).to.deep.equal(COMMITTEE.map((v) => [v, 10, 10, 1]));
    expect(report.recommendations).to.deep.equal([]);
  });

  it("successRate_countsNoQuorum_andAgreementIgnoresIt", () => {
    const events = cleanRun(4, () => 10);
    const finalizations = [
      finalization(1, 1010, "Accepted", { agreementBps: 9000 }),
      finalization(2, 2010, "Rejected", { agreementBps: 7000, contested: true }),
      finalization(3, 3010, "NoQuorum", { participationBps: 2500 }),
      finalization(4, 4010, "Accepted", { agreementBps: 8000 }),
    ];
    const report = computeHealth({ ...events, finalizations }, { now: 1e9 });
    expect(report.successRate).to.equal(3 / 4);
    expect(report.contestedRate).to.equal(1 / 3);
    expect(report.averageAgreementBps).to.equal(8000);
    expect(report.averageParticipationBps).to.equal((3 * 10_000 + 2500) / 4);
    const recs = report.recommendations.map((r) => r.code);
    expect(recs).to.include("LOW_SUCCESS_RATE");
    expect(recs).to.include("HIGH_CONTESTED_RATE");
  });

  it("contestedRate_atExactlyTenPercent_isNotFlagged_justAboveIs", () => {
    const base = cleanRun(10, () => 10);
    const withContested = (k: number) => ({
      ...base,
      finalizations: base.finalizations.map((f, i) => (i < k ? { ...f, contested: true } : f)),
    });
    expect(codes(withContested(1))).not.to.include("HIGH_CONTESTED_RATE"); // 10 %
    expect(codes(withContested(2))).to.include("HIGH_CONTESTED_RATE"); // 20 %
    expect(codes(withContested(2), 1e9, { thresholds: { maxContestedRate: 0.25 } })).not.to.include(
      "HIGH_CONTESTED_RATE",
    );
  });

  it("participation_belowEightyPercent_flagsThatValidatorOnly", () => {
    // D misses the reveal in 1 of 5 requests (80 %: fine) or 2 of 5 (60 %: flagged).
    const run = (missed: number) => {
      const events = cleanRun(5, () => 300);
      const drop = new Set(Array.from({ length: missed }, (_, i) => `${i + 1}`));
      return {
        ...events,
        reveals: events.reveals.filter((r) => !(r.validator === D && drop.has(`${r.requestId}`))),
      };
    };
    expect(codes(run(1))).not.to.include("LOW_PARTICIPATION");
    const report = computeHealth(run(2), { now: 1e9 });
    const flagged = report.recommendations.filter((r) => r.code === "LOW_PARTICIPATION");
    expect(flagged).to.have.length(1);
    expect(flagged[0].message).to.contain(D).and.contain("3 of 5");
  });

  it("participation_countsOnlyFinalizedRequests_andMissedReveals", () => {
    const events = cleanRun(3, () => 300);
    const reveals = events.reveals.filter((r) => !(r.validator === C && r.requestId === 1n));
    const inFlight = request(4, 10_000);
    const report = computeHealth(
      { ...events, reveals, requests: [...events.requests, inFlight] },
      { now: 10_001 },
    );
    const c = report.validators.find((v) => v.validator === C)!;
    expect(c).to.deep.include({ memberships: 3, commits: 3, reveals: 2, missedReveals: 1 });
    expect(report.requests).to.deep.include({ inFlight: 1, overdue: 0 });
  });

  it("overdueRequests_pastRevealDeadline_areFlagged", () => {
    const events = cleanRun(1, () => 10);
    const stuck = request(2, 5000);
    const report = computeHealth(
      { ...events, requests: [...events.requests, stuck] },
      { now: stuck.revealDeadline + 1 },
    );
    expect(report.requests.overdue).to.equal(1);
    expect(report.recommendations.map((r) => r.code)).to.include("OVERDUE_REQUESTS");
  });

  it("commitWindow_tooShortForObservedDelay_isFlaggedWithASuggestion", () => {
    const events = cleanRun(10, () => 300);
    // Every commit arrives 100 s into the 120 s window (83 %).
    const commits = events.commits.map((c) => ({
      ...c,
      timestamp: Number(c.requestId) * 1000 + 100,
    }));
    const reveals = events.reveals.map((r) => ({
      ...r,
      timestamp: Number(r.requestId) * 1000 + 102,
    }));
    const report = computeHealth({ ...events, commits, reveals }, { now: 1e9 });
    const rec = report.recommendations.find((r) => r.code === "COMMIT_WINDOW_TOO_SHORT");
    expect(rec?.message).to.contain("at least 200 s");
    expect(
      codes({ ...events, commits, reveals }, 1e9, { thresholds: { maxWindowUsage: 0.9 } }),
    ).not.to.include("COMMIT_WINDOW_TOO_SHORT");
  });

  it("revealWindow_tooShort_whenRevealsArriveNearTheDeadline", () => {
    const events = cleanRun(4, () => 300);
    // Only 3 of 4 commit, so the reveal phase opens after the commit deadline (t + 121) and
    // reveals land at t + 230 of a window ending t + 240.
    const commits = events.commits.filter((c) => c.validator !== D);
    const reveals = events.reveals
      .filter((r) => r.validator !== D)
      .map((r) => ({ ...r, timestamp: Number(r.requestId) * 1000 + 230 }));
    const report = computeHealth({ ...events, commits, reveals }, { now: 1e9 });
    expect(report.timing.revealDelay.p99S).to.equal(109);
    expect(report.recommendations.map((r) => r.code)).to.include("REVEAL_WINDOW_TOO_SHORT");
  });

  it("finalizeDelay_aboveThreshold_isFlagged", () => {
    // All revealed at +4 s; finalized at +100 s: 96 s of waiting for a finalize call.
    expect(codes(cleanRun(3, () => 100))).to.include("SLOW_FINALIZE");
    expect(codes(cleanRun(3, () => 60))).not.to.include("SLOW_FINALIZE");
  });

  it("slashes_areListedPerValidator_andFlagged", () => {
    const events = {
      ...cleanRun(1, () => 10),
      slashes: [
        {
          validator: B,
          amount: 10n ** 19n,
          reason: "NON_REVEAL",
          rewardRecipient: "0x0000000000000000000000000000000000000000",
          reward: 0n,
          blockNumber: 12n,
          timestamp: 1100,
        },
      ],
    };
    const report = computeHealth(events, { now: 1e9 });
    expect(report.validators.find((v) => v.validator === B)).to.deep.include({
      slashes: 1,
      slashedAmount: 10n ** 19n,
    });
    expect(report.recommendations.find((r) => r.code === "SLASHES")?.message).to.contain(B);
    const json = JSON.parse(JSON.stringify(report, jsonReplacer));
    expect(json.slashes[0].amount).to.equal("10000000000000000000");
  });

  it("eventsOfRequestsOutsideTheRange_areIgnored", () => {
    const events = cleanRun(2, () => 10);
    const stray = finalization(99, 5, "NoQuorum");
    const report = computeHealth(
      {
        ...events,
        finalizations: [...events.finalizations, stray],
        reveals: [...events.reveals, vote(99, A, 1)],
      },
      { now: 1e9 },
    );
    expect(report.requests.finalized).to.equal(2);
    expect(report.requests.byOutcome.NoQuorum).to.equal(0);
  });

  it("noRequests_givesNullRates_andAnInfo", () => {
    const report = computeHealth(
      { requests: [], commits: [], reveals: [], finalizations: [], slashes: [] },
      { now: 0 },
    );
    expect(report.successRate).to.equal(null);
    expect(report.latency.p99S).to.equal(null);
    expect(report.recommendations).to.deep.equal([
      {
        severity: "info",
        code: "NO_REQUESTS",
        message: "no request was submitted in the scanned range",
      },
    ]);
    expect(formatHealth(report)).to.contain("NO_REQUESTS");
  });
});

describe("health: daemon metrics", () => {
  const TEXT = [
    "# HELP qcp_votes_total Vote actions",
    "# TYPE qcp_votes_total counter",
    'qcp_votes_total{action="commit",result="confirmed"} 5',
    'qcp_votes_total{action="reveal",result="confirmed"} 4',
    'qcp_votes_total{action="reveal",result="failed"} 1',
    "qcp_votes_missed_total 2",
    'qcp_rpc_disagreements_total{method="eth_call"} 3',
    'qcp_head_lag_blocks{endpoint="0"} 0',
    'qcp_head_lag_blocks{endpoint="1"} 9',
    'qcp_last_success_timestamp_seconds{action="commit"} 1000',
    'qcp_last_success_timestamp_seconds{action="reveal"} 1500',
    'weird_label{a="x\\"y"} 1',
    "garbage line",
  ].join("\n");

  it("parsePrometheus_readsNamesLabelsValues_andSkipsComments", () => {
    const samples = parsePrometheus(TEXT);
    expect(samples).to.have.length(10); // 2 comments and 1 malformed line skipped
    expect(samples[0]).to.deep.equal({
      name: "qcp_votes_total",
      labels: { action: "commit", result: "confirmed" },
      value: 5,
    });
    expect(samples.at(-1)?.labels.a).to.equal('x"y');
  });

  it("summarizeDaemonMetrics_feedsTheDaemonRecommendations", () => {
    const daemon = summarizeDaemonMetrics("http://v1/metrics", parsePrometheus(TEXT), 2000);
    expect(daemon).to.deep.include({
      votesMissed: 2,
      rpcDisagreements: 3,
      maxHeadLagBlocks: 9,
      lastSuccessAgeS: 500,
    });
    expect(daemon.votes).to.deep.equal({
      "commit/confirmed": 5,
      "reveal/confirmed": 4,
      "reveal/failed": 1,
    });
    const down = { ...daemon, url: "http://v2/metrics", up: false, error: "ECONNREFUSED" };
    const recs = codes(
      cleanRun(1, () => 10),
      1e9,
      { daemons: [daemon, down] },
    );
    expect(recs).to.include.members([
      "DAEMON_MISSED_VOTES",
      "DAEMON_RPC_DISAGREEMENT",
      "DAEMON_HEAD_LAG",
      "DAEMON_DOWN",
    ]);
    expect(recs).not.to.include("DAEMON_STALE"); // 500 s < 600 s
  });

  it("fetchDaemonMetrics_readsALiveEndpoint_andReportsADeadOneAsDown", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(TEXT);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const closedPort = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, "127.0.0.1", () => {
          const p = (probe.address() as AddressInfo).port;
          probe.close(() => resolve(p));
        });
      });
      const [live, dead] = await fetchDaemonMetrics(
        [`http://127.0.0.1:${port}/metrics`, `http://127.0.0.1:${closedPort}/metrics`],
        2000,
      );
      expect(live).to.deep.include({ up: true, votesMissed: 2, lastSuccessAgeS: 500 });
      expect(dead.up).to.equal(false);
      expect(dead.error).to.be.a("string");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
