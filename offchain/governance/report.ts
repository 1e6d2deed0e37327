import { QcpError } from "../cli/errors.js";
import type { GovernanceContext } from "./context.js";
import { requireSigner } from "./context.js";
import { verifyEvidence, type EquivocationEvidence } from "./evidence.js";
import { simulateAndSend, type WriteOptions, type WriteResult } from "./send.js";

export interface ReportEquivocationReturnType {
  readonly evidenceId: string;
  readonly validator: string;
  readonly slashed: bigint;
  readonly reward: bigint;
}

/** Throws a QcpError listing every off-chain problem of the evidence. */
export function assertEvidence(ctx: GovernanceContext, evidence: EquivocationEvidence): void {
  const verification = verifyEvidence(ctx.domain, evidence);
  if (!verification.valid) {
    throw new QcpError("the evidence does not prove an equivocation", {
      hints: [...verification.problems],
    });
  }
}

/**
 * Submits equivocation evidence to `SlashingManager.reportEquivocation`: verifies it off-chain,
 * simulates (which checks registration, the evidence window and reuse), then sends unless dry-run.
 * The reporter (the signer) receives `reporterRewardBps` of the slash.
 *
 * @example
 * import { connectGovernance } from "./offchain/governance/context.js";
 * import { reportEquivocation } from "./offchain/governance/report.js";
 * const ctx = await connectGovernance({ rpcUrl, deployment: "deployment.json", privateKey });
 * const { simulated } = await reportEquivocation(ctx, evidence);
 */
export async function reportEquivocation(
  ctx: GovernanceContext,
  evidence: EquivocationEvidence,
  options: WriteOptions = {},
): Promise<WriteResult<ReportEquivocationReturnType>> {
  assertEvidence(ctx, evidence);
  requireSigner(ctx);
  const args = [
    BigInt(evidence.requestId),
    evidence.voteA,
    evidence.sigA,
    evidence.voteB,
    evidence.sigB,
  ] as const;
  return simulateAndSend(
    `report equivocation of ${evidence.validator} on request ${evidence.requestId}`,
    async () => {
      const [evidenceId, slashed, reward] = await ctx.manager.reportEquivocation.staticCall(
        ...args,
      );
      return { evidenceId, validator: evidence.validator, slashed, reward };
    },
    () => ctx.manager.reportEquivocation(...args),
    options,
  );
}
