/**
 * End-to-end throughput and latency: a local `hardhat node` (1 block per second), the protocol
 * deployed, N honest validators each running as its own daemon process, and R requests from the
 * dev set submitted through the client SDK with at most M in flight. The network is the demo's
 * (offchain/demo/network.ts); latency comes from chain events through the health module, from
 * the submission block to the finalization block.
 */
import { parseUnits } from "ethers";
import { devSetDir } from "../../offchain/devnet/paths.js";
import { loadDevSet, loadPayloads } from "../../offchain/demo/devSet.js";
import { startLocalNetwork } from "../../offchain/demo/network.js";
import { formatProgress } from "../../offchain/demo/progress.js";
import { countPhases, RequestTracker } from "../../offchain/demo/tracker.js";
import { computeHealth } from "../../offchain/health/compute.js";
import { fetchHealthEvents } from "../../offchain/health/fetch.js";

export interface E2eOptions {
  validators: number;
  requests: number;
  maxInFlight: number;
  commitWindowSeconds: number;
  revealWindowSeconds: number;
  /** Give up after this long (the result then says how many finalized). */
  timeoutSeconds: number;
  log: (line: string) => void;
}

export interface E2eResult {
  validators: number;
  requests: number;
  finalized: number;
  accepted: number;
  rejected: number;
  noQuorum: number;
  /** Finalized requests per minute of chain time, first submission block to last finalization block. */
  finalizedPerMinute: number;
  latencyAvgS: number | null;
  latencyP50S: number | null;
  latencyP99S: number | null;
  /** Chain seconds from the first submission to the last finalization. */
  durationS: number;
  maxInFlight: number;
  commitWindowSeconds: number;
  revealWindowSeconds: number;
}

export const DEFAULT_E2E: Omit<E2eOptions, "log"> = {
  validators: 7,
  requests: 200,
  maxInFlight: 10,
  commitWindowSeconds: 120,
  revealWindowSeconds: 120,
  timeoutSeconds: 3_600,
};

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs the measurement; every process it starts is stopped before it returns or throws. */
export async function measureEndToEnd(options: E2eOptions): Promise<E2eResult> {
  const payloads = loadPayloads(loadDevSet(devSetDir()), options.requests);
  const net = await startLocalNetwork({
    validators: options.validators,
    byzantine: [],
    powDifficultyBits: 8,
    commitWindowSeconds: options.commitWindowSeconds,
    revealWindowSeconds: options.revealWindowSeconds,
    log: options.log,
  });
  try {
    const tracker = new RequestTracker(net.client, payloads, {
      fee: parseUnits("10", 18),
      maxInFlight: options.maxInFlight,
    });
    let submitError: unknown;
    const submitting = tracker.submitAll().catch((error: unknown) => {
      submitError = error;
    });
    const start = Date.now();
    const deadline = start + options.timeoutSeconds * 1000;
    let lastLog = 0;
    while (!tracker.done && Date.now() < deadline) {
      if (submitError !== undefined) throw submitError;
      await tracker.poll();
      if (Date.now() - lastLog >= 10_000) {
        lastLog = Date.now();
        options.log(
          formatProgress(countPhases(tracker.requests), {
            elapsedS: (Date.now() - start) / 1000,
            slashes: 0,
          }),
        );
      }
      await sleep(1000);
    }
    tracker.stop();
    await submitting;
    const { events, now } = await fetchHealthEvents(net.client, {});
    const health = computeHealth(events, { now });
    const firstSubmission = Math.min(...events.requests.map((r) => r.submittedAt));
    const lastFinalization = Math.max(...events.finalizations.map((f) => f.timestamp));
    const durationS = lastFinalization - firstSubmission;
    const finalized = health.requests.finalized;
    return {
      validators: options.validators,
      requests: options.requests,
      finalized,
      accepted: health.requests.byOutcome.Accepted,
      rejected: health.requests.byOutcome.Rejected,
      noQuorum: health.requests.byOutcome.NoQuorum,
      finalizedPerMinute: durationS > 0 ? (finalized * 60) / durationS : 0,
      latencyAvgS: health.latency.averageS,
      latencyP50S: health.latency.p50S,
      latencyP99S: health.latency.p99S,
      durationS,
      maxInFlight: options.maxInFlight,
      commitWindowSeconds: options.commitWindowSeconds,
      revealWindowSeconds: options.revealWindowSeconds,
    };
  } finally {
    await net.close();
  }
}
