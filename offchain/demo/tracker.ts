import type { QcpClient, QcpResult } from "../client/index.js";
import { Phase, phaseName, type PhaseName } from "../client/types.js";
import type { DevExample } from "./devSet.js";

/** One request of a run, from queued to finalized. */
export interface TrackedRequest {
  /** Position in the run (0-based). */
  readonly index: number;
  readonly example: DevExample;
  requestId?: bigint;
  phase: PhaseName | "Queued";
  /** Wall-clock ms when the submit transaction was mined. */
  submittedAtMs?: number;
  /** Wall-clock ms when the run first saw the request finalized. */
  seenFinalizedAtMs?: number;
  result?: QcpResult;
}

/** Requests by phase, as the live progress shows them. */
export interface PhaseCounts {
  readonly total: number;
  readonly queued: number;
  readonly commit: number;
  readonly reveal: number;
  readonly finalizable: number;
  readonly finalized: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly noQuorum: number;
}

/** Counts requests by phase. Pure. */
export function countPhases(requests: readonly TrackedRequest[]): PhaseCounts {
  const of = (p: TrackedRequest["phase"]) => requests.filter((r) => r.phase === p).length;
  const outcome = (name: string) =>
    requests.filter((r) => r.phase === "Finalized" && r.result?.outcomeName === name).length;
  return {
    total: requests.length,
    queued: of("Queued") + of("None"),
    commit: of("Commit"),
    reveal: of("Reveal"),
    finalizable: of("Finalizable"),
    finalized: of("Finalized"),
    accepted: outcome("Accepted"),
    rejected: outcome("Rejected"),
    noQuorum: outcome("NoQuorum"),
  };
}

export interface RequestTrackerOptions {
  /** Fee per request, stake-token wei. */
  fee: bigint;
  /** At most this many requests submitted and not yet finalized at any time. */
  maxInFlight: number;
  /** Milliseconds between submissions, also when the in-flight limit allows more (default 0). */
  submitSpacingMs?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Submits a list of dev-set payloads through the client SDK with at most `maxInFlight` unfinalized
 * requests at a time, and follows each request's phase until it is finalized.
 */
export class RequestTracker {
  readonly requests: TrackedRequest[];
  private stopped = false;

  constructor(
    private readonly client: QcpClient,
    examples: readonly DevExample[],
    private readonly options: RequestTrackerOptions,
  ) {
    this.requests = examples.map((example, index) => ({ index, example, phase: "Queued" }));
  }

  get inFlight(): number {
    return this.requests.filter((r) => r.requestId !== undefined && r.phase !== "Finalized").length;
  }

  get done(): boolean {
    return this.requests.every((r) => r.phase === "Finalized");
  }

  stop(): void {
    this.stopped = true;
  }

  /** Submits every queued request, respecting the in-flight limit; resolves when all are sent. */
  async submitAll(): Promise<void> {
    for (const request of this.requests) {
      while (!this.stopped && this.inFlight >= this.options.maxInFlight) await sleep(200);
      if (this.stopped) return;
      const { requestId } = await this.client.submitRequest(request.example.payload, {
        fee: this.options.fee,
      });
      request.requestId = requestId;
      request.submittedAtMs = Date.now();
      request.phase = "Commit";
      if (this.options.submitSpacingMs) await sleep(this.options.submitSpacingMs);
    }
  }

  /**
   * Reads the phase of every submitted, unfinalized request (and the result of those that just
   * finalized). Returns the requests whose phase changed.
   */
  async poll(): Promise<TrackedRequest[]> {
    const open = this.requests.filter((r) => r.requestId !== undefined && r.phase !== "Finalized");
    const changed: TrackedRequest[] = [];
    await Promise.all(
      open.map(async (r) => {
        const phase = await this.client.getPhase(r.requestId!);
        if (phase === Phase.Finalized) {
          r.result = await this.client.getResult(r.requestId!);
          r.seenFinalizedAtMs = Date.now();
        }
        const name = phaseName(phase);
        if (name !== r.phase) {
          r.phase = name;
          changed.push(r);
        }
      }),
    );
    return changed.sort((a, b) => a.index - b.index);
  }
}
