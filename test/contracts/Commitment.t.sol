// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Commitment} from "../../contracts/libraries/Commitment.sol";
import {ConsensusTestBase} from "./utils/ConsensusVm.sol";

/// @dev Pins the on-chain commitment encoding and the EIP-712 vote digest against the shared
/// vectors in test/vectors/commitment.json, which test/consensus/commitment.ts checks against the
/// off-chain encoding (offchain/protocol/commitment.ts, eip712.ts).
contract CommitmentTest is ConsensusTestBase {
    string internal constant VECTORS = "test/vectors/commitment.json";
    bytes32 internal constant VOTE_TYPEHASH = keccak256(
        "Vote(uint256 requestId,uint16 quality,uint16 risk,uint16 domain,bytes32 findingsHash)"
    );
    bytes32 internal constant DOMAIN_TYPEHASH = keccak256(
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    );

    struct VoteVector {
        uint256 chainId;
        address consensus;
        uint256 requestId;
        address validator;
        uint16 quality;
        uint16 risk;
        uint16 domain;
        bytes32 findingsHash;
        bytes32 salt;
        bytes32 commitment;
        bytes32 voteDigest;
    }

    function _load(string memory json, uint256 i) internal pure returns (VoteVector memory v) {
        string memory p = string.concat(".vectors[", vm.toString(i), "].");
        v.chainId = vm.parseJsonUint(json, string.concat(p, "chainId"));
        v.consensus = vm.parseJsonAddress(json, string.concat(p, "consensus"));
        v.requestId = vm.parseJsonUint(json, string.concat(p, "requestId"));
        v.validator = vm.parseJsonAddress(json, string.concat(p, "validator"));
        v.quality = uint16(vm.parseJsonUint(json, string.concat(p, "quality")));
        v.risk = uint16(vm.parseJsonUint(json, string.concat(p, "risk")));
        v.domain = uint16(vm.parseJsonUint(json, string.concat(p, "domain")));
        v.findingsHash = vm.parseJsonBytes32(json, string.concat(p, "findingsHash"));
        v.salt = vm.parseJsonBytes32(json, string.concat(p, "salt"));
        v.commitment = vm.parseJsonBytes32(json, string.concat(p, "commitment"));
        v.voteDigest = vm.parseJsonBytes32(json, string.concat(p, "voteDigest"));
    }

    function _vectors() internal view returns (VoteVector[] memory vectors) {
        string memory json = vm.readFile(VECTORS);
        uint256 n;
        while (vm.keyExistsJson(json, string.concat(".vectors[", vm.toString(n), "]"))) ++n;
        vectors = new VoteVector[](n);
        for (uint256 i; i < n; ++i) vectors[i] = _load(json, i);
    }

    function test_compute_matchesSharedVectors() public view {
        VoteVector[] memory vectors = _vectors();
        assertTrue(vectors.length >= 5, "vectors loaded");
        for (uint256 i; i < vectors.length; ++i) {
            VoteVector memory v = vectors[i];
            bytes32 actual = Commitment.compute(
                v.chainId,
                v.consensus,
                v.requestId,
                v.validator,
                v.quality,
                v.risk,
                v.domain,
                v.findingsHash,
                v.salt
            );
            assertEq(actual, v.commitment, "commitment");
        }
    }

    function test_voteDigest_matchesSharedVectors() public view {
        VoteVector[] memory vectors = _vectors();
        for (uint256 i; i < vectors.length; ++i) {
            VoteVector memory v = vectors[i];
            bytes32 domainSeparator = keccak256(
                abi.encode(
                    DOMAIN_TYPEHASH,
                    keccak256("QualityConsensus"),
                    keccak256("1"),
                    v.chainId,
                    v.consensus
                )
            );
            bytes32 structHash = keccak256(
                abi.encode(VOTE_TYPEHASH, v.requestId, v.quality, v.risk, v.domain, v.findingsHash)
            );
            bytes32 digest = keccak256(abi.encodePacked("\x19\x01", domainSeparator, structHash));
            assertEq(digest, v.voteDigest, "vote digest");
        }
    }

    /// @dev Anything that differs (chain, contract, request, voter, any score, findings, salt)
    /// gives another commitment: a commitment copied or replayed elsewhere never opens.
    function testFuzz_compute_bindsEveryField(
        uint256 chainId,
        address consensus,
        uint256 requestId,
        address validator,
        bytes32 salt,
        uint8 field
    ) public pure {
        bytes32 base = Commitment.compute(
            chainId,
            consensus,
            requestId,
            validator,
            1,
            2,
            3,
            bytes32(0),
            salt
        );
        uint256 which = field % 9;
        bytes32 changed = Commitment.compute(
            which == 0 ? chainId ^ 1 : chainId,
            which == 1 ? address(uint160(consensus) ^ 1) : consensus,
            which == 2 ? requestId ^ 1 : requestId,
            which == 3 ? address(uint160(validator) ^ 1) : validator,
            which == 4 ? 0 : 1,
            which == 5 ? 0 : 2,
            which == 6 ? 0 : 3,
            which == 7 ? bytes32(uint256(1)) : bytes32(0),
            which == 8 ? salt ^ bytes32(uint256(1)) : salt
        );
        assertTrue(base != changed, "every field is bound");
    }
}
