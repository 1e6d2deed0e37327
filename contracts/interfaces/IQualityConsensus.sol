// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IQualityConsensus
/// @notice Requests for a verdict on an AI output, commit-reveal voting by the validator committee,
/// and a stake x reputation weighted-median aggregation robust to a Byzantine minority.
/// @dev Scores are basis points 0..10_000. The committee of a request is every validator active in
/// the registry at the membership epoch the request was submitted in.
interface IQualityConsensus {
    /// @notice Derived from the request's stored deadlines and counters, never stored.
    enum Phase {
        None, // unknown request
        Commit,
        Reveal,
        Finalizable,
        Finalized
    }

    enum Outcome {
        None,
        Accepted,
        Rejected,
        NoQuorum
    }

    /// @notice A validator's vote. `findingsHash` is keccak256 of the canonical findings JSON.
    struct Vote {
        uint16 quality;
        uint16 risk;
        uint16 domain;
        bytes32 findingsHash;
    }

    /// @notice Every parameter a request depends on, snapshotted at submission.
    struct RequestParams {
        uint16 minQuality;
        uint16 riskThreshold;
        uint16 domainThreshold;
        uint16 agreementThreshold;
        uint16 agreementTolerance;
        uint16 nonRevealSlashBps;
        uint16 protocolFeeBps;
    }

    struct Request {
        address submitter;
        uint64 epoch; // registry membership epoch at submission
        uint64 commitDeadline; // unix seconds, inclusive
        uint64 revealDeadline; // unix seconds, inclusive
        uint32 committeeSize;
        uint32 commitCount;
        uint32 revealCount;
        bytes32 outputHash;
        bytes32 domain;
        uint256 fee;
        uint256 committeeWeight;
        RequestParams params;
        Outcome outcome;
    }

    struct Result {
        Outcome outcome;
        uint16 quality;
        uint16 risk;
        uint16 domain;
        uint16 agreementBps;
        uint16 participationBps;
        bool contested;
        uint64 finalizedAt;
    }

    struct Ballot {
        bool committed;
        bool revealed;
        uint96 weight; // validator weight fixed at commit time
        uint16 quality;
        uint16 risk;
        uint16 domain;
    }

    // ---------------------------------------------------------------- errors

