import { hashTypedData, type Address, type Hex } from "viem";
import type { Vote } from "./vote.js";

/** EIP-712 domain of every signed vote attestation and salt; verifyingContract is QualityConsensus. */
export function eip712Domain(chainId: bigint, consensus: Address) {
  return { name: "QualityConsensus", version: "1", chainId, verifyingContract: consensus } as const;
}

export type Eip712Domain = ReturnType<typeof eip712Domain>;

/** Types without `EIP712Domain`, the form both ethers' `signTypedData` and viem accept. */
export const VOTE_TYPES = {
  Vote: [
    { name: "requestId", type: "uint256" },
    { name: "quality", type: "uint16" },
    { name: "risk", type: "uint16" },
    { name: "domain", type: "uint16" },
    { name: "findingsHash", type: "bytes32" },
  ],
} as const;

export const SALT_TYPES = {
  Salt: [{ name: "requestId", type: "uint256" }],
} as const;

export function voteMessage(requestId: bigint, vote: Vote) {
  return {
    requestId,
    quality: vote.quality,
    risk: vote.risk,
    domain: vote.domain,
    findingsHash: vote.findingsHash,
  };
}

/** The digest the contracts recover signers from (`IQualityConsensus.hashVote`). */
export function hashVote(domain: Eip712Domain, requestId: bigint, vote: Vote): Hex {
  return hashTypedData({
    domain,
    types: VOTE_TYPES,
    primaryType: "Vote",
    message: voteMessage(requestId, vote),
  });
}
