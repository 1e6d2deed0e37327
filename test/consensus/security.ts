import { expect } from "chai";
import { computeCommitment } from "../../offchain/protocol/commitment.js";
import { deployQualityConsensus } from "../../scripts/deploy.js";
import {
  commit,
  commitmentFor,
  ethers,
  loadCommittee,
  makeVote,
  reveal,
  saltFor,
  submit,
} from "./fixture.js";

const VOTE = makeVote(8_500, 1_000, 9_000);

describe("QualityConsensus commitment binding", function () {
  it("never lets a copied commitment be revealed", async function () {
    const fx = await loadCommittee(4);
    const requestId = await submit(fx);
    const [honest, copier, ...rest] = fx.validators;
    const honestCommitment = commitmentFor(fx, requestId, honest.address, VOTE);
    await fx.consensus.connect(honest).commitVote(requestId, honestCommitment);
    // The copier stores the honest validator's hash as its own.
    await fx.consensus.connect(copier).commitVote(requestId, honestCommitment);
    for (const v of rest) await commit(fx, requestId, v, VOTE);
    // The honest reveal is public in the mempool: the copier replays its vote and salt.
    await reveal(fx, requestId, honest, VOTE);
    await expect(
      fx.consensus.connect(copier).revealVote(requestId, VOTE, saltFor(honest.address, requestId)),
    )
      .to.be.revertedWithCustomError(fx.consensus, "ConsensusCommitmentMismatch")
      .withArgs(requestId, copier.address);
  });

  it("refuses a commitment made for another deployment", async function () {
    const fx = await loadCommittee(4);
    // A second, independent deployment on the same chain with the same validators' keys.
    const other = await deployQualityConsensus(ethers, {
      admin: fx.admin,
      stakeToken: fx.addresses.token,
      treasury: fx.treasury.address,
    });
    const requestId = await submit(fx);
    const v = fx.validators[0];
    const foreign = computeCommitment(
      {
        chainId: fx.chainId,
        consensus: other.addresses.consensus as `0x${string}`,
        requestId,
        validator: v.address as `0x${string}`,
      },
      VOTE,
      saltFor(v.address, requestId),
    );
    expect(foreign).to.equal(
      await other.consensus.computeCommitment(
        requestId,
        v.address,
        VOTE,
        saltFor(v.address, requestId),
      ),
    );
    await fx.consensus.connect(v).commitVote(requestId, foreign);
    for (const w of fx.validators.slice(1)) await commit(fx, requestId, w, VOTE);
    await expect(reveal(fx, requestId, v, VOTE))
      .to.be.revertedWithCustomError(fx.consensus, "ConsensusCommitmentMismatch")
      .withArgs(requestId, v.address);
  });

  it("refuses a commitment made for another chain or another request", async function () {
    const fx = await loadCommittee(4);
    const first = await submit(fx);
    const requestId = await submit(fx);
    const [a, b, ...rest] = fx.validators;
    const base = {
      consensus: fx.consensusAddress as `0x${string}`,
      requestId,
      validator: a.address as `0x${string}`,
    };
    const otherChain = computeCommitment(
      { ...base, chainId: fx.chainId + 1n },
      VOTE,
      saltFor(a.address, requestId),
    );
    const otherRequest = computeCommitment(
      { ...base, chainId: fx.chainId, requestId: first, validator: b.address as `0x${string}` },
      VOTE,
      saltFor(b.address, requestId),
    );
    await fx.consensus.connect(a).commitVote(requestId, otherChain);
    await fx.consensus.connect(b).commitVote(requestId, otherRequest);
    for (const v of rest) await commit(fx, requestId, v, VOTE);
    await expect(reveal(fx, requestId, a, VOTE))
      .to.be.revertedWithCustomError(fx.consensus, "ConsensusCommitmentMismatch")
      .withArgs(requestId, a.address);
    await expect(reveal(fx, requestId, b, VOTE))
      .to.be.revertedWithCustomError(fx.consensus, "ConsensusCommitmentMismatch")
      .withArgs(requestId, b.address);
  });

  it("cannot forge a revealed-looking ballot by committing raw score bits", async function () {
    const fx = await loadCommittee(4);
    const requestId = await submit(fx);
    // 20 bytes that look like the revealed encoding (flag bit 158 + scores) in the top bits.
    const forged = ethers.zeroPadBytes(
      ethers.toBeHex((1n << 158n) | (9_000n << 32n) | 9_000n, 20),
      32,
    );
    const v = fx.validators[0];
    await fx.consensus.connect(v).commitVote(requestId, forged);
    const ballot = await fx.consensus.getBallot(requestId, v.address);
    expect(ballot.committed).to.equal(true);
    expect(ballot.revealed).to.equal(false);
  });
});
