import { expect } from "chai";
import {
  commit,
  ethers,
  loadCommittee,
  makeVote,
  modelBallots,
  reveal,
  submit,
} from "./fixture.js";
import { MAX_BPS, finalizeModel } from "./model.js";

describe("QualityConsensus fee split", function () {
  it("splits the fee exactly to the wei: protocol share up, rewards down, remainder to the treasury", async function () {
    const fx = await loadCommittee(7);
    // A fee that no share divides evenly.
    const fee = 1_000_003n;
    const requestId = await submit(fx, fee);
    const votes = fx.validators.map((_, i) =>
      i === 6 ? makeVote(0, 10_000, 0) : makeVote(8_000 + i * 10, 1_000, 9_000),
    );
    for (let i = 0; i < 7; i++) await commit(fx, requestId, fx.validators[i], votes[i]);
    for (let i = 0; i < 7; i++) await reveal(fx, requestId, fx.validators[i], votes[i]);

    const committee = fx.validators.map((v) => v.address);
    const ballots = await modelBallots(fx, requestId, committee);
    const agreeing = ballots.filter((_, i) => i !== 6);
    const agreeingWeight = agreeing.reduce((a, b) => a + b.weight, 0n);
    // Protocol share 5 % of 1_000_003 = 50_000.15 -> 50_001 (rounded up).
    const protocolShare = (fee * 500n + MAX_BPS - 1n) / MAX_BPS;
    expect(protocolShare).to.equal(50_001n);
    const pool = fee - protocolShare;
    const rewards = agreeing.map((b) => (pool * b.weight) / agreeingWeight);
    const rewarded = rewards.reduce((a, b) => a + b, 0n);
    expect(rewarded).to.be.lessThan(pool); // rounding leaves a remainder here
    const toTreasury = fee - rewarded;
    expect(
      finalizeModel(ballots, (await fx.consensus.getRequest(requestId)).committeeWeight, fee)
        .toTreasury,
    ).to.equal(toTreasury);

    const fin = fx.consensus.finalize(requestId);
    await expect(fin)
      .to.emit(fx.consensus, "FeeDistributed")
      .withArgs(requestId, toTreasury, rewarded, 0n);
    await expect(fin).to.changeTokenBalances(
      ethers,
      fx.token,
      [fx.consensus, fx.treasury],
      [-toTreasury, toTreasury],
    );
    for (let i = 0; i < 6; i++) {
      expect(await fx.consensus.pendingRewards(committee[i])).to.equal(rewards[i]);
    }
    expect(await fx.consensus.pendingRewards(committee[6])).to.equal(0n);
    expect(await fx.token.balanceOf(fx.consensusAddress)).to.equal(rewarded);
  });

  it("accumulates rewards over requests and pays them in one claim", async function () {
    const fx = await loadCommittee(4);
    const vote = makeVote(9_000, 1_000, 9_000);
    let expected = 0n;
    for (let r = 0; r < 2; r++) {
      const requestId = await submit(fx);
      for (const v of fx.validators) await commit(fx, requestId, v, vote);
      for (const v of fx.validators) await reveal(fx, requestId, v, vote);
      const ballots = await modelBallots(
        fx,
        requestId,
        fx.validators.map((v) => v.address),
      );
      const model = finalizeModel(
        ballots,
        (await fx.consensus.getRequest(requestId)).committeeWeight,
        (await fx.consensus.getRequest(requestId)).fee,
      );
      expected += model.rewards.get(fx.validators[0].address)!;
      await fx.consensus.finalize(requestId);
    }
    const v = fx.validators[0];
    expect(await fx.consensus.pendingRewards(v.address)).to.equal(expected);
    await expect(fx.consensus.connect(v).claimRewards()).to.changeTokenBalances(
      ethers,
      fx.token,
      [v, fx.consensus],
      [expected, -expected],
    );
    await expect(fx.consensus.connect(v).claimRewards())
      .to.be.revertedWithCustomError(fx.consensus, "ConsensusNothingToClaim")
      .withArgs(v.address);
  });

  it("sends the pool to the treasury when no revealer agrees on all three scores", async function () {
    const fx = await loadCommittee(4);
    const requestId = await submit(fx);
    // Each score's median comes from a different validator; nobody is within 1000 on all three.
    const votes = [
      makeVote(9_000, 0, 0),
      makeVote(0, 9_000, 0),
      makeVote(0, 0, 9_000),
      makeVote(9_000, 9_000, 9_000),
    ];
    for (let i = 0; i < 4; i++) await commit(fx, requestId, fx.validators[i], votes[i]);
    for (let i = 0; i < 4; i++) await reveal(fx, requestId, fx.validators[i], votes[i]);
    const fee = (await fx.consensus.getRequest(requestId)).fee;
    const fin = fx.consensus.finalize(requestId);
    await expect(fin).to.emit(fx.consensus, "FeeDistributed").withArgs(requestId, fee, 0n, 0n);
    await expect(fin).to.changeTokenBalances(ethers, fx.token, [fx.treasury], [fee]);
    const result = await fx.consensus.getResult(requestId);
    expect(result.agreementBps).to.equal(0n);
    expect(result.contested).to.equal(true);
  });
});
