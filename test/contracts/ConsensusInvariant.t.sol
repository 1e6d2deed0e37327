// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IQualityConsensus} from "../../contracts/interfaces/IQualityConsensus.sol";
import {IValidatorRegistry} from "../../contracts/interfaces/IValidatorRegistry.sol";
import {QualityConsensus} from "../../contracts/QualityConsensus.sol";
import {ValidatorRegistry} from "../../contracts/ValidatorRegistry.sol";
import {TestStakeToken} from "../../contracts/test/TestStakeToken.sol";
import {ConsensusTestBase} from "./utils/ConsensusVm.sol";

/// @dev Drives random sequences of register / submit / commit / reveal / finalize / claim /
/// unbond / withdraw / warp over a registry + consensus pair. Every action checks its
/// preconditions first, so a call that would revert is skipped rather than wasted.
contract ConsensusHandler is ConsensusTestBase {
    uint256 internal constant ACTORS = 8;
    uint256 internal constant TOKEN = 1e18;

    TestStakeToken public immutable token;
    ValidatorRegistry public immutable registry;
    QualityConsensus public immutable consensus;
    address public immutable client = address(0xC11E47);
    address public immutable treasury;

    address[ACTORS] internal _actors;
    mapping(uint256 requestId => mapping(address validator => IQualityConsensus.Vote))
        internal _votes;
    uint256 public finalizedCount;

    constructor(TestStakeToken token_, ValidatorRegistry registry_, QualityConsensus consensus_) {
        token = token_;
        registry = registry_;
        consensus = consensus_;
        treasury = registry_.treasury();
        for (uint256 i; i < ACTORS; ++i) _actors[i] = address(uint160(0xA000 + i));
    }

    function actor(uint256 i) external view returns (address) {
        return _actors[i];
    }

    function actorCount() external pure returns (uint256) {
        return ACTORS;
    }

    // ------------------------------------------------------------ actions

    function register(uint256 actorSeed, uint256 amountSeed) external {
        address a = _actors[actorSeed % ACTORS];
        if (registry.getValidator(a).status != IValidatorRegistry.ValidatorStatus.None) return;
        uint256 amount = 1_000 * TOKEN + (amountSeed % (4_000 * TOKEN));
        token.mint(a, amount);
        vm.startPrank(a);
        token.approve(address(registry), amount);
        registry.register(amount, 0);
        vm.stopPrank();
    }

    function submit(uint256 feeSeed) external {
        if (registry.activeValidatorCount() < consensus.minValidators()) return;
        uint256 fee = 1 + (feeSeed % (100 * TOKEN));
        token.mint(client, fee);
        vm.startPrank(client);
        token.approve(address(consensus), fee);
        consensus.submitRequest(keccak256(abi.encode(feeSeed)), "general", "", "ipfs://x", fee);
        vm.stopPrank();
    }

    function commit(uint256 requestSeed, uint256 actorSeed, uint256 voteSeed) external {
        uint256 id = _request(requestSeed);
        address a = _actors[actorSeed % ACTORS];
        if (id == 0 || consensus.phaseOf(id) != IQualityConsensus.Phase.Commit) return;
        if (!consensus.isCommitteeMember(id, a) || consensus.getBallot(id, a).committed) return;
        IQualityConsensus.Vote memory v = IQualityConsensus.Vote({
            quality: uint16(voteSeed % 10_001),
            risk: uint16((voteSeed >> 16) % 10_001),
            domain: uint16((voteSeed >> 32) % 10_001),
            findingsHash: keccak256(abi.encode(voteSeed))
        });
        _votes[id][a] = v;
        bytes32 commitment = consensus.computeCommitment(id, a, v, _salt(id, a));
        vm.prank(a);
        consensus.commitVote(id, commitment);
    }

    function reveal(uint256 requestSeed, uint256 actorSeed) external {
        uint256 id = _request(requestSeed);
        address a = _actors[actorSeed % ACTORS];
        if (id == 0 || consensus.phaseOf(id) != IQualityConsensus.Phase.Reveal) return;
        IQualityConsensus.Ballot memory b = consensus.getBallot(id, a);
        if (!b.committed || b.revealed) return;
        vm.prank(a);
        consensus.revealVote(id, _votes[id][a], _salt(id, a));
    }

    function finalize(uint256 requestSeed) external {
        uint256 id = _request(requestSeed);
        if (id == 0 || consensus.phaseOf(id) != IQualityConsensus.Phase.Finalizable) return;
        if (registry.epoch() == consensus.getRequest(id).epoch) {
            consensus.finalize(id);
        } else {
            consensus.finalizeWithCommittee(id, _committee(id));
        }
        ++finalizedCount;
    }

    function claim(uint256 actorSeed) external {
        address a = _actors[actorSeed % ACTORS];
        if (consensus.pendingRewards(a) == 0) return;
        vm.prank(a);
        consensus.claimRewards();
    }

    function unbond(uint256 actorSeed) external {
        address a = _actors[actorSeed % ACTORS];
        if (!registry.isActive(a)) return;
        vm.prank(a);
        registry.requestUnbond();
    }

    function withdraw(uint256 actorSeed) external {
        address a = _actors[actorSeed % ACTORS];
        IValidatorRegistry.Validator memory v = registry.getValidator(a);
        if (v.status != IValidatorRegistry.ValidatorStatus.Unbonding) return;
        if (block.timestamp < v.unbondingEndsAt || v.pendingSlashes != 0) return;
        vm.prank(a);
        registry.withdraw();
    }

    function warp(uint256 secondsSeed) external {
        // Mostly within a phase, sometimes past an unbonding period.
        uint256 step = secondsSeed % 10 == 0 ? 8 days : secondsSeed % 200;
        vm.warp(block.timestamp + step);
    }

    // ------------------------------------------------------------ helpers

    function _request(uint256 seed) internal view returns (uint256) {
        uint256 count = consensus.requestCount();
        return count == 0 ? 0 : (seed % count) + 1;
    }

    function _salt(uint256 id, address a) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", id, a));
    }

    /// @dev The request's committee, ascending (insertion sort over the few actors).
    function _committee(uint256 id) internal view returns (address[] memory members) {
        members = new address[](consensus.getRequest(id).committeeSize);
        uint256 k;
        for (uint256 i; i < ACTORS; ++i) {
            if (!consensus.isCommitteeMember(id, _actors[i])) continue;
            address a = _actors[i];
            uint256 j = k++;
            while (j > 0 && members[j - 1] > a) {
                members[j] = members[j - 1];
                --j;
            }
            members[j] = a;
        }
    }
}

