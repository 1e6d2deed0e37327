import { table } from "../health/format.js";
import type { HealthReport } from "../health/types.js";
import type { GovernanceContext } from "./context.js";
import { findParameter, parameterBounds, proposeParameterChange } from "./params.js";
import type { WriteOptions } from "./send.js";

/**
 * `qcp governance tune`: the seed's dynamic parameter adjustment. A pure decision function turns
 * the health figures into bounded parameter changes with reasons; the command reads the figures
 * and current values from the chain and schedules the changes on the timelock (offchain/governance
 * params.ts), so every change is public for the timelock delay before it applies.
 */

/** The parameters tune may change. */
export const TUNED_PARAMETERS = [
  "commitWindow",
  "revealWindow",
  "minValidators",
  "agreementThreshold",
  "agreementTolerance",
] as const;
export type TunedParameter = (typeof TUNED_PARAMETERS)[number];

export interface Bounds {
  readonly min: bigint;
  readonly max: bigint;
}

/** What the decision reads besides the health report: the chain's current values and bounds. */
export interface TuneState {
  readonly current: Readonly<Record<TunedParameter, bigint>>;
  /** The contracts' bounds (params.ts); a proposal never leaves them. */
  readonly bounds: Readonly<Record<TunedParameter, Bounds>>;
  readonly activeValidators: number;
}

/** How cautious tune is. Every proposal is also clamped to the contract bounds. */
export interface TunePolicy {
  /** No proposal from fewer finalized requests than this. */
  readonly minSamples: number;
  /** A window should be at least this multiple of the p99 delay observed in it. */
  readonly windowHeadroom: number;
  /** p99 delay above this share of the window: the window is too short. */
  readonly maxWindowUsage: number;
  /** p99 delay below this share of the window: the window can shrink. */
  readonly minWindowUsage: number;
  /** One proposal changes a window by at most this factor (up or down). */
  readonly maxWindowStep: number;
  /** Never shrink a window below this (seconds), whatever the figures. */
  readonly minWindowSeconds: bigint;
  /** Never grow a window above this (seconds) automatically. */
  readonly maxWindowSeconds: bigint;
  /** Contested rate above which tolerance is widened (when no anomaly explains it). */
  readonly maxContestedRate: number;
  /** Validators revealing in fewer committees than this are "unhealthy". */
  readonly minParticipation: number;
  /** Step and range of agreementTolerance (bps). */
  readonly toleranceStepBps: bigint;
  /** Narrowing stops here (DESIGN.md's default). */
  readonly toleranceBaseBps: bigint;
  readonly toleranceCapBps: bigint;
  /** Step and cap of agreementThreshold (bps); tune only raises it (see decideTuning). */
  readonly thresholdStepBps: bigint;
  readonly thresholdCapBps: bigint;
  /** Average agreement must exceed the threshold by this much (bps) to raise it. */
  readonly thresholdMarginBps: number;
}

export const DEFAULT_TUNE_POLICY: TunePolicy = Object.freeze({
  minSamples: 10,
  windowHeadroom: 2,
  maxWindowUsage: 0.8,
  minWindowUsage: 0.25,
  maxWindowStep: 2,
  minWindowSeconds: 20n,
  maxWindowSeconds: 3_600n,
  maxContestedRate: 0.1,
  minParticipation: 0.8,
  toleranceStepBps: 250n,
  toleranceBaseBps: 1_000n,
  toleranceCapBps: 2_500n,
  thresholdStepBps: 500n,
  thresholdCapBps: 9_000n,
  thresholdMarginBps: 1_500,
});

export interface TuneProposal {
  readonly parameter: TunedParameter;
  readonly current: bigint;
  readonly proposed: bigint;
  readonly bounds: Bounds;
  readonly reason: string;
}

export interface TuneDecision {
  readonly proposals: readonly TuneProposal[];
  /** Why other parameters stay as they are. */
  readonly notes: readonly string[];
}

const clamp = (v: bigint, b: Bounds): bigint => (v < b.min ? b.min : v > b.max ? b.max : v);
const minBig = (a: bigint, b: bigint) => (a < b ? a : b);
const maxBig = (a: bigint, b: bigint) => (a > b ? a : b);
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const ceil = (x: number) => BigInt(Math.ceil(x));

/**
 * One window (commit or reveal): grow it when the p99 delay uses more than `maxWindowUsage` of it,
 * shrink it when the p99 uses less than `minWindowUsage`; the target is p99 × headroom, moved at
 * most `maxWindowStep` times per proposal and kept inside the policy and contract bounds.
 */
