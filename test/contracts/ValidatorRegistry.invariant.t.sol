// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IValidatorRegistry} from "../../contracts/interfaces/IValidatorRegistry.sol";
import {ValidatorRegistry} from "../../contracts/ValidatorRegistry.sol";
import {TestStakeToken} from "../../contracts/test/TestStakeToken.sol";
import {IRegistryVm, RegistryTestBase} from "./utils/RegistryTestBase.sol";

/// @notice Drives random sequences of every state-changing registry call by a few actors. Each
/// call first predicts the exact outcome (success or the exact custom error); the invariant
/// functions run with failOnRevert, so a wrong prediction or a failed check here fails the test.
contract RegistryHandler {
    IRegistryVm internal constant vm = IRegistryVm(
        address(uint160(uint256(keccak256("hevm cheat code"))))
    );
    uint256 internal constant TOKEN = 1e18;
    uint256 internal constant ACTORS = 5;
    uint256 internal constant RECIPIENTS = 2;

    error HandlerCheckFailed(string what, uint256 actual, uint256 expected);

    TestStakeToken public immutable token;
    ValidatorRegistry public immutable registry;
    address public immutable treasury;

    /// @notice Ghost: every token ever minted, so conservation can be checked against it.
    uint256 public totalMinted;
    /// @notice Ghost: highest epoch seen; the epoch must never go back.
    uint64 public lastEpoch;
    /// @notice Ghost: successful calls per action (diagnostics).
    mapping(bytes32 action => uint256) public successes;

    constructor(TestStakeToken token_, ValidatorRegistry registry_, address treasury_) {
        token = token_;
        registry = registry_;
        treasury = treasury_;
        for (uint256 i = 0; i < ACTORS; ++i) {
            vm.prank(actor(i));
            token.approve(address(registry_), type(uint256).max);
        }
    }

    function actor(uint256 i) public pure returns (address) {
        return address(uint160(0xA000 + (i % ACTORS)));
    }

    function recipient(uint256 i) public pure returns (address) {
        return address(uint160(0xB000 + (i % RECIPIENTS)));
    }

    function actorCount() external pure returns (uint256) {
        return ACTORS;
    }

    function recipientCount() external pure returns (uint256) {
        return RECIPIENTS;
    }

    // ---------------------------------------------------------------- actions

    function register(uint256 actorSeed, uint256 amount) external {
        address a = actor(actorSeed);
        amount = _bound(amount, 0, 300_000 * TOKEN);
        _mint(a, amount);
        uint256 windowStart = block.timestamp - (block.timestamp % registry.registrationWindow());
        bytes memory err;
        if (amount < registry.minStake()) {
            err = abi.encodeWithSelector(
                IValidatorRegistry.RegistryInsufficientStake.selector,
                a,
                amount,
                registry.minStake()
            );
        } else if (_status(a) != IValidatorRegistry.ValidatorStatus.None) {
            err = abi.encodeWithSelector(IValidatorRegistry.RegistryAlreadyRegistered.selector, a);
        } else if (registry.activeValidatorCount() >= registry.maxValidators()) {
            err = abi.encodeWithSelector(
                IValidatorRegistry.RegistryFull.selector,
                registry.maxValidators()
            );
        } else if (
            registry.registrationsInCurrentWindow() >= registry.maxRegistrationsPerWindow()
        ) {
            err = abi.encodeWithSelector(
                IValidatorRegistry.RegistryRateLimited.selector,
                windowStart,
                registry.maxRegistrationsPerWindow()
            );
        }
        if (err.length != 0) vm.expectRevert(err);
        vm.prank(a);
        registry.register(amount, 0);
        if (err.length == 0) {
            _check(registry.getValidator(a).stake, amount, "registered stake");
            _success("register");
        }
        _afterCall();
    }

    function increaseStake(uint256 actorSeed, uint256 amount) external {
        address a = actor(actorSeed);
        amount = _bound(amount, 0, 100_000 * TOKEN);
        _mint(a, amount);
        uint256 before = registry.getValidator(a).stake;
        bytes memory err;
        if (amount == 0) {
            err = abi.encodeWithSelector(IValidatorRegistry.RegistryZeroAmount.selector);
        } else if (_status(a) != IValidatorRegistry.ValidatorStatus.Active) {
            err = abi.encodeWithSelector(IValidatorRegistry.RegistryNotActive.selector, a);
        }
        if (err.length != 0) vm.expectRevert(err);
        vm.prank(a);
        registry.increaseStake(amount);
        if (err.length == 0) {
            _check(registry.getValidator(a).stake, before + amount, "increased stake");
            _success("increaseStake");
        }
        _afterCall();
    }

    function requestUnbond(uint256 actorSeed) external {
        address a = actor(actorSeed);
        bool active = _status(a) == IValidatorRegistry.ValidatorStatus.Active;
        if (!active) {
            vm.expectRevert(
                abi.encodeWithSelector(IValidatorRegistry.RegistryNotActive.selector, a)
            );
        }
        vm.prank(a);
        registry.requestUnbond();
        if (active) _success("requestUnbond");
        _afterCall();
    }

    function withdraw(uint256 actorSeed, uint256 waitSeconds) external {
        address a = actor(actorSeed);
        vm.warp(block.timestamp + _bound(waitSeconds, 0, 8 days));
        IValidatorRegistry.Validator memory v = registry.getValidator(a);
        uint256 balanceBefore = token.balanceOf(a);
        bytes memory err;
        if (v.status != IValidatorRegistry.ValidatorStatus.Unbonding) {
            err = abi.encodeWithSelector(IValidatorRegistry.RegistryNotUnbonding.selector, a);
        } else if (block.timestamp < v.unbondingEndsAt) {
            err = abi.encodeWithSelector(
                IValidatorRegistry.RegistryStillUnbonding.selector,
                a,
                v.unbondingEndsAt
            );
        } else if (v.pendingSlashes != 0) {
            err = abi.encodeWithSelector(
                IValidatorRegistry.RegistryFrozen.selector,
                a,
                v.pendingSlashes
            );
        }
        if (err.length != 0) vm.expectRevert(err);
        vm.prank(a);
        registry.withdraw();
        if (err.length == 0) {
            _check(token.balanceOf(a), balanceBefore + v.stake, "withdrawn amount");
            _success("withdraw");
        }
        _afterCall();
    }

    function slash(uint256 actorSeed, uint256 amount) external {
        address a = actor(actorSeed);
        amount = _bound(amount, 0, 400_000 * TOKEN);
        uint256 stake = registry.getValidator(a).stake;
        uint256 treasuryBefore = token.balanceOf(treasury);
        vm.prank(address(this));
        uint256 slashed = registry.slash(a, amount, "invariant");
        uint256 expected = amount < stake ? amount : stake;
        _check(slashed, expected, "slashed");
        _check(token.balanceOf(treasury), treasuryBefore + expected, "treasury");
        if (slashed != 0) _success("slash");
        _afterCall();
    }

    function slashWithReward(
        uint256 actorSeed,
        uint256 amount,
        uint256 rewardBps,
        uint256 recipientSeed
    ) external {
        address a = actor(actorSeed);
        address r = recipient(recipientSeed);
        amount = _bound(amount, 0, 400_000 * TOKEN);
        rewardBps = _bound(rewardBps, 0, 10_500);
        uint256 stake = registry.getValidator(a).stake;
        if (rewardBps > 10_000) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IValidatorRegistry.RegistryInvalidRewardBps.selector,
                    rewardBps
                )
            );
            registry.slashWithReward(a, amount, "invariant", r, uint16(rewardBps));
            _afterCall();
            return;
        }
        uint256 recipientBefore = token.balanceOf(r);
        (uint256 slashed, uint256 reward) = registry.slashWithReward(
            a,
            amount,
            "invariant",
            r,
            uint16(rewardBps)
        );
        uint256 expected = amount < stake ? amount : stake;
        _check(slashed, expected, "slashed with reward");
        _check(reward, (expected * rewardBps) / 10_000, "reward");
        _check(token.balanceOf(r), recipientBefore + reward, "recipient");
        if (slashed != 0) _success("slashWithReward");
        _afterCall();
    }

    function updateReputation(uint256 actorSeed, uint256 performanceBps) external {
        address a = actor(actorSeed);
        performanceBps = _bound(performanceBps, 0, 10_200);
        if (performanceBps > 10_000) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IValidatorRegistry.RegistryInvalidPerformance.selector,
                    performanceBps
                )
            );
        }
        registry.updateReputation(a, uint16(performanceBps));
        if (performanceBps <= 10_000) _success("updateReputation");
        _afterCall();
    }

    function removeValidator(uint256 actorSeed) external {
        address a = actor(actorSeed);
        bool active = _status(a) == IValidatorRegistry.ValidatorStatus.Active;
        if (!active) {
            vm.expectRevert(
                abi.encodeWithSelector(IValidatorRegistry.RegistryNotActive.selector, a)
            );
        }
        registry.removeValidator(a, "invariant");
        if (active) _success("removeValidator");
        _afterCall();
    }

    function freezeOrUnfreeze(uint256 actorSeed, bool doFreeze) external {
        address a = actor(actorSeed);
        IValidatorRegistry.Validator memory v = registry.getValidator(a);
        if (doFreeze && v.pendingSlashes < 3) {
            if (v.status == IValidatorRegistry.ValidatorStatus.None) {
                vm.expectRevert(
                    abi.encodeWithSelector(IValidatorRegistry.RegistryNotRegistered.selector, a)
                );
            }
            registry.freeze(a);
        } else {
            if (v.pendingSlashes == 0) {
                vm.expectRevert(
                    abi.encodeWithSelector(IValidatorRegistry.RegistryNotFrozen.selector, a)
                );
            }
            registry.unfreeze(a);
        }
        _afterCall();
    }

    function setMaxEffectiveStake(uint256 cap) external {
        registry.setMaxEffectiveStake(_bound(cap, registry.minStake(), 300_000 * TOKEN));
        _afterCall();
    }

    // ---------------------------------------------------------------- helpers

    function _status(address a) internal view returns (IValidatorRegistry.ValidatorStatus) {
        return registry.getValidator(a).status;
    }

    function _mint(address a, uint256 amount) internal {
        token.mint(a, amount);
        totalMinted += amount;
    }

    function _afterCall() internal {
        uint64 e = registry.epoch();
        if (e < lastEpoch) revert HandlerCheckFailed("epoch went back", e, lastEpoch);
        lastEpoch = e;
    }

    function _success(bytes32 action) internal {
        ++successes[action];
    }

    function _check(uint256 actual, uint256 expected, string memory what) internal pure {
        if (actual != expected) revert HandlerCheckFailed(what, actual, expected);
    }

    function _bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        if (max <= min) return min;
        return min + (x % (max - min + 1));
    }
}

