import { formatUnits } from "ethers";
import type { OutcomeName } from "../client/types.js";
import type { Behaviour } from "../config/schema.js";
import { formatHealth, table } from "../health/format.js";
import type { HealthReport } from "../health/types.js";
import type { TuneDecision } from "../governance/tune.js";
import { expectedOutcome } from "./devSet.js";
import type { TrackedRequest } from "./tracker.js";
import type { EquivocationReport } from "./watchtower.js";

/** A validator's registry record at one moment. */
export interface ValidatorSnapshot {
  readonly stake: bigint;
  readonly reputationBps: number;
  readonly active: boolean;
}

export interface ValidatorRow {
  readonly index: number;
  readonly address: string;
  readonly role: Behaviour;
  readonly byzantine: boolean;
  readonly before: ValidatorSnapshot;
  readonly after: ValidatorSnapshot;
  /** Claimed plus still claimable, stake-token wei. */
  readonly rewards: bigint;
  readonly slashCount: number;
  readonly slashedAmount: bigint;
}

export interface RequestRow {
  readonly index: number;
  readonly requestId: string;
  readonly exampleId: string;
  readonly domain: string;
  readonly expected: "Accepted" | "Rejected";
  readonly outcome: OutcomeName | "Pending";
  readonly quality: number | null;
  readonly risk: number | null;
  readonly domainScore: number | null;
  readonly agreementBps: number | null;
  readonly participationBps: number | null;
  readonly contested: boolean | null;
}

export interface SlashRow {
  readonly validator: string;
  readonly role: Behaviour | "unknown";
  readonly amount: bigint;
  readonly reason: string;
  readonly rewardRecipient: string;
  readonly reward: bigint;
  readonly blockNumber: bigint;
}

/** The demo's final report; `--json <file>` writes it with bigints as decimal strings. */
export interface DemoReport {
  readonly ok: boolean;
  readonly durationS: number;
  readonly settings: {
    readonly validators: number;
    readonly requests: number;
    readonly byzantine: readonly Behaviour[];
    readonly powDifficultyBits: number;
    readonly commitWindowSeconds: number;
    readonly revealWindowSeconds: number;
  };
  readonly deployment: Record<string, unknown>;
  readonly requests: readonly RequestRow[];
  readonly validators: readonly ValidatorRow[];
  readonly slashes: readonly SlashRow[];
  readonly equivocationReports: readonly EquivocationReport[];
  readonly summary: {
    readonly accepted: number;
    readonly rejected: number;
    readonly noQuorum: number;
    readonly pending: number;
    /** Finalized requests whose outcome differs from the dev set's label. */
    readonly mismatches: readonly string[];
    readonly slashedByzantine: readonly string[];
    readonly slashedHonest: readonly string[];
  };
  readonly health: HealthReport;
  /** What `qcp governance tune` would propose from these figures (not scheduled by the demo). */
  readonly tuning: TuneDecision & { readonly text: string };
}

/** Builds the request rows from the tracker. Pure. */
export function requestRows(requests: readonly TrackedRequest[]): RequestRow[] {
  return requests.map((r) => {
    const res = r.result;
    const finalized = r.phase === "Finalized" && res !== undefined;
    return {
      index: r.index,
      requestId: r.requestId?.toString() ?? "-",
      exampleId: r.example.id,
      domain: r.example.payload.domain,
      expected: expectedOutcome(r.example),
      outcome: finalized ? res.outcomeName : "Pending",
      quality: finalized ? res.quality : null,
      risk: finalized ? res.risk : null,
      domainScore: finalized ? res.domain : null,
      agreementBps: finalized ? res.agreementBps : null,
      participationBps: finalized ? res.participationBps : null,
      contested: finalized ? res.contested : null,
    };
  });
}

/** The summary figures and the verdict (every request finalized). Pure. */
export function summarize(
  requests: readonly RequestRow[],
  validators: readonly ValidatorRow[],
): DemoReport["summary"] {
  const count = (o: string) => requests.filter((r) => r.outcome === o).length;
  const slashed = validators.filter((v) => v.slashCount > 0);
  return {
    accepted: count("Accepted"),
    rejected: count("Rejected"),
    noQuorum: count("NoQuorum"),
    pending: count("Pending"),
    mismatches: requests
      .filter((r) => r.outcome !== "Pending" && r.outcome !== r.expected)
      .map((r) => `${r.exampleId}: expected ${r.expected}, got ${r.outcome}`),
    slashedByzantine: slashed.filter((v) => v.byzantine).map((v) => v.address),
    slashedHonest: slashed.filter((v) => !v.byzantine).map((v) => v.address),
  };
}