function tuneWindow(
  parameter: "commitWindow" | "revealWindow",
  p99S: number | null,
  samples: number,
  state: TuneState,
  policy: TunePolicy,
): TuneProposal | string {
  const current = state.current[parameter];
  const bounds = state.bounds[parameter];
  const what =
    parameter === "commitWindow"
      ? "commit delay (submission → commit)"
      : "reveal delay (reveal opens → reveal)";
  if (p99S === null || samples === 0) return `${parameter}: no ${what} observed`;
  const usage = Number(current) === 0 ? Infinity : p99S / Number(current);
  const target = ceil(p99S * policy.windowHeadroom);
  const limits: Bounds = {
    min: maxBig(bounds.min, policy.minWindowSeconds),
    max: minBig(bounds.max, policy.maxWindowSeconds),
  };
  let proposed: bigint;
  let reason: string;
  if (usage > policy.maxWindowUsage) {
    proposed = minBig(target, ceil(Number(current) * policy.maxWindowStep));
    reason = `p99 ${what} is ${p99S} s, ${pct(usage)} of the ${current} s window (above ${pct(policy.maxWindowUsage)}): late votes risk missing it; target p99 × ${policy.windowHeadroom}`;
  } else if (usage < policy.minWindowUsage) {
    proposed = maxBig(target, ceil(Number(current) / policy.maxWindowStep));
    reason = `p99 ${what} is ${p99S} s, only ${pct(usage)} of the ${current} s window (below ${pct(policy.minWindowUsage)}): a shorter window ends requests with missing votes sooner; target p99 × ${policy.windowHeadroom}`;
  } else {
    return `${parameter}: p99 ${what} ${p99S} s uses ${pct(usage)} of the window, within [${pct(policy.minWindowUsage)}, ${pct(policy.maxWindowUsage)}]`;
  }
  proposed = clamp(proposed, limits);
  if (proposed === current)
    return `${parameter}: would change but is already at its bound (${current} s)`;
  return { parameter, current, proposed, bounds, reason };
}

/**
 * Decides bounded parameter changes from the health figures. Pure: the same report and state
 * always give the same proposals.
 *
 * - commitWindow / revealWindow follow the p99 delays observed in them (see tuneWindow).
 * - minValidators follows the healthy set: ⌈2/3⌉ of the validators that revealed in at least
 *   `minParticipation` of their committees (never below 4, never above the active set), so a
 *   request cannot be accepted by a committee that has shrunk to a few.
 * - agreementTolerance widens when many results are contested but no anomaly (slash, low
 *   participation) explains it: honest validators disagree by more than the tolerance. When an
 *   anomaly is present, contested flags are doing their job and tune leaves the tolerance alone.
 *   It narrows back when agreement is near unanimous.
 * - agreementThreshold is only raised (stricter flagging) when agreement is consistently far
 *   above it; lowering it hides disagreement, which tune never proposes on its own.
 */
