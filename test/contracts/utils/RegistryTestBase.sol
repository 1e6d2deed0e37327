// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IValidatorRegistry} from "../../../contracts/interfaces/IValidatorRegistry.sol";
import {ValidatorRegistry} from "../../../contracts/ValidatorRegistry.sol";
import {TestStakeToken} from "../../../contracts/test/TestStakeToken.sol";

/// @notice The few Foundry-compatible cheatcodes the registry tests use (forge-std is not installed).
interface IRegistryVm {
    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function warp(uint256 timestamp) external;
    function expectRevert(bytes calldata revertData) external;
    function expectEmit(bool t1, bool t2, bool t3, bool data, address emitter) external;
    function assume(bool condition) external;
}

/// @notice Shared deployment, cheatcodes and assertions for the registry's Solidity tests.
abstract contract RegistryTestBase {
    IRegistryVm internal constant vm = IRegistryVm(
        address(uint160(uint256(keccak256("hevm cheat code"))))
    );

    uint256 internal constant TOKEN = 1e18;
    uint256 internal constant MIN_STAKE = 1_000 * TOKEN;
    uint256 internal constant MAX_EFFECTIVE_STAKE = 100_000 * TOKEN;
    address internal constant TREASURY = address(0x7EA5);
    address internal constant SLASHER = address(0x51A5);
    address internal constant CONSENSUS = address(0xC0C0);

    error AssertionFailed(string what, uint256 actual, uint256 expected);

    TestStakeToken internal token;
    ValidatorRegistry internal registry;

    /// @dev Deploys a token and a registry administered by this test contract, with difficulty 0.
    function _deployRegistry() internal {
        token = new TestStakeToken();
        registry = new ValidatorRegistry(token, TREASURY, address(this), 0);
        registry.grantRole(registry.SLASHER_ROLE(), SLASHER);
        registry.grantRole(registry.CONSENSUS_ROLE(), CONSENSUS);
    }

    /// @dev Mints `amount` to `who`, approves the registry and registers `who` with nonce 0.
    function _register(address who, uint256 amount) internal {
        token.mint(who, amount);
        vm.startPrank(who);
        token.approve(address(registry), amount);
        registry.register(amount, 0);
        vm.stopPrank();
    }

    function _validator(address who) internal view returns (IValidatorRegistry.Validator memory) {
        return registry.getValidator(who);
    }

    function _weight(
        uint256 stake,
        uint256 reputationBps,
        uint256 cap
    ) internal pure returns (uint256) {
        return ((stake < cap ? stake : cap) * reputationBps) / 10_000;
    }

    function _bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        if (max <= min) return min;
        return min + (x % (max - min + 1));
    }

    function _assertEq(uint256 actual, uint256 expected, string memory what) internal pure {
        if (actual != expected) revert AssertionFailed(what, actual, expected);
    }

    function _assertTrue(bool condition, string memory what) internal pure {
        if (!condition) revert AssertionFailed(what, 0, 1);
    }
}
