import { consensusInterface, type ChainView, type DutyContext } from "../context.js";

/** Claim duty: every claim_interval_seconds, pulls pending rewards above min_claim_wei. */
export class ClaimDuty {
  private lastAttempt = 0;

  async run(ctx: DutyContext, view: ChainView): Promise<void> {
    const now = Date.now();
    if (now - this.lastAttempt < ctx.config.consensus.claim_interval_seconds * 1000) return;
    this.lastAttempt = now;
    const pending = await view.consensus.pendingRewards(ctx.address);
    if (pending < ctx.config.consensus.min_claim_wei || pending === 0n) return;
    ctx.logger.info({ pending: pending.toString() }, "claiming rewards");
    await ctx.tx.send({
      label: "claim",
      to: ctx.deployment.consensus,
      data: consensusInterface.encodeFunctionData("claimRewards"),
    });
    ctx.metrics.claims.inc({ result: "confirmed" });
    ctx.metrics.success("claim");
  }
}
