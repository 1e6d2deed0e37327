// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {QualityConsensus} from "../../contracts/QualityConsensus.sol";
import {SlashingManager} from "../../contracts/SlashingManager.sol";
import {ValidatorRegistry} from "../../contracts/ValidatorRegistry.sol";
import {IQualityConsensus} from "../../contracts/interfaces/IQualityConsensus.sol";
import {ISlashingManager} from "../../contracts/interfaces/ISlashingManager.sol";
import {IValidatorRegistry} from "../../contracts/interfaces/IValidatorRegistry.sol";
import {TestStakeToken} from "../../contracts/test/TestStakeToken.sol";
import {SlashingTestBase} from "./utils/SlashingTestBase.sol";

/// @dev Drives the protocol through registrations, requests, equivocation reports (signed with
/// vm.sign), governance slashes with vetoes and executions, unbonding, withdrawals, finalizations and
/// time warps, and keeps ghost totals for the invariants.
contract SlashingHandler is SlashingTestBase {
    uint256 internal constant ACTORS = 6;
    uint256 internal constant REPORTERS = 3;
    uint256 internal constant STAKE_UNIT = 1_000e18;
    uint256 internal constant FEE = 10e18 + 1;

    TestStakeToken public immutable token;
    ValidatorRegistry public immutable registry;
    QualityConsensus public immutable consensus;
    SlashingManager public immutable manager;
    address public immutable client;

    uint256[ACTORS] internal _keys;
    address[ACTORS] public actors;
    address[REPORTERS] public reporters;

    uint256 public minted;
    uint256 public ghostSlashed;
    uint256 public ghostRewards;
    uint256 public reports;
    uint256 public executions;
    mapping(address validator => uint256) public ghostPendingFreezes;

    constructor(
        TestStakeToken token_,
        ValidatorRegistry registry_,
        QualityConsensus consensus_,
        SlashingManager manager_
    ) {
        token = token_;
        registry = registry_;
        consensus = consensus_;
        manager = manager_;
        client = address(0xC11E47);
        for (uint256 i = 0; i < ACTORS; i++) {
            _keys[i] = uint256(keccak256(abi.encode("slashing-invariant-actor", i)));
            actors[i] = vm.addr(_keys[i]);
        }
        for (uint256 i = 0; i < REPORTERS; i++) {
            reporters[i] = address(uint160(0xBEEF00 + i));
        }
    }

    /// @dev Registers every actor with a different stake and submits a first request.
    function bootstrap() external {
        for (uint256 i = 0; i < ACTORS; i++) _register(i, (2 + i) * STAKE_UNIT + i);
        _mint(client, 1_000 * FEE);
        vm.prank(client);
        token.approve(address(consensus), type(uint256).max);
        submitRequest();
    }

    // ---------------------------------------------------------------- actions

    function submitRequest() public {
        vm.prank(client);
        try
            consensus.submitRequest(keccak256("output"), bytes32("general"), "{}", "", FEE)
        {} catch {}
    }

    function reportEquivocation(
        uint256 actorSeed,
        uint256 reporterSeed,
        uint256 requestSeed,
        uint16 qualityA,
        uint16 qualityB
    ) external {
        uint256 count = consensus.requestCount();
        if (count == 0) return;
        uint256 i = actorSeed % ACTORS;
        uint256 requestId = 1 + (requestSeed % count);
        IQualityConsensus.Vote memory a = _vote(qualityA % 10_001);
        IQualityConsensus.Vote memory b = _vote(qualityB % 10_001);
        if (a.quality == b.quality) b.quality = a.quality == 0 ? 1 : a.quality - 1;
        bytes memory sigA = _sign(_keys[i], consensus.hashVote(requestId, a));
        bytes memory sigB = _sign(_keys[i], consensus.hashVote(requestId, b));
        address reporter = reporters[reporterSeed % REPORTERS];
        vm.prank(reporter);
        try manager.reportEquivocation(requestId, a, sigA, b, sigB) returns (
            bytes32,
            uint256 slashed,
            uint256 reward
        ) {
            ghostSlashed += slashed;
            ghostRewards += reward;
            reports++;
        } catch {}
    }

    function proposeSlash(uint256 actorSeed, uint16 bps) external {
        address validator = actors[actorSeed % ACTORS];
        uint16 slashBps = uint16(1 + (bps % 9_000));
        try manager.proposeSlash(validator, slashBps, keccak256("evidence"), "ipfs://e") {
            ghostPendingFreezes[validator]++;
        } catch {}
    }

    function vetoSlash(uint256 idSeed) external {
        uint256 count = manager.proposalCount();
        if (count == 0) return;
        uint256 id = 1 + (idSeed % count);
        try manager.vetoSlash(id) {
            ghostPendingFreezes[manager.getProposal(id).validator]--;
        } catch {}
    }

    function executeSlash(uint256 idSeed) external {
        uint256 count = manager.proposalCount();
        if (count == 0) return;
        uint256 id = 1 + (idSeed % count);
        try manager.executeSlash(id) returns (uint256 slashed) {
            ghostSlashed += slashed;
            ghostPendingFreezes[manager.getProposal(id).validator]--;
            executions++;
        } catch {}
    }

    function requestUnbond(uint256 actorSeed) external {
        vm.prank(actors[actorSeed % ACTORS]);
        try registry.requestUnbond() {} catch {}
    }

    function withdraw(uint256 actorSeed) external {
        vm.prank(actors[actorSeed % ACTORS]);
        try registry.withdraw() {} catch {}
    }

    function reRegister(uint256 actorSeed, uint256 amountSeed) external {
        uint256 i = actorSeed % ACTORS;
        if (registry.getValidator(actors[i]).status != IValidatorRegistry.ValidatorStatus.None)
            return;
        _register(i, STAKE_UNIT + (amountSeed % (5 * STAKE_UNIT)));
    }

    function finalize(uint256 requestSeed) external {
        uint256 count = consensus.requestCount();
        if (count == 0) return;
        try consensus.finalize(1 + (requestSeed % count)) {} catch {}
    }

    function warp(uint256 secondsSeed) external {
        vm.warp(block.timestamp + (secondsSeed % 12 hours));
    }

    // ---------------------------------------------------------------- views for the invariants

    function sumOfBalances() external view returns (uint256 sum) {
        for (uint256 i = 0; i < ACTORS; i++) sum += token.balanceOf(actors[i]);
        for (uint256 i = 0; i < REPORTERS; i++) sum += token.balanceOf(reporters[i]);
        sum += token.balanceOf(registry.treasury());
        sum += token.balanceOf(address(registry));
        sum += token.balanceOf(address(consensus));
        sum += token.balanceOf(client);
    }

    function sumOfStakes() external view returns (uint256 sum) {
        for (uint256 i = 0; i < ACTORS; i++) sum += registry.getValidator(actors[i]).stake;
    }

    function sumOfReporterBalances() external view returns (uint256 sum) {
        for (uint256 i = 0; i < REPORTERS; i++) sum += token.balanceOf(reporters[i]);
    }

    function actorCount() external pure returns (uint256) {
        return ACTORS;
    }

    // ---------------------------------------------------------------- internals

    function _register(uint256 i, uint256 amount) internal {
        _mint(actors[i], amount);
        vm.startPrank(actors[i]);
        token.approve(address(registry), amount);
        try registry.register(amount, 0) {} catch {}
        vm.stopPrank();
    }

    function _mint(address to, uint256 amount) internal {
        token.mint(to, amount);
        minted += amount;
    }

    function _vote(uint256 quality) internal pure returns (IQualityConsensus.Vote memory) {
        return
            IQualityConsensus.Vote({
                quality: uint16(quality),
                risk: 1_000,
                domain: 9_000,
                findingsHash: keccak256("findings")
            });
    }

    function _sign(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }
}

