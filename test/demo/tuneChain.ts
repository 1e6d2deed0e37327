import { expect } from "chai";
import { network } from "hardhat";
import { contextFor } from "../../offchain/governance/context.js";
import { executeParameterChange } from "../../offchain/governance/params.js";
import { OperationState } from "../../offchain/governance/timelock.js";
import { decideTuning, readTuneState, scheduleTuning } from "../../offchain/governance/tune.js";
import { deployProtocol } from "../../scripts/deployGovernance.js";
import { health } from "./healthFixture.js";

const { ethers, networkHelpers } = await network.create();

describe("governance tune on chain: read state, schedule on the timelock, execute after the delay", function () {
  async function deployed() {
    const [admin] = await ethers.getSigners();
    const d = await deployProtocol(ethers, { admin, powDifficultyBits: 0, minDelay: 60n });
    return { d, ctx: contextFor(ethers.provider, d.deployment, admin) };
  }

  it("reads the current values and the contract bounds of every tuned parameter", async function () {
    const { ctx } = await networkHelpers.loadFixture(deployed);
    const state = await readTuneState(ctx);
    expect(state.current).to.deep.equal({
      commitWindow: 120n,
      revealWindow: 120n,
      minValidators: 4n,
      agreementThreshold: 8_000n,
      agreementTolerance: 1_000n,
    });
    expect(state.bounds.commitWindow).to.deep.equal({ min: 10n, max: 86_400n });
    expect(state.bounds.agreementTolerance).to.deep.equal({ min: 100n, max: 5_000n });
    expect(state.activeValidators).to.equal(0);
  });

  it("dry run simulates the schedule and leaves the timelock untouched", async function () {
    const { ctx } = await networkHelpers.loadFixture(deployed);
    const decision = decideTuning(health({ commitP99: 110 }), await readTuneState(ctx));
    expect(decision.proposals.map((p) => [p.parameter, p.proposed])).to.deep.equal([
      ["commitWindow", 220n],
    ]);
    const [simulated] = await scheduleTuning(ctx, decision, { dryRun: true });
    expect(simulated.txHash).to.equal(undefined);
    expect(Number(await ctx.timelock.getOperationState(simulated.operationId))).to.equal(
      OperationState.Unset,
    );
  });

  it("schedules each change; it applies only after the timelock delay", async function () {
    const { d, ctx } = await networkHelpers.loadFixture(deployed);
    const decision = decideTuning(
      health({ commitP99: 110, revealP99: 20, contestedRate: 0.3 }),
      await readTuneState(ctx),
    );
    expect(decision.proposals.map((p) => [p.parameter, p.proposed])).to.deep.equal([
      ["commitWindow", 220n],
      ["revealWindow", 60n],
      ["agreementTolerance", 1_250n],
    ]);
    const scheduled = await scheduleTuning(ctx, decision);
    for (const s of scheduled) {
      expect(Number(await ctx.timelock.getOperationState(s.operationId))).to.equal(
        OperationState.Waiting,
      );
    }
    await expect(executeParameterChange(ctx, "commitWindow", 220n)).to.be.rejectedWith(
      /is not ready until/,
    );
    await networkHelpers.time.increase(61);
    for (const s of scheduled) await executeParameterChange(ctx, s.parameter, s.value);
    expect(await d.consensus.commitWindow()).to.equal(220n);
    expect(await d.consensus.revealWindow()).to.equal(60n);
    expect((await d.consensus.currentParams()).agreementTolerance).to.equal(1_250n);
  });
});