/// @dev Token conservation across registry + consensus (stake, fees, rewards, treasury), the
/// QualityConsensus header invariants, under random action sequences.
contract ConsensusInvariantTest is ConsensusTestBase {
    TestStakeToken internal token;
    ValidatorRegistry internal registry;
    QualityConsensus internal consensus;
    ConsensusHandler internal handler;
    address internal constant TREASURY = address(0x7EA5);

    function setUp() public {
        token = new TestStakeToken();
        registry = new ValidatorRegistry(token, TREASURY, address(this), 0);
        consensus = new QualityConsensus(registry, address(this));
        registry.grantRole(registry.CONSENSUS_ROLE(), address(consensus));
        registry.grantRole(registry.SLASHER_ROLE(), address(consensus));
        registry.setRegistrationRateLimit(3_600, 100);
        handler = new ConsensusHandler(token, registry, consensus);
        // Start with a full committee so that requests happen early in every sequence.
        for (uint256 i; i < 5; ++i) handler.register(i, i * 1e21);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev Every token minted is held by an actor, the client, the treasury, the registry or the
    /// consensus: nothing is created or lost by staking, fees, rewards, slashes and refunds.
    /// hardhat-config: invariant.runs = 24
    /// hardhat-config: invariant.depth = 60
    function invariant_tokenConservation() public view {
        uint256 held =
            token.balanceOf(handler.client()) +
                token.balanceOf(TREASURY) +
                token.balanceOf(address(registry)) +
                token.balanceOf(address(consensus));
        for (uint256 i; i < handler.actorCount(); ++i) held += token.balanceOf(handler.actor(i));
        assertEq(held, token.totalSupply(), "conservation");
    }

    /// @dev consensus balance == fees of unfinalized requests + pending rewards; registry balance
    /// == sum of stakes; per-request counters bounded.
    /// hardhat-config: invariant.runs = 24
    /// hardhat-config: invariant.depth = 60
    function invariant_escrowAndStakeAccounting() public view {
        uint256 escrow;
        uint256 count = consensus.requestCount();
        for (uint256 id = 1; id <= count; ++id) {
            IQualityConsensus.Request memory r = consensus.getRequest(id);
            if (r.outcome == IQualityConsensus.Outcome.None) escrow += r.fee;
            assertTrue(r.commitCount <= r.committeeSize, "commitCount <= committeeSize");
            assertTrue(r.revealCount <= r.commitCount, "revealCount <= commitCount");
        }
        uint256 stakes;
        for (uint256 i; i < handler.actorCount(); ++i) {
            escrow += consensus.pendingRewards(handler.actor(i));
            stakes += registry.getValidator(handler.actor(i)).stake;
        }
        assertEq(token.balanceOf(address(consensus)), escrow, "consensus escrow");
        assertEq(token.balanceOf(address(registry)), stakes, "registry stakes");
    }
}
