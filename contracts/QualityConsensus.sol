// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IQualityConsensus} from "./interfaces/IQualityConsensus.sol";
import {IValidatorRegistry} from "./interfaces/IValidatorRegistry.sol";
import {Commitment} from "./libraries/Commitment.sol";
import {Quorum} from "./libraries/Quorum.sol";
import {WeightedMedian} from "./libraries/WeightedMedian.sol";

/// @title QualityConsensus
/// @notice Requests for a verdict on an AI output, commit-reveal voting by the committee of
/// validators active when the request was submitted, and a stake x reputation weighted-median
/// aggregation that a Byzantine minority (< 1/3 of the committee weight) cannot move outside the
/// range of the honest votes.
/// @dev Needs CONSENSUS_ROLE (reputation) and SLASHER_ROLE (non-reveal slash) on the registry.
/// The contract cannot parse JSON: validators check off-chain that the payload (inline in
/// `RequestSubmitted`, or fetched from `uri`) hashes to `outputHash`; a mismatch is a finding.
///
/// Invariants:
/// - stakeToken.balanceOf(this) == sum of the fees of unfinalized requests + sum of pendingRewards
///   (a finalization moves each fee out in full: treasury + credited rewards + refund == fee).
/// - A request's phase is derived from its deadlines and counters, never stored; it only moves
///   forward: Commit -> Reveal -> Finalizable -> Finalized (Commit may jump to Finalizable when
///   nobody committed).
/// - commitCount <= committeeSize and revealCount <= commitCount.
/// - A ballot exists only for a committee member, is committed at most once and revealed at most once.
/// - Every parameter a request depends on is snapshotted into it at submission.
/// - Every loop is bounded by the committee size (<= the registry's maxValidators <= 100).
contract QualityConsensus is
    IQualityConsensus,
    AccessControl,
    EIP712,
    Pausable,
    ReentrancyGuardTransient
{
    using SafeERC20 for IERC20;

    // ---------------------------------------------------------------- constants

    bytes32 public constant PARAMETER_ROLE = keccak256("PARAMETER_ROLE");
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @notice EIP-712 type of a signed vote attestation (offchain/protocol/eip712.ts VOTE_TYPES).
    bytes32 public constant VOTE_TYPEHASH = keccak256(
        "Vote(uint256 requestId,uint16 quality,uint16 risk,uint16 domain,bytes32 findingsHash)"
    );

    /// @notice Reason passed to the registry when slashing a committed-but-unrevealed validator.
    bytes32 public constant NON_REVEAL_REASON = "NON_REVEAL";

    /// @inheritdoc IQualityConsensus
    uint256 public constant MAX_PAYLOAD_BYTES = 24 * 1024; // bytes
    uint16 private constant _MAX_BPS = 10_000; // basis points
    /// @dev A revealer's performance falls to 0 at this deviation from the median (basis points).
    uint256 private constant _ZERO_PERFORMANCE_DEVIATION = 5_000;

    // Hard-coded parameter bounds: governance can move a parameter only inside them.
    uint256 private constant _MIN_VALIDATORS_LOWER = 4;
    uint256 private constant _MIN_VALIDATORS_UPPER = 100;
    uint256 private constant _WINDOW_LOWER_SECONDS = 10;
    uint256 private constant _WINDOW_UPPER_SECONDS = 1 days;
    uint256 private constant _THRESHOLD_LOWER_BPS = 1_000;
    uint256 private constant _AGREEMENT_THRESHOLD_LOWER_BPS = 5_000;
    uint256 private constant _TOLERANCE_LOWER_BPS = 100;
    uint256 private constant _TOLERANCE_UPPER_BPS = 5_000;
    uint256 private constant _NON_REVEAL_SLASH_LOWER_BPS = 50;
    uint256 private constant _NON_REVEAL_SLASH_UPPER_BPS = 5_000;
    uint256 private constant _PROTOCOL_FEE_UPPER_BPS = 2_000;

    // Ballot word layout (one storage slot per ballot, see BallotSlot).
    uint160 private constant _COMMITTED_FLAG = uint160(1) << 159;
    uint160 private constant _REVEALED_FLAG = uint160(1) << 158;
    uint160 private constant _SCORE_MASK = 0xffff;

    // ---------------------------------------------------------------- storage

    /// @dev Request storage. The first slot holds everything commit and reveal read and write
    /// (64 + 40 + 40 + 3 * 32 + 8 = 248 bits), so a vote touches one request slot. uint40 seconds
    /// last until the year 36812.
    struct RequestState {
        uint64 epoch;
        uint40 commitDeadline;
        uint40 revealDeadline;
        uint32 committeeSize;
        uint32 commitCount;
        uint32 revealCount;
        Outcome outcome;
        address submitter;
        RequestParams params;
        bytes32 outputHash;
        bytes32 domain;
        uint256 fee;
        uint256 committeeWeight;
    }

    /// @dev One storage slot per ballot, written once at commit (new slot) and overwritten in place
    /// at reveal (the cheap non-zero to non-zero store). `word` is
    /// - 0: no ballot;
    /// - committed: _COMMITTED_FLAG | the top 160 bits of the commitment with the top bit dropped
    ///   (159 commitment bits kept: finding two openings of one stored value costs ~2^79.5 hashes,
    ///   far beyond a commit window; a preimage for another's commitment ~2^159);
    /// - revealed: _REVEALED_FLAG | domain << 32 | risk << 16 | quality.
    /// The two flags make the states unambiguous whatever 32 bytes a validator commits.
    /// `weight` is the validator's registry weight at commit time: min(stake, maxEffectiveStake) *
    /// reputation / 10_000 <= maxEffectiveStake <= 1e9 tokens = 1e27 wei < 2^96 (the registry's
    /// hard-coded bound), so it fits in 96 bits (SafeCast checks anyway).
    struct BallotSlot {
        uint160 word;
        uint96 weight;
    }

    /// @dev Working set of one finalization, in memory to keep the stack shallow.
    struct Tally {
        uint256 revealCount;
        uint256 revealedWeight;
        uint256 agreeingWeight;
        uint16 quality;
        uint16 risk;
        uint16 domain;
        bool quorum;
    }

    IValidatorRegistry private immutable _registry;
    IERC20 private immutable _stakeToken;

    uint256 public minValidators = 4;
    uint256 public commitWindow = 120; // seconds
    uint256 public revealWindow = 120; // seconds
    RequestParams private _params = RequestParams({
        minQuality: 7_000,
        riskThreshold: 5_000,
        domainThreshold: 8_000,
        agreementThreshold: 8_000,
        agreementTolerance: 1_000,
        nonRevealSlashBps: 100,
        protocolFeeBps: 500
    });

    uint256 private _requestCount;
    mapping(uint256 requestId => RequestState) private _requests;
    mapping(uint256 requestId => Result) private _results;
    mapping(uint256 requestId => mapping(address validator => BallotSlot)) private _ballots;
    mapping(address account => uint256 amount) private _pendingRewards;

    // ---------------------------------------------------------------- construction

    /// @param registry_ the ValidatorRegistry whose stake token pays fees and whose validators vote.
    /// @param admin_ gets DEFAULT_ADMIN_ROLE, PARAMETER_ROLE and PAUSER_ROLE.
    constructor(IValidatorRegistry registry_, address admin_) EIP712("QualityConsensus", "1") {
        if (address(registry_) == address(0) || admin_ == address(0)) revert ConsensusZeroAddress();
        _registry = registry_;
        _stakeToken = IERC20(registry_.stakeToken());
        _grantRole(DEFAULT_ADMIN_ROLE, admin_);
        _grantRole(PARAMETER_ROLE, admin_);
        _grantRole(PAUSER_ROLE, admin_);
    }

    // ---------------------------------------------------------------- actions

    /// @inheritdoc IQualityConsensus
    /// @dev Pausing blocks only this entry point: commits, reveals, finalizations and claims of
    /// requests already in flight always work, or validators would be slashed for a pause.
    function submitRequest(
        bytes32 outputHash,
        bytes32 domain,
        bytes calldata payload,
        string calldata uri,
        uint256 fee
    ) external nonReentrant whenNotPaused returns (uint256 requestId) {
        if (outputHash == bytes32(0)) revert ConsensusZeroOutputHash();
        if (payload.length > MAX_PAYLOAD_BYTES) {
            revert ConsensusPayloadTooLarge(payload.length, MAX_PAYLOAD_BYTES);
        }
        if (payload.length == 0 && bytes(uri).length == 0) revert ConsensusEmptyPayload();
        if (fee == 0) revert ConsensusZeroFee();
        uint256 committeeSize = _registry.activeValidatorCount();
        if (committeeSize < minValidators) {
            revert ConsensusNotEnoughValidators(committeeSize, minValidators);
        }

        requestId = ++_requestCount;
        uint40 commitDeadline = SafeCast.toUint40(block.timestamp + commitWindow);
        RequestState storage request = _requests[requestId];
        request.epoch = _registry.epoch();
        request.commitDeadline = commitDeadline;
        request.revealDeadline = commitDeadline + SafeCast.toUint40(revealWindow);
        request.committeeSize = SafeCast.toUint32(committeeSize);
        request.submitter = msg.sender;
        request.params = _params;
        request.outputHash = outputHash;
        request.domain = domain;
        request.fee = fee;
        request.committeeWeight = _registry.totalActiveWeight();

        _emitSubmitted(requestId, payload, uri);
        // Interaction last; a token without allowance or balance reverts the whole submission.
        _stakeToken.safeTransferFrom(msg.sender, address(this), fee);
    }

    /// @inheritdoc IQualityConsensus
    /// @dev The voter's weight is fixed now, from the registry, for the rest of the request.
    function commitVote(uint256 requestId, bytes32 commitment) external {
        RequestState storage request = _requests[requestId];
        Phase phase = _phase(request);
        if (phase != Phase.Commit) _revertPhase(requestId, phase);
        if (commitment == bytes32(0)) revert ConsensusZeroCommitment();
        BallotSlot storage ballot = _ballots[requestId][msg.sender];
        if (ballot.word != 0) revert ConsensusAlreadyCommitted(requestId, msg.sender);
        if (!_registry.wasActiveAt(msg.sender, request.epoch)) {
            revert ConsensusNotCommitteeMember(requestId, msg.sender);
        }
        uint96 weight = SafeCast.toUint96(_registry.weightOf(msg.sender));

        _ballots[requestId][msg.sender] = BallotSlot(_committedWord(commitment), weight);
        // Cannot overflow: commitCount < committeeSize in the Commit phase.
        unchecked {
            ++request.commitCount;
        }
        emit VoteCommitted(requestId, msg.sender, commitment, weight);
    }

    /// @inheritdoc IQualityConsensus
    function revealVote(uint256 requestId, Vote calldata vote, bytes32 salt) external {
        RequestState storage request = _requests[requestId];
        Phase phase = _phase(request);
        if (phase != Phase.Reveal) _revertPhase(requestId, phase);
        if (vote.quality > _MAX_BPS) revert ConsensusScoreOutOfRange(vote.quality);
        if (vote.risk > _MAX_BPS) revert ConsensusScoreOutOfRange(vote.risk);
        if (vote.domain > _MAX_BPS) revert ConsensusScoreOutOfRange(vote.domain);
        BallotSlot storage ballot = _ballots[requestId][msg.sender];
        uint160 word = ballot.word;
        if (word == 0) revert ConsensusNotCommitted(requestId, msg.sender);
        if (word & _COMMITTED_FLAG == 0) revert ConsensusAlreadyRevealed(requestId, msg.sender);
        bytes32 expected = Commitment.compute(
            block.chainid,
            address(this),
            requestId,
            msg.sender,
            vote.quality,
            vote.risk,
            vote.domain,
            vote.findingsHash,
            salt
        );
        if (_committedWord(expected) != word) {
            revert ConsensusCommitmentMismatch(requestId, msg.sender);
        }

        ballot.word = _revealedWord(vote.quality, vote.risk, vote.domain);
        // Cannot overflow: revealCount < commitCount in the Reveal phase.
        unchecked {
            ++request.revealCount;
        }
        emit VoteRevealed(
            requestId,
            msg.sender,
            vote.quality,
            vote.risk,
            vote.domain,
            vote.findingsHash
        );
    }

    /// @inheritdoc IQualityConsensus
    function finalize(uint256 requestId) external nonReentrant {
        RequestState storage request = _requests[requestId];
        _checkFinalizable(requestId, request);
        if (_registry.epoch() != request.epoch) revert ConsensusInvalidCommittee(requestId);
        // Same epoch: the active set now is exactly the committee.
        _finalize(requestId, request, _registry.activeValidators());
    }

    /// @inheritdoc IQualityConsensus
    function finalizeWithCommittee(
        uint256 requestId,
        address[] calldata committee
    ) external nonReentrant {
        RequestState storage request = _requests[requestId];
        _checkFinalizable(requestId, request);
        uint256 n = committee.length;
        if (n != request.committeeSize) revert ConsensusInvalidCommittee(requestId);
        uint64 epoch = request.epoch;
        address previous;
        for (uint256 i; i < n; ++i) {
            address member = committee[i];
            // Strictly ascending rules out duplicates; with exactly committeeSize members of the
            // epoch's active set, the list is the whole committee.
            if (member <= previous || !_registry.wasActiveAt(member, epoch)) {
                revert ConsensusInvalidCommittee(requestId);
            }
            previous = member;
        }
        _finalize(requestId, request, committee);
    }

    /// @inheritdoc IQualityConsensus
    function claimRewards() external nonReentrant returns (uint256 amount) {
        amount = _pendingRewards[msg.sender];
        if (amount == 0) revert ConsensusNothingToClaim(msg.sender);
        _pendingRewards[msg.sender] = 0;
        emit RewardsClaimed(msg.sender, amount);
        _stakeToken.safeTransfer(msg.sender, amount);
    }

    // ---------------------------------------------------------------- governance

    /// @inheritdoc IQualityConsensus
    function setMinValidators(uint256 value) external onlyRole(PARAMETER_ROLE) {
        _checkBounds("minValidators", value, _MIN_VALIDATORS_LOWER, _MIN_VALIDATORS_UPPER);
        emit ParameterUpdated("minValidators", minValidators, value);
        minValidators = value;
    }

    /// @inheritdoc IQualityConsensus
    function setCommitWindow(uint256 value) external onlyRole(PARAMETER_ROLE) {
        _checkBounds("commitWindow", value, _WINDOW_LOWER_SECONDS, _WINDOW_UPPER_SECONDS);
        emit ParameterUpdated("commitWindow", commitWindow, value);
        commitWindow = value;
    }

    /// @inheritdoc IQualityConsensus
    function setRevealWindow(uint256 value) external onlyRole(PARAMETER_ROLE) {
        _checkBounds("revealWindow", value, _WINDOW_LOWER_SECONDS, _WINDOW_UPPER_SECONDS);
        emit ParameterUpdated("revealWindow", revealWindow, value);
        revealWindow = value;
    }

    /// @inheritdoc IQualityConsensus
    function setMinQuality(uint256 value) external onlyRole(PARAMETER_ROLE) {
        _checkBounds("minQuality", value, _THRESHOLD_LOWER_BPS, _MAX_BPS);
        emit ParameterUpdated("minQuality", _params.minQuality, value);
        _params.minQuality = uint16(value);
    }

    /// @inheritdoc IQualityConsensus
    function setRiskThreshold(uint256 value) external onlyRole(PARAMETER_ROLE) {
        _checkBounds("riskThreshold", value, 1, _MAX_BPS);
        emit ParameterUpdated("riskThreshold", _params.riskThreshold, value);
        _params.riskThreshold = uint16(value);
    }

    /// @inheritdoc IQualityConsensus
    function setDomainThreshold(uint256 value) external onlyRole(PARAMETER_ROLE) {
        _checkBounds("domainThreshold", value, _THRESHOLD_LOWER_BPS, _MAX_BPS);
        emit ParameterUpdated("domainThreshold", _params.domainThreshold, value);
        _params.domainThreshold = uint16(value);
    }

    /// @inheritdoc IQualityConsensus
    function setAgreementThreshold(uint256 value) external onlyRole(PARAMETER_ROLE) {
        _checkBounds("agreementThreshold", value, _AGREEMENT_THRESHOLD_LOWER_BPS, _MAX_BPS);
        emit ParameterUpdated("agreementThreshold", _params.agreementThreshold, value);
        _params.agreementThreshold = uint16(value);
    }

    /// @inheritdoc IQualityConsensus
    function setAgreementTolerance(uint256 value) external onlyRole(PARAMETER_ROLE) {
        _checkBounds("agreementTolerance", value, _TOLERANCE_LOWER_BPS, _TOLERANCE_UPPER_BPS);
        emit ParameterUpdated("agreementTolerance", _params.agreementTolerance, value);
        _params.agreementTolerance = uint16(value);
    }

    /// @inheritdoc IQualityConsensus
    function setNonRevealSlashBps(uint256 value) external onlyRole(PARAMETER_ROLE) {
        _checkBounds(
            "nonRevealSlashBps",
            value,
            _NON_REVEAL_SLASH_LOWER_BPS,
            _NON_REVEAL_SLASH_UPPER_BPS
        );
        emit ParameterUpdated("nonRevealSlashBps", _params.nonRevealSlashBps, value);
        _params.nonRevealSlashBps = uint16(value);
    }

    /// @inheritdoc IQualityConsensus
    function setProtocolFeeBps(uint256 value) external onlyRole(PARAMETER_ROLE) {
        _checkBounds("protocolFeeBps", value, 0, _PROTOCOL_FEE_UPPER_BPS);
        emit ParameterUpdated("protocolFeeBps", _params.protocolFeeBps, value);
        _params.protocolFeeBps = uint16(value);
    }

    /// @inheritdoc IQualityConsensus
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @inheritdoc IQualityConsensus
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IQualityConsensus
    function computeCommitment(
        uint256 requestId,
        address validator,
        Vote calldata vote,
        bytes32 salt
    ) external view returns (bytes32) {
        return
            Commitment.compute(
                block.chainid,
                address(this),
                requestId,
                validator,
                vote.quality,
                vote.risk,
                vote.domain,
                vote.findingsHash,
                salt
            );
    }

    /// @inheritdoc IQualityConsensus
    function hashVote(uint256 requestId, Vote calldata vote) external view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(
                        VOTE_TYPEHASH,
                        requestId,
                        vote.quality,
                        vote.risk,
                        vote.domain,
                        vote.findingsHash
                    )
                )
            );
    }

    /// @inheritdoc IQualityConsensus
    function phaseOf(uint256 requestId) external view returns (Phase) {
        return _phase(_requests[requestId]);
    }

    /// @inheritdoc IQualityConsensus
    function getRequest(uint256 requestId) external view returns (Request memory) {
        RequestState storage r = _requests[requestId];
        if (r.commitDeadline == 0) revert ConsensusUnknownRequest(requestId);
        return
            Request({
                submitter: r.submitter,
                epoch: r.epoch,
                commitDeadline: r.commitDeadline,
                revealDeadline: r.revealDeadline,
                committeeSize: r.committeeSize,
                commitCount: r.commitCount,
                revealCount: r.revealCount,
                outputHash: r.outputHash,
                domain: r.domain,
                fee: r.fee,
                committeeWeight: r.committeeWeight,
                params: r.params,
                outcome: r.outcome
            });
    }

    /// @inheritdoc IQualityConsensus
    /// @dev Outcome.None (all zero) until the request is finalized.
    function getResult(uint256 requestId) external view returns (Result memory) {
        if (_requests[requestId].commitDeadline == 0) revert ConsensusUnknownRequest(requestId);
        return _results[requestId];
    }

    /// @inheritdoc IQualityConsensus
    /// @dev Scores are zero until the ballot is revealed.
    function getBallot(
        uint256 requestId,
        address validator
    ) external view returns (Ballot memory ballot) {
        BallotSlot memory slot = _ballots[requestId][validator];
        ballot.weight = slot.weight;
        if (slot.word == 0) return ballot;
        ballot.committed = true;
        if (slot.word & _COMMITTED_FLAG == 0) {
            ballot.revealed = true;
            (ballot.quality, ballot.risk, ballot.domain) = _scores(slot.word);
        }
    }

    /// @inheritdoc IQualityConsensus
    function isCommitteeMember(uint256 requestId, address validator) external view returns (bool) {
        RequestState storage r = _requests[requestId];
        if (r.commitDeadline == 0) revert ConsensusUnknownRequest(requestId);
        return _registry.wasActiveAt(validator, r.epoch);
    }

    /// @inheritdoc IQualityConsensus
    function pendingRewards(address validator) external view returns (uint256) {
        return _pendingRewards[validator];
    }

    /// @inheritdoc IQualityConsensus
    function requestCount() external view returns (uint256) {
        return _requestCount;
    }

    /// @inheritdoc IQualityConsensus
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc IQualityConsensus
    function currentParams() external view returns (RequestParams memory) {
        return _params;
    }

    // ---------------------------------------------------------------- internals

    /// @dev Separate frame with memory copies of the payload and uri: the event has more fields
    /// than the stack can reach from submitRequest's calldata arguments.
    function _emitSubmitted(uint256 requestId, bytes memory payload, string memory uri) private {
        RequestState storage r = _requests[requestId];
        emit RequestSubmitted(
            requestId,
            r.submitter,
            r.domain,
            r.outputHash,
            payload,
            uri,
            r.fee,
            r.epoch,
            r.committeeSize,
            r.commitDeadline,
            r.revealDeadline
        );
    }

    /// @dev The one place that decides a request's phase (see the interface's Phase).
    function _phase(RequestState storage r) private view returns (Phase) {
        uint256 commitDeadline = r.commitDeadline;
        if (commitDeadline == 0) return Phase.None;
        if (r.outcome != Outcome.None) return Phase.Finalized;
        uint256 commitCount = r.commitCount;
        if (block.timestamp <= commitDeadline && commitCount < r.committeeSize) {
            return Phase.Commit;
        }
        // Nobody committed: nothing to reveal, the request can end at once.
        if (commitCount == 0) return Phase.Finalizable;
        if (block.timestamp <= r.revealDeadline && r.revealCount < commitCount) {
            return Phase.Reveal;
        }
        return Phase.Finalizable;
    }

    function _revertPhase(uint256 requestId, Phase phase) private pure {
        if (phase == Phase.None) revert ConsensusUnknownRequest(requestId);
        revert ConsensusWrongPhase(requestId, phase);
    }

    function _checkFinalizable(uint256 requestId, RequestState storage request) private view {
        Phase phase = _phase(request);
        if (phase != Phase.Finalizable) _revertPhase(requestId, phase);
    }

    /// @dev Quorum, median, outcome, reputation, non-reveal slashes and the fee split, for a
    /// committee the caller has checked. Effects (outcome, result, credits) come before the
    /// registry and token calls.
    function _finalize(
        uint256 requestId,
        RequestState storage request,
        address[] memory committee
    ) private {
        RequestParams memory params = request.params;
        (Tally memory t, BallotSlot[] memory ballots) = _tally(requestId, request, committee);
        Result memory result = _result(t, request.committeeWeight, params);
        request.outcome = result.outcome;
        _results[requestId] = result;

        (uint256 toTreasury, uint256 rewarded, uint256 refunded) = _splitFee(
            request,
            t,
            committee,
            ballots,
            params
        );

        emit RequestFinalized(
            requestId,
            result.outcome,
            result.quality,
            result.risk,
            result.domain,
            result.agreementBps,
            result.participationBps,
            result.contested
        );
        emit FeeDistributed(requestId, toTreasury, rewarded, refunded);

        _updateReputations(t, committee, ballots);
        _slashNonRevealers(requestId, committee, ballots, params.nonRevealSlashBps);

        if (toTreasury != 0) _stakeToken.safeTransfer(_registry.treasury(), toTreasury);
        if (refunded != 0) _stakeToken.safeTransfer(request.submitter, refunded);
    }

    /// @dev Reads the committee's ballots once into memory; quorum, medians and agreement.
    function _tally(
        uint256 requestId,
        RequestState storage request,
        address[] memory committee
    ) private view returns (Tally memory t, BallotSlot[] memory ballots) {
        uint256 n = committee.length;
        ballots = new BallotSlot[](n);
        for (uint256 i; i < n; ++i) {
            BallotSlot memory b = _ballots[requestId][committee[i]];
            ballots[i] = b;
            if (_isRevealed(b.word)) {
                ++t.revealCount;
                t.revealedWeight += b.weight;
            }
        }
        t.quorum = Quorum.reached(t.revealCount, n, t.revealedWeight, request.committeeWeight);
        if (t.revealCount != 0) _aggregate(t, ballots, request.params.agreementTolerance);
    }

    function _result(
        Tally memory t,
        uint256 committeeWeight,
        RequestParams memory params
    ) private view returns (Result memory result) {
        result.outcome = _outcome(t, params);
        (result.quality, result.risk, result.domain) = (t.quality, t.risk, t.domain);
        if (t.revealedWeight != 0) {
            // <= 10_000: agreeingWeight <= revealedWeight.
            result.agreementBps = uint16((t.agreeingWeight * _MAX_BPS) / t.revealedWeight);
        }
        if (committeeWeight != 0) {
            // Capped: commit-time weights may have grown since the submission snapshot.
            result.participationBps = uint16(
                Math.min(_MAX_BPS, (t.revealedWeight * _MAX_BPS) / committeeWeight)
            );
        }
        result.contested = t.quorum && result.agreementBps < params.agreementThreshold;
        result.finalizedAt = uint64(block.timestamp);
    }

    /// @dev Lower weighted medians of the revealed scores and the weight that agrees with them.
    function _aggregate(
        Tally memory t,
        BallotSlot[] memory ballots,
        uint256 tolerance
    ) private pure {
        uint256[] memory quality = new uint256[](t.revealCount);
        uint256[] memory risk = new uint256[](t.revealCount);
        uint256[] memory domain = new uint256[](t.revealCount);
        uint256[] memory weights = new uint256[](t.revealCount);
        uint256 k;
        for (uint256 i; i < ballots.length; ++i) {
            if (!_isRevealed(ballots[i].word)) continue;
            (quality[k], risk[k], domain[k]) = _scores(ballots[i].word);
            weights[k] = ballots[i].weight;
            ++k;
        }
        // Medians of uint16 values are uint16 values.
        t.quality = uint16(WeightedMedian.lowerMedian(quality, weights));
        t.risk = uint16(WeightedMedian.lowerMedian(risk, weights));
        t.domain = uint16(WeightedMedian.lowerMedian(domain, weights));
        for (uint256 i; i < ballots.length; ++i) {
            if (!_isRevealed(ballots[i].word)) continue;
            if (_maxDeviation(t, ballots[i].word) <= tolerance)
                t.agreeingWeight += ballots[i].weight;
        }
    }

    function _outcome(Tally memory t, RequestParams memory params) private pure returns (Outcome) {
        if (!t.quorum) return Outcome.NoQuorum;
        if (
            t.quality >= params.minQuality &&
            t.risk < params.riskThreshold &&
            t.domain >= params.domainThreshold
        ) return Outcome.Accepted;
        return Outcome.Rejected;
    }

    /// @dev NoQuorum: the whole fee back to the submitter. Otherwise the protocol share (rounded up)
    /// and the rounding remainder to the treasury, the rest to agreeing revealers pro rata by
    /// commit-time weight (rounded down), as claimable credits. Nothing agreeing: all to the
    /// treasury. toTreasury + rewarded + refunded == fee, always.
    function _splitFee(
        RequestState storage request,
        Tally memory t,
        address[] memory committee,
        BallotSlot[] memory ballots,
        RequestParams memory params
    ) private returns (uint256 toTreasury, uint256 rewarded, uint256 refunded) {
        uint256 fee = request.fee;
        if (!t.quorum) return (0, 0, fee);
        uint256 protocolShare = Math.mulDiv(
            fee,
            params.protocolFeeBps,
            _MAX_BPS,
            Math.Rounding.Ceil
        );
        uint256 pool = fee - protocolShare;
        if (t.agreeingWeight != 0) {
            for (uint256 i; i < committee.length; ++i) {
                uint160 word = ballots[i].word;
                if (!_isRevealed(word) || _maxDeviation(t, word) > params.agreementTolerance) {
                    continue;
                }
                uint256 reward = Math.mulDiv(pool, ballots[i].weight, t.agreeingWeight);
                if (reward == 0) continue;
                // No per-validator event (gas at 100 revealers): pendingRewards and FeeDistributed
                // tell the amounts, and they follow from the revealed ballots and weights.
                _pendingRewards[committee[i]] += reward;
                rewarded += reward;
            }
        }
        // rewarded <= pool: the floors of shares of pool whose weights sum to agreeingWeight.
        toTreasury = fee - rewarded;
    }

    /// @dev One batched registry call: performance from the deviation for revealers, 0 for every
    /// other committee member (including NoQuorum requests: revealers are measured against the
    /// median of what was revealed, which is the same rule with less weight behind it).
    function _updateReputations(
        Tally memory t,
        address[] memory committee,
        BallotSlot[] memory ballots
    ) private {
        uint256 n = committee.length;
        uint16[] memory performance = new uint16[](n);
        for (uint256 i; i < n; ++i) {
            uint160 word = ballots[i].word;
            if (!_isRevealed(word)) continue;
            uint256 deviation = _maxDeviation(t, word);
            // performance = 10_000 * max(0, 1 - deviation / 5_000) = 10_000 - 2 * deviation.
            if (deviation < _ZERO_PERFORMANCE_DEVIATION) {
                performance[i] = uint16(_MAX_BPS - 2 * deviation);
            }
        }
        _registry.updateReputations(committee, performance);
    }

    /// @dev Committed-but-unrevealed members lose `slashBps` of their current stake, rounded up
    /// (penalties round up). Unbonding stake is still slashable; the registry never reverts for
    /// lack of stake.
    function _slashNonRevealers(
        uint256 requestId,
        address[] memory committee,
        BallotSlot[] memory ballots,
        uint256 slashBps
    ) private {
        for (uint256 i; i < committee.length; ++i) {
            uint160 word = ballots[i].word;
            if (word == 0 || _isRevealed(word)) continue;
            address validator = committee[i];
            uint256 stake = _registry.getValidator(validator).stake;
            uint256 amount = Math.mulDiv(stake, slashBps, _MAX_BPS, Math.Rounding.Ceil);
            uint256 slashed =
                amount == 0 ? 0 : _registry.slash(validator, amount, NON_REVEAL_REASON);
            emit NonRevealSlashed(requestId, validator, amount, slashed);
        }
    }

    function _checkBounds(bytes32 name, uint256 value, uint256 min, uint256 max) private pure {
        if (value < min || value > max) revert ConsensusParameterOutOfBounds(name, value, min, max);
    }

    function _committedWord(bytes32 commitment) private pure returns (uint160) {
        return uint160(bytes20(commitment)) | _COMMITTED_FLAG;
    }

    function _revealedWord(
        uint16 quality,
        uint16 risk,
        uint16 domain
    ) private pure returns (uint160) {
        return _REVEALED_FLAG | (uint160(domain) << 32) | (uint160(risk) << 16) | uint160(quality);
    }

    function _isRevealed(uint160 word) private pure returns (bool) {
        return word & _REVEALED_FLAG != 0 && word & _COMMITTED_FLAG == 0;
    }

    function _scores(
        uint160 word
    ) private pure returns (uint16 quality, uint16 risk, uint16 domain) {
        quality = uint16(word & _SCORE_MASK);
        risk = uint16((word >> 16) & _SCORE_MASK);
        domain = uint16((word >> 32) & _SCORE_MASK);
    }

    /// @dev Largest distance of a revealed ballot's three scores from the medians.
    function _maxDeviation(Tally memory t, uint160 word) private pure returns (uint256) {
        (uint16 quality, uint16 risk, uint16 domain) = _scores(word);
        return
            Math.max(
                _distance(quality, t.quality),
                Math.max(_distance(risk, t.risk), _distance(domain, t.domain))
            );
    }

    function _distance(uint16 a, uint16 b) private pure returns (uint256) {
        return a > b ? a - b : b - a;
    }
}
