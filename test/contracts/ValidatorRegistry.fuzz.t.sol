// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IValidatorRegistry} from "../../contracts/interfaces/IValidatorRegistry.sol";
import {RegistryTestBase} from "./utils/RegistryTestBase.sol";

/// @notice Fuzz tests of the registry: each branches on its input to expect the exact error or
/// the exact resulting state, so they model the specification rather than replay the code.
contract ValidatorRegistryFuzzTest is RegistryTestBase {
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant REPORTER = address(0x4E90);

    function setUp() public {
        _deployRegistry();
    }

    function testFuzz_register_amount(uint256 amount) public {
        amount = _bound(amount, 0, 1e12 * TOKEN);
        token.mint(ALICE, amount);
        vm.startPrank(ALICE);
        token.approve(address(registry), amount);
        if (amount < MIN_STAKE) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IValidatorRegistry.RegistryInsufficientStake.selector,
                    ALICE,
                    amount,
                    MIN_STAKE
                )
            );
            registry.register(amount, 0);
            vm.stopPrank();
            _assertEq(registry.epoch(), 0, "no epoch change on failure");
            return;
        }
        registry.register(amount, 0);
        vm.stopPrank();
        IValidatorRegistry.Validator memory v = _validator(ALICE);
        _assertEq(v.stake, amount, "stake");
        _assertEq(token.balanceOf(address(registry)), amount, "registry balance");
        _assertEq(token.balanceOf(ALICE), 0, "alice balance");
        _assertEq(
            registry.weightOf(ALICE),
            _weight(amount, 5_000, MAX_EFFECTIVE_STAKE),
            "weight is capped"
        );
        _assertEq(registry.totalActiveWeight(), registry.weightOf(ALICE), "total");
    }

    function testFuzz_increaseStake_weightCap(uint256 first, uint256 added) public {
        first = _bound(first, MIN_STAKE, 1e9 * TOKEN);
        added = _bound(added, 0, 1e9 * TOKEN);
        _register(ALICE, first);
        _register(BOB, MIN_STAKE);
        token.mint(ALICE, added);
        vm.startPrank(ALICE);
        token.approve(address(registry), added);
        if (added == 0) {
            vm.expectRevert(abi.encodeWithSelector(IValidatorRegistry.RegistryZeroAmount.selector));
        }
        registry.increaseStake(added);
        vm.stopPrank();
        uint256 expectedA = _weight(first + added, 5_000, MAX_EFFECTIVE_STAKE);
        _assertEq(registry.weightOf(ALICE), expectedA, "weight");
        _assertEq(
            registry.totalActiveWeight(),
            expectedA + _weight(MIN_STAKE, 5_000, MAX_EFFECTIVE_STAKE),
            "total"
        );
        _assertEq(token.balanceOf(address(registry)), first + added + MIN_STAKE, "balance");
    }

    /// @dev Independent model of the EMA: signed delta, explicit floor/ceil, clamp.
    function _modelReputation(uint256 rep, uint256 perf) internal pure returns (uint256) {
        int256 delta = int256(perf) - int256(rep);
        int256 scaled = delta * 1_000; // alpha 0.1 in bps, times 10_000 below
        int256 step = scaled / 10_000; // truncates toward zero
        // Toward zero is floor for increases; for decreases the protocol rounds the drop up.
        if (scaled < 0 && scaled % 10_000 != 0) step -= 1;
        int256 next = int256(rep) + step;
        if (next < 1_000) next = 1_000;
        if (next > 10_000) next = 10_000;
        return uint256(next);
    }

    function testFuzz_reputation_sequence(
        uint16[] calldata performances,
        uint256 stakeSeed
    ) public {
        uint256 stake = _bound(stakeSeed, MIN_STAKE, 300_000 * TOKEN);
        _register(ALICE, stake);
        _register(BOB, MIN_STAKE);
        uint256 rep = 5_000;
        uint256 n = performances.length < 30 ? performances.length : 30;
        for (uint256 i = 0; i < n; ++i) {
            // Mostly valid performances, with about 2 % above 10_000 to hit the error branch.
            uint256 perf = uint256(performances[i]) % 10_250;
            vm.prank(CONSENSUS);
            if (perf > 10_000) {
                vm.expectRevert(
                    abi.encodeWithSelector(
                        IValidatorRegistry.RegistryInvalidPerformance.selector,
                        perf
                    )
                );
                registry.updateReputation(ALICE, uint16(perf));
                continue;
            }
            registry.updateReputation(ALICE, uint16(perf));
            rep = _modelReputation(rep, perf);
            _assertEq(_validator(ALICE).reputationBps, rep, "reputation");
            _assertTrue(rep >= 1_000 && rep <= 10_000, "clamped");
            _assertEq(
                registry.totalActiveWeight(),
                _weight(stake, rep, MAX_EFFECTIVE_STAKE) +
                    _weight(MIN_STAKE, 5_000, MAX_EFFECTIVE_STAKE),
                "total weight"
            );
        }
    }

    function testFuzz_slashWithReward(
        uint256 stake,
        uint256 amount,
        uint16 rewardBps,
        bool unbondFirst
    ) public {
        stake = _bound(stake, MIN_STAKE, 1e9 * TOKEN);
        _register(ALICE, stake);
        _register(BOB, MIN_STAKE);
        if (unbondFirst) {
            vm.prank(ALICE);
            registry.requestUnbond();
        }
        uint64 epochBefore = registry.epoch();
        vm.prank(SLASHER);
        if (rewardBps > 10_000) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IValidatorRegistry.RegistryInvalidRewardBps.selector,
                    rewardBps
                )
            );
            registry.slashWithReward(ALICE, amount, "fuzz", REPORTER, rewardBps);
            return;
        }
        (uint256 slashed, uint256 reward) = registry.slashWithReward(
            ALICE,
            amount,
            "fuzz",
            REPORTER,
            rewardBps
        );
        uint256 expectedSlashed = amount < stake ? amount : stake;
        _assertEq(slashed, expectedSlashed, "slashed");
        _assertEq(reward, (expectedSlashed * rewardBps) / 10_000, "reward rounds down");
        _assertEq(token.balanceOf(REPORTER), reward, "reporter paid");
        _assertEq(token.balanceOf(TREASURY), expectedSlashed - reward, "treasury paid");
        _assertEq(_validator(ALICE).stake, stake - expectedSlashed, "stake left");
        _assertEq(
            token.balanceOf(address(registry)),
            stake - expectedSlashed + MIN_STAKE,
            "registry balance"
        );
        bool removed = !unbondFirst && stake - expectedSlashed < MIN_STAKE;
        _assertTrue(registry.isActive(ALICE) == (!unbondFirst && !removed), "active");
        _assertEq(registry.epoch(), epochBefore + (removed ? 1 : 0), "epoch");
        uint256 aliceActiveWeight =
            registry.isActive(ALICE)
                ? _weight(stake - expectedSlashed, 5_000, MAX_EFFECTIVE_STAKE)
                : 0;
        _assertEq(
            registry.totalActiveWeight(),
            aliceActiveWeight + _weight(MIN_STAKE, 5_000, MAX_EFFECTIVE_STAKE),
            "total weight"
        );
    }

    function testFuzz_withdraw_timing(uint256 wait, bool frozen) public {
        wait = _bound(wait, 0, 30 days);
        _register(ALICE, MIN_STAKE);
        vm.prank(ALICE);
        registry.requestUnbond();
        uint256 endsAt = _validator(ALICE).unbondingEndsAt;
        if (frozen) {
            vm.prank(SLASHER);
            registry.freeze(ALICE);
        }
        vm.warp(block.timestamp + wait);
        vm.prank(ALICE);
        if (block.timestamp < endsAt) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IValidatorRegistry.RegistryStillUnbonding.selector,
                    ALICE,
                    endsAt
                )
            );
        } else if (frozen) {
            vm.expectRevert(
                abi.encodeWithSelector(IValidatorRegistry.RegistryFrozen.selector, ALICE, 1)
            );
        }
        registry.withdraw();
        bool succeeded = block.timestamp >= endsAt && !frozen;
        _assertEq(token.balanceOf(ALICE), succeeded ? MIN_STAKE : 0, "withdrawn");
    }

    function testFuzz_setMaxEffectiveStake_recomputesTotal(
        uint256 cap,
        uint256 stakeA,
        uint256 stakeB
    ) public {
        stakeA = _bound(stakeA, MIN_STAKE, 1e9 * TOKEN);
        stakeB = _bound(stakeB, MIN_STAKE, 1e9 * TOKEN);
        _register(ALICE, stakeA);
        _register(BOB, stakeB);
        uint256 ceiling = registry.MAX_EFFECTIVE_STAKE_CEILING();
        if (cap < MIN_STAKE || cap > ceiling) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IValidatorRegistry.RegistryParameterOutOfBounds.selector,
                    bytes32("maxEffectiveStake"),
                    cap,
                    MIN_STAKE,
                    ceiling
                )
            );
            registry.setMaxEffectiveStake(cap);
            return;
        }
        registry.setMaxEffectiveStake(cap);
        _assertEq(
            registry.totalActiveWeight(),
            _weight(stakeA, 5_000, cap) + _weight(stakeB, 5_000, cap),
            "total"
        );
    }

    function testFuzz_setters_bounds(uint256 value, uint8 which) public {
        which = which % 4;
        (bytes32 name, uint256 min, uint256 max) = which == 0
            ? (bytes32("minStake"), 1e18, MAX_EFFECTIVE_STAKE)
            : which == 1
                ? (bytes32("maxValidators"), 4, 100)
                : which == 2
                    ? (bytes32("unbondingPeriod"), 6 days, 60 days)
                    : (bytes32("registrationWindow"), 60, 7 days);
        bool inBounds = value >= min && value <= max;
        if (!inBounds) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IValidatorRegistry.RegistryParameterOutOfBounds.selector,
                    name,
                    value,
                    min,
                    max
                )
            );
        }
        if (which == 0) registry.setMinStake(value);
        else if (which == 1) registry.setMaxValidators(value);
        else if (which == 2) registry.setUnbondingPeriod(value);
        else registry.setRegistrationRateLimit(value, 10);
        if (!inBounds) return;
        uint256 stored =
            which == 0
                ? registry.minStake()
                : which == 1
                    ? registry.maxValidators()
                    : which == 2
                        ? registry.unbondingPeriod()
                        : registry.registrationWindow();
        _assertEq(stored, value, "stored");
    }

    function testFuzz_wasActiveAt(uint64 e) public {
        _register(ALICE, MIN_STAKE); // epoch 1
        _register(BOB, MIN_STAKE); // epoch 2
        vm.prank(ALICE);
        registry.requestUnbond(); // epoch 3
        _assertTrue(registry.wasActiveAt(ALICE, e) == (e >= 1 && e < 3), "alice");
        _assertTrue(registry.wasActiveAt(BOB, e) == (e >= 2), "bob");
        _assertTrue(!registry.wasActiveAt(REPORTER, e), "stranger");
    }
}
