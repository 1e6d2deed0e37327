// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ProofOfWork} from "../../contracts/libraries/ProofOfWork.sol";
import {RegistryTestBase} from "./utils/RegistryTestBase.sol";

contract ProofOfWorkTest is RegistryTestBase {
    function setUp() public {
        _deployRegistry();
    }

    /// @dev Reference implementation: count bits one by one.
    function _naiveLeadingZeroBits(bytes32 value) internal pure returns (uint256 bits) {
        uint256 x = uint256(value);
        for (uint256 i = 255; ; --i) {
            if ((x >> i) & 1 == 1) return bits;
            ++bits;
            if (i == 0) return bits;
        }
    }

    function test_leadingZeroBits_knownValues() public pure {
        _assertEq(ProofOfWork.leadingZeroBits(bytes32(0)), 256, "zero");
        _assertEq(ProofOfWork.leadingZeroBits(bytes32(uint256(1))), 255, "one");
        _assertEq(ProofOfWork.leadingZeroBits(bytes32(type(uint256).max)), 0, "max");
        _assertEq(ProofOfWork.leadingZeroBits(bytes32(uint256(1) << 255)), 0, "top bit");
        _assertEq(ProofOfWork.leadingZeroBits(bytes32(uint256(1) << 236)), 19, "2^236");
        _assertEq(ProofOfWork.leadingZeroBits(bytes32(uint256(1) << 235)), 20, "2^235");
        _assertEq(ProofOfWork.leadingZeroBits(bytes32(uint256(0x1f) << 240)), 11, "0x001f...");
    }

    function test_meetsDifficulty_boundaries() public pure {
        bytes32 twentyZeros = bytes32(type(uint256).max >> 20);
        _assertTrue(ProofOfWork.meetsDifficulty(twentyZeros, 20), "exactly 20 bits meets 20");
        _assertTrue(!ProofOfWork.meetsDifficulty(twentyZeros, 21), "20 bits fails 21");
        _assertTrue(ProofOfWork.meetsDifficulty(bytes32(type(uint256).max), 0), "0 always meets");
        _assertTrue(ProofOfWork.meetsDifficulty(bytes32(0), 256), "zero meets 256");
        _assertTrue(!ProofOfWork.meetsDifficulty(bytes32(uint256(1)), 256), "one fails 256");
        _assertTrue(!ProofOfWork.meetsDifficulty(bytes32(0), 257), "nothing meets 257");
    }

    function testFuzz_leadingZeroBits_matchesNaive(bytes32 value, uint8 shift) public pure {
        // Shifting spreads the inputs over every possible answer, not just 0..2.
        bytes32 shifted = bytes32(uint256(value) >> shift);
        _assertEq(
            ProofOfWork.leadingZeroBits(shifted),
            _naiveLeadingZeroBits(shifted),
            "leadingZeroBits"
        );
    }

    function testFuzz_meetsDifficulty_iffEnoughLeadingZeros(
        bytes32 value,
        uint8 shift,
        uint16 bits
    ) public pure {
        bytes32 shifted = bytes32(uint256(value) >> shift);
        bool expected = bits <= 256 && _naiveLeadingZeroBits(shifted) >= bits;
        _assertTrue(ProofOfWork.meetsDifficulty(shifted, bits) == expected, "meetsDifficulty");
    }

    function testFuzz_hash_isSha256OfPackedFields(
        uint256 chainId,
        address reg,
        address validator,
        uint256 nonce
    ) public pure {
        bytes memory packed = abi.encodePacked(chainId, reg, validator, nonce);
        _assertEq(packed.length, 104, "preimage length");
        _assertTrue(ProofOfWork.hash(chainId, reg, validator, nonce) == sha256(packed), "hash");
    }

    function testFuzz_registryHash_bindsChainRegistryAndCaller(
        address validator,
        uint256 nonce
    ) public view {
        _assertTrue(
            registry.proofOfWorkHash(validator, nonce) ==
                ProofOfWork.hash(block.chainid, address(registry), validator, nonce),
            "registry hash"
        );
    }

    /// @dev A mined nonce registers at difficulty 8; the first failing nonce reverts with its args.
    function test_register_enforcesDifficulty() public {
        address validator = address(0xA11CE);
        registry.setPowDifficultyBits(8);
        uint256 good;
        uint256 bad = type(uint256).max;
        for (uint256 n = 0; ; ++n) {
            bool ok = ProofOfWork.meetsDifficulty(registry.proofOfWorkHash(validator, n), 8);
            if (!ok && bad == type(uint256).max) bad = n;
            if (ok) {
                good = n;
                break;
            }
        }
        token.mint(validator, MIN_STAKE);
        vm.startPrank(validator);
        token.approve(address(registry), MIN_STAKE);
        if (bad != type(uint256).max) {
            vm.expectRevert(
                abi.encodeWithSignature(
                    "RegistryInvalidProofOfWork(address,uint256,uint8)",
                    validator,
                    bad,
                    uint8(8)
                )
            );
            registry.register(MIN_STAKE, bad);
        }
        registry.register(MIN_STAKE, good);
        vm.stopPrank();
        _assertTrue(registry.isActive(validator), "registered");
    }
}
