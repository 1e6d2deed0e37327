// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IQualityConsensus} from "./IQualityConsensus.sol";

/// @title ISlashingManager
/// @notice Slashing on evidence. Self-proving evidence (two different EIP-712 signed votes by the
/// same validator for the same request) is slashed at once by anyone's report, with a reward for the
/// reporter. Evidence that needs judgement goes through a governance proposal that freezes the
/// validator's stake, waits a public veto window, then executes.
/// @dev Units: every *Bps value in basis points (0..10_000), windows in seconds, amounts in
/// stake-token wei. The manager never holds tokens: the registry moves them.
interface ISlashingManager {
    /// @notice Stored lifecycle of a governance slash proposal.
    enum ProposalStatus {
        None,
        Pending, // frozen; vetoable before executableAt, executable from executableAt
        Vetoed,
        Executed
    }

    /// @notice Derived state of a proposal (never stored; computed from status and executableAt).
    enum ProposalState {
        None,
        VetoWindow, // block.timestamp < executableAt: vetoable, not executable
        Executable, // block.timestamp >= executableAt
        Vetoed,
        Executed
    }

    struct Proposal {
        address validator;
        uint16 slashBps; // share of stakeSnapshot to slash, 1..MAX_SLASH_BPS
        ProposalStatus status;
        uint64 proposedAt; // unix seconds
        uint64 executableAt; // unix seconds; the veto window is [proposedAt, executableAt)
        uint256 stakeSnapshot; // the validator's stake when the proposal was made
        uint256 slashed; // amount actually slashed at execution
        bytes32 evidenceHash; // keccak256 of the evidence document at evidenceURI
    }

    // ---------------------------------------------------------------- errors

