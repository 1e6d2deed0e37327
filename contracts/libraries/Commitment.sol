// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Commitment
/// @notice The one on-chain definition of a vote commitment (off-chain twin:
/// offchain/protocol/commitment.ts). It binds chain, contract, request and voter, so a commitment
/// copied from another validator, request, deployment or chain never opens.
library Commitment {
    /// @notice keccak256(abi.encode(chainId, consensus, requestId, validator, quality, risk, domain,
    /// findingsHash, salt)).
    function compute(
        uint256 chainId,
        address consensus,
        uint256 requestId,
        address validator,
        uint16 quality,
        uint16 risk,
        uint16 domain,
        bytes32 findingsHash,
        bytes32 salt
    ) internal pure returns (bytes32) {
        return
            keccak256(
                abi.encode(
                    chainId,
                    consensus,
                    requestId,
                    validator,
                    quality,
                    risk,
                    domain,
                    findingsHash,
                    salt
                )
            );
    }
}
