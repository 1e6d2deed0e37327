import { expect } from "chai";
import { computeEvidenceId, recoverVoteSigner } from "../../offchain/governance/evidence.js";
import { hashVote } from "../../offchain/protocol/eip712.js";
import {
  DAY,
  MAX_BPS,
  MIN_STAKE,
  REASON_EQUIVOCATION,
  RecoverError,
  Status,
  TOKEN,
  ceilDiv,
  createRequest,
  equivocation,
  ethers,
  loadSlashing,
  networkHelpers,
  sign,
  vote,
  type SlashingFixture,
} from "./fixture.js";

/** Everything a failed report must leave untouched. */
async function snapshot(f: SlashingFixture, validator: string) {
  const v = await f.registry.getValidator(validator);
  return {
    stake: v.stake,
    status: v.status,
    treasury: await f.token.balanceOf(f.treasury.address),
    reporter: await f.token.balanceOf(f.reporter.address),
    registry: await f.token.balanceOf(f.registryAddress),
  };
}

describe("SlashingManager: reportEquivocation", function () {
  describe("with two different votes signed by one active validator", function () {
    it("slashes half the stake (rounded up), pays the reporter half of it (rounded down) and removes the validator", async function () {
      const f = await loadSlashing();
      const [alice, bob] = f.validators;
      const stake = 3n * MIN_STAKE + 7n; // odd: both roundings matter
      await f.registry.connect(alice).register(stake, 0n);
      await f.registry.connect(bob).register(MIN_STAKE, 0n);
      const { requestId } = await createRequest(f);
      const { a, b } = await equivocation(f, alice, requestId);

      const slashed = ceilDiv(stake * 5_000n, MAX_BPS);
      const reward = (slashed * 5_000n) / MAX_BPS;
      expect(slashed).to.equal(stake / 2n + 1n);
      const digestA = hashVote(f.domain, requestId, a.vote);
      const digestB = hashVote(f.domain, requestId, b.vote);
      const evidenceId = computeEvidenceId(alice.address, requestId, digestA, digestB);
      const epoch = await f.registry.epoch();

      const tx = f.manager
        .connect(f.reporter)
        .reportEquivocation(requestId, a.vote, a.signature, b.vote, b.signature);
      await expect(tx)
        .to.emit(f.manager, "EquivocationReported")
        .withArgs(evidenceId, alice.address, requestId, f.reporter.address, slashed, reward);
      await expect(tx)
        .to.emit(f.registry, "Slashed")
        .withArgs(alice.address, slashed, REASON_EQUIVOCATION, f.reporter.address, reward);
      await expect(tx)
        .to.emit(f.registry, "ValidatorRemoved")
        .withArgs(alice.address, REASON_EQUIVOCATION, epoch + 1n);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.token,
        [f.registryAddress, f.reporter, f.treasury],
        [-slashed, reward, slashed - reward],
      );
      const v = await f.registry.getValidator(alice.address);
      expect(v.stake).to.equal(stake - slashed);
      expect(v.status).to.equal(Status.Unbonding);
      expect(await f.registry.isActive(alice.address)).to.equal(false);
      expect(await f.manager.isEvidenceUsed(evidenceId)).to.equal(true);
    });

    it("returns the evidence id, slashed amount and reward (staticCall)", async function () {
      const f = await loadSlashing();
      const [alice] = f.validators;
      await f.registry.connect(alice).register(2n * MIN_STAKE, 0n);
      const { requestId } = await createRequest(f);
      const { a, b } = await equivocation(f, alice, requestId);
      const [evidenceId, slashed, reward] = await f.manager
        .connect(f.reporter)
        .reportEquivocation.staticCall(requestId, a.vote, a.signature, b.vote, b.signature);
      expect(evidenceId).to.equal(
        await f.manager.computeEvidenceId(
          alice.address,
          requestId,
          hashVote(f.domain, requestId, a.vote),
          hashVote(f.domain, requestId, b.vote),
        ),
      );
      expect(slashed).to.equal(MIN_STAKE);
      expect(reward).to.equal(MIN_STAKE / 2n);
    });

    it("applies other rates with the same rounding (3333 bps slash, 4999 bps reward, odd stake)", async function () {
      const f = await loadSlashing();
      const [alice] = f.validators;
      await f.manager.connect(f.parameterSetter).setEquivocationSlashBps(3_333);
      await f.manager.connect(f.parameterSetter).setReporterRewardBps(4_999);
      const stake = 5n * MIN_STAKE + 13n;
      await f.registry.connect(alice).register(stake, 0n);
      const { requestId } = await createRequest(f);
      const { a, b } = await equivocation(f, alice, requestId);
      const slashed = ceilDiv(stake * 3_333n, MAX_BPS);
      const reward = (slashed * 4_999n) / MAX_BPS;
      await expect(
        f.manager
          .connect(f.reporter)
          .reportEquivocation(requestId, a.vote, a.signature, b.vote, b.signature),
      ).to.changeTokenBalances(
        ethers,
        f.token,
        [f.registryAddress, f.reporter, f.treasury],
        [-slashed, reward, slashed - reward],
      );
    });

    it("pays no reward with reporterRewardBps 0, everything to the treasury", async function () {
      const f = await loadSlashing();
      const [alice] = f.validators;
      await f.manager.connect(f.parameterSetter).setReporterRewardBps(0);
      await f.registry.connect(alice).register(2n * MIN_STAKE + 1n, 0n);
      const { requestId } = await createRequest(f);
      const { a, b } = await equivocation(f, alice, requestId);
      const slashed = MIN_STAKE + 1n;
      await expect(
        f.manager
          .connect(f.reporter)
          .reportEquivocation(requestId, a.vote, a.signature, b.vote, b.signature),
      ).to.changeTokenBalances(ethers, f.token, [f.reporter, f.treasury], [0n, slashed]);
    });

    it("lets the registry remove a validator the slash leaves below minStake (no second removal)", async function () {
      const f = await loadSlashing();
      const [alice] = f.validators;
      await f.registry.connect(alice).register(MIN_STAKE + 500n * TOKEN, 0n);
      const { requestId } = await createRequest(f);
      const { a, b } = await equivocation(f, alice, requestId);
      const tx = await f.manager
        .connect(f.reporter)
        .reportEquivocation(requestId, a.vote, a.signature, b.vote, b.signature);
      const receipt = await tx.wait();
      const removed = receipt!.logs
        .map((log) => {
          try {
            return f.registry.interface.parseLog(log);
          } catch {
            return null;
          }
        })
        .filter((parsed) => parsed?.name === "ValidatorRemoved");
      expect(removed).to.have.length(1);
      expect((await f.registry.getValidator(alice.address)).status).to.equal(Status.Unbonding);
    });

    it("slashes an unbonding validator without touching its unbonding deadline", async function () {
      const f = await loadSlashing();
      const [alice] = f.validators;
      await f.registry.connect(alice).register(4n * MIN_STAKE, 0n);
      const { requestId } = await createRequest(f);
      await f.registry.connect(alice).requestUnbond();
      const before = await f.registry.getValidator(alice.address);
      const { a, b } = await equivocation(f, alice, requestId);
      const tx = f.manager
        .connect(f.reporter)
        .reportEquivocation(requestId, a.vote, a.signature, b.vote, b.signature);
      await expect(tx)
        .to.emit(f.manager, "EquivocationReported")
        .withArgs(
          anyBytes32(),
          alice.address,
          requestId,
          f.reporter.address,
          2n * MIN_STAKE,
          MIN_STAKE,
        );
      await expect(tx).not.to.emit(f.registry, "ValidatorRemoved");
      const after = await f.registry.getValidator(alice.address);
      expect(after.stake).to.equal(2n * MIN_STAKE);
      expect(after.status).to.equal(Status.Unbonding);
      expect(after.unbondingEndsAt).to.equal(before.unbondingEndsAt);
    });

    it("accepts evidence exactly at the end of the evidence window", async function () {
      const f = await loadSlashing();
      const [alice] = f.validators;
      await f.registry.connect(alice).register(2n * MIN_STAKE, 0n);
      const { requestId, revealDeadline } = await createRequest(f);
      const { a, b } = await equivocation(f, alice, requestId);
      await networkHelpers.time.setNextBlockTimestamp(revealDeadline + 3n * DAY);
      await expect(
        f.manager
          .connect(f.reporter)
          .reportEquivocation(requestId, a.vote, a.signature, b.vote, b.signature),
      ).to.emit(f.manager, "EquivocationReported");
    });
  });

  describe("when the offence was already reported", function () {
    it("refuses the same pair in the same order and in the reverse order", async function () {
      const f = await loadSlashing();
      const [alice] = f.validators;
      await f.registry.connect(alice).register(4n * MIN_STAKE, 0n);
      const { requestId } = await createRequest(f);
      const { a, b } = await equivocation(f, alice, requestId);
      await f.manager.reportEquivocation(requestId, a.vote, a.signature, b.vote, b.signature);
      const evidenceId = computeEvidenceId(
        alice.address,
        requestId,
        hashVote(f.domain, requestId, a.vote),
        hashVote(f.domain, requestId, b.vote),
      );
      const before = await snapshot(f, alice.address);
      await expect(
        f.manager
          .connect(f.reporter)
          .reportEquivocation(requestId, a.vote, a.signature, b.vote, b.signature),
      )
        .to.be.revertedWithCustomError(f.manager, "SlashingEvidenceAlreadyUsed")
        .withArgs(evidenceId);
      await expect(
        f.manager
          .connect(f.reporter)
          .reportEquivocation(requestId, b.vote, b.signature, a.vote, a.signature),
      )
        .to.be.revertedWithCustomError(f.manager, "SlashingEvidenceAlreadyUsed")
        .withArgs(evidenceId);
      expect(await snapshot(f, alice.address)).to.deep.equal(before);
    });

    it("refuses the reverse order first reported the other way round", async function () {
      const f = await loadSlashing();
      const [alice] = f.validators;
      await f.registry.connect(alice).register(4n * MIN_STAKE, 0n);
      const { requestId } = await createRequest(f);
      const { a, b } = await equivocation(f, alice, requestId);
      await f.manager.reportEquivocation(requestId, b.vote, b.signature, a.vote, a.signature);
      await expect(
        f.manager.reportEquivocation(requestId, a.vote, a.signature, b.vote, b.signature),
      ).to.be.revertedWithCustomError(f.manager, "SlashingEvidenceAlreadyUsed");
    });
  });

  describe("with bad evidence", function () {
    it("refuses a signature of the wrong length", async function () {
      const f = await loadSlashing();
      const [alice] = f.validators;
      await f.registry.connect(alice).register(2n * MIN_STAKE, 0n);
      const { requestId } = await createRequest(f);
      const { a, b } = await equivocation(f, alice, requestId);
      const before = await snapshot(f, alice.address);
      await expect(
        f.manager.reportEquivocation(
          requestId,
          a.vote,
          a.signature.slice(0, 130),
          b.vote,
          b.signature,
        ),
      )
        .to.be.revertedWithCustomError(f.manager, "SlashingInvalidSignature")
        .withArgs(0n, RecoverError.InvalidSignatureLength);
      await expect(f.manager.reportEquivocation(requestId, a.vote, a.signature, b.vote, "0x"))
        .to.be.revertedWithCustomError(f.manager, "SlashingInvalidSignature")
        .withArgs(1n, RecoverError.InvalidSignatureLength);
      expect(await snapshot(f, alice.address)).to.deep.equal(before);
    });

    it("refuses a malleable (high-s) signature", async function () {
      const f = await loadSlashing();
      const [alice] = f.validators;
      await f.registry.connect(alice).register(2n * MIN_STAKE, 0n);
      const { requestId } = await createRequest(f);
      const { a, b } = await equivocation(f, alice, requestId);
      const sig = ethers.Signature.from(b.signature);
      const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
      const highS = ethers.toBeHex(n - BigInt(sig.s), 32);
      const flipped = ethers.concat([sig.r, highS, ethers.toBeHex(sig.v === 27 ? 28 : 27, 1)]);
      // (n - s, flipped v) is the same signer's other valid signature: only the low-s rule rejects it.
      await expect(f.manager.reportEquivocation(requestId, a.vote, a.signature, b.vote, flipped))
        .to.be.revertedWithCustomError(f.manager, "SlashingInvalidSignature")
        .withArgs(1n, RecoverError.InvalidSignatureS);
      expect(recoverVoteSigner(f.domain, requestId, b.vote, flipped).problem).to.match(/malleable/);
    });

    it("refuses a signature that recovers to no address", async function () {
      const f = await loadSlashing();
      const [alice] = f.validators;
      await f.registry.connect(alice).register(2n * MIN_STAKE, 0n);
      const { requestId } = await createRequest(f);
      const { a, b } = await equivocation(f, alice, requestId);
      const badV = `${a.signature.slice(0, 130)}1f`; // v = 31
      await expect(f.manager.reportEquivocation(requestId, a.vote, badV, b.vote, b.signature))
        .to.be.revertedWithCustomError(f.manager, "SlashingInvalidSignature")
        .withArgs(0n, RecoverError.InvalidSignature);
    });

    it("refuses votes signed by two different validators", async function () {
      const f = await loadSlashing();
      const [alice, bob] = f.validators;
      await f.registry.connect(alice).register(2n * MIN_STAKE, 0n);
      await f.registry.connect(bob).register(2n * MIN_STAKE, 0n);
      const { requestId } = await createRequest(f);
      const a = await sign(f, alice, requestId, vote(8_000));
      const b = await sign(f, bob, requestId, vote(2_000));
      const before = await snapshot(f, alice.address);
      await expect(
        f.manager.reportEquivocation(requestId, a.vote, a.signature, b.vote, b.signature),
      )
        .to.be.revertedWithCustomError(f.manager, "SlashingSignerMismatch")
        .withArgs(alice.address, bob.address);
      expect(await snapshot(f, alice.address)).to.deep.equal(before);
    });

    it("refuses two identical votes", async function () {
      const f = await loadSlashing();
      const [alice] = f.validators;
      await f.registry.connect(alice).register(2n * MIN_STAKE, 0n);
      const { requestId } = await createRequest(f);
      const a = await sign(f, alice, requestId, vote(8_000));
      await expect(
        f.manager.reportEquivocation(requestId, a.vote, a.signature, a.vote, a.signature),
      )
        .to.be.revertedWithCustomError(f.manager, "SlashingIdenticalVotes")
        .withArgs(hashVote(f.domain, requestId, a.vote));
    });

    it("refuses votes signed for different requests (the second recovers to another address)", async function () {
      const f = await loadSlashing();
      const [alice] = f.validators;
      await f.registry.connect(alice).register(2n * MIN_STAKE, 0n);
      const { requestId } = await createRequest(f);
      const { requestId: otherRequestId } = await createRequest(f);
      const a = await sign(f, alice, requestId, vote(8_000));
      const b = await sign(f, alice, otherRequestId, vote(2_000));
      const wrongSigner = recoverVoteSigner(f.domain, requestId, b.vote, b.signature).signer;
      expect(wrongSigner).to.not.equal(alice.address);
      await expect(
        f.manager.reportEquivocation(requestId, a.vote, a.signature, b.vote, b.signature),
      )
        .to.be.revertedWithCustomError(f.manager, "SlashingSignerMismatch")
        .withArgs(alice.address, wrongSigner);
    });

    it("refuses a signer that is not a registered validator", async function () {
      const f = await loadSlashing();
      const { requestId } = await createRequest(f);
      const { a, b } = await equivocation(f, f.outsider, requestId);
      await expect(
        f.manager.reportEquivocation(requestId, a.vote, a.signature, b.vote, b.signature),
      )
        .to.be.revertedWithCustomError(f.manager, "SlashingNotValidator")
        .withArgs(f.outsider.address);
    });

    it("refuses a validator that already withdrew", async function () {
      const f = await loadSlashing();
      const [alice] = f.validators;
      await f.registry.connect(alice).register(2n * MIN_STAKE, 0n);
      const { requestId } = await createRequest(f);
      await f.registry.connect(alice).requestUnbond();
      await networkHelpers.time.increase(7n * DAY);
      await f.registry.connect(alice).withdraw();
      const { a, b } = await equivocation(f, alice, requestId);
      await expect(
        f.manager.reportEquivocation(requestId, a.vote, a.signature, b.vote, b.signature),
      )
        .to.be.revertedWithCustomError(f.manager, "SlashingNotValidator")
        .withArgs(alice.address);
    });

    it("refuses an unknown request", async function () {
      const f = await loadSlashing();
      const [alice] = f.validators;
      await f.registry.connect(alice).register(2n * MIN_STAKE, 0n);
      const { a, b } = await equivocation(f, alice, 99n);
      await expect(f.manager.reportEquivocation(99n, a.vote, a.signature, b.vote, b.signature))
        .to.be.revertedWithCustomError(f.manager, "SlashingUnknownRequest")
        .withArgs(99n);
    });

    it("refuses evidence one second after the evidence window", async function () {
      const f = await loadSlashing();
      const [alice] = f.validators;
      await f.registry.connect(alice).register(2n * MIN_STAKE, 0n);
      const { requestId, revealDeadline } = await createRequest(f);
      const { a, b } = await equivocation(f, alice, requestId);
      await networkHelpers.time.increaseTo(revealDeadline + 3n * DAY);
      const before = await snapshot(f, alice.address);
      await expect(
        f.manager.reportEquivocation(requestId, a.vote, a.signature, b.vote, b.signature),
      )
        .to.be.revertedWithCustomError(f.manager, "SlashingEvidenceExpired")
        .withArgs(requestId, revealDeadline + 3n * DAY);
      expect(await snapshot(f, alice.address)).to.deep.equal(before);
    });

    it("refuses a validator with nothing left to slash", async function () {
      const f = await loadSlashing();
      const [alice] = f.validators;
      await f.registry.connect(alice).register(2n * MIN_STAKE, 0n);
      const { requestId } = await createRequest(f);
      await f.registry.connect(f.slasher).slash(alice.address, 2n * MIN_STAKE, REASON_EQUIVOCATION);
      const { a, b } = await equivocation(f, alice, requestId);
      await expect(
        f.manager.reportEquivocation(requestId, a.vote, a.signature, b.vote, b.signature),
      )
        .to.be.revertedWithCustomError(f.manager, "SlashingNothingToSlash")
        .withArgs(alice.address);
    });
  });

  describe("computeEvidenceId", function () {
    it("is independent of the order of the digests and matches the off-chain encoding", async function () {
      const f = await loadSlashing();
      const x = ethers.id("x");
      const y = ethers.id("y");
      const onchain = await f.manager.computeEvidenceId(f.outsider.address, 5n, x, y);
      expect(await f.manager.computeEvidenceId(f.outsider.address, 5n, y, x)).to.equal(onchain);
      expect(computeEvidenceId(f.outsider.address, 5n, x, y)).to.equal(onchain);
      expect(computeEvidenceId(f.outsider.address, 5n, y, x)).to.equal(onchain);
      expect(await f.manager.computeEvidenceId(f.outsider.address, 6n, x, y)).to.not.equal(onchain);
    });
  });
});

/** Matches any bytes32 argument in withArgs. */
function anyBytes32() {
  return (value: unknown) => typeof value === "string" && /^0x[0-9a-f]{64}$/.test(value);
}
