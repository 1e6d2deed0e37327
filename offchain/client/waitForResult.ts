import type { QcpClientBase } from "./client.js";
import { ContractRevertError, RequestTimeoutError, isoTime } from "./errors.js";
import { getPhase } from "./getPhase.js";
import { getRequest } from "./getRequest.js";
import { getResult } from "./getResult.js";
import { Phase, phaseName, type PhaseName, type QcpRequest, type QcpResult } from "./types.js";

/** A phase change seen while waiting. `previous` is undefined for the first phase read. */
export interface PhaseChange {
  readonly requestId: bigint;
  readonly phase: Phase;
  readonly phaseName: PhaseName;
  readonly previous?: Phase;
}

export interface WaitForResultParameters {
  readonly requestId: bigint;
  /** Give up after this long (default 10 minutes) with a RequestTimeoutError naming the phase. */
  readonly timeoutMs?: number;
  /** Default: the client's polling interval. */
  readonly pollingIntervalMs?: number;
  /** Called on the first phase read and on every change. */
  readonly onPhase?: (change: PhaseChange) => void;
  /** Aborts the wait (the promise rejects with the signal's reason). */
  readonly signal?: AbortSignal;
}

export type WaitForResultReturnType = QcpResult;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** What to do about a request stuck in `phase`, for the timeout error. */
function timeoutHints(phase: Phase, request: QcpRequest): string[] {
  switch (phase) {
    case Phase.Commit:
      return [
        `the committee is committing until ${isoTime(request.commitDeadline)} (${request.commitCount}/${request.committeeSize} committed)`,
        "the chain only moves on with new blocks: check that the node is mining",
      ];
    case Phase.Reveal:
      return [
        `the committee is revealing until ${isoTime(request.revealDeadline)} (${request.revealCount}/${request.commitCount} revealed)`,
      ];
    case Phase.Finalizable:
      return [
        "voting is over but nobody has called finalize; any account may call finalize(requestId)",
        "validator daemons finalize due requests: check that at least one is running",
      ];
    default:
      return [];
  }
}

/**
 * Waits until a request is finalized and returns its result, polling `phaseOf` (cheap, works
 * over any HTTP node, survives dropped connections) and reporting every phase change.
 * An unknown id fails at once with a ContractRevertError (`ConsensusUnknownRequest`).
 *
 * @example
 * import { createQcpClient } from "./offchain/client/client.js";
 * import { waitForResult } from "./offchain/client/waitForResult.js";
 * const client = await createQcpClient({ rpcUrl: "http://127.0.0.1:8545", deployment: "deployment.json" });
 * const result = await waitForResult(client, {
 *   requestId: 1n,
 *   timeoutMs: 5 * 60_000,
 *   onPhase: ({ phaseName }) => console.log(`phase ${phaseName}`),
 * });
 * console.log(result.outcomeName, result.quality, result.contested);
 */
export async function waitForResult(
  client: QcpClientBase,
  parameters: WaitForResultParameters,
): Promise<WaitForResultReturnType> {
  const { requestId, onPhase, signal } = parameters;
  const timeoutMs = parameters.timeoutMs ?? 10 * 60_000;
  const pollingIntervalMs = parameters.pollingIntervalMs ?? client.pollingIntervalMs;
  const deadline = Date.now() + timeoutMs;
  let previous: Phase | undefined;
  for (;;) {
    const phase = await getPhase(client, { requestId });
    if (phase === Phase.None) {
      // Same error the contract would give, so callers handle one thing.
      throw new ContractRevertError(`request ${requestId} does not exist on this deployment`, {
        errorName: "ConsensusUnknownRequest",
        args: [requestId],
        hints: ["check the request id and that the client points at the chain it was submitted to"],
      });
    }
    if (phase !== previous) {
      onPhase?.({ requestId, phase, phaseName: phaseName(phase), previous });
      previous = phase;
    }
    if (phase === Phase.Finalized) return getResult(client, { requestId });
    const left = deadline - Date.now();
    if (left <= 0) {
      const request = await getRequest(client, { requestId });
      throw new RequestTimeoutError(requestId, phase, timeoutMs, timeoutHints(phase, request));
    }
    await sleep(Math.min(pollingIntervalMs, left), signal);
  }
}