/// @notice Invariants from the ValidatorRegistry header, over random handler sequences.
contract ValidatorRegistryInvariantTest is RegistryTestBase {
    RegistryHandler internal handler;

    function setUp() public {
        token = new TestStakeToken();
        registry = new ValidatorRegistry(token, TREASURY, address(this), 0);
        handler = new RegistryHandler(token, registry, TREASURY);
        registry.grantRole(registry.SLASHER_ROLE(), address(handler));
        registry.grantRole(registry.CONSENSUS_ROLE(), address(handler));
        registry.grantRole(registry.PARAMETER_ROLE(), address(handler));
        // Fewer seats than actors, so RegistryFull is reachable.
        registry.setMaxValidators(4);
        // A short window so the rate limit both bites and rolls over within a run.
        registry.setRegistrationRateLimit(1 hours, 3);
    }

    /// @dev Foundry-compatible hook: only the handler is called by the invariant fuzzer.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /**
     * hardhat-config: invariant.runs = 48
     * hardhat-config: invariant.depth = 40
     * hardhat-config: invariant.failOnRevert = true
     */
    function invariant_tokenConservation() public view {
        uint256 sumStakes = 0;
        uint256 sumActors = 0;
        for (uint256 i = 0; i < handler.actorCount(); ++i) {
            address a = handler.actor(i);
            sumStakes += registry.getValidator(a).stake;
            sumActors += token.balanceOf(a);
        }
        uint256 sumRecipients = 0;
        for (uint256 i = 0; i < handler.recipientCount(); ++i) {
            sumRecipients += token.balanceOf(handler.recipient(i));
        }
        uint256 registryBalance = token.balanceOf(address(registry));
        // The registry holds exactly the stakes (active and unbonding) and nothing else.
        _assertEq(registryBalance, sumStakes, "registry balance == sum of stakes");
        // No path creates or loses tokens.
        _assertEq(
            sumActors + registryBalance + token.balanceOf(TREASURY) + sumRecipients,
            handler.totalMinted(),
            "conservation"
        );
        _assertEq(token.totalSupply(), handler.totalMinted(), "supply");
    }

    /**
     * hardhat-config: invariant.runs = 48
     * hardhat-config: invariant.depth = 40
     * hardhat-config: invariant.failOnRevert = true
     */
    function invariant_weightAndMembership() public view {
        uint256 cap = registry.maxEffectiveStake();
        uint256 recomputed = 0;
        uint256 activeActors = 0;
        for (uint256 i = 0; i < handler.actorCount(); ++i) {
            address a = handler.actor(i);
            IValidatorRegistry.Validator memory v = registry.getValidator(a);
            if (v.status == IValidatorRegistry.ValidatorStatus.None) {
                _assertEq(registry.weightOf(a), 0, "no weight without a record");
                continue;
            }
            _assertTrue(v.reputationBps >= 1_000 && v.reputationBps <= 10_000, "reputation");
            _assertEq(registry.weightOf(a), _weight(v.stake, v.reputationBps, cap), "weightOf");
            bool active = v.status == IValidatorRegistry.ValidatorStatus.Active;
            _assertTrue(registry.isActive(a) == active, "isActive");
            if (active) {
                ++activeActors;
                recomputed += _weight(v.stake, v.reputationBps, cap);
                _assertTrue(v.activeSinceEpoch != 0 && v.activeUntilEpoch == 0, "active epochs");
                _assertTrue(registry.wasActiveAt(a, registry.epoch()), "member now");
            } else {
                _assertTrue(v.activeUntilEpoch > v.activeSinceEpoch, "exit after entry");
                _assertTrue(!registry.wasActiveAt(a, registry.epoch()), "not member now");
            }
        }
        _assertEq(registry.totalActiveWeight(), recomputed, "totalActiveWeight");
        address[] memory set = registry.activeValidators();
        uint256 fromSet = 0;
        for (uint256 i = 0; i < set.length; ++i) fromSet += registry.weightOf(set[i]);
        _assertEq(fromSet, recomputed, "sum over activeValidators()");
        _assertEq(registry.activeValidatorCount(), activeActors, "active count");
        _assertEq(set.length, activeActors, "active set length");
        _assertTrue(registry.activeValidatorCount() <= registry.maxValidators(), "max validators");
        _assertTrue(registry.maxValidators() <= 100, "hard bound");
    }
}