/// @dev Token conservation with slashes and reporter rewards: no token is created or lost, the
/// registry holds exactly the stakes, reporters hold exactly the rewards, and every pending
/// proposal holds exactly one freeze.
contract SlashingConservationTest is SlashingTestBase {
    SlashingHandler internal handler;
    TestStakeToken internal token;
    ValidatorRegistry internal registry;
    SlashingManager internal manager;

    function setUp() public {
        token = new TestStakeToken();
        registry = new ValidatorRegistry(token, address(0x7EA5), address(this), 0);
        QualityConsensus consensus = new QualityConsensus(registry, address(this));
        manager = new SlashingManager(registry, consensus, address(this));
        registry.grantRole(registry.CONSENSUS_ROLE(), address(consensus));
        registry.grantRole(registry.SLASHER_ROLE(), address(consensus));
        registry.grantRole(registry.SLASHER_ROLE(), address(manager));
        handler = new SlashingHandler(token, registry, consensus, manager);
        manager.grantRole(manager.GOVERNOR_ROLE(), address(handler));
        manager.grantRole(manager.VETO_ROLE(), address(handler));
        handler.bootstrap();
    }

    /// @dev Only the handler is fuzzed.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// hardhat-config: invariant.runs = 24
    /// hardhat-config: invariant.depth = 40
    function invariant_tokenConservation() public view {
        assertEq(token.totalSupply(), handler.minted(), "total supply == minted");
        assertEq(handler.sumOfBalances(), handler.minted(), "sum of balances == minted");
    }

    /// hardhat-config: invariant.runs = 24
    /// hardhat-config: invariant.depth = 40
    function invariant_registryHoldsExactlyTheStakes() public view {
        assertEq(token.balanceOf(address(registry)), handler.sumOfStakes(), "registry == stakes");
    }

    /// hardhat-config: invariant.runs = 24
    /// hardhat-config: invariant.depth = 40
    function invariant_reportersHoldExactlyTheirRewards() public view {
        assertEq(handler.sumOfReporterBalances(), handler.ghostRewards(), "reporters == rewards");
        // reporterRewardBps is 5000: a reward is at most half of its slash.
        assertLe(2 * handler.ghostRewards(), handler.ghostSlashed(), "2 * rewards <= slashed");
    }

    /// hardhat-config: invariant.runs = 24
    /// hardhat-config: invariant.depth = 40
    function invariant_everyPendingProposalHoldsOneFreeze() public view {
        for (uint256 i = 0; i < handler.actorCount(); i++) {
            address actor = handler.actors(i);
            assertEq(
                registry.getValidator(actor).pendingSlashes,
                handler.ghostPendingFreezes(actor),
                "pendingSlashes == pending proposals"
            );
        }
    }

    /// @dev The handler really slashes: one report and one executed proposal from a fixed start.
    function test_handlerReportsAndExecutes() public {
        handler.reportEquivocation(0, 0, 0, 9_000, 1_000);
        assertEq(handler.reports(), 1, "reports");
        handler.proposeSlash(1, 2_499);
        for (uint256 i = 0; i < 4; i++) handler.warp(12 hours - 1); // 2 days - 4 s
        handler.warp(3);
        handler.executeSlash(0); // 1 s early: refused
        assertEq(handler.executions(), 0, "early execution");
        handler.warp(1);
        handler.executeSlash(0);
        assertEq(handler.executions(), 1, "executions");
        assertEq(manager.proposalCount(), 1, "proposals");
        assertEq(
            uint256(manager.proposalState(1)),
            uint256(ISlashingManager.ProposalState.Executed),
            "state"
        );
        invariant_tokenConservation();
        invariant_registryHoldsExactlyTheStakes();
        invariant_reportersHoldExactlyTheirRewards();
        invariant_everyPendingProposalHoldsOneFreeze();
    }
}
