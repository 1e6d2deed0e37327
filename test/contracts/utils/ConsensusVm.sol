// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev The few Hardhat (Foundry-compatible) cheatcodes the consensus tests use; forge-std is not
/// available. Named after the consensus area so it never collides with other helpers' Vm interfaces.
interface ConsensusVm {
    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function warp(uint256 timestamp) external;
    function chainId(uint256 newChainId) external;
    function expectRevert(bytes calldata revertData) external;
    function assume(bool condition) external;
    function addr(uint256 privateKey) external pure returns (address);
    function readFile(string calldata path) external view returns (string memory);
    function keyExistsJson(string calldata json, string calldata key) external view returns (bool);
    function parseJsonUint(
        string calldata json,
        string calldata key
    ) external pure returns (uint256);
    function parseJsonAddress(
        string calldata json,
        string calldata key
    ) external pure returns (address);
    function parseJsonBytes32(
        string calldata json,
        string calldata key
    ) external pure returns (bytes32);
    function parseJsonString(
        string calldata json,
        string calldata key
    ) external pure returns (string memory);
    function toString(uint256 value) external pure returns (string memory);
}

/// @dev Assertions and the cheatcode handle shared by the consensus Solidity tests.
abstract contract ConsensusTestBase {
    ConsensusVm internal constant vm = ConsensusVm(
        address(uint160(uint256(keccak256("hevm cheat code"))))
    );

    error AssertionFailed(string what, uint256 actual, uint256 expected);
    error AssertionFailedBytes32(string what, bytes32 actual, bytes32 expected);

    function assertEq(uint256 actual, uint256 expected, string memory what) internal pure {
        if (actual != expected) revert AssertionFailed(what, actual, expected);
    }

    function assertEq(bytes32 actual, bytes32 expected, string memory what) internal pure {
        if (actual != expected) revert AssertionFailedBytes32(what, actual, expected);
    }

    function assertTrue(bool condition, string memory what) internal pure {
        if (!condition) revert AssertionFailed(what, 0, 1);
    }

    /// @dev Deterministic pseudo-random stream for tests that build random instances from one seed.
    function _rand(uint256 seed, uint256 i) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed, i)));
    }
}
