import { fileURLToPath } from "node:url";
import { LRUCache } from "lru-cache";
import { Piscina } from "piscina";
import type { Hex } from "viem";
import type { Vote } from "../../protocol/vote.js";
import {
  assess,
  CHECKER_VERSION,
  rejectAssessment,
  type AssessInput,
  type Assessment,
} from "../checker.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import { fetchPayload, type FetchOptions } from "../payloadFetch.js";
import type { StoredRequest } from "../store.js";

export interface AssessOptions {
  enableCaching: boolean;
  cacheTtlSeconds: number;
  cacheMaxEntries: number;
  parallel: boolean;
  maxThreads: number;
  timeoutMs: number;
  fetch: FetchOptions;
}

export type AssessOutcome =
  | { ok: true; assessment: Assessment; cached: boolean }
  | { ok: false; reason: string; transient: boolean };

/** The vote of an honest validator that cannot get the payload: reject, with one fixed finding. */
export function unavailableAssessment(outputHash: Hex, reason: "unavailable"): Assessment {
  return rejectAssessment(reason, outputHash);
}

export function assessmentVote(a: Assessment): Vote {
  return { quality: a.quality, risk: a.risk, domain: a.domain, findingsHash: a.findingsHash };
}

/**
 * Fetches, verifies and assesses payloads: checks run in a piscina worker pool (the loop stays
 * responsive) behind an LRU cache keyed by outputHash + checker version, so a payload submitted
 * twice, or a restart, costs one assessment. Identical concurrent requests share one run.
 */
export class AssessDuty {
  private pool: Piscina | undefined;
  private readonly cache: LRUCache<string, Assessment> | undefined;
  private readonly inFlight = new Map<string, Promise<AssessOutcome>>();

  constructor(
    private readonly options: AssessOptions,
    private readonly metrics?: Metrics,
    private readonly logger?: Logger,
  ) {
    if (options.parallel) {
      this.pool = new Piscina({
        filename: fileURLToPath(new URL("../assessWorker.mjs", import.meta.url)),
        maxThreads: options.maxThreads,
        minThreads: 1,
        idleTimeout: 60_000,
      });
      // A pool that cannot start its workers must not take the daemon down: assess inline.
      this.pool.on("error", (error: unknown) => {
        this.logger?.error(
          { err: String(error) },
          "assessment worker pool failed; assessing inline",
        );
        const pool = this.pool;
        this.pool = undefined;
        void pool?.destroy().catch(() => undefined);
      });
    }
    if (options.enableCaching) {
      this.cache = new LRUCache({
        max: options.cacheMaxEntries,
        ttl: options.cacheTtlSeconds * 1000,
      });
    }
  }

  async assess(request: StoredRequest): Promise<AssessOutcome> {
    const key = `${request.outputHash.toLowerCase()}:${CHECKER_VERSION}`;
    const cached = this.cache?.get(key);
    if (cached !== undefined) {
      this.metrics?.assessmentDuration.observe({ cached: "true" }, 0);
      return { ok: true, assessment: cached, cached: true };
    }
    const running = this.inFlight.get(key);
    if (running !== undefined) return running;
    const run = this.run(request, key).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, run);
    return run;
  }

  private async run(request: StoredRequest, key: string): Promise<AssessOutcome> {
    const started = performance.now();
    const fetched = await fetchPayload(request.payload, request.uri, this.options.fetch);
    if (!fetched.ok) {
      this.metrics?.payloadErrors.inc({ reason: fetched.transient ? "transient" : "unavailable" });
      return { ok: false, reason: fetched.reason, transient: fetched.transient };
    }
    const input: AssessInput = { text: fetched.text, expectedOutputHash: request.outputHash };
    let assessment: Assessment;
    if (this.pool === undefined) assessment = assess(input);
    else {
      try {
        assessment = (await this.pool.run(input, {
          signal: AbortSignal.timeout(this.options.timeoutMs),
        })) as Assessment;
      } catch (error) {
        if ((error as Error).name === "AbortError") throw error;
        // The checks are pure: a worker failure (not a timeout) is retried in this thread.
        this.logger?.warn({ err: String(error) }, "worker assessment failed; assessing inline");
        assessment = assess(input);
      }
    }
    this.metrics?.assessmentDuration.observe(
      { cached: "false" },
      (performance.now() - started) / 1000,
    );
    this.cache?.set(key, assessment);
    return { ok: true, assessment, cached: false };
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
  }
}
