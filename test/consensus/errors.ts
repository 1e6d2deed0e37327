import { expect } from "chai";
import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import {
  DOMAIN,
  FEE,
  OUTPUT_HASH,
  PAYLOAD_BYTES,
  advancePast,
  commit,
  commitmentFor,
  ethers,
  loadCommittee,
  makeVote,
  reveal,
  saltFor,
  submit,
  type ConsensusFixture,
} from "./fixture.js";
import { Phase } from "./model.js";

const VOTE = makeVote(8_500, 1_000, 9_000);
const MAX_PAYLOAD = 24 * 1024;

/** Everything a failed call must leave unchanged. */
async function snapshotState(fx: ConsensusFixture, requestId: bigint) {
  const ballots = await Promise.all(
    fx.validators.map((v) => fx.consensus.getBallot(requestId, v.address)),
  );
  return {
    count: await fx.consensus.requestCount(),
    request: requestId === 0n ? null : (await fx.consensus.getRequest(requestId)).toString(),
    ballots: ballots.map((b) => b.toString()),
    balance: await fx.token.balanceOf(fx.consensusAddress),
  };
}

describe("QualityConsensus bad input", function () {
  describe("submitRequest", function () {
    const cases: [string, (fx: ConsensusFixture) => Promise<unknown>, string, unknown[]][] = [
      [
        "zero output hash",
        (fx) =>
          fx.consensus
            .connect(fx.client)
            .submitRequest(ethers.ZeroHash, DOMAIN, PAYLOAD_BYTES, "", FEE),
        "ConsensusZeroOutputHash",
        [],
      ],
      [
        "payload over 24 KiB",
        (fx) =>
          fx.consensus
            .connect(fx.client)
            .submitRequest(OUTPUT_HASH, DOMAIN, new Uint8Array(MAX_PAYLOAD + 1), "", FEE),
        "ConsensusPayloadTooLarge",
        [MAX_PAYLOAD + 1, MAX_PAYLOAD],
      ],
      [
        "neither payload nor uri",
        (fx) => fx.consensus.connect(fx.client).submitRequest(OUTPUT_HASH, DOMAIN, "0x", "", FEE),
        "ConsensusEmptyPayload",
        [],
      ],
      [
        "zero fee",
        (fx) =>
          fx.consensus.connect(fx.client).submitRequest(OUTPUT_HASH, DOMAIN, PAYLOAD_BYTES, "", 0n),
        "ConsensusZeroFee",
        [],
      ],
    ];
    for (const [name, call, error, args] of cases) {
      it(`reverts on ${name} with ${error} and changes nothing`, async function () {
        const fx = await loadCommittee(4);
        const before = await snapshotState(fx, 0n);
        await expect(call(fx))
          .to.be.revertedWithCustomError(fx.consensus, error)
          .withArgs(...args);
        expect(await snapshotState(fx, 0n)).to.deep.equal(before);
      });
    }

    it("accepts exactly 24 KiB inline, and a uri without payload", async function () {
      const fx = await loadCommittee(4);
      await expect(
        fx.consensus
          .connect(fx.client)
          .submitRequest(OUTPUT_HASH, DOMAIN, new Uint8Array(MAX_PAYLOAD).fill(0x61), "", FEE),
      ).to.emit(fx.consensus, "RequestSubmitted");
      await expect(
        fx.consensus
          .connect(fx.client)
          .submitRequest(OUTPUT_HASH, DOMAIN, "0x", "ipfs://payload", FEE),
      )
        .to.emit(fx.consensus, "RequestSubmitted")
        .withArgs(
          2n,
          fx.client.address,
          DOMAIN,
          OUTPUT_HASH,
          "0x",
          "ipfs://payload",
          FEE,
          anyValue,
          anyValue,
          anyValue,
          anyValue,
        );
    });

    it("reverts on an unfunded fee (no allowance, then no balance)", async function () {
      const fx = await loadCommittee(4);
      const payer = fx.outsider;
      await expect(
        fx.consensus.connect(payer).submitRequest(OUTPUT_HASH, DOMAIN, PAYLOAD_BYTES, "", FEE),
      )
        .to.be.revertedWithCustomError(fx.token, "ERC20InsufficientAllowance")
        .withArgs(fx.consensusAddress, 0n, FEE);
      await fx.token.connect(payer).approve(fx.consensusAddress, FEE);
      await expect(
        fx.consensus.connect(payer).submitRequest(OUTPUT_HASH, DOMAIN, PAYLOAD_BYTES, "", FEE),
      )
        .to.be.revertedWithCustomError(fx.token, "ERC20InsufficientBalance")
        .withArgs(payer.address, 0n, FEE);
      expect(await fx.consensus.requestCount()).to.equal(0n);
    });

    it("reverts with fewer than minValidators active", async function () {
      const fx = await loadCommittee(4);
      await fx.registry.connect(fx.validators[0]).requestUnbond();
      await expect(submit(fx))
        .to.be.revertedWithCustomError(fx.consensus, "ConsensusNotEnoughValidators")
        .withArgs(3, 4);
    });

    it("reverts while paused, and only submissions are paused", async function () {
      const fx = await loadCommittee(4);
      const requestId = await submit(fx);
      await fx.consensus.connect(fx.admin).pause();
      await expect(submit(fx)).to.be.revertedWithCustomError(fx.consensus, "EnforcedPause");
      for (const v of fx.validators) await commit(fx, requestId, v, VOTE);
      for (const v of fx.validators) await reveal(fx, requestId, v, VOTE);
      await expect(fx.consensus.finalize(requestId)).to.emit(fx.consensus, "RequestFinalized");
      await expect(fx.consensus.connect(fx.validators[0]).claimRewards()).to.emit(
        fx.consensus,
        "RewardsClaimed",
      );
      await fx.consensus.connect(fx.admin).unpause();
      expect(await submit(fx)).to.equal(requestId + 1n);
    });
  });

  describe("commitVote", function () {
    it("reverts for an unknown request", async function () {
      const fx = await loadCommittee(4);
      await expect(fx.consensus.connect(fx.validators[0]).commitVote(7n, ethers.id("x")))
        .to.be.revertedWithCustomError(fx.consensus, "ConsensusUnknownRequest")
        .withArgs(7n);
    });

    it("reverts for a validator outside the committee (registered after submission)", async function () {
      const fx = await loadCommittee(4);
      const requestId = await submit(fx);
      const late = fx.outsider;
      await fx.token.mint(late.address, 10n ** 24n);
      await fx.token.connect(late).approve(fx.addresses.registry, ethers.MaxUint256);
      await fx.registry.connect(late).register(10n ** 21n, 0n);
      const before = await snapshotState(fx, requestId);
      await expect(fx.consensus.connect(late).commitVote(requestId, ethers.id("x")))
        .to.be.revertedWithCustomError(fx.consensus, "ConsensusNotCommitteeMember")
        .withArgs(requestId, late.address);
      expect(await snapshotState(fx, requestId)).to.deep.equal(before);
      expect(await fx.consensus.isCommitteeMember(requestId, late.address)).to.equal(false);
      expect(await fx.consensus.isCommitteeMember(requestId, fx.validators[0].address)).to.equal(
        true,
      );
    });

    it("reverts on a second commitment", async function () {
      const fx = await loadCommittee(4);
      const requestId = await submit(fx);
      const v = fx.validators[0];
      await commit(fx, requestId, v, VOTE);
      const before = await snapshotState(fx, requestId);
      await expect(fx.consensus.connect(v).commitVote(requestId, ethers.id("other")))
        .to.be.revertedWithCustomError(fx.consensus, "ConsensusAlreadyCommitted")
        .withArgs(requestId, v.address);
      expect(await snapshotState(fx, requestId)).to.deep.equal(before);
    });

    it("reverts on a zero commitment", async function () {
      const fx = await loadCommittee(4);
      const requestId = await submit(fx);
      await expect(
        fx.consensus.connect(fx.validators[0]).commitVote(requestId, ethers.ZeroHash),
      ).to.be.revertedWithCustomError(fx.consensus, "ConsensusZeroCommitment");
    });

    it("reverts after the commit deadline", async function () {
      const fx = await loadCommittee(4);
      const requestId = await submit(fx);
      await commit(fx, requestId, fx.validators[0], VOTE);
      await advancePast((await fx.consensus.getRequest(requestId)).commitDeadline);
      await expect(commit(fx, requestId, fx.validators[1], VOTE))
        .to.be.revertedWithCustomError(fx.consensus, "ConsensusWrongPhase")
        .withArgs(requestId, Phase.Reveal);
    });
  });

  describe("revealVote", function () {
    async function allCommitted() {
      const fx = await loadCommittee(4);
      const requestId = await submit(fx);
      for (const v of fx.validators) await commit(fx, requestId, v, VOTE);
      return { fx, requestId };
    }

    it("reverts for a committee member that did not commit", async function () {
      const fx = await loadCommittee(4);
      const requestId = await submit(fx);
      for (const v of fx.validators.slice(0, 3)) await commit(fx, requestId, v, VOTE);
      await advancePast((await fx.consensus.getRequest(requestId)).commitDeadline);
      await expect(reveal(fx, requestId, fx.validators[3], VOTE))
        .to.be.revertedWithCustomError(fx.consensus, "ConsensusNotCommitted")
        .withArgs(requestId, fx.validators[3].address);
    });

    it("reverts on a second reveal", async function () {
      const { fx, requestId } = await allCommitted();
      const v = fx.validators[0];
      await reveal(fx, requestId, v, VOTE);
      const before = await snapshotState(fx, requestId);
      await expect(reveal(fx, requestId, v, VOTE))
        .to.be.revertedWithCustomError(fx.consensus, "ConsensusAlreadyRevealed")
        .withArgs(requestId, v.address);
      expect(await snapshotState(fx, requestId)).to.deep.equal(before);
    });

    it("reverts when vote or salt do not open the commitment", async function () {
      const { fx, requestId } = await allCommitted();
      const v = fx.validators[0];
      const salt = saltFor(v.address, requestId);
      const before = await snapshotState(fx, requestId);
      for (const [vote, s] of [
        [makeVote(8_501, 1_000, 9_000), salt],
        [VOTE, ethers.id("wrong salt")],
        [makeVote(8_500, 1_000, 9_000, "other findings"), salt],
      ] as const) {
        await expect(fx.consensus.connect(v).revealVote(requestId, vote, s))
          .to.be.revertedWithCustomError(fx.consensus, "ConsensusCommitmentMismatch")
          .withArgs(requestId, v.address);
      }
      expect(await snapshotState(fx, requestId)).to.deep.equal(before);
    });

    for (const [field, vote] of [
      ["quality", makeVote(10_001, 0, 0)],
      ["risk", makeVote(0, 10_001, 0)],
      ["domain", makeVote(0, 0, 65_535)],
    ] as const) {
      it(`reverts when ${field} is above 10_000`, async function () {
        const fx = await loadCommittee(4);
        const requestId = await submit(fx);
        const v = fx.validators[0];
        // Any commitment will do: the range check comes first (the off-chain encoder refuses
        // out-of-range scores, and the contract cannot look inside a hash at commit time).
        await fx.consensus
          .connect(v)
          .commitVote(
            requestId,
            commitmentFor(fx, requestId, v.address, { ...vote, quality: 0, risk: 0, domain: 0 }),
          );
        for (const w of fx.validators.slice(1)) await commit(fx, requestId, w, VOTE);
        const bad = Math.max(vote.quality, vote.risk, vote.domain);
        await expect(
          fx.consensus.connect(v).revealVote(requestId, vote, saltFor(v.address, requestId)),
        )
          .to.be.revertedWithCustomError(fx.consensus, "ConsensusScoreOutOfRange")
          .withArgs(bad);
      });
    }
  });

  describe("claimRewards", function () {
    it("reverts with nothing to claim", async function () {
      const fx = await loadCommittee(4);
      await expect(fx.consensus.connect(fx.outsider).claimRewards())
        .to.be.revertedWithCustomError(fx.consensus, "ConsensusNothingToClaim")
        .withArgs(fx.outsider.address);
    });
  });

  describe("views", function () {
    it("reverts for unknown requests", async function () {
      const fx = await loadCommittee(4);
      for (const call of [
        fx.consensus.getRequest(1n),
        fx.consensus.getResult(1n),
        fx.consensus.isCommitteeMember(1n, fx.validators[0].address),
        fx.consensus.finalize(1n),
        fx.consensus.revealVote(1n, VOTE, ethers.ZeroHash),
      ]) {
        await expect(call)
          .to.be.revertedWithCustomError(fx.consensus, "ConsensusUnknownRequest")
          .withArgs(1n);
      }
      expect(await fx.consensus.phaseOf(1n)).to.equal(Phase.None);
    });
  });
});
