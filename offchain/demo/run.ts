import { existsSync, writeFileSync } from "node:fs";
import { parseUnits } from "ethers";
import { QcpError } from "../cli/errors.js";
import type { Behaviour } from "../config/schema.js";
import { devSetDir } from "../devnet/paths.js";
import { computeHealth } from "../health/compute.js";
import { fetchHealthEvents } from "../health/fetch.js";
import { jsonReplacer } from "../health/format.js";
import { fetchDaemonMetrics } from "../health/metrics.js";
import { decideTuning, formatTuning, readTuneState } from "../governance/tune.js";
import type { HealthReport } from "../health/types.js";
import { loadDevSet, selectExamples, type DevExample } from "./devSet.js";
import { startLocalNetwork, type LocalNetwork } from "./network.js";
import { formatProgress, ProgressDisplay } from "./progress.js";
import {
  formatDemoReport,
  requestRows,
  summarize,
  type DemoReport,
  type SlashRow,
  type ValidatorRow,
  type ValidatorSnapshot,
} from "./report.js";
import { countPhases, RequestTracker } from "./tracker.js";
import { Watchtower } from "./watchtower.js";

export interface DemoOptions {
  validators: number;
  requests: number;
  byzantine: readonly Behaviour[];
  powDifficultyBits: number;
  commitWindowSeconds: number;
  revealWindowSeconds: number;
  /** Most requests in flight at once. */
  maxInFlight: number;
  /** Give up (exit non-zero) when the requests are not all finalized after this long. */
  timeoutSeconds: number;
  /** Write the final report as JSON to this file. */
  json?: string;
  /** Keep the working directory (validator configs, logs, databases). */
  keep?: boolean;
  out?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

export const DEFAULT_DEMO_OPTIONS: DemoOptions = {
  validators: 7,
  requests: 20,
  byzantine: ["liar", "equivocator"],
  powDifficultyBits: 16,
  commitWindowSeconds: 30,
  revealWindowSeconds: 30,
  maxInFlight: 6,
  timeoutSeconds: 600,
};

/** Fee per demo request: 10 stake tokens. */
const FEE = parseUnits("10", 18);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const short = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;
const score = (bps: number) => (bps / 10_000).toFixed(2);

async function snapshot(net: LocalNetwork, address: string): Promise<ValidatorSnapshot> {
  const v = await net.registry.getValidator(address);
  return {
    stake: v.stake,
    reputationBps: Number(v.reputationBps),
    active: await net.registry.isActive(address),
  };
}

async function rewardsOf(net: LocalNetwork, address: string): Promise<bigint> {
  const claimed = await net.consensus.queryFilter(
    net.consensus.filters.RewardsClaimed(address),
    net.deployment.deployBlock,
  );
  const pending = await net.consensus.pendingRewards(address);
  return claimed.reduce((sum, e) => sum + e.args.amount, pending);
}

/**
 * The whole system in one run: local chain, deployment, validators registered with proof of work
 * (some Byzantine), daemons as processes, dev-set requests through the client SDK, a watchtower
 * reporting equivocations, live progress, and the final report (returned, printed, and written as
 * JSON when asked). Everything it started is stopped before it returns or throws.
 */
export async function runDemo(options: DemoOptions): Promise<DemoReport> {
  const out = options.out ?? process.stdout;
  const display = new ProgressDisplay(out);
  const started = Date.now();
  const dir = devSetDir();
  if (!existsSync(dir)) {
    throw new QcpError(`the dev set is not at ${dir}`, {
      hints: [
        "the demo reads ../shared/dev-set/examples beside the repository; or set QCP_DEV_SET",
      ],
    });
  }
  const examples = selectExamples(loadDevSet(dir), options.requests);
  const domains = [...new Set(examples.map((e) => e.payload.domain))].join(", ");
  display.event(
    `Quality Consensus demo: ${options.validators} validators (${options.byzantine.length === 0 ? "all honest" : `Byzantine: ${options.byzantine.join(", ")}`}), ` +
      `${options.requests} requests from the dev set (${domains})`,
  );

  let net: LocalNetwork | undefined;
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    display.end();
    display.event(`${signal}: stopping the validators and the chain`);
    const finish = () => process.exit(130);
    (net ? net.close() : Promise.resolve()).then(finish, finish);
    setTimeout(finish, 10_000).unref();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    net = await startLocalNetwork({
      validators: options.validators,
      byzantine: options.byzantine,
      powDifficultyBits: options.powDifficultyBits,
      commitWindowSeconds: options.commitWindowSeconds,
      revealWindowSeconds: options.revealWindowSeconds,
      keep: options.keep,
      log: (line) => display.event(line),
      onProofOfWork: (i, p) => {
        const who = `  validator ${i + 1}/${options.validators}`;
        if (p === "done") display.event(`${who}: proof of work found, registering`);
        else
          display.status(
            `${who}: mining proof of work… ${p.attempts.toLocaleString("en-US")} hashes (${Math.round(p.hashesPerSecond).toLocaleString("en-US")}/s)`,
          );
      },
    });
    display.end();
    for (const v of net.validators) {
      display.event(
        `  validator ${v.index + 1}: ${v.address} ${v.role === "honest" ? "honest" : `Byzantine (${v.role})`}, metrics ${v.process.baseUrl}/metrics`,
      );
    }
    return await runRequests(net, examples, options, display, started);
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    display.end();
    if (net && !interrupted) {
      display.event("stopping the validator daemons and the chain");
      await net.close();
    }
  }
}

