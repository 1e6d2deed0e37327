import { expect } from "chai";
import type { Wallet } from "ethers";
import type { Vote } from "../../offchain/protocol/vote.js";
import {
  DOMAIN,
  FEE,
  OUTPUT_HASH,
  PAYLOAD_BYTES,
  commit,
  commitmentFor,
  ethers,
  loadCommittee,
  makeVote,
  modelBallots,
  reveal,
  submit,
  type ConsensusFixture,
} from "./fixture.js";
import { Outcome, Phase, finalizeModel, nextReputation } from "./model.js";

/** Honest votes around (8500, 1200, 9000) with small spread, and one far-off voter per 7. */
function votesFor(n: number): Vote[] {
  return Array.from({ length: n }, (_, i) =>
    i % 7 === 6
      ? makeVote(2_000, 9_000, 1_000, `outlier-${i}`)
      : makeVote(8_500 + (i % 3) * 100, 1_200 - (i % 2) * 100, 9_000 - (i % 4) * 50, `honest-${i}`),
  );
}

async function runLifecycle(fx: ConsensusFixture, n: number) {
  const { consensus, registry, token, client, treasury, validators } = fx;
  const committeeWeight = await registry.totalActiveWeight();
  const epoch = await registry.epoch();

  const tx = consensus.connect(client).submitRequest(OUTPUT_HASH, DOMAIN, PAYLOAD_BYTES, "", FEE);
  await expect(tx).to.changeTokenBalances(ethers, token, [client, consensus], [-FEE, FEE]);
  const requestId = await consensus.requestCount();
  const request = await consensus.getRequest(requestId);
  await expect(tx)
    .to.emit(consensus, "RequestSubmitted")
    .withArgs(
      requestId,
      client.address,
      DOMAIN,
      OUTPUT_HASH,
      ethers.hexlify(PAYLOAD_BYTES),
      "",
      FEE,
      epoch,
      n,
      request.commitDeadline,
      request.revealDeadline,
    );
  expect(request.committeeSize).to.equal(BigInt(n));
  expect(request.committeeWeight).to.equal(committeeWeight);
  expect(request.revealDeadline - request.commitDeadline).to.equal(120n);
  expect(await consensus.phaseOf(requestId)).to.equal(Phase.Commit);

  const votes = votesFor(n);
  for (let i = 0; i < n; i++) {
    const v = validators[i];
    const weight = await registry.weightOf(v.address);
    await expect(commit(fx, requestId, v, votes[i]))
      .to.emit(consensus, "VoteCommitted")
      .withArgs(requestId, v.address, commitmentFor(fx, requestId, v.address, votes[i]), weight);
    if (i < n - 1) expect(await consensus.phaseOf(requestId)).to.equal(Phase.Commit);
  }
  // Every member committed: the reveal opens before the commit deadline.
  expect(await consensus.phaseOf(requestId)).to.equal(Phase.Reveal);
  const block = await ethers.provider.getBlock("latest");
  expect(BigInt(block!.timestamp)).to.be.lessThan(request.commitDeadline);

  for (let i = 0; i < n; i++) {
    const v = validators[i];
    await expect(reveal(fx, requestId, v, votes[i]))
      .to.emit(consensus, "VoteRevealed")
      .withArgs(
        requestId,
        v.address,
        votes[i].quality,
        votes[i].risk,
        votes[i].domain,
        votes[i].findingsHash,
      );
  }
  // Every committer revealed: finalizable before the reveal deadline.
  expect(await consensus.phaseOf(requestId)).to.equal(Phase.Finalizable);

  const committee = validators.slice(0, n).map((v) => v.address);
  const ballots = await modelBallots(fx, requestId, committee);
  const expected = finalizeModel(ballots, committeeWeight, FEE);
  const repsBefore = await Promise.all(
    committee.map(async (a) => (await registry.getValidator(a)).reputationBps),
  );

  const fin = consensus.connect(fx.outsider).finalize(requestId);
  await expect(fin)
    .to.emit(consensus, "RequestFinalized")
    .withArgs(
      requestId,
      expected.outcome,
      expected.quality,
      expected.risk,
      expected.domain,
      expected.agreementBps,
      expected.participationBps,
      expected.contested,
    );
  await expect(fin).to.changeTokenBalances(
    ethers,
    token,
    [consensus, treasury],
    [-expected.toTreasury, expected.toTreasury],
  );
  expect(await consensus.phaseOf(requestId)).to.equal(Phase.Finalized);

  const result = await consensus.getResult(requestId);
  expect(result.outcome).to.equal(expected.outcome);
  expect([result.quality, result.risk, result.domain]).to.deep.equal([
    expected.quality,
    expected.risk,
    expected.domain,
  ]);
  expect(result.agreementBps).to.equal(expected.agreementBps);
  expect(result.contested).to.equal(expected.contested);

  let credited = 0n;
  for (let i = 0; i < n; i++) {
    const a = committee[i];
    const reward = expected.rewards.get(a) ?? 0n;
    expect(await consensus.pendingRewards(a)).to.equal(reward);
    credited += reward;
    const rep = (await registry.getValidator(a)).reputationBps;
    expect(rep).to.equal(nextReputation(repsBefore[i], expected.performance.get(a)!));
  }
  expect(credited + expected.toTreasury).to.equal(FEE);
  expect(await token.balanceOf(fx.consensusAddress)).to.equal(credited);
  return { requestId, expected, votes };
}

