import type { DurationStats, HealthReport } from "./types.js";

/** JSON.stringify replacer: bigints as decimal strings (token amounts in wei, ids). */
export function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

/** A left-aligned text table; every row has the header's number of cells. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

const pct = (value: number | null) => (value === null ? "-" : `${(value * 100).toFixed(1)} %`);
const bps = (value: number | null) => (value === null ? "-" : `${(value / 100).toFixed(1)} %`);
const s = (value: number | null) => (value === null ? "-" : `${Math.round(value * 10) / 10} s`);
const stats = (d: DurationStats) =>
  d.count === 0
    ? "-"
    : `avg ${s(d.averageS)}, p50 ${s(d.p50S)}, p99 ${s(d.p99S)}, max ${s(d.maxS)} (n=${d.count})`;
const short = (address: string) => `${address.slice(0, 8)}…${address.slice(-4)}`;

/** The human-readable report: summary, timing, validators, slashes, daemons, recommendations. */
export function formatHealth(
  report: HealthReport,
  range?: { fromBlock: bigint; toBlock: bigint },
  formatAmount: (wei: bigint) => string = (wei) => wei.toString(),
): string {
  const r = report.requests;
  const out: string[] = [];
  out.push(`Consensus health${range ? ` (blocks ${range.fromBlock}..${range.toBlock})` : ""}`);
  out.push(
    table(
      ["metric", "value"],
      [
        ["requests submitted", String(r.submitted)],
        ["finalized / in flight / overdue", `${r.finalized} / ${r.inFlight} / ${r.overdue}`],
        [
          "accepted / rejected / no quorum",
          `${r.byOutcome.Accepted} / ${r.byOutcome.Rejected} / ${r.byOutcome.NoQuorum}`,
        ],
        ["success rate (quorum / finalized)", pct(report.successRate)],
        ["contested rate", pct(report.contestedRate)],
        ["average agreement", bps(report.averageAgreementBps)],
        ["average participation", bps(report.averageParticipationBps)],
        ["latency submit → final", stats(report.latency)],
        ["commit delay", stats(report.timing.commitDelay)],
        ["reveal delay", stats(report.timing.revealDelay)],
        ["finalize delay", stats(report.timing.finalizeDelay)],
        [
          "windows commit / reveal",
          `${s(report.timing.commitWindowS)} / ${s(report.timing.revealWindowS)}`,
        ],
      ],
    ),
  );
  if (report.validators.length > 0) {
    out.push("", "Validators");
    out.push(
      table(
        [
          "validator",
          "committees",
          "commits",
          "reveals",
          "participation",
          "missed reveals",
          "slashed",
        ],
        report.validators.map((v) => [
          v.validator,
          String(v.memberships),
          String(v.commits),
          String(v.reveals),
          pct(v.participation),
          String(v.missedReveals),
          v.slashes === 0 ? "-" : `${formatAmount(v.slashedAmount)} (${v.slashes}x)`,
        ]),
      ),
    );
  }
  if (report.slashes.length > 0) {
    out.push("", "Slashes");
    out.push(
      table(
        ["block", "validator", "amount", "reason", "reward"],
        report.slashes.map((x) => [
          String(x.blockNumber),
          short(x.validator),
          formatAmount(x.amount),
          x.reason,
          x.reward === 0n ? "-" : `${formatAmount(x.reward)} to ${short(x.rewardRecipient)}`,
        ]),
      ),
    );
  }
  if (report.daemons.length > 0) {
    out.push("", "Daemons");
    out.push(
      table(
        [
          "metrics url",
          "up",
          "votes",
          "missed",
          "rpc errors",
          "disagreements",
          "head lag",
          "last success",
        ],
        report.daemons.map((d) => [
          d.url,
          d.up ? "yes" : `no (${d.error ?? "?"})`,
          Object.entries(d.votes)
            .map(([k, v]) => `${k}=${v}`)
            .join(" ") || "-",
          String(d.votesMissed),
          String(d.rpcErrors),
          String(d.rpcDisagreements),
          String(d.maxHeadLagBlocks),
          d.lastSuccessAgeS === undefined ? "-" : `${Math.round(d.lastSuccessAgeS)} s ago`,
        ]),
      ),
    );
  }
  out.push("", "Recommendations");
  if (report.recommendations.length === 0) out.push("  none: every figure is within its threshold");
  for (const rec of report.recommendations)
    out.push(`  [${rec.severity}] ${rec.code}: ${rec.message}`);
  return out.join("\n");
}
