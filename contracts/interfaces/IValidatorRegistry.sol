// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IValidatorRegistry
/// @notice Identity, stake and reputation of Quality Consensus validators.
/// @dev Units: stake in stake-token wei; reputation and every *Bps value in basis points (0..10_000).
/// Membership changes (register, unbond, forced removal) advance a global `epoch`; a request's
/// committee is the set of validators active at the epoch the request was submitted in, so a
/// validator is a member of the committee of epoch `e` iff `activeSinceEpoch <= e < activeUntilEpoch`
/// (`activeUntilEpoch == 0` while active).
interface IValidatorRegistry {
    enum ValidatorStatus {
        None,
        Active,
        Unbonding
    }

    struct Validator {
        ValidatorStatus status;
        uint16 reputationBps;
        uint16 pendingSlashes; // freezes held by the slashing manager; withdrawal waits for zero
        uint64 activeSinceEpoch;
        uint64 activeUntilEpoch;
        uint64 unbondingEndsAt; // unix seconds; 0 unless unbonding
        uint256 stake; // everything the validator has in the registry, active or unbonding
    }

    // ---------------------------------------------------------------- errors

    /// @notice Thrown when `amount` is below the minimum stake.
    error RegistryInsufficientStake(address validator, uint256 amount, uint256 required);
    /// @notice Thrown when the proof of work has fewer than `requiredBits` leading zero bits.
    error RegistryInvalidProofOfWork(address validator, uint256 powNonce, uint8 requiredBits);
    /// @notice Thrown when the current registration window already admitted `limit` validators.
    error RegistryRateLimited(uint256 windowStart, uint256 limit);
    /// @notice Thrown when the active set already holds `maxValidators` validators.
    error RegistryFull(uint256 maxValidators);
    /// @notice Thrown when allowlist mode is on and `validator` is not allowlisted.
    error RegistryNotAllowlisted(address validator);
    /// @notice Thrown when `validator` is already registered (active or unbonding).
    error RegistryAlreadyRegistered(address validator);
    /// @notice Thrown when `validator` is not active.
    error RegistryNotActive(address validator);
    /// @notice Thrown when `validator` is not unbonding.
    error RegistryNotUnbonding(address validator);
    /// @notice Thrown when `validator` tries to withdraw before `unbondingEndsAt`.
    error RegistryStillUnbonding(address validator, uint256 unbondingEndsAt);
    /// @notice Thrown when `validator` has a pending governance slash.
    error RegistryFrozen(address validator, uint256 pendingSlashes);
    /// @notice Thrown when unfreezing a validator that is not frozen.
    error RegistryNotFrozen(address validator);
    /// @notice Thrown when a zero amount is given where a positive one is required.
    error RegistryZeroAmount();
    /// @notice Thrown when `performanceBps` is above 10_000.
    error RegistryInvalidPerformance(uint256 performanceBps);
    /// @notice Thrown when two arrays that must have the same length do not.
    error RegistryLengthMismatch(uint256 a, uint256 b);
    /// @notice Thrown when a parameter is set outside its hard-coded bounds.
    error RegistryParameterOutOfBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max);
    /// @notice Thrown when the zero address is given where an address is required.
    error RegistryZeroAddress();
    /// @notice Thrown when `validator` has no record (never registered, or withdrawn).
    error RegistryNotRegistered(address validator);
    /// @notice Thrown when a slash reward share is above 10_000 basis points.
    error RegistryInvalidRewardBps(uint256 rewardBps);
    /// @notice Thrown when the registry received `received` tokens instead of `expected`
    /// (fee-on-transfer and rebasing stake tokens are not supported).
    error RegistryTransferMismatch(uint256 expected, uint256 received);

    // ---------------------------------------------------------------- events

    event ValidatorRegistered(address indexed validator, uint256 stake, uint64 epoch);
    event StakeIncreased(address indexed validator, uint256 amount, uint256 newStake);
    event UnbondRequested(
        address indexed validator,
        uint256 stake,
        uint64 unbondingEndsAt,
        uint64 epoch
    );
    event Withdrawn(address indexed validator, uint256 amount);
    event Slashed(
        address indexed validator,
        uint256 amount,
        bytes32 indexed reason,
        address rewardRecipient,
        uint256 reward
    );
    event ReputationUpdated(
        address indexed validator,
        uint16 oldReputationBps,
        uint16 newReputationBps
    );
    event ValidatorRemoved(address indexed validator, bytes32 indexed reason, uint64 epoch);
    event ValidatorFrozen(address indexed validator, uint16 pendingSlashes);
    event ValidatorUnfrozen(address indexed validator, uint16 pendingSlashes);
    event AllowlistModeUpdated(bool oldValue, bool newValue);
    event AllowlistUpdated(address indexed validator, bool allowed);
    event TreasuryUpdated(address oldTreasury, address newTreasury);
    event ParameterUpdated(bytes32 indexed parameter, uint256 oldValue, uint256 newValue);

    // ---------------------------------------------------------------- validator actions

    /// @notice Registers the caller as an active validator, pulling `amount` stake tokens.
    /// @param amount stake to deposit, at least `minStake`.
    /// @param powNonce nonce such that sha256(abi.encodePacked(chainid, registry, caller, powNonce))
    /// has at least `powDifficultyBits` leading zero bits.
    /// @dev Blocked while paused. Checks, in order: amount >= minStake, not already registered,
    /// allowlist (when on), proof of work, maxValidators, rate limit. A validator that registered
    /// before and withdrew keeps its reputation (no laundering a bad reputation by re-entering).
    function register(uint256 amount, uint256 powNonce) external;

    /// @notice `register` with an ERC-2612 permit for the stake token instead of a prior approval.
    /// @dev A failing permit is ignored (it may have been front-run); the transfer then needs the
    /// allowance the permit would have set.
    function registerWithPermit(
        uint256 amount,
        uint256 powNonce,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice Adds `amount` to the caller's active stake. Blocked while paused.
    function increaseStake(uint256 amount) external;

    /// @notice Leaves the active set at once; the stake unlocks after `unbondingPeriod` and stays
    /// slashable until withdrawn. Never blocked by pause.
    function requestUnbond() external;

    /// @notice Withdraws the caller's whole remaining stake once unbonding is over and no slash is pending.
    /// @dev Never blocked by pause. Clears status, stake and unbondingEndsAt; keeps reputation and the
    /// last activeSinceEpoch/activeUntilEpoch (so `wasActiveAt` still answers for past epochs until
    /// the validator registers again). A validator slashed to zero withdraws 0 (the record is cleaned up).
    function withdraw() external;

    // ---------------------------------------------------------------- protocol hooks

    /// @notice Takes up to `amount` from `validator`'s stake (active or unbonding) and sends it to
    /// the treasury. Only `SLASHER_ROLE`. A validator left below `minStake` is removed.
    /// @dev Never reverts for lack of stake: with nothing to take (zero amount, zero stake or an
    /// unknown validator) it returns 0 and changes nothing, so a consensus finalization can never be
    /// blocked by it. Not blocked by pause.
    /// @return slashed the amount actually taken (never more than the stake).
    function slash(
        address validator,
        uint256 amount,
        bytes32 reason
    ) external returns (uint256 slashed);

    /// @notice As `slash`, paying `rewardBps` of the amount actually slashed (rounded down) to
    /// `rewardRecipient` and the rest to the treasury. Only `SLASHER_ROLE`.
    function slashWithReward(
        address validator,
        uint256 amount,
        bytes32 reason,
        address rewardRecipient,
        uint16 rewardBps
    ) external returns (uint256 slashed, uint256 reward);

    /// @notice Forces an active validator out of the active set (it starts unbonding). Only `SLASHER_ROLE`.
    function removeValidator(address validator, bytes32 reason) external;

    /// @notice Blocks `validator`'s withdrawal while a governance slash is pending. Only `SLASHER_ROLE`.
    function freeze(address validator) external;

    /// @notice Releases one freeze placed by `freeze`. Only `SLASHER_ROLE`.
    function unfreeze(address validator) external;

    /// @notice EMA update: rep += alpha * (performance - rep) / 10_000, clamped to [min, max];
    /// decreases round up, increases round down. Only `CONSENSUS_ROLE`.
    /// @dev Applies to active and unbonding validators; a validator without a record (withdrawn) is
    /// skipped silently so a late finalization never reverts. `ReputationUpdated` is emitted only
    /// when the value changes.
    function updateReputation(address validator, uint16 performanceBps) external;

    /// @notice Batch form of `updateReputation` for one finalization. Only `CONSENSUS_ROLE`.
    function updateReputations(
        address[] calldata validators,
        uint16[] calldata performanceBps
    ) external;

    // ---------------------------------------------------------------- views

    function getValidator(address validator) external view returns (Validator memory);

    /// @notice Whether `validator` is in the active set now.
    function isActive(address validator) external view returns (bool);

    /// @notice Whether `validator` was active at membership epoch `epoch`.
    function wasActiveAt(address validator, uint64 epoch) external view returns (bool);

    /// @notice min(stake, maxEffectiveStake) * reputation / 10_000 for any validator that still
    /// has stake (active or unbonding); 0 otherwise.
    function weightOf(address validator) external view returns (uint256);

    /// @notice Sum of `weightOf` over the active set, kept exact in O(1) per change.
    function totalActiveWeight() external view returns (uint256);

    function activeValidatorCount() external view returns (uint256);

    /// @notice The active set (bounded by `maxValidators`).
    function activeValidators() external view returns (address[] memory);

    /// @notice Current membership epoch; advances on every change of the active set.
    function epoch() external view returns (uint64);

    function stakeToken() external view returns (address);

    function treasury() external view returns (address);

    function minStake() external view returns (uint256);

    function maxValidators() external view returns (uint256);

    /// @notice Stake above this adds no weight.
    function maxEffectiveStake() external view returns (uint256);

    /// @notice The proof-of-work hash `register` checks for `validator` and `powNonce` on this chain
    /// and registry: sha256(abi.encodePacked(block.chainid, address(this), validator, powNonce)).
    /// Lets off-chain miners cross-check their encoding.
    function proofOfWorkHash(address validator, uint256 powNonce) external view returns (bytes32);

    /// @notice Leading zero bits the registration proof of work needs.
    function powDifficultyBits() external view returns (uint8);

    /// @notice Length in seconds of a fixed registration window (windows start at multiples of it).
    function registrationWindow() external view returns (uint256);

    /// @notice Registrations admitted per registration window.
    function maxRegistrationsPerWindow() external view returns (uint256);

    /// @notice Registrations already admitted in the window containing the current block.
    function registrationsInCurrentWindow() external view returns (uint256);

    /// @notice Seconds between `requestUnbond` (or removal) and the earliest `withdraw`.
    function unbondingPeriod() external view returns (uint256);

    /// @notice Whether only allowlisted addresses may register.
    function allowlistMode() external view returns (bool);

    /// @notice Whether `validator` is on the allowlist.
    function isAllowlisted(address validator) external view returns (bool);

    // ---------------------------------------------------------------- governance

    /// @notice Sets `minStake`. Only `PARAMETER_ROLE`. Bounds: [1 token (1e18), maxEffectiveStake].
    /// Existing validators below the new minimum stay active until their stake next changes by a slash.
    function setMinStake(uint256 newMinStake) external;

    /// @notice Sets `maxEffectiveStake` and recomputes the total active weight (loop bounded by
    /// `maxValidators`). Only `PARAMETER_ROLE`. Bounds: [minStake, 1e9 tokens].
    function setMaxEffectiveStake(uint256 newMaxEffectiveStake) external;

    /// @notice Sets `powDifficultyBits`. Only `PARAMETER_ROLE`. Bounds: [0, 32].
    function setPowDifficultyBits(uint8 newBits) external;

    /// @notice Sets the registration rate limit. Only `PARAMETER_ROLE`.
    /// Bounds: windowSeconds in [60, 7 days], maxPerWindow in [1, 100].
    function setRegistrationRateLimit(uint256 windowSeconds, uint256 maxPerWindow) external;

    /// @notice Sets `maxValidators`. Only `PARAMETER_ROLE`.
    /// Bounds: [max(4, current active count), 100], so the active set never exceeds it.
    function setMaxValidators(uint256 newMaxValidators) external;

    /// @notice Sets `unbondingPeriod` for future unbonds. Only `PARAMETER_ROLE`.
    /// Bounds: [6 days, 60 days] (must exceed the 3-day evidence window + 2-day veto window).
    function setUnbondingPeriod(uint256 newUnbondingPeriod) external;

    /// @notice Turns allowlist mode on or off. Only `PARAMETER_ROLE`.
    function setAllowlistMode(bool enabled) external;

    /// @notice Adds or removes `validator` from the allowlist. Only `ALLOWLIST_ROLE`.
    function setAllowlisted(address validator, bool allowed) external;

    /// @notice Sets the address slashed tokens go to. Only `PARAMETER_ROLE`.
    function setTreasury(address newTreasury) external;

    /// @notice Blocks `register` and `increaseStake`. Only `PAUSER_ROLE`. Unbonding, withdrawal,
    /// slashing and reputation updates are never paused (exits and penalties must always work).
    function pause() external;

    /// @notice Lifts `pause`. Only `PAUSER_ROLE`.
    function unpause() external;
}
