import { encodeAbiParameters, keccak256, type Address, type Hex } from "viem";
import { assertVote, type Vote } from "./vote.js";

export interface CommitmentContext {
  chainId: bigint;
  consensus: Address;
  requestId: bigint;
  validator: Address;
}

/**
 * The commitment a validator stores with `commitVote`; the one off-chain copy of the contract's
 * `computeCommitment`. It binds chain, contract, request and voter so it cannot be copied or replayed.
 */
export function computeCommitment(ctx: CommitmentContext, vote: Vote, salt: Hex): Hex {
  assertVote(vote);
  return keccak256(
    encodeAbiParameters(
      [
        { type: "uint256" },
        { type: "address" },
        { type: "uint256" },
        { type: "address" },
        { type: "uint16" },
        { type: "uint16" },
        { type: "uint16" },
        { type: "bytes32" },
        { type: "bytes32" },
      ],
      [
        ctx.chainId,
        ctx.consensus,
        ctx.requestId,
        ctx.validator,
        vote.quality,
        vote.risk,
        vote.domain,
        vote.findingsHash,
        salt,
      ],
    ),
  );
}