    /// @notice Thrown when `requestId` does not exist.
    error ConsensusUnknownRequest(uint256 requestId);
    /// @notice Thrown when an action is attempted in the wrong phase.
    error ConsensusWrongPhase(uint256 requestId, Phase phase);
    /// @notice Thrown when `validator` is not in the request's committee.
    error ConsensusNotCommitteeMember(uint256 requestId, address validator);
    /// @notice Thrown when `validator` already committed to the request.
    error ConsensusAlreadyCommitted(uint256 requestId, address validator);
    /// @notice Thrown when `validator` reveals without having committed.
    error ConsensusNotCommitted(uint256 requestId, address validator);
    /// @notice Thrown when `validator` already revealed.
    error ConsensusAlreadyRevealed(uint256 requestId, address validator);
    /// @notice Thrown when the revealed vote and salt do not open the stored commitment.
    error ConsensusCommitmentMismatch(uint256 requestId, address validator);
    /// @notice Thrown when a score is above 10_000.
    error ConsensusScoreOutOfRange(uint256 score);
    /// @notice Thrown when a zero commitment is given.
    error ConsensusZeroCommitment();
    /// @notice Thrown when the inline payload is larger than `maxBytes`.
    error ConsensusPayloadTooLarge(uint256 size, uint256 maxBytes);
    /// @notice Thrown when neither an inline payload nor a uri is given.
    error ConsensusEmptyPayload();
    /// @notice Thrown when a zero output hash is given.
    error ConsensusZeroOutputHash();
    /// @notice Thrown when the fee is zero.
    error ConsensusZeroFee();
    /// @notice Thrown when fewer than `required` validators are eligible.
    error ConsensusNotEnoughValidators(uint256 eligible, uint256 required);
    /// @notice Thrown when the committee list given to finalize is not the request's committee.
    error ConsensusInvalidCommittee(uint256 requestId);
    /// @notice Thrown when there is nothing to claim.
    error ConsensusNothingToClaim(address validator);
    /// @notice Thrown when a parameter is set outside its hard-coded bounds.
    error ConsensusParameterOutOfBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max);
    /// @notice Thrown when the zero address is given where an address is required.
    error ConsensusZeroAddress();

    // ---------------------------------------------------------------- events

    event RequestSubmitted(
        uint256 indexed requestId,
        address indexed submitter,
        bytes32 indexed domain,
        bytes32 outputHash,
        bytes payload,
        string uri,
        uint256 fee,
        uint64 epoch,
        uint32 committeeSize,
        uint64 commitDeadline,
        uint64 revealDeadline
    );
    event VoteCommitted(
        uint256 indexed requestId,
        address indexed validator,
        bytes32 commitment,
        uint96 weight
    );
    event VoteRevealed(
        uint256 indexed requestId,
        address indexed validator,
        uint16 quality,
        uint16 risk,
        uint16 domain,
        bytes32 findingsHash
    );
    event RequestFinalized(
        uint256 indexed requestId,
        Outcome outcome,
        uint16 quality,
        uint16 risk,
        uint16 domain,
        uint16 agreementBps,
        uint16 participationBps,
        bool contested
    );
    event RewardsClaimed(address indexed validator, uint256 amount);
    event ParameterUpdated(bytes32 indexed parameter, uint256 oldValue, uint256 newValue);
    /// @notice Emitted by finalize for the fee split: `toTreasury` (the protocol fee rounded up,
    /// the rounding remainder, and the whole pool when no revealer agrees) went to the treasury,
    /// `rewarded` was credited to agreeing revealers (see `pendingRewards`), `refunded` went back
    /// to the submitter (NoQuorum). toTreasury + rewarded + refunded == fee.
    event FeeDistributed(
        uint256 indexed requestId,
        uint256 toTreasury,
        uint256 rewarded,
        uint256 refunded
    );
    /// @notice Emitted by finalize for each committee member that committed and did not reveal.
    event NonRevealSlashed(
        uint256 indexed requestId,
        address indexed validator,
        uint256 requested,
        uint256 slashed
    );

    // ---------------------------------------------------------------- actions

    /// @notice Submits an AI output for judgement, escrowing `fee` stake tokens.
    /// @param outputHash keccak256(utf8(JCS(payload))).
    /// @param domain e.g. bytes32("healthcare").
    /// @param payload canonical JSON inline (at most 24 KiB), or empty when `uri` is given.
    /// @param uri where the payload can be fetched when it is not inline.
    function submitRequest(
        bytes32 outputHash,
        bytes32 domain,
        bytes calldata payload,
        string calldata uri,
        uint256 fee
    ) external returns (uint256 requestId);

    /// @notice Commits `commitment` (see `computeCommitment`) during the commit phase.
    function commitVote(uint256 requestId, bytes32 commitment) external;

    /// @notice Opens the caller's commitment. Allowed once every member has committed or the
    /// commit deadline has passed, until the reveal deadline.
    function revealVote(uint256 requestId, Vote calldata vote, bytes32 salt) external;

    /// @notice Finalizes a request whose committee has not changed since submission (the
    /// registry's epoch still equals the request's epoch).
    function finalize(uint256 requestId) external;

    /// @notice Finalizes any request; `committee` must be exactly the request's committee,
    /// sorted by ascending address.
    function finalizeWithCommittee(uint256 requestId, address[] calldata committee) external;

    /// @notice Pays the caller every reward credited to it.
    function claimRewards() external returns (uint256 amount);

    // ---------------------------------------------------------------- views

    /// @notice keccak256(abi.encode(chainid, this, requestId, validator, quality, risk, domain, findingsHash, salt)).
    function computeCommitment(
        uint256 requestId,
        address validator,
        Vote calldata vote,
        bytes32 salt
    ) external view returns (bytes32);

    /// @notice EIP-712 digest of `Vote(uint256 requestId,uint16 quality,uint16 risk,uint16 domain,bytes32 findingsHash)`
    /// under the domain {name: "QualityConsensus", version: "1", chainId, verifyingContract: this}.
    function hashVote(uint256 requestId, Vote calldata vote) external view returns (bytes32);

    /// @notice Commit while now <= commitDeadline and not every member committed; Reveal once every
    /// member committed or the commit deadline passed, while now <= revealDeadline and not every
    /// committer revealed; Finalizable after that (at once after the commit deadline when nobody
    /// committed); Finalized once finalized. None for an unknown request.
    function phaseOf(uint256 requestId) external view returns (Phase);

    /// @notice The stored request with its snapshotted parameters. Reverts for an unknown request.
    function getRequest(uint256 requestId) external view returns (Request memory);

    /// @notice The result; all zero (Outcome.None) until finalized. Reverts for an unknown request.
    function getResult(uint256 requestId) external view returns (Result memory);

    /// @notice `committed` stays true after the reveal; scores are zero until `revealed`;
    /// `weight` is the validator's registry weight at commit time.
    function getBallot(uint256 requestId, address validator) external view returns (Ballot memory);

    function isCommitteeMember(uint256 requestId, address validator) external view returns (bool);

    function pendingRewards(address validator) external view returns (uint256);

    function requestCount() external view returns (uint256);

    function registry() external view returns (address);

    /// @notice The parameters a request submitted now would snapshot.
    function currentParams() external view returns (RequestParams memory);

    function minValidators() external view returns (uint256);

    function commitWindow() external view returns (uint256);

    function revealWindow() external view returns (uint256);

    /// @notice Largest inline payload accepted by `submitRequest` (24 KiB).
    function MAX_PAYLOAD_BYTES() external view returns (uint256);

    // ---------------------------------------------------------------- governance

    /// @notice Minimum eligible validators for a request. Only `PARAMETER_ROLE`. Bounds [4, 100].
    function setMinValidators(uint256 value) external;

    /// @notice Commit window in seconds for future requests. Only `PARAMETER_ROLE`. Bounds [10 s, 1 day].
    function setCommitWindow(uint256 value) external;

    /// @notice Reveal window in seconds for future requests. Only `PARAMETER_ROLE`. Bounds [10 s, 1 day].
    function setRevealWindow(uint256 value) external;

    /// @notice Accepted needs quality >= this. Only `PARAMETER_ROLE`. Bounds [1_000, 10_000].
    function setMinQuality(uint256 value) external;

    /// @notice Accepted needs risk < this. Only `PARAMETER_ROLE`. Bounds [1, 10_000].
    function setRiskThreshold(uint256 value) external;

    /// @notice Accepted needs domain >= this. Only `PARAMETER_ROLE`. Bounds [1_000, 10_000].
    function setDomainThreshold(uint256 value) external;

    /// @notice Agreement below this flags the result contested. Only `PARAMETER_ROLE`. Bounds [5_000, 10_000].
    function setAgreementThreshold(uint256 value) external;

    /// @notice A revealer agrees when every score is within this of the median. Only
    /// `PARAMETER_ROLE`. Bounds [100, 5_000].
    function setAgreementTolerance(uint256 value) external;

    /// @notice Share of stake slashed for committing without revealing. Only `PARAMETER_ROLE`.
    /// Bounds [50, 5_000]: never zero, so withholding a reveal never pays.
    function setNonRevealSlashBps(uint256 value) external;

    /// @notice Share of each fee for the treasury. Only `PARAMETER_ROLE`. Bounds [0, 2_000].
    function setProtocolFeeBps(uint256 value) external;

    /// @notice Blocks `submitRequest` only. Only `PAUSER_ROLE`.
    function pause() external;

    /// @notice Lifts `pause`. Only `PAUSER_ROLE`.
    function unpause() external;
}
