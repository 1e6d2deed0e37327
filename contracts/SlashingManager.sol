// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IQualityConsensus} from "./interfaces/IQualityConsensus.sol";
import {ISlashingManager} from "./interfaces/ISlashingManager.sol";
import {IValidatorRegistry} from "./interfaces/IValidatorRegistry.sol";

/// @title SlashingManager
/// @notice Slashes validators on evidence: at once for self-proving equivocation, after a public
/// veto window for governance proposals. Holds `SLASHER_ROLE` on the registry; never holds tokens.
/// @dev Invariants:
/// - an evidence id is slashed at most once (`_usedEvidence` is set before the registry is called);
/// - a proposal goes Pending -> Vetoed or Pending -> Executed, never anything else;
/// - every Pending proposal holds exactly one registry freeze on its validator, released exactly
///   once, by the veto or the execution;
/// - a governance slash never exceeds ceil(stakeSnapshot * MAX_SLASH_BPS / 10_000), nor the stake left.
contract SlashingManager is ISlashingManager, AccessControl, ReentrancyGuard {
    /// @notice May propose governance slashes (the timelock in production).
    bytes32 public constant GOVERNOR_ROLE = keccak256("GOVERNOR_ROLE");
    /// @notice May veto governance slashes during their veto window (a separate guardian address).
    bytes32 public constant VETO_ROLE = keccak256("VETO_ROLE");
    /// @notice May change the bounded parameters (the timelock in production).
    bytes32 public constant PARAMETER_ROLE = keccak256("PARAMETER_ROLE");

    bytes32 public constant REASON_EQUIVOCATION = bytes32("equivocation");
    bytes32 public constant REASON_GOVERNANCE = bytes32("governance");

    uint16 public constant MAX_BPS = 10_000; // basis points
    /// @notice Hard cap of a governance slash, as a share of the snapshotted stake.
    uint16 public constant MAX_SLASH_BPS = 9_000;

    uint16 public constant MIN_EQUIVOCATION_SLASH_BPS = 100;
    uint16 public constant MAX_EQUIVOCATION_SLASH_BPS = 10_000;
    uint16 public constant MAX_REPORTER_REWARD_BPS = 5_000;
    uint64 public constant MIN_EVIDENCE_WINDOW_SECONDS = 1 hours;
    uint64 public constant MAX_EVIDENCE_WINDOW_SECONDS = 3 days;
    uint64 public constant MIN_SLASH_VETO_WINDOW_SECONDS = 1 hours;
    uint64 public constant MAX_SLASH_VETO_WINDOW_SECONDS = 2 days;

    IValidatorRegistry private immutable _registry;
    IQualityConsensus private immutable _consensus;

    uint16 private _equivocationSlashBps = 5_000;
    uint16 private _reporterRewardBps = 5_000;
    uint64 private _evidenceWindow = 3 days;
    uint64 private _slashVetoWindow = 2 days;

    uint256 private _proposalCount;
    mapping(uint256 proposalId => Proposal) private _proposals;
    mapping(bytes32 evidenceId => bool) private _usedEvidence;

    /// @param registry_ the ValidatorRegistry this manager slashes through (needs SLASHER_ROLE there).
    /// @param consensus_ the QualityConsensus whose EIP-712 domain signs vote attestations.
    /// @param admin receives DEFAULT_ADMIN_ROLE (grants GOVERNOR/VETO/PARAMETER roles at deployment).
    constructor(IValidatorRegistry registry_, IQualityConsensus consensus_, address admin) {
        if (address(registry_) == address(0)) revert SlashingZeroAddress();
        if (address(consensus_) == address(0)) revert SlashingZeroAddress();
        if (admin == address(0)) revert SlashingZeroAddress();
        _registry = registry_;
        _consensus = consensus_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ---------------------------------------------------------------- evidence

    /// @inheritdoc ISlashingManager
    function reportEquivocation(
        uint256 requestId,
        IQualityConsensus.Vote calldata voteA,
        bytes calldata sigA,
        IQualityConsensus.Vote calldata voteB,
        bytes calldata sigB
    ) external nonReentrant returns (bytes32 evidenceId, uint256 slashed, uint256 reward) {
        address validator;
        (validator, evidenceId) = _verifyEquivocation(requestId, voteA, sigA, voteB, sigB);
        uint256 stake = _registeredStake(validator);
        _checkEvidenceWindow(requestId);
        if (_usedEvidence[evidenceId]) revert SlashingEvidenceAlreadyUsed(evidenceId);
        if (stake == 0) revert SlashingNothingToSlash(validator);

        _usedEvidence[evidenceId] = true;
        uint256 amount = Math.mulDiv(stake, _equivocationSlashBps, MAX_BPS, Math.Rounding.Ceil);
        (slashed, reward) = _registry.slashWithReward(
            validator,
            amount,
            REASON_EQUIVOCATION,
            msg.sender,
            _reporterRewardBps
        );
        // The registry already removed it if the slash left it below minStake.
        if (_registry.isActive(validator))
            _registry.removeValidator(validator, REASON_EQUIVOCATION);
        emit EquivocationReported(evidenceId, validator, requestId, msg.sender, slashed, reward);
    }

    // ---------------------------------------------------------------- governance slashes

    /// @inheritdoc ISlashingManager
    function proposeSlash(
        address validator,
        uint16 slashBps,
        bytes32 evidenceHash,
        string calldata evidenceURI
    ) external onlyRole(GOVERNOR_ROLE) returns (uint256 proposalId) {
        if (slashBps == 0) revert SlashingZeroSlashBps();
        if (slashBps > MAX_SLASH_BPS) revert SlashingSlashAboveCap(slashBps, MAX_SLASH_BPS);
        uint256 stake = _registeredStake(validator);
        if (stake == 0) revert SlashingNothingToSlash(validator);

        proposalId = ++_proposalCount;
        uint64 executableAt = uint64(block.timestamp) + _slashVetoWindow;
        _proposals[proposalId] = Proposal({
            validator: validator,
            slashBps: slashBps,
            status: ProposalStatus.Pending,
            proposedAt: uint64(block.timestamp),
            executableAt: executableAt,
            stakeSnapshot: stake,
            slashed: 0,
            evidenceHash: evidenceHash
        });
        _registry.freeze(validator);
        emit SlashProposed(
            proposalId,
            validator,
            slashBps,
            stake,
            evidenceHash,
            evidenceURI,
            executableAt
        );
    }

    /// @inheritdoc ISlashingManager
    function vetoSlash(uint256 proposalId) external onlyRole(VETO_ROLE) {
        Proposal storage proposal = _pendingProposal(proposalId);
        if (block.timestamp >= proposal.executableAt) {
            revert SlashingVetoWindowClosed(proposalId, proposal.executableAt);
        }
        proposal.status = ProposalStatus.Vetoed;
        address validator = proposal.validator;
        _registry.unfreeze(validator);
        emit SlashVetoed(proposalId, validator, msg.sender);
    }

    /// @inheritdoc ISlashingManager
    function executeSlash(uint256 proposalId) external nonReentrant returns (uint256 slashed) {
        Proposal storage proposal = _pendingProposal(proposalId);
        if (block.timestamp < proposal.executableAt) {
            revert SlashingVetoWindowOpen(proposalId, proposal.executableAt);
        }
        proposal.status = ProposalStatus.Executed;
        address validator = proposal.validator;
        uint256 amount = Math.mulDiv(
            proposal.stakeSnapshot,
            proposal.slashBps,
            MAX_BPS,
            Math.Rounding.Ceil
        );
        // Unfreeze before slashing: the slash may take the whole stake and remove the validator, and
        // the freeze must be released while the record certainly still exists. Both calls happen in
        // this transaction, so the validator cannot withdraw in between.
        _registry.unfreeze(validator);
        slashed = _registry.slash(validator, amount, REASON_GOVERNANCE);
        proposal.slashed = slashed;
        emit SlashExecuted(proposalId, validator, slashed, msg.sender);
    }

    // ---------------------------------------------------------------- parameters

    /// @inheritdoc ISlashingManager
    function setEquivocationSlashBps(uint16 newValue) external onlyRole(PARAMETER_ROLE) {
        _checkBounds(
            "equivocationSlashBps",
            newValue,
            MIN_EQUIVOCATION_SLASH_BPS,
            MAX_EQUIVOCATION_SLASH_BPS
        );
        emit ParameterUpdated("equivocationSlashBps", _equivocationSlashBps, newValue);
        _equivocationSlashBps = newValue;
    }

    /// @inheritdoc ISlashingManager
    function setReporterRewardBps(uint16 newValue) external onlyRole(PARAMETER_ROLE) {
        _checkBounds("reporterRewardBps", newValue, 0, MAX_REPORTER_REWARD_BPS);
        emit ParameterUpdated("reporterRewardBps", _reporterRewardBps, newValue);
        _reporterRewardBps = newValue;
    }

    /// @inheritdoc ISlashingManager
    function setEvidenceWindow(uint64 newValue) external onlyRole(PARAMETER_ROLE) {
        _checkBounds(
            "evidenceWindow",
            newValue,
            MIN_EVIDENCE_WINDOW_SECONDS,
            MAX_EVIDENCE_WINDOW_SECONDS
        );
        emit ParameterUpdated("evidenceWindow", _evidenceWindow, newValue);
        _evidenceWindow = newValue;
    }

    /// @inheritdoc ISlashingManager
    function setSlashVetoWindow(uint64 newValue) external onlyRole(PARAMETER_ROLE) {
        _checkBounds(
            "slashVetoWindow",
            newValue,
            MIN_SLASH_VETO_WINDOW_SECONDS,
            MAX_SLASH_VETO_WINDOW_SECONDS
        );
        emit ParameterUpdated("slashVetoWindow", _slashVetoWindow, newValue);
        _slashVetoWindow = newValue;
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ISlashingManager
    function getProposal(uint256 proposalId) external view returns (Proposal memory) {
        return _proposals[proposalId];
    }

    /// @inheritdoc ISlashingManager
    function proposalState(uint256 proposalId) external view returns (ProposalState) {
        Proposal storage proposal = _proposals[proposalId];
        if (proposal.status == ProposalStatus.None) return ProposalState.None;
        if (proposal.status == ProposalStatus.Vetoed) return ProposalState.Vetoed;
        if (proposal.status == ProposalStatus.Executed) return ProposalState.Executed;
        return
            block.timestamp < proposal.executableAt
                ? ProposalState.VetoWindow
                : ProposalState.Executable;
    }

    /// @inheritdoc ISlashingManager
    function proposalCount() external view returns (uint256) {
        return _proposalCount;
    }

    /// @inheritdoc ISlashingManager
    function isEvidenceUsed(bytes32 evidenceId) external view returns (bool) {
        return _usedEvidence[evidenceId];
    }

    /// @inheritdoc ISlashingManager
    function computeEvidenceId(
        address validator,
        uint256 requestId,
        bytes32 digestA,
        bytes32 digestB
    ) external pure returns (bytes32) {
        return _evidenceId(validator, requestId, digestA, digestB);
    }

    /// @inheritdoc ISlashingManager
    function equivocationSlashBps() external view returns (uint16) {
        return _equivocationSlashBps;
    }

    /// @inheritdoc ISlashingManager
    function reporterRewardBps() external view returns (uint16) {
        return _reporterRewardBps;
    }

    /// @inheritdoc ISlashingManager
    function evidenceWindow() external view returns (uint64) {
        return _evidenceWindow;
    }

    /// @inheritdoc ISlashingManager
    function slashVetoWindow() external view returns (uint64) {
        return _slashVetoWindow;
    }

    /// @inheritdoc ISlashingManager
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc ISlashingManager
    function consensus() external view returns (address) {
        return address(_consensus);
    }

    // ---------------------------------------------------------------- internals

    /// @dev Recovers both signers and checks they are one address that signed two different votes.
    /// @return validator the signer.
    /// @return evidenceId the order-independent id of the offence.
    function _verifyEquivocation(
        uint256 requestId,
        IQualityConsensus.Vote calldata voteA,
        bytes calldata sigA,
        IQualityConsensus.Vote calldata voteB,
        bytes calldata sigB
    ) private view returns (address validator, bytes32 evidenceId) {
        bytes32 digestA = _consensus.hashVote(requestId, voteA);
        bytes32 digestB = _consensus.hashVote(requestId, voteB);
        validator = _recover(digestA, sigA, 0);
        address signerB = _recover(digestB, sigB, 1);
        if (validator != signerB) revert SlashingSignerMismatch(validator, signerB);
        if (digestA == digestB) revert SlashingIdenticalVotes(digestA);
        evidenceId = _evidenceId(validator, requestId, digestA, digestB);
    }

    /// @dev The stake of `account`, which must have a registry record (active or unbonding).
    function _registeredStake(address account) private view returns (uint256) {
        IValidatorRegistry.Validator memory record = _registry.getValidator(account);
        if (record.status == IValidatorRegistry.ValidatorStatus.None) {
            revert SlashingNotValidator(account);
        }
        return record.stake;
    }

    /// @dev Reverts unless `requestId` exists and its evidence window is still open.
    function _checkEvidenceWindow(uint256 requestId) private view {
        if (_consensus.phaseOf(requestId) == IQualityConsensus.Phase.None) {
            revert SlashingUnknownRequest(requestId);
        }
        uint256 deadline =
            uint256(_consensus.getRequest(requestId).revealDeadline) + _evidenceWindow;
        if (block.timestamp > deadline) revert SlashingEvidenceExpired(requestId, deadline);
    }

    /// @dev Recovers the signer of `digest`; rejects malformed, wrong-length and high-s signatures.
    function _recover(
        bytes32 digest,
        bytes calldata signature,
        uint8 index
    ) private pure returns (address signer) {
        ECDSA.RecoverError recoverError;
        (signer, recoverError, ) = ECDSA.tryRecoverCalldata(digest, signature);
        if (recoverError != ECDSA.RecoverError.NoError) {
            revert SlashingInvalidSignature(index, uint8(recoverError));
        }
    }

    /// @dev Proposal `proposalId`, which must exist and be Pending.
    function _pendingProposal(uint256 proposalId) private view returns (Proposal storage proposal) {
        proposal = _proposals[proposalId];
        if (proposal.status == ProposalStatus.None) revert SlashingProposalNotFound(proposalId);
        if (proposal.status == ProposalStatus.Vetoed) {
            revert SlashingProposalAlreadyVetoed(proposalId);
        }
        if (proposal.status == ProposalStatus.Executed) {
            revert SlashingProposalAlreadyExecuted(proposalId);
        }
    }

    /// @dev The digests are sorted so that (A, B) and (B, A) are the same offence.
    function _evidenceId(
        address validator,
        uint256 requestId,
        bytes32 digestA,
        bytes32 digestB
    ) private pure returns (bytes32) {
        (bytes32 low, bytes32 high) = digestA < digestB ? (digestA, digestB) : (digestB, digestA);
        return keccak256(abi.encode(validator, requestId, low, high));
    }

    function _checkBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max) private pure {
        if (value < min || value > max)
            revert SlashingParameterOutOfBounds(parameter, value, min, max);
    }
}
