// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev The few Hardhat (Foundry-compatible) cheatcodes the slashing tests use; forge-std is not
/// available. Named after the slashing area so it never collides with other helpers' Vm interfaces.
interface ISlashingVm {
    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function warp(uint256 timestamp) external;
    function sign(
        uint256 privateKey,
        bytes32 digest
    ) external pure returns (uint8 v, bytes32 r, bytes32 s);
    function addr(uint256 privateKey) external pure returns (address);
    function expectRevert(bytes calldata revertData) external;
}

/// @dev Cheatcode handle and assertions shared by the slashing Solidity tests.
abstract contract SlashingTestBase {
    // solhint-disable-next-line const-name-snakecase
    ISlashingVm internal constant vm = ISlashingVm(
        address(uint160(uint256(keccak256("hevm cheat code"))))
    );

    error SlashingAssertionFailed(string what, uint256 actual, uint256 expected);

    function assertEq(uint256 actual, uint256 expected, string memory what) internal pure {
        if (actual != expected) revert SlashingAssertionFailed(what, actual, expected);
    }

    function assertLe(uint256 actual, uint256 bound, string memory what) internal pure {
        if (actual > bound) revert SlashingAssertionFailed(what, actual, bound);
    }
}
