import { expect } from "chai";
import { readFileSync } from "node:fs";
import { computeCommitment } from "../../offchain/protocol/commitment.js";
import { VOTE_TYPES, eip712Domain, hashVote } from "../../offchain/protocol/eip712.js";
import type { Vote } from "../../offchain/protocol/vote.js";
import { ethers, loadCommittee } from "./fixture.js";

interface CommitmentVector {
  name: string;
  chainId: string;
  consensus: `0x${string}`;
  requestId: string;
  validator: `0x${string}`;
  quality: number;
  risk: number;
  domain: number;
  findingsHash: `0x${string}`;
  salt: `0x${string}`;
  commitment: `0x${string}`;
  voteDigest: `0x${string}`;
}

/** Shared with test/contracts/Commitment.t.sol: the same file pins both encodings. */
const { vectors } = JSON.parse(
  readFileSync(new URL("../vectors/commitment.json", import.meta.url), "utf8"),
) as { vectors: CommitmentVector[] };

const voteOf = (v: CommitmentVector): Vote => ({
  quality: v.quality,
  risk: v.risk,
  domain: v.domain,
  findingsHash: v.findingsHash,
});

describe("commitment and vote digest encodings", function () {
  it("has vectors", function () {
    expect(vectors.length).to.be.greaterThanOrEqual(5);
  });

  for (const v of vectors) {
    it(`off-chain encodings match the vector: ${v.name}`, function () {
      const ctx = {
        chainId: BigInt(v.chainId),
        consensus: v.consensus,
        requestId: BigInt(v.requestId),
        validator: v.validator,
      };
      expect(computeCommitment(ctx, voteOf(v), v.salt)).to.equal(v.commitment);
      expect(hashVote(eip712Domain(ctx.chainId, v.consensus), ctx.requestId, voteOf(v))).to.equal(
        v.voteDigest,
      );
    });
  }

  it("the deployed contract's computeCommitment and hashVote equal the off-chain ones", async function () {
    const fx = await loadCommittee(4);
    const domain = eip712Domain(fx.chainId, fx.consensusAddress as `0x${string}`);
    for (const v of vectors) {
      const requestId = BigInt(v.requestId);
      const onchain = await fx.consensus.computeCommitment(
        requestId,
        v.validator,
        voteOf(v),
        v.salt,
      );
      const offchain = computeCommitment(
        {
          chainId: fx.chainId,
          consensus: fx.consensusAddress as `0x${string}`,
          requestId,
          validator: v.validator,
        },
        voteOf(v),
        v.salt,
      );
      expect(onchain).to.equal(offchain);
      expect(await fx.consensus.hashVote(requestId, voteOf(v))).to.equal(
        hashVote(domain, requestId, voteOf(v)),
      );
    }
  });

  it("hashVote is the digest a validator's EIP-712 signature recovers from", async function () {
    const fx = await loadCommittee(4);
    const v = vectors[0];
    const signer = fx.validators[0];
    const domain = eip712Domain(fx.chainId, fx.consensusAddress as `0x${string}`);
    const types = { Vote: [...VOTE_TYPES.Vote] };
    const message = { requestId: BigInt(v.requestId), ...voteOf(v) };
    const signature = await signer.signTypedData(domain, types, message);
    const digest = await fx.consensus.hashVote(message.requestId, voteOf(v));
    expect(ethers.recoverAddress(digest, signature)).to.equal(signer.address);
  });
});
