// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IQualityConsensus} from "../../contracts/interfaces/IQualityConsensus.sol";
import {QualityConsensus} from "../../contracts/QualityConsensus.sol";
import {ValidatorRegistry} from "../../contracts/ValidatorRegistry.sol";
import {TestStakeToken} from "../../contracts/test/TestStakeToken.sol";
import {ConsensusTestBase} from "./utils/ConsensusVm.sol";

/// @dev Unit and fuzz tests of QualityConsensus that need cheatcodes the mocha tests lack
/// (changing the chain id) or many inputs (reveal validation as a specification).
contract QualityConsensusTest is ConsensusTestBase {
    uint256 internal constant TOKEN = 1e18;
    TestStakeToken internal token;
    ValidatorRegistry internal registry;
    QualityConsensus internal consensus;
    address[4] internal validators;
    address internal constant CLIENT = address(0xC11E47);

    function setUp() public {
        token = new TestStakeToken();
        registry = new ValidatorRegistry(token, address(0x7EA5), address(this), 0);
        consensus = new QualityConsensus(registry, address(this));
        registry.grantRole(registry.CONSENSUS_ROLE(), address(consensus));
        registry.grantRole(registry.SLASHER_ROLE(), address(consensus));
        for (uint256 i; i < 4; ++i) {
            address v = address(uint160(0xB000 + i));
            validators[i] = v;
            token.mint(v, 1_000 * TOKEN);
            vm.startPrank(v);
            token.approve(address(registry), 1_000 * TOKEN);
            registry.register(1_000 * TOKEN, 0);
            vm.stopPrank();
        }
        token.mint(CLIENT, 1_000 * TOKEN);
        vm.prank(CLIENT);
        token.approve(address(consensus), type(uint256).max);
    }

    function _submit() internal returns (uint256 requestId) {
        vm.prank(CLIENT);
        requestId = consensus.submitRequest(keccak256("output"), "general", "", "ipfs://x", 1e18);
    }

    function _vote(
        uint16 q,
        uint16 r,
        uint16 d
    ) internal pure returns (IQualityConsensus.Vote memory) {
        return IQualityConsensus.Vote(q, r, d, keccak256("findings"));
    }

    /// @dev Commits `vote` for every validator, computing each commitment on the current chain.
    function _commitAll(uint256 requestId, IQualityConsensus.Vote memory vote) internal {
        for (uint256 i; i < 4; ++i) {
            bytes32 c = consensus.computeCommitment(requestId, validators[i], vote, bytes32(i));
            vm.prank(validators[i]);
            consensus.commitVote(requestId, c);
        }
    }

    function test_revealVote_reverts_whenCommitmentWasMadeForAnotherChain() public {
        uint256 requestId = _submit();
        IQualityConsensus.Vote memory vote = _vote(9_000, 1_000, 9_000);
        uint256 home = block.chainid;
        // The same contract address on another chain: a commitment made there is replayed here.
        vm.chainId(home + 1);
        bytes32 foreign = consensus.computeCommitment(requestId, validators[0], vote, bytes32(0));
        vm.chainId(home);
        assertTrue(
            foreign != consensus.computeCommitment(requestId, validators[0], vote, bytes32(0)),
            "chain id is bound"
        );
        vm.prank(validators[0]);
        consensus.commitVote(requestId, foreign);
        for (uint256 i = 1; i < 4; ++i) {
            bytes32 c = consensus.computeCommitment(requestId, validators[i], vote, bytes32(i));
            vm.prank(validators[i]);
            consensus.commitVote(requestId, c);
        }
        vm.expectRevert(
            abi.encodeWithSelector(
                IQualityConsensus.ConsensusCommitmentMismatch.selector,
                requestId,
                validators[0]
            )
        );
        vm.prank(validators[0]);
        consensus.revealVote(requestId, vote, bytes32(0));
    }

    function test_hashVote_bindsChainId() public {
        IQualityConsensus.Vote memory vote = _vote(1, 2, 3);
        bytes32 here = consensus.hashVote(7, vote);
        vm.chainId(block.chainid + 1);
        assertTrue(consensus.hashVote(7, vote) != here, "EIP-712 domain binds the chain");
    }

    /// @dev Specification of revealVote's validation: any score above 10_000 reverts with
    /// ConsensusScoreOutOfRange(first bad score); otherwise only the committed vote opens.
    function testFuzz_revealVote_acceptsExactlyTheCommittedInRangeVote(
        uint16 rawQ,
        uint16 rawR,
        uint16 rawD,
        bool tamper
    ) public {
        // Mostly in range (about 3/4 of the runs open a ballot), sometimes just above it.
        (uint16 q, uint16 r, uint16 d) = (rawQ % 11_000, rawR % 11_000, rawD % 11_000);
        uint256 requestId = _submit();
        IQualityConsensus.Vote memory vote = _vote(q, r, d);
        _commitAll(requestId, vote);
        IQualityConsensus.Vote memory revealed = _vote(q, r, d);
        if (tamper) revealed.findingsHash = keccak256("tampered");
        vm.prank(validators[0]);
        if (q > 10_000 || r > 10_000 || d > 10_000) {
            uint16 bad = q > 10_000 ? q : (r > 10_000 ? r : d);
            vm.expectRevert(
                abi.encodeWithSelector(IQualityConsensus.ConsensusScoreOutOfRange.selector, bad)
            );
        } else if (tamper) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IQualityConsensus.ConsensusCommitmentMismatch.selector,
                    requestId,
                    validators[0]
                )
            );
        }
        consensus.revealVote(requestId, revealed, bytes32(0));
        IQualityConsensus.Ballot memory b = consensus.getBallot(requestId, validators[0]);
        bool opened = !tamper && q <= 10_000 && r <= 10_000 && d <= 10_000;
        assertTrue(b.revealed == opened, "revealed iff valid");
        if (opened) {
            assertEq(b.quality, q, "quality stored");
            assertEq(b.risk, r, "risk stored");
            assertEq(b.domain, d, "domain stored");
        }
    }

    /// @dev Any 32 bytes may be committed; only its own opening reveals, and the stored ballot
    /// never looks revealed before the reveal.
    function testFuzz_commitVote_anyCommitmentStaysUnrevealed(bytes32 commitment) public {
        vm.assume(commitment != bytes32(0));
        uint256 requestId = _submit();
        vm.prank(validators[0]);
        consensus.commitVote(requestId, commitment);
        IQualityConsensus.Ballot memory b = consensus.getBallot(requestId, validators[0]);
        assertTrue(b.committed && !b.revealed, "committed, not revealed");
        assertEq(b.weight, registry.weightOf(validators[0]), "commit-time weight");
    }
}