export function decideTuning(
  health: HealthReport,
  state: TuneState,
  policy: TunePolicy = DEFAULT_TUNE_POLICY,
): TuneDecision {
  const proposals: TuneProposal[] = [];
  const notes: string[] = [];
  const finalized = health.requests.finalized;
  if (finalized < policy.minSamples) {
    return {
      proposals,
      notes: [
        `only ${finalized} finalized request(s) in range; tune needs at least ${policy.minSamples}`,
      ],
    };
  }
  const add = (x: TuneProposal | string) =>
    typeof x === "string" ? notes.push(x) : proposals.push(x);
  add(
    tuneWindow(
      "commitWindow",
      health.timing.commitDelay.p99S,
      health.timing.commitDelay.count,
      state,
      policy,
    ),
  );
  add(
    tuneWindow(
      "revealWindow",
      health.timing.revealDelay.p99S,
      health.timing.revealDelay.count,
      state,
      policy,
    ),
  );

  // minValidators from the healthy part of the set.
  const observed = health.validators.filter((v) => v.participation !== null);
  const healthy = observed.filter(
    (v) => v.participation! >= policy.minParticipation && v.slashes === 0,
  ).length;
  const unhealthy = observed.length - healthy;
  {
    const bounds = state.bounds.minValidators;
    const current = state.current.minValidators;
    const upper = minBig(bounds.max, BigInt(Math.max(state.activeValidators, 4)));
    const target = clamp(maxBig(4n, ceil((2 * healthy) / 3)), {
      min: maxBig(bounds.min, 4n),
      max: upper,
    });
    if (observed.length === 0) notes.push("minValidators: no participation figures");
    else if (target === current)
      notes.push(`minValidators: ${current} matches ⌈2/3⌉ of ${healthy} healthy validators`);
    else
      proposals.push({
        parameter: "minValidators",
        current,
        proposed: target,
        bounds,
        reason: `${healthy} of ${observed.length} observed validators are healthy (participation ≥ ${pct(policy.minParticipation)}, not slashed) and ${state.activeValidators} are active: require ⌈2/3⌉ of the healthy set, ${target}`,
      });
  }

  // Agreement tolerance and threshold from contested and anomaly rates.
  const contested = health.contestedRate;
  const anomalies = health.slashes.length + unhealthy;
  const avgAgreement = health.averageAgreementBps;
  const tol = state.current.agreementTolerance;
  const tolBounds = state.bounds.agreementTolerance;
  if (contested === null || avgAgreement === null) {
    notes.push("agreement: no result with quorum in range");
  } else if (contested > policy.maxContestedRate && anomalies === 0) {
    const proposed = clamp(
      minBig(tol + policy.toleranceStepBps, policy.toleranceCapBps),
      tolBounds,
    );
    if (proposed > tol)
      proposals.push({
        parameter: "agreementTolerance",
        current: tol,
        proposed,
        bounds: tolBounds,
        reason: `${pct(contested)} of results are contested (above ${pct(policy.maxContestedRate)}) with no slash or low-participation validator: honest validators disagree by more than ±${tol} bps`,
      });
    else
      notes.push(
        `agreementTolerance: contested rate ${pct(contested)} but the tolerance is at its cap`,
      );
  } else if (contested > policy.maxContestedRate) {
    notes.push(
      `agreementTolerance: ${pct(contested)} contested, but ${anomalies} anomaly(ies) (slashes, low participation) explain it; investigate validators rather than loosen`,
    );
  } else if (contested === 0 && avgAgreement >= 9_500 && tol > policy.toleranceBaseBps) {
    const proposed = clamp(
      maxBig(tol - policy.toleranceStepBps, policy.toleranceBaseBps),
      tolBounds,
    );
    proposals.push({
      parameter: "agreementTolerance",
      current: tol,
      proposed,
      bounds: tolBounds,
      reason: `no contested result and average agreement ${pct(avgAgreement / 10_000)}: the widened tolerance can move back toward ±${policy.toleranceBaseBps} bps`,
    });
  } else {
    notes.push(
      `agreementTolerance: contested rate ${pct(contested)} is within ${pct(policy.maxContestedRate)}`,
    );
  }
  const threshold = state.current.agreementThreshold;
  const thBounds = state.bounds.agreementThreshold;
  if (
    contested === 0 &&
    avgAgreement !== null &&
    avgAgreement - Number(threshold) >= policy.thresholdMarginBps &&
    threshold < policy.thresholdCapBps
  ) {
    const proposed = clamp(
      minBig(threshold + policy.thresholdStepBps, policy.thresholdCapBps),
      thBounds,
    );
    if (proposed > threshold)
      proposals.push({
        parameter: "agreementThreshold",
        current: threshold,
        proposed,
        bounds: thBounds,
        reason: `average agreement ${pct(avgAgreement / 10_000)} is ${avgAgreement - Number(threshold)} bps above the threshold with nothing contested: flag smaller disagreements`,
      });
  } else if (avgAgreement !== null) {
    notes.push(
      `agreementThreshold: unchanged (tune raises it only when agreement is far above it; it never lowers it)`,
    );
  }
  return { proposals, notes };
}

/** The dry-run diff: parameter, current → proposed, bounds, reason; then the notes. Pure. */
export function formatTuning(decision: TuneDecision, state: TuneState): string {
  const out: string[] = [];
  if (decision.proposals.length === 0) out.push("no parameter change proposed");
  else
    out.push(
      table(
        ["parameter", "current → proposed", "bounds", "reason"],
        decision.proposals.map((p) => [
          p.parameter,
          `${p.current} → ${p.proposed}`,
          `[${p.bounds.min}, ${p.bounds.max}]`,
          p.reason,
        ]),
      ),
    );
  out.push("", `active validators: ${state.activeValidators}`);
  for (const note of decision.notes) out.push(`  unchanged: ${note}`);
  return out.join("\n");
}

/** Reads the current values and bounds of the tuned parameters and the active set size. */
export async function readTuneState(ctx: GovernanceContext): Promise<TuneState> {
  const current = {} as Record<TunedParameter, bigint>;
  const bounds = {} as Record<TunedParameter, Bounds>;
  for (const name of TUNED_PARAMETERS) {
    const spec = findParameter(name);
    current[name] = await spec.read(ctx);
    bounds[name] = await parameterBounds(ctx, spec);
  }
  const activeValidators = Number(await ctx.registry.activeValidatorCount());
  return { current, bounds, activeValidators };
}

export interface ScheduledChange {
  readonly parameter: TunedParameter;
  readonly value: bigint;
  readonly operationId: string;
  readonly readyAt: bigint;
  readonly txHash?: string;
}

/**
 * Schedules every proposal on the timelock (one operation each, through params.ts, so that
 * `qcp governance param execute <name> <value>` executes it after the delay). With `dryRun` each
 * is only simulated.
 */
export async function scheduleTuning(
  ctx: GovernanceContext,
  decision: TuneDecision,
  options: WriteOptions = {},
): Promise<ScheduledChange[]> {
  const out: ScheduledChange[] = [];
  for (const p of decision.proposals) {
    const result = await proposeParameterChange(ctx, p.parameter, p.proposed, options);
    out.push({
      parameter: p.parameter,
      value: p.proposed,
      operationId: result.simulated.operationId,
      readyAt: result.simulated.readyAt,
      txHash: result.txHash,
    });
  }
  return out;
}
