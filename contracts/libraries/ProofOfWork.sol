// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ProofOfWork
/// @notice The registration proof of work: sha256(abi.encodePacked(chainid, registry, validator, nonce))
/// must start with at least `difficultyBits` zero bits. The off-chain miner is
/// offchain/protocol/proofOfWork.ts (same encoding: 32 + 20 + 20 + 32 bytes).
library ProofOfWork {
    /// @notice The proof-of-work hash binding chain, registry and validator, so a proof cannot be
    /// replayed on another chain, another registry or by another address.
    function hash(
        uint256 chainId,
        address registry,
        address validator,
        uint256 nonce
    ) internal pure returns (bytes32) {
        return sha256(abi.encodePacked(chainId, registry, validator, nonce));
    }

    /// @notice Number of leading zero bits of `value` (256 for zero).
    function leadingZeroBits(bytes32 value) internal pure returns (uint256 bits) {
        uint256 x = uint256(value);
        if (x == 0) return 256;
        // Binary search on the position of the highest set bit.
        if (x >> 128 == 0) {
            bits += 128;
            x <<= 128;
        }
        if (x >> 192 == 0) {
            bits += 64;
            x <<= 64;
        }
        if (x >> 224 == 0) {
            bits += 32;
            x <<= 32;
        }
        if (x >> 240 == 0) {
            bits += 16;
            x <<= 16;
        }
        if (x >> 248 == 0) {
            bits += 8;
            x <<= 8;
        }
        if (x >> 252 == 0) {
            bits += 4;
            x <<= 4;
        }
        if (x >> 254 == 0) {
            bits += 2;
            x <<= 2;
        }
        if (x >> 255 == 0) {
            bits += 1;
        }
    }

    /// @notice Whether `value` has at least `difficultyBits` leading zero bits.
    function meetsDifficulty(bytes32 value, uint256 difficultyBits) internal pure returns (bool) {
        if (difficultyBits == 0) return true;
        if (difficultyBits > 256) return false;
        // The top `difficultyBits` bits are zero iff value < 2^(256 - difficultyBits).
        return difficultyBits == 256 ? value == 0 : uint256(value) >> (256 - difficultyBits) == 0;
    }
}