describe("QualityConsensus lifecycle", function () {
  for (const n of [4, 7, 31]) {
    describe(`with ${n} validators`, function () {
      it("submits, commits, reveals early, finalizes, pays and updates reputation", async function () {
        const fx = await loadCommittee(n);
        const { expected } = await runLifecycle(fx, n);
        expect(expected.outcome).to.equal(Outcome.Accepted);
        expect(expected.quality).to.be.within(8_500n, 8_700n);
        // Outliers (one in 7) disagree and earn nothing.
        for (let i = 6; i < n; i += 7) {
          expect(await fx.consensus.pendingRewards(fx.validators[i].address)).to.equal(0n);
        }
      });

      it("lets every agreeing validator claim its reward", async function () {
        const fx = await loadCommittee(n);
        const { expected } = await runLifecycle(fx, n);
        for (const v of fx.validators.slice(0, n) as Wallet[]) {
          const reward = expected.rewards.get(v.address) ?? 0n;
          if (reward === 0n) continue;
          const claim = fx.consensus.connect(v).claimRewards();
          await expect(claim).to.emit(fx.consensus, "RewardsClaimed").withArgs(v.address, reward);
          await expect(claim).to.changeTokenBalances(
            ethers,
            fx.token,
            [v, fx.consensus],
            [reward, -reward],
          );
          expect(await fx.consensus.pendingRewards(v.address)).to.equal(0n);
        }
        expect(await fx.token.balanceOf(fx.consensusAddress)).to.equal(0n);
      });
    });
  }

  it("rejects when the median quality is below minQuality", async function () {
    const fx = await loadCommittee(4);
    const requestId = await submit(fx);
    const vote = makeVote(6_000, 1_000, 9_000);
    for (const v of fx.validators) await commit(fx, requestId, v, vote);
    for (const v of fx.validators) await reveal(fx, requestId, v, vote);
    await expect(fx.consensus.finalize(requestId))
      .to.emit(fx.consensus, "RequestFinalized")
      .withArgs(requestId, Outcome.Rejected, 6_000, 1_000, 9_000, 10_000, 10_000, false);
  });

  it("rejects when the median risk reaches riskThreshold", async function () {
    const fx = await loadCommittee(4);
    const requestId = await submit(fx);
    const vote = makeVote(9_000, 5_000, 9_000);
    for (const v of fx.validators) await commit(fx, requestId, v, vote);
    for (const v of fx.validators) await reveal(fx, requestId, v, vote);
    await fx.consensus.finalize(requestId);
    expect((await fx.consensus.getResult(requestId)).outcome).to.equal(Outcome.Rejected);
  });

  it("flags a result contested when agreement is below agreementThreshold", async function () {
    const fx = await loadCommittee(4);
    const requestId = await submit(fx);
    // Two camps far apart: the median sits in one camp, the other disagrees.
    const votes = [
      makeVote(9_000, 1_000, 9_000),
      makeVote(9_000, 1_000, 9_000),
      makeVote(3_000, 6_000, 3_000),
      makeVote(3_000, 6_000, 3_000),
    ];
    for (let i = 0; i < 4; i++) await commit(fx, requestId, fx.validators[i], votes[i]);
    for (let i = 0; i < 4; i++) await reveal(fx, requestId, fx.validators[i], votes[i]);
    await fx.consensus.finalize(requestId);
    const result = await fx.consensus.getResult(requestId);
    expect(result.contested).to.equal(true);
    expect(result.agreementBps).to.be.lessThan(8_000n);
  });
});