const tokens = (wei: bigint): string => {
  const text = formatUnits(wei, 18);
  const [whole, fraction = ""] = text.split(".");
  const trimmed = fraction.slice(0, 2).replace(/0+$/, "");
  return trimmed === "" ? whole : `${whole}.${trimmed}`;
};
const bps = (v: number | null) => (v === null ? "-" : (v / 10_000).toFixed(2));
const pct = (v: number | null) => (v === null ? "-" : `${(v / 100).toFixed(1)} %`);
const short = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;
const roleName = (role: string) => (role === "honest" ? "honest" : `Byzantine (${role})`);

/** The final report as text: requests, validators, slashing events, health summary. Pure. */
export function formatDemoReport(report: DemoReport): string {
  const out: string[] = [];
  const s = report.summary;
  out.push("", "=== Requests ===");
  out.push(
    table(
      [
        "#",
        "id",
        "example",
        "domain",
        "expected",
        "outcome",
        "quality",
        "risk",
        "domain",
        "agreement",
        "contested",
      ],
      report.requests.map((r) => [
        String(r.index + 1),
        r.requestId,
        r.exampleId,
        r.domain,
        r.expected,
        r.outcome,
        bps(r.quality),
        bps(r.risk),
        bps(r.domainScore),
        pct(r.agreementBps),
        r.contested === null ? "-" : r.contested ? "yes" : "no",
      ]),
    ),
  );
  out.push("", "=== Validators ===");
  out.push(
    table(
      [
        "#",
        "address",
        "role",
        "stake before → after",
        "reputation before → after",
        "rewards",
        "slashes",
        "active",
      ],
      report.validators.map((v) => [
        String(v.index + 1),
        short(v.address),
        roleName(v.role),
        `${tokens(v.before.stake)} → ${tokens(v.after.stake)}`,
        `${bps(v.before.reputationBps)} → ${bps(v.after.reputationBps)}`,
        tokens(v.rewards),
        v.slashCount === 0 ? "-" : `${v.slashCount} (${tokens(v.slashedAmount)})`,
        v.after.active ? "yes" : "no",
      ]),
    ),
  );
  out.push("", "=== Slashing events ===");
  if (report.slashes.length === 0) out.push("none");
  else
    out.push(
      table(
        ["block", "validator", "role", "amount", "reason", "reporter reward"],
        report.slashes.map((x) => [
          String(x.blockNumber),
          short(x.validator),
          roleName(x.role),
          tokens(x.amount),
          x.reason,
          x.reward === 0n ? "-" : `${tokens(x.reward)} to ${short(x.rewardRecipient)}`,
        ]),
      ),
    );
  for (const r of report.equivocationReports.filter((e) => e.refused !== undefined)) {
    out.push(
      `report on request ${r.requestId} against ${short(r.validator)} refused: ${r.refused}`,
    );
  }
  out.push("", "=== Health ===");
  out.push(formatHealth(report.health, undefined, tokens));
  out.push("", "=== Governance tune (dry run: what `qcp governance tune` would propose) ===");
  out.push(report.tuning.text);
  out.push("", "=== Summary ===");
  out.push(
    `${report.requests.length} requests: ${s.accepted} accepted, ${s.rejected} rejected` +
      `${s.noQuorum ? `, ${s.noQuorum} without quorum` : ""}${s.pending ? `, ${s.pending} not finalized` : ""}` +
      ` in ${Math.round(report.durationS)} s`,
  );
  out.push(
    `outcomes matching the dev-set labels: ${report.requests.length - s.pending - s.mismatches.length}/${report.requests.length - s.pending}`,
  );
  for (const m of s.mismatches) out.push(`  mismatch: ${m}`);
  out.push(
    `slashed Byzantine validators: ${s.slashedByzantine.length === 0 ? "none" : s.slashedByzantine.map(short).join(", ")}` +
      `; slashed honest validators: ${s.slashedHonest.length === 0 ? "none" : s.slashedHonest.map(short).join(", ")}`,
  );
  out.push(report.ok ? "demo OK" : "demo FAILED: not every request was finalized");
  return out.join("\n");
}
