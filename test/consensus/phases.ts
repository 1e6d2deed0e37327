import { expect } from "chai";
import {
  FEE,
  advancePast,
  commit,
  ethers,
  loadCommittee,
  makeVote,
  modelBallots,
  networkHelpers,
  reveal,
  sortedAddresses,
  submit,
} from "./fixture.js";
import { Outcome, Phase, finalizeModel, nonRevealSlash } from "./model.js";

const VOTE = makeVote(8_500, 1_000, 9_000);

describe("QualityConsensus phases and deadlines", function () {
  it("keeps the commit phase open until the commit deadline, inclusive", async function () {
    const fx = await loadCommittee(4);
    const requestId = await submit(fx);
    const { commitDeadline } = await fx.consensus.getRequest(requestId);
    await networkHelpers.time.setNextBlockTimestamp(commitDeadline);
    await expect(commit(fx, requestId, fx.validators[0], VOTE)).to.emit(
      fx.consensus,
      "VoteCommitted",
    );
    await expect(commit(fx, requestId, fx.validators[1], VOTE))
      .to.be.revertedWithCustomError(fx.consensus, "ConsensusWrongPhase")
      .withArgs(requestId, Phase.Reveal);
  });

  it("does not open the reveal before every member committed or the deadline passed", async function () {
    const fx = await loadCommittee(4);
    const requestId = await submit(fx);
    for (const v of fx.validators.slice(0, 3)) await commit(fx, requestId, v, VOTE);
    await expect(reveal(fx, requestId, fx.validators[0], VOTE))
      .to.be.revertedWithCustomError(fx.consensus, "ConsensusWrongPhase")
      .withArgs(requestId, Phase.Commit);
    const { commitDeadline } = await fx.consensus.getRequest(requestId);
    await advancePast(commitDeadline);
    expect(await fx.consensus.phaseOf(requestId)).to.equal(Phase.Reveal);
    await expect(reveal(fx, requestId, fx.validators[0], VOTE)).to.emit(
      fx.consensus,
      "VoteRevealed",
    );
  });

  it("closes the reveal at the reveal deadline and then allows finalize", async function () {
    const fx = await loadCommittee(4);
    const requestId = await submit(fx);
    for (const v of fx.validators) await commit(fx, requestId, v, VOTE);
    for (const v of fx.validators.slice(0, 3)) await reveal(fx, requestId, v, VOTE);
    await expect(fx.consensus.finalize(requestId))
      .to.be.revertedWithCustomError(fx.consensus, "ConsensusWrongPhase")
      .withArgs(requestId, Phase.Reveal);
    const { revealDeadline } = await fx.consensus.getRequest(requestId);
    await advancePast(revealDeadline);
    expect(await fx.consensus.phaseOf(requestId)).to.equal(Phase.Finalizable);
    await expect(reveal(fx, requestId, fx.validators[3], VOTE))
      .to.be.revertedWithCustomError(fx.consensus, "ConsensusWrongPhase")
      .withArgs(requestId, Phase.Finalizable);
    await expect(fx.consensus.finalize(requestId)).to.emit(fx.consensus, "RequestFinalized");
  });

  it("refuses to finalize twice", async function () {
    const fx = await loadCommittee(4);
    const requestId = await submit(fx);
    for (const v of fx.validators) await commit(fx, requestId, v, VOTE);
    for (const v of fx.validators) await reveal(fx, requestId, v, VOTE);
    await fx.consensus.finalize(requestId);
    await expect(fx.consensus.finalize(requestId))
      .to.be.revertedWithCustomError(fx.consensus, "ConsensusWrongPhase")
      .withArgs(requestId, Phase.Finalized);
    const committee = sortedAddresses(fx.validators.map((v) => v.address));
    await expect(fx.consensus.finalizeWithCommittee(requestId, committee))
      .to.be.revertedWithCustomError(fx.consensus, "ConsensusWrongPhase")
      .withArgs(requestId, Phase.Finalized);
    await expect(commit(fx, requestId, fx.validators[0], VOTE))
      .to.be.revertedWithCustomError(fx.consensus, "ConsensusWrongPhase")
      .withArgs(requestId, Phase.Finalized);
  });

  it("ends NoQuorum with a full refund when nobody commits", async function () {
    const fx = await loadCommittee(4);
    const requestId = await submit(fx);
    const { commitDeadline } = await fx.consensus.getRequest(requestId);
    await advancePast(commitDeadline);
    // Nothing to reveal: finalizable straight after the commit deadline.
    expect(await fx.consensus.phaseOf(requestId)).to.equal(Phase.Finalizable);
    const fin = fx.consensus.finalize(requestId);
    await expect(fin)
      .to.emit(fx.consensus, "RequestFinalized")
      .withArgs(requestId, Outcome.NoQuorum, 0, 0, 0, 0, 0, false);
    await expect(fin).to.emit(fx.consensus, "FeeDistributed").withArgs(requestId, 0, 0, FEE);
    await expect(fin).to.changeTokenBalances(
      ethers,
      fx.token,
      [fx.client, fx.consensus, fx.treasury],
      [FEE, -FEE, 0n],
    );
  });

  it("ends NoQuorum below 2f+1 reveals, refunds, slashes the silent committer and lowers reputations", async function () {
    const fx = await loadCommittee(4);
    const requestId = await submit(fx);
    // 3 commit, 2 reveal: 2 < 2f + 1 = 3.
    for (const v of fx.validators.slice(0, 3)) await commit(fx, requestId, v, VOTE);
    const { commitDeadline, revealDeadline } = await fx.consensus.getRequest(requestId);
    await advancePast(commitDeadline);
    for (const v of fx.validators.slice(0, 2)) await reveal(fx, requestId, v, VOTE);
    await advancePast(revealDeadline);
    const silent = fx.validators[2].address;
    const stake = (await fx.registry.getValidator(silent)).stake;
    const slash = nonRevealSlash(stake);
    const absentRep = (await fx.registry.getValidator(fx.validators[3].address)).reputationBps;
    const fin = fx.consensus.finalize(requestId);
    await expect(fin)
      .to.emit(fx.consensus, "NonRevealSlashed")
      .withArgs(requestId, silent, slash, slash);
    await expect(fin).to.changeTokenBalances(
      ethers,
      fx.token,
      [fx.client, fx.treasury, fx.registry],
      [FEE, slash, -slash],
    );
    expect((await fx.consensus.getResult(requestId)).outcome).to.equal(Outcome.NoQuorum);
    expect((await fx.registry.getValidator(silent)).stake).to.equal(stake - slash);
    // Never committed: performance 0, not slashed.
    expect((await fx.registry.getValidator(fx.validators[3].address)).reputationBps).to.be.lessThan(
      absentRep,
    );
  });

  it("ends NoQuorum when 2f+1 reveal but hold less than 2/3 of the committee weight", async function () {
    const fx = await loadCommittee(4);
    const requestId = await submit(fx);
    // Stakes are 1000, 1500, 2000, 2500 tokens: validators 0, 1, 2 hold 4500 / 7000 < 2/3.
    for (const v of fx.validators) await commit(fx, requestId, v, VOTE);
    for (const v of fx.validators.slice(0, 3)) await reveal(fx, requestId, v, VOTE);
    const { revealDeadline } = await fx.consensus.getRequest(requestId);
    await advancePast(revealDeadline);
    await fx.consensus.finalize(requestId);
    expect((await fx.consensus.getResult(requestId)).outcome).to.equal(Outcome.NoQuorum);
  });

  it("still slashes a committer that unbonds and does not reveal", async function () {
    const fx = await loadCommittee(5);
    const requestId = await submit(fx);
    for (const v of fx.validators) await commit(fx, requestId, v, VOTE);
    const leaver = fx.validators[4];
    await fx.registry.connect(leaver).requestUnbond();
    for (const v of fx.validators.slice(0, 4)) await reveal(fx, requestId, v, VOTE);
    const { revealDeadline } = await fx.consensus.getRequest(requestId);
    await advancePast(revealDeadline);
    // The active set changed: finalize needs the committee list.
    await expect(fx.consensus.finalize(requestId))
      .to.be.revertedWithCustomError(fx.consensus, "ConsensusInvalidCommittee")
      .withArgs(requestId);
    const stake = (await fx.registry.getValidator(leaver.address)).stake;
    const slash = nonRevealSlash(stake);
    const committee = sortedAddresses(fx.validators.map((v) => v.address));
    await expect(fx.consensus.finalizeWithCommittee(requestId, committee))
      .to.emit(fx.consensus, "NonRevealSlashed")
      .withArgs(requestId, leaver.address, slash, slash);
    expect((await fx.registry.getValidator(leaver.address)).stake).to.equal(stake - slash);
    expect((await fx.consensus.getResult(requestId)).outcome).to.equal(Outcome.Accepted);
  });

  describe("finalizeWithCommittee", function () {
    async function readyRequest() {
      const fx = await loadCommittee(4);
      const requestId = await submit(fx);
      for (const v of fx.validators) await commit(fx, requestId, v, VOTE);
      for (const v of fx.validators) await reveal(fx, requestId, v, VOTE);
      const committee = sortedAddresses(fx.validators.map((v) => v.address));
      return { fx, requestId, committee };
    }

    it("finalizes with the exact sorted committee, after the active set changed", async function () {
      const { fx, requestId, committee } = await readyRequest();
      // A newcomer changes the epoch; it is not in the committee.
      const [, , , , newcomer] = await ethers.getSigners();
      await fx.token.mint(newcomer.address, 10n ** 24n);
      await fx.token.connect(newcomer).approve(fx.addresses.registry, ethers.MaxUint256);
      await fx.registry.connect(newcomer).register(10n ** 21n, 0n);
      await expect(fx.consensus.finalize(requestId)).to.be.revertedWithCustomError(
        fx.consensus,
        "ConsensusInvalidCommittee",
      );
      const ballots = await modelBallots(fx, requestId, committee);
      const expected = finalizeModel(
        ballots,
        (await fx.consensus.getRequest(requestId)).committeeWeight,
        FEE,
      );
      await expect(fx.consensus.finalizeWithCommittee(requestId, committee))
        .to.emit(fx.consensus, "RequestFinalized")
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
      // The newcomer's reputation is untouched: it was not in the committee.
      expect((await fx.registry.getValidator(newcomer.address)).reputationBps).to.equal(5_000n);
    });

    it("rejects an unsorted committee", async function () {
      const { fx, requestId, committee } = await readyRequest();
      const unsorted = [committee[1], committee[0], ...committee.slice(2)];
      await expect(fx.consensus.finalizeWithCommittee(requestId, unsorted))
        .to.be.revertedWithCustomError(fx.consensus, "ConsensusInvalidCommittee")
        .withArgs(requestId);
      expect(await fx.consensus.phaseOf(requestId)).to.equal(Phase.Finalizable);
    });

    it("rejects a duplicated member", async function () {
      const { fx, requestId, committee } = await readyRequest();
      const duplicated = [committee[0], committee[0], committee[2], committee[3]];
      await expect(fx.consensus.finalizeWithCommittee(requestId, duplicated))
        .to.be.revertedWithCustomError(fx.consensus, "ConsensusInvalidCommittee")
        .withArgs(requestId);
    });

    it("rejects an incomplete committee", async function () {
      const { fx, requestId, committee } = await readyRequest();
      await expect(fx.consensus.finalizeWithCommittee(requestId, committee.slice(0, 3)))
        .to.be.revertedWithCustomError(fx.consensus, "ConsensusInvalidCommittee")
        .withArgs(requestId);
    });

    it("rejects a non-member in place of a member", async function () {
      const { fx, requestId, committee } = await readyRequest();
      const wrong = sortedAddresses([...committee.slice(0, 3), fx.outsider.address]);
      await expect(fx.consensus.finalizeWithCommittee(requestId, wrong))
        .to.be.revertedWithCustomError(fx.consensus, "ConsensusInvalidCommittee")
        .withArgs(requestId);
      expect((await fx.consensus.getResult(requestId)).outcome).to.equal(Outcome.None);
    });
  });
});