    /// @notice Thrown when signature `index` (0 = A, 1 = B) does not recover (malformed, wrong
    /// length or malleable high-s); `recoverError` is OpenZeppelin's `ECDSA.RecoverError` code.
    error SlashingInvalidSignature(uint8 index, uint8 recoverError);
    /// @notice Thrown when the two votes were not signed by the same address.
    error SlashingSignerMismatch(address signerA, address signerB);
    /// @notice Thrown when both signatures cover the same vote (same EIP-712 digest).
    error SlashingIdenticalVotes(bytes32 digest);
    /// @notice Thrown when `account` is not a registered validator (no active or unbonding stake record).
    error SlashingNotValidator(address account);
    /// @notice Thrown when `requestId` does not exist in QualityConsensus.
    error SlashingUnknownRequest(uint256 requestId);
    /// @notice Thrown when evidence about `requestId` arrives after `deadline` (reveal deadline + evidence window).
    error SlashingEvidenceExpired(uint256 requestId, uint256 deadline);
    /// @notice Thrown when the offence `evidenceId` was already slashed.
    error SlashingEvidenceAlreadyUsed(bytes32 evidenceId);
    /// @notice Thrown when `validator` has no stake left to slash.
    error SlashingNothingToSlash(address validator);
    /// @notice Thrown when a governance slash share is zero.
    error SlashingZeroSlashBps();
    /// @notice Thrown when a governance slash share is above the hard cap `cap`.
    error SlashingSlashAboveCap(uint256 slashBps, uint256 cap);
    /// @notice Thrown when proposal `proposalId` does not exist.
    error SlashingProposalNotFound(uint256 proposalId);
    /// @notice Thrown when vetoing proposal `proposalId` at or after `executableAt`.
    error SlashingVetoWindowClosed(uint256 proposalId, uint256 executableAt);
    /// @notice Thrown when executing proposal `proposalId` before `executableAt`.
    error SlashingVetoWindowOpen(uint256 proposalId, uint256 executableAt);
    /// @notice Thrown when proposal `proposalId` was already executed.
    error SlashingProposalAlreadyExecuted(uint256 proposalId);
    /// @notice Thrown when proposal `proposalId` was vetoed.
    error SlashingProposalAlreadyVetoed(uint256 proposalId);
    /// @notice Thrown when a parameter is set outside its hard-coded bounds.
    error SlashingParameterOutOfBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max);
    /// @notice Thrown when the zero address is given where an address is required.
    error SlashingZeroAddress();

    // ---------------------------------------------------------------- events

    /// @notice An equivocation was proven and slashed; `reward` of `slashed` went to `reporter`.
    event EquivocationReported(
        bytes32 indexed evidenceId,
        address indexed validator,
        uint256 indexed requestId,
        address reporter,
        uint256 slashed,
        uint256 reward
    );
    /// @notice A governance slash was proposed; the validator's stake is frozen until execution or veto.
    event SlashProposed(
        uint256 indexed proposalId,
        address indexed validator,
        uint16 slashBps,
        uint256 stakeSnapshot,
        bytes32 evidenceHash,
        string evidenceURI,
        uint64 executableAt
    );
    /// @notice A governance slash was vetoed; the freeze is lifted.
    event SlashVetoed(uint256 indexed proposalId, address indexed validator, address vetoer);
    /// @notice A governance slash was executed.
    event SlashExecuted(
        uint256 indexed proposalId,
        address indexed validator,
        uint256 slashed,
        address executor
    );
    /// @notice A governance parameter changed.
    event ParameterUpdated(bytes32 indexed parameter, uint256 oldValue, uint256 newValue);

    // ---------------------------------------------------------------- evidence

    /// @notice Slashes a validator that signed two different votes for the same request.
    /// Permissionless. Slashes `equivocationSlashBps` of the validator's stake (rounded up), pays
    /// `reporterRewardBps` of what was actually slashed (rounded down) to the caller, and removes the
    /// validator from the active set if it is still there. The offence can be reported once,
    /// whatever the order of the two votes.
    /// @param requestId the request both votes are about; must exist, and the report must come at
    /// most `evidenceWindow` seconds after its reveal deadline.
    /// @param voteA the first vote.
    /// @param sigA 65-byte signature of `IQualityConsensus.hashVote(requestId, voteA)`.
    /// @param voteB the second vote, different from the first.
    /// @param sigB 65-byte signature of `IQualityConsensus.hashVote(requestId, voteB)` by the same signer.
    /// @return evidenceId keccak256(abi.encode(validator, requestId, lowerDigest, higherDigest)).
    /// @return slashed the amount actually taken from the validator's stake.
    /// @return reward the part of `slashed` paid to the caller.
    function reportEquivocation(
        uint256 requestId,
        IQualityConsensus.Vote calldata voteA,
        bytes calldata sigA,
        IQualityConsensus.Vote calldata voteB,
        bytes calldata sigB
    ) external returns (bytes32 evidenceId, uint256 slashed, uint256 reward);

    // ---------------------------------------------------------------- governance slashes

    /// @notice Proposes slashing `slashBps` of `validator`'s current stake, snapshots that stake and
    /// freezes the validator's withdrawal. Only `GOVERNOR_ROLE` (the timelock in production).
    /// @param slashBps share of the snapshot, 1..MAX_SLASH_BPS.
    /// @param evidenceHash keccak256 of the evidence document.
    /// @param evidenceURI where the evidence document can be read (emitted, not stored).
    /// @return proposalId sequential id starting at 1.
    function proposeSlash(
        address validator,
        uint16 slashBps,
        bytes32 evidenceHash,
        string calldata evidenceURI
    ) external returns (uint256 proposalId);

    /// @notice Vetoes a pending proposal before its `executableAt` and lifts its freeze. Only `VETO_ROLE`.
    function vetoSlash(uint256 proposalId) external;

    /// @notice Executes a pending proposal from its `executableAt` on. Anyone may call it. Slashes
    /// ceil(stakeSnapshot * slashBps / 10_000), never more than the validator still has.
    /// @return slashed the amount actually taken.
    function executeSlash(uint256 proposalId) external returns (uint256 slashed);

    // ---------------------------------------------------------------- parameters

    /// @notice Only `PARAMETER_ROLE`. Bounds: [100, 10_000].
    function setEquivocationSlashBps(uint16 newValue) external;

    /// @notice Only `PARAMETER_ROLE`. Bounds: [0, 5_000] (a reporter reward above half would let a
    /// validator recover most of its own slash by reporting itself).
    function setReporterRewardBps(uint16 newValue) external;

    /// @notice Only `PARAMETER_ROLE`. Bounds: [1 hour, 3 days]; with the veto window it must stay
    /// below the registry's minimum unbonding period (6 days), so evidence always finds the stake.
    function setEvidenceWindow(uint64 newValue) external;

    /// @notice Only `PARAMETER_ROLE`. Bounds: [1 hour, 2 days]. Applies to proposals made after the change.
    function setSlashVetoWindow(uint64 newValue) external;

    // ---------------------------------------------------------------- views

    /// @notice A proposal (status `None` for an unknown id).
    function getProposal(uint256 proposalId) external view returns (Proposal memory);

    /// @notice The derived state of a proposal.
    function proposalState(uint256 proposalId) external view returns (ProposalState);

    /// @notice Number of proposals made; ids are 1..proposalCount.
    function proposalCount() external view returns (uint256);

    /// @notice Whether the offence `evidenceId` was already slashed.
    function isEvidenceUsed(bytes32 evidenceId) external view returns (bool);

    /// @notice The evidence id of a pair of digests, whatever their order.
    function computeEvidenceId(
        address validator,
        uint256 requestId,
        bytes32 digestA,
        bytes32 digestB
    ) external pure returns (bytes32);

    function equivocationSlashBps() external view returns (uint16);

    function reporterRewardBps() external view returns (uint16);

    function evidenceWindow() external view returns (uint64);

    function slashVetoWindow() external view returns (uint64);

    function registry() external view returns (address);

    function consensus() external view returns (address);
}
