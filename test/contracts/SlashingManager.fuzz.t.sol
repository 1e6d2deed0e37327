// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {QualityConsensus} from "../../contracts/QualityConsensus.sol";
import {SlashingManager} from "../../contracts/SlashingManager.sol";
import {ValidatorRegistry} from "../../contracts/ValidatorRegistry.sol";
import {IQualityConsensus} from "../../contracts/interfaces/IQualityConsensus.sol";
import {ISlashingManager} from "../../contracts/interfaces/ISlashingManager.sol";
import {TestStakeToken} from "../../contracts/test/TestStakeToken.sol";
import {SlashingTestBase} from "./utils/SlashingTestBase.sol";

/// @dev Fuzzes the slash and reward arithmetic of both slashing paths against the specification:
/// slash = ceil(stake * bps / 10_000) capped by the stake, reward = floor(slash * rewardBps / 10_000).
contract SlashingManagerFuzzTest is SlashingTestBase {
    uint256 internal constant MIN_STAKE = 1_000e18;
    uint256 internal constant OFFENDER_KEY = 0xA11CE;
    address internal constant TREASURY = address(0x7EA5);
    address internal constant REPORTER = address(0xBEEF);

    TestStakeToken internal token;
    ValidatorRegistry internal registry;
    QualityConsensus internal consensus;
    SlashingManager internal manager;
    address internal offender;
    uint256 internal requestId;

    function setUp() public {
        token = new TestStakeToken();
        registry = new ValidatorRegistry(token, TREASURY, address(this), 0);
        consensus = new QualityConsensus(registry, address(this));
        manager = new SlashingManager(registry, consensus, address(this));
        registry.grantRole(registry.SLASHER_ROLE(), address(manager));
        manager.grantRole(manager.GOVERNOR_ROLE(), address(this));
        manager.grantRole(manager.PARAMETER_ROLE(), address(this));
        for (uint256 i = 1; i <= 4; i++) _register(address(uint160(0xF000 + i)), MIN_STAKE);
        token.mint(address(this), 100e18);
        token.approve(address(consensus), type(uint256).max);
        requestId = consensus.submitRequest(keccak256("o"), bytes32("general"), "{}", "", 100e18);
        offender = vm.addr(OFFENDER_KEY);
    }

    function testFuzz_reportEquivocation_slashesRoundedUpAndRewardsRoundedDown(
        uint256 stakeSeed,
        uint16 slashBpsSeed,
        uint16 rewardBpsSeed
    ) public {
        uint256 stake = MIN_STAKE + (stakeSeed % (1_000_000e18));
        uint16 slashBps = uint16(100 + (slashBpsSeed % 9_901)); // [100, 10_000]
        uint16 rewardBps = uint16(rewardBpsSeed % 5_001); // [0, 5_000]
        manager.setEquivocationSlashBps(slashBps);
        manager.setReporterRewardBps(rewardBps);
        _register(offender, stake);

        IQualityConsensus.Vote memory a = _vote(9_000);
        IQualityConsensus.Vote memory b = _vote(1_000);
        bytes memory sigA = _sign(consensus.hashVote(requestId, a));
        bytes memory sigB = _sign(consensus.hashVote(requestId, b));
        vm.prank(REPORTER); // after the hashVote calls: a prank applies to the next call only
        (, uint256 slashed, uint256 reward) = manager.reportEquivocation(
            requestId,
            a,
            sigA,
            b,
            sigB
        );
        uint256 expected = (stake * slashBps + 9_999) / 10_000;
        assertEq(slashed, expected, "slashed");
        assertEq(reward, (expected * rewardBps) / 10_000, "reward");
        assertEq(token.balanceOf(REPORTER), reward, "reporter balance");
        assertEq(token.balanceOf(TREASURY), expected - reward, "treasury balance");
        assertEq(registry.getValidator(offender).stake, stake - expected, "stake left");
        assertEq(registry.isActive(offender) ? 1 : 0, 0, "removed");
    }

    function testFuzz_executeSlash_takesTheShareOfTheSnapshotCappedByWhatIsLeft(
        uint256 stakeSeed,
        uint16 slashBpsSeed,
        uint256 shrinkSeed
    ) public {
        uint256 stake = MIN_STAKE + (stakeSeed % (1_000_000e18));
        uint16 slashBps = uint16(slashBpsSeed % 10_000); // 0..9_999: cap and zero included
        _register(offender, stake);
        if (slashBps == 0) {
            vm.expectRevert(abi.encodeWithSelector(ISlashingManager.SlashingZeroSlashBps.selector));
            manager.proposeSlash(offender, slashBps, bytes32(0), "");
            return;
        }
        if (slashBps > manager.MAX_SLASH_BPS()) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    ISlashingManager.SlashingSlashAboveCap.selector,
                    slashBps,
                    manager.MAX_SLASH_BPS()
                )
            );
            manager.proposeSlash(offender, slashBps, bytes32(0), "");
            return;
        }
        uint256 id = manager.proposeSlash(offender, slashBps, bytes32(0), "");
        // Some stake disappears before execution (another slasher): the execution is capped.
        uint256 shrink = shrinkSeed % (stake + 1);
        registry.grantRole(registry.SLASHER_ROLE(), address(this));
        registry.slash(offender, shrink, bytes32("other"));
        vm.warp(block.timestamp + 2 days);
        uint256 slashed = manager.executeSlash(id);
        uint256 share = (stake * slashBps + 9_999) / 10_000;
        uint256 left = stake - shrink;
        assertEq(slashed, share < left ? share : left, "slashed");
        assertEq(registry.getValidator(offender).stake, left - slashed, "stake left");
        assertEq(registry.getValidator(offender).pendingSlashes, 0, "unfrozen");
    }

    function _register(address who, uint256 amount) internal {
        token.mint(who, amount);
        vm.startPrank(who);
        token.approve(address(registry), amount);
        registry.register(amount, 0);
        vm.stopPrank();
    }

    function _vote(uint16 quality) internal pure returns (IQualityConsensus.Vote memory) {
        return IQualityConsensus.Vote(quality, 1_000, 9_000, keccak256("findings"));
    }

    function _sign(bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(OFFENDER_KEY, digest);
        return abi.encodePacked(r, s, v);
    }
}