async function runRequests(
  net: LocalNetwork,
  examples: readonly DevExample[],
  options: DemoOptions,
  display: ProgressDisplay,
  started: number,
): Promise<DemoReport> {
  const before = new Map<string, ValidatorSnapshot>();
  for (const v of net.validators) before.set(v.address, await snapshot(net, v.address));

  const tracker = new RequestTracker(net.client, examples, {
    fee: FEE,
    maxInFlight: options.maxInFlight,
  });
  const watchtower = new Watchtower(
    net.governance,
    net.validators.map((v) => ({ address: v.address, url: v.process.baseUrl })),
  );
  const roles = new Map(net.validators.map((v) => [v.address.toLowerCase(), v.role]));
  display.event(
    `submitting ${examples.length} requests (at most ${options.maxInFlight} in flight; windows: commit ${options.commitWindowSeconds} s, reveal ${options.revealWindowSeconds} s)`,
  );
  let submitError: unknown;
  const submitting = tracker.submitAll().catch((error: unknown) => {
    submitError = error;
  });
  const phaseStart = Date.now();
  const deadline = phaseStart + options.timeoutSeconds * 1000;
  const slashes = () => watchtower.reports.filter((r) => r.refused === undefined).length;
  while (!tracker.done && Date.now() < deadline) {
    if (submitError !== undefined) throw submitError;
    for (const r of await tracker.poll()) {
      if (r.phase !== "Finalized" || r.result === undefined) continue;
      const x = r.result;
      display.event(
        `  request ${r.requestId} (${r.example.id}, ${r.example.payload.domain}): ${x.outcomeName}` +
          ` quality ${score(x.quality)} risk ${score(x.risk)} domain ${score(x.domain)}` +
          ` agreement ${(x.agreementBps / 100).toFixed(1)} %${x.contested ? " CONTESTED" : ""}`,
      );
    }
    const revealed = tracker.requests
      .filter((r) => r.phase === "Finalizable" || r.phase === "Finalized")
      .map((r) => r.requestId!);
    for (const report of await watchtower.scan(revealed)) {
      const role = roles.get(report.validator.toLowerCase()) ?? "unknown";
      display.event(
        report.refused === undefined
          ? `  watchtower: ${short(report.validator)} (${role}) signed two different votes on request ${report.requestId}; ` +
              `reported to SlashingManager: slashed ${Number(report.slashed! / 10n ** 16n) / 100} tokens, reporter reward ${Number(report.reward! / 10n ** 16n) / 100}`
          : `  watchtower: report against ${short(report.validator)} on request ${report.requestId} refused: ${report.refused}`,
      );
    }
    display.status(
      formatProgress(countPhases(tracker.requests), {
        elapsedS: (Date.now() - phaseStart) / 1000,
        slashes: slashes(),
      }),
    );
    await sleep(1000);
  }
  tracker.stop();
  await submitting;
  display.status(
    formatProgress(countPhases(tracker.requests), {
      elapsedS: (Date.now() - phaseStart) / 1000,
      slashes: slashes(),
    }),
    true,
  );
  display.end();
  if (!tracker.done) display.event(`timed out after ${options.timeoutSeconds} s`);
  // Late attestations (requests finalized in the last poll).
  await watchtower.scan(
    tracker.requests.filter((r) => r.requestId !== undefined).map((r) => r.requestId!),
  );

  display.event("collecting the final report (chain events, daemon metrics)");
  const fetched = await fetchHealthEvents(net.client, {});
  const daemons = await fetchDaemonMetrics(
    net.validators.map((v) => `${v.process.baseUrl}/metrics`),
    Date.now() / 1000,
  );
  const health: HealthReport = computeHealth(fetched.events, { now: fetched.now, daemons });
  const validators: ValidatorRow[] = [];
  for (const v of net.validators) {
    const mine = health.slashes.filter(
      (s) => s.validator.toLowerCase() === v.address.toLowerCase(),
    );
    validators.push({
      index: v.index,
      address: v.address,
      role: v.role,
      byzantine: v.role !== "honest",
      before: before.get(v.address)!,
      after: await snapshot(net, v.address),
      rewards: await rewardsOf(net, v.address),
      slashCount: mine.length,
      slashedAmount: mine.reduce((sum, s) => sum + s.amount, 0n),
    });
  }
  const slashRows: SlashRow[] = health.slashes.map((s) => ({
    validator: s.validator,
    role: roles.get(s.validator.toLowerCase()) ?? "unknown",
    amount: s.amount,
    reason: s.reason,
    rewardRecipient: s.rewardRecipient,
    reward: s.reward,
    blockNumber: s.blockNumber,
  }));
  const tuneState = await readTuneState(net.governance);
  const tuning = decideTuning(health, tuneState);
  const requests = requestRows(tracker.requests);
  const summary = summarize(requests, validators);
  const report: DemoReport = {
    ok: tracker.done,
    durationS: (Date.now() - started) / 1000,
    settings: {
      validators: options.validators,
      requests: options.requests,
      byzantine: options.byzantine,
      powDifficultyBits: options.powDifficultyBits,
      commitWindowSeconds: options.commitWindowSeconds,
      revealWindowSeconds: options.revealWindowSeconds,
    },
    deployment: { ...net.deployment, rpcUrl: net.node.url },
    requests,
    validators,
    slashes: slashRows,
    equivocationReports: watchtower.reports,
    summary,
    health,
    tuning: { ...tuning, text: formatTuning(tuning, tuneState) },
  };
  display.event(formatDemoReport(report));
  if (options.json) {
    writeFileSync(options.json, `${JSON.stringify(report, jsonReplacer, 2)}\n`);
    display.event(`report written to ${options.json}`);
  }
  return report;
}
