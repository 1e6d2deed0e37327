import { findEquivocations } from "../governance/collect.js";
import type { GovernanceContext } from "../governance/context.js";
import {
  parseSignedVote,
  type EquivocationEvidence,
  type SignedVote,
} from "../governance/evidence.js";
import { reportEquivocation } from "../governance/report.js";

/** A report the watchtower sent (or that was refused). */
export interface EquivocationReport {
  readonly requestId: bigint;
  readonly validator: string;
  readonly evidenceId?: string;
  readonly slashed?: bigint;
  readonly reward?: bigint;
  readonly txHash?: string;
  /** Why the report was not sent or reverted. */
  readonly refused?: string;
}

export interface WatchedValidator {
  readonly address: string;
  /** The daemon's HTTP base URL (serves /attestations/:requestId). */
  readonly url: string;
}

/**
 * A watchtower: reads the vote attestations every validator publishes, and when one validator
 * signed two different votes for the same request, builds the evidence and reports it to
 * SlashingManager.reportEquivocation (permissionless; the reporter earns reporterRewardBps).
 * It knows nothing of which validators are Byzantine.
 */
export class Watchtower {
  readonly reports: EquivocationReport[] = [];
  private readonly scanned = new Set<string>();

  constructor(
    private readonly ctx: GovernanceContext,
    private readonly validators: readonly WatchedValidator[],
  ) {}

  private async fetchAttestations(url: string, requestId: bigint): Promise<SignedVote[]> {
    const response = await fetch(`${url}/attestations/${requestId}?all=1`, {
      signal: AbortSignal.timeout(5_000),
    });
    if (response.status === 404) return [];
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const body = (await response.json()) as { attestations: unknown[] };
    return body.attestations.map((a) => parseSignedVote(a));
  }

  /**
   * Scans the given requests (whose reveals are over) on every validator it has not scanned them
   * on yet; returns the reports made in this call. Unreachable daemons are retried next call.
   */
  async scan(requestIds: readonly bigint[]): Promise<EquivocationReport[]> {
    const made: EquivocationReport[] = [];
    for (const requestId of requestIds) {
      for (const v of this.validators) {
        const key = `${requestId}:${v.address}`;
        if (this.scanned.has(key)) continue;
        let attestations: SignedVote[];
        try {
          attestations = await this.fetchAttestations(v.url, requestId);
        } catch {
          continue;
        }
        this.scanned.add(key);
        // Signers are recovered from the signatures: the endpoint's own claims are not trusted.
        for (const evidence of findEquivocations(this.ctx.domain, attestations)) {
          made.push(await this.report(requestId, evidence));
        }
      }
    }
    this.reports.push(...made);
    return made;
  }

  private async report(
    requestId: bigint,
    evidence: EquivocationEvidence,
  ): Promise<EquivocationReport> {
    try {
      const result = await reportEquivocation(this.ctx, evidence);
      return {
        requestId,
        validator: evidence.validator,
        evidenceId: result.simulated.evidenceId,
        slashed: result.simulated.slashed,
        reward: result.simulated.reward,
        txHash: result.txHash,
      };
    } catch (error) {
      return {
        requestId,
        validator: evidence.validator,
        refused: error instanceof Error ? error.message : String(error),
      };
    }
  }
}
