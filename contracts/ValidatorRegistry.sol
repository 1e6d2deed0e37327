// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IValidatorRegistry} from "./interfaces/IValidatorRegistry.sol";
import {ProofOfWork} from "./libraries/ProofOfWork.sol";

/// @title ValidatorRegistry
/// @notice Identity, stake and reputation anchor of Quality Consensus validators (DESIGN.md 3.1).
/// @dev Every change of a validator's stake, reputation or status goes through `_setState`, the one
/// place that keeps `totalActiveWeight`, the active set and the membership epoch consistent.
/// The stake token must be a standard ERC-20: fee-on-transfer and rebasing tokens are not
/// supported (a deposit that does not arrive in full reverts with `RegistryTransferMismatch`).
///
/// Invariants:
/// - stakeToken.balanceOf(this) == sum of `stake` over all validators (active and unbonding);
///   tokens only leave as withdrawals (to the validator) or slashes (to treasury / reward recipient).
/// - totalActiveWeight == sum of weightOf(v) over the active set.
/// - activeValidatorCount() <= maxValidators <= 100 (so every loop over the active set is bounded).
/// - status == Active <=> v is in the active set <=> activeSinceEpoch != 0 && activeUntilEpoch == 0.
/// - REPUTATION_MIN_BPS <= reputationBps <= REPUTATION_MAX_BPS for every registered validator.
/// - `epoch` strictly increases on every change of the active set and never otherwise.
contract ValidatorRegistry is IValidatorRegistry, AccessControl, Pausable, ReentrancyGuard {
    using SafeERC20 for IERC20;
    using EnumerableSet for EnumerableSet.AddressSet;

    // ---------------------------------------------------------------- roles

    /// @notice May change governance parameters.
    bytes32 public constant PARAMETER_ROLE = keccak256("PARAMETER_ROLE");
    /// @notice May slash, remove, freeze and unfreeze validators (the SlashingManager, the consensus).
    bytes32 public constant SLASHER_ROLE = keccak256("SLASHER_ROLE");
    /// @notice May update reputations (the QualityConsensus contract).
    bytes32 public constant CONSENSUS_ROLE = keccak256("CONSENSUS_ROLE");
    /// @notice May pause and unpause registration.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @notice May edit the allowlist.
    bytes32 public constant ALLOWLIST_ROLE = keccak256("ALLOWLIST_ROLE");

    // ---------------------------------------------------------------- constants

    uint16 public constant MAX_BPS = 10_000; // basis points
    uint16 public constant REPUTATION_INITIAL_BPS = 5_000;
    uint16 public constant REPUTATION_MIN_BPS = 1_000;
    uint16 public constant REPUTATION_MAX_BPS = 10_000;
    uint16 public constant REPUTATION_ALPHA_BPS = 1_000; // EMA alpha = 0.1

    uint256 public constant MIN_STAKE_FLOOR = 1e18;
    uint256 public constant MAX_EFFECTIVE_STAKE_CEILING = 1e9 * 1e18;
    uint8 public constant MAX_POW_DIFFICULTY_BITS = 32;
    uint256 public constant MIN_REGISTRATION_WINDOW = 60; // seconds
    uint256 public constant MAX_REGISTRATION_WINDOW = 7 days;
    uint256 public constant MAX_REGISTRATIONS_PER_WINDOW_CEILING = 100;
    uint256 public constant MIN_VALIDATORS_FLOOR = 4;
    uint256 public constant MAX_VALIDATORS_CEILING = 100;
    /// @dev Must stay above evidenceWindow (3 days) + slashVetoWindow (2 days) of DESIGN.md section 2.
    uint256 public constant MIN_UNBONDING_PERIOD = 6 days;
    uint256 public constant MAX_UNBONDING_PERIOD = 60 days;

    // ---------------------------------------------------------------- state

    IERC20 private immutable _stakeToken;

    mapping(address validator => Validator) private _validators;
    mapping(address validator => bool) private _allowlisted;
    EnumerableSet.AddressSet private _active;

    address private _treasury;
    uint256 private _totalActiveWeight;
    uint64 private _epoch;

    uint256 private _minStake = 1_000e18;
    uint256 private _maxEffectiveStake = 100_000e18;
    uint8 private _powDifficultyBits;
    uint256 private _registrationWindow = 1 hours;
    uint256 private _maxRegistrationsPerWindow = 10;
    uint256 private _maxValidators = 100;
    uint256 private _unbondingPeriod = 7 days;
    bool private _allowlistMode;

    uint256 private _rateWindowStart;
    uint256 private _rateWindowCount;

    // ---------------------------------------------------------------- constructor

    /// @param stakeToken_ the ERC-20 validators stake (standard token; no fee-on-transfer).
    /// @param treasury_ receives slashed tokens.
    /// @param admin_ receives DEFAULT_ADMIN_ROLE, PARAMETER_ROLE and PAUSER_ROLE.
    /// @param powDifficultyBits_ initial proof-of-work difficulty (0..32; 20 in production).
    constructor(IERC20 stakeToken_, address treasury_, address admin_, uint8 powDifficultyBits_) {
        if (address(stakeToken_) == address(0) || treasury_ == address(0) || admin_ == address(0)) {
            revert RegistryZeroAddress();
        }
        if (powDifficultyBits_ > MAX_POW_DIFFICULTY_BITS) {
            revert RegistryParameterOutOfBounds(
                "powDifficultyBits",
                powDifficultyBits_,
                0,
                MAX_POW_DIFFICULTY_BITS
            );
        }
        _stakeToken = stakeToken_;
        _treasury = treasury_;
        _powDifficultyBits = powDifficultyBits_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin_);
        _grantRole(PARAMETER_ROLE, admin_);
        _grantRole(PAUSER_ROLE, admin_);
    }

    // ---------------------------------------------------------------- validator actions

    /// @inheritdoc IValidatorRegistry
    function register(uint256 amount, uint256 powNonce) external nonReentrant whenNotPaused {
        _register(amount, powNonce);
    }

    /// @inheritdoc IValidatorRegistry
    function registerWithPermit(
        uint256 amount,
        uint256 powNonce,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant whenNotPaused {
        // A front-run permit makes this call fail; the allowance it set is then already there.
        try
            IERC20Permit(address(_stakeToken)).permit(
                msg.sender,
                address(this),
                amount,
                deadline,
                v,
                r,
                s
            )
        {} catch {} // solhint-disable-line no-empty-blocks
        _register(amount, powNonce);
    }

    /// @inheritdoc IValidatorRegistry
    function increaseStake(uint256 amount) external nonReentrant whenNotPaused {
        if (amount == 0) revert RegistryZeroAmount();
        Validator storage val = _validators[msg.sender];
        if (val.status != ValidatorStatus.Active) revert RegistryNotActive(msg.sender);
        uint256 newStake = val.stake + amount;
        _setState(msg.sender, newStake, val.reputationBps, ValidatorStatus.Active);
        emit StakeIncreased(msg.sender, amount, newStake);
        _pull(msg.sender, amount);
    }

    /// @inheritdoc IValidatorRegistry
    function requestUnbond() external {
        Validator storage val = _validators[msg.sender];
        if (val.status != ValidatorStatus.Active) revert RegistryNotActive(msg.sender);
        _exit(msg.sender);
        emit UnbondRequested(msg.sender, val.stake, val.unbondingEndsAt, _epoch);
    }

    /// @inheritdoc IValidatorRegistry
    function withdraw() external nonReentrant {
        Validator storage val = _validators[msg.sender];
        if (val.status != ValidatorStatus.Unbonding) revert RegistryNotUnbonding(msg.sender);
        if (block.timestamp < val.unbondingEndsAt) {
            revert RegistryStillUnbonding(msg.sender, val.unbondingEndsAt);
        }
        if (val.pendingSlashes != 0) revert RegistryFrozen(msg.sender, val.pendingSlashes);
        uint256 amount = val.stake;
        _setState(msg.sender, 0, val.reputationBps, ValidatorStatus.None);
        val.unbondingEndsAt = 0;
        emit Withdrawn(msg.sender, amount);
        if (amount != 0) _stakeToken.safeTransfer(msg.sender, amount);
    }

    // ---------------------------------------------------------------- protocol hooks

    /// @inheritdoc IValidatorRegistry
    function slash(
        address validator,
        uint256 amount,
        bytes32 reason
    ) external nonReentrant onlyRole(SLASHER_ROLE) returns (uint256 slashed) {
        (slashed, ) = _slash(validator, amount, reason, address(0), 0);
    }

    /// @inheritdoc IValidatorRegistry
    function slashWithReward(
        address validator,
        uint256 amount,
        bytes32 reason,
        address rewardRecipient,
        uint16 rewardBps
    ) external nonReentrant onlyRole(SLASHER_ROLE) returns (uint256 slashed, uint256 reward) {
        if (rewardBps > MAX_BPS) revert RegistryInvalidRewardBps(rewardBps);
        if (rewardRecipient == address(0) && rewardBps != 0) revert RegistryZeroAddress();
        return _slash(validator, amount, reason, rewardRecipient, rewardBps);
    }

    /// @inheritdoc IValidatorRegistry
    function removeValidator(address validator, bytes32 reason) external onlyRole(SLASHER_ROLE) {
        if (_validators[validator].status != ValidatorStatus.Active) {
            revert RegistryNotActive(validator);
        }
        _exit(validator);
        emit ValidatorRemoved(validator, reason, _epoch);
    }

    /// @inheritdoc IValidatorRegistry
    function freeze(address validator) external onlyRole(SLASHER_ROLE) {
        Validator storage val = _validators[validator];
        if (val.status == ValidatorStatus.None) revert RegistryNotRegistered(validator);
        uint16 pending = val.pendingSlashes + 1;
        val.pendingSlashes = pending;
        emit ValidatorFrozen(validator, pending);
    }

    /// @inheritdoc IValidatorRegistry
    function unfreeze(address validator) external onlyRole(SLASHER_ROLE) {
        Validator storage val = _validators[validator];
        if (val.pendingSlashes == 0) revert RegistryNotFrozen(validator);
        uint16 pending;
        // Cannot underflow: pendingSlashes != 0 was checked above.
        unchecked {
            pending = val.pendingSlashes - 1;
        }
        val.pendingSlashes = pending;
        emit ValidatorUnfrozen(validator, pending);
    }

    /// @inheritdoc IValidatorRegistry
    function updateReputation(
        address validator,
        uint16 performanceBps
    ) external onlyRole(CONSENSUS_ROLE) {
        _updateReputation(validator, performanceBps);
    }

    /// @inheritdoc IValidatorRegistry
    function updateReputations(
        address[] calldata validators,
        uint16[] calldata performanceBps
    ) external onlyRole(CONSENSUS_ROLE) {
        if (validators.length != performanceBps.length) {
            revert RegistryLengthMismatch(validators.length, performanceBps.length);
        }
        for (uint256 i = 0; i < validators.length; ++i) {
            _updateReputation(validators[i], performanceBps[i]);
        }
    }

    // ---------------------------------------------------------------- governance

    /// @inheritdoc IValidatorRegistry
    function setMinStake(uint256 newMinStake) external onlyRole(PARAMETER_ROLE) {
        if (newMinStake < MIN_STAKE_FLOOR || newMinStake > _maxEffectiveStake) {
            revert RegistryParameterOutOfBounds(
                "minStake",
                newMinStake,
                MIN_STAKE_FLOOR,
                _maxEffectiveStake
            );
        }
        emit ParameterUpdated("minStake", _minStake, newMinStake);
        _minStake = newMinStake;
    }

    /// @inheritdoc IValidatorRegistry
    function setMaxEffectiveStake(uint256 newMaxEffectiveStake) external onlyRole(PARAMETER_ROLE) {
        if (
            newMaxEffectiveStake < _minStake || newMaxEffectiveStake > MAX_EFFECTIVE_STAKE_CEILING
        ) {
            revert RegistryParameterOutOfBounds(
                "maxEffectiveStake",
                newMaxEffectiveStake,
                _minStake,
                MAX_EFFECTIVE_STAKE_CEILING
            );
        }
        emit ParameterUpdated("maxEffectiveStake", _maxEffectiveStake, newMaxEffectiveStake);
        _maxEffectiveStake = newMaxEffectiveStake;
        // Every active weight depends on the cap: recompute (bounded by maxValidators <= 100).
        uint256 total = 0;
        uint256 n = _active.length();
        for (uint256 i = 0; i < n; ++i) {
            Validator storage val = _validators[_active.at(i)];
            total += _weight(val.stake, val.reputationBps);
        }
        _totalActiveWeight = total;
    }

    /// @inheritdoc IValidatorRegistry
    function setPowDifficultyBits(uint8 newBits) external onlyRole(PARAMETER_ROLE) {
        if (newBits > MAX_POW_DIFFICULTY_BITS) {
            revert RegistryParameterOutOfBounds(
                "powDifficultyBits",
                newBits,
                0,
                MAX_POW_DIFFICULTY_BITS
            );
        }
        emit ParameterUpdated("powDifficultyBits", _powDifficultyBits, newBits);
        _powDifficultyBits = newBits;
    }

    /// @inheritdoc IValidatorRegistry
    function setRegistrationRateLimit(
        uint256 windowSeconds,
        uint256 maxPerWindow
    ) external onlyRole(PARAMETER_ROLE) {
        if (windowSeconds < MIN_REGISTRATION_WINDOW || windowSeconds > MAX_REGISTRATION_WINDOW) {
            revert RegistryParameterOutOfBounds(
                "registrationWindow",
                windowSeconds,
                MIN_REGISTRATION_WINDOW,
                MAX_REGISTRATION_WINDOW
            );
        }
        if (maxPerWindow < 1 || maxPerWindow > MAX_REGISTRATIONS_PER_WINDOW_CEILING) {
            revert RegistryParameterOutOfBounds(
                "maxRegistrationsPerWindow",
                maxPerWindow,
                1,
                MAX_REGISTRATIONS_PER_WINDOW_CEILING
            );
        }
        emit ParameterUpdated("registrationWindow", _registrationWindow, windowSeconds);
        emit ParameterUpdated(
            "maxRegistrationsPerWindow",
            _maxRegistrationsPerWindow,
            maxPerWindow
        );
        _registrationWindow = windowSeconds;
        _maxRegistrationsPerWindow = maxPerWindow;
    }

    /// @inheritdoc IValidatorRegistry
    function setMaxValidators(uint256 newMaxValidators) external onlyRole(PARAMETER_ROLE) {
        uint256 lower =
            _active.length() > MIN_VALIDATORS_FLOOR ? _active.length() : MIN_VALIDATORS_FLOOR;
        if (newMaxValidators < lower || newMaxValidators > MAX_VALIDATORS_CEILING) {
            revert RegistryParameterOutOfBounds(
                "maxValidators",
                newMaxValidators,
                lower,
                MAX_VALIDATORS_CEILING
            );
        }
        emit ParameterUpdated("maxValidators", _maxValidators, newMaxValidators);
        _maxValidators = newMaxValidators;
    }

    /// @inheritdoc IValidatorRegistry
    function setUnbondingPeriod(uint256 newUnbondingPeriod) external onlyRole(PARAMETER_ROLE) {
        if (
            newUnbondingPeriod < MIN_UNBONDING_PERIOD || newUnbondingPeriod > MAX_UNBONDING_PERIOD
        ) {
            revert RegistryParameterOutOfBounds(
                "unbondingPeriod",
                newUnbondingPeriod,
                MIN_UNBONDING_PERIOD,
                MAX_UNBONDING_PERIOD
            );
        }
        emit ParameterUpdated("unbondingPeriod", _unbondingPeriod, newUnbondingPeriod);
        _unbondingPeriod = newUnbondingPeriod;
    }

    /// @inheritdoc IValidatorRegistry
    function setAllowlistMode(bool enabled) external onlyRole(PARAMETER_ROLE) {
        emit AllowlistModeUpdated(_allowlistMode, enabled);
        _allowlistMode = enabled;
    }

    /// @inheritdoc IValidatorRegistry
    function setAllowlisted(address validator, bool allowed) external onlyRole(ALLOWLIST_ROLE) {
        if (validator == address(0)) revert RegistryZeroAddress();
        _allowlisted[validator] = allowed;
        emit AllowlistUpdated(validator, allowed);
    }

    /// @inheritdoc IValidatorRegistry
    function setTreasury(address newTreasury) external onlyRole(PARAMETER_ROLE) {
        if (newTreasury == address(0)) revert RegistryZeroAddress();
        emit TreasuryUpdated(_treasury, newTreasury);
        _treasury = newTreasury;
    }

    /// @inheritdoc IValidatorRegistry
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @inheritdoc IValidatorRegistry
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IValidatorRegistry
    function getValidator(address validator) external view returns (Validator memory) {
        return _validators[validator];
    }

    /// @inheritdoc IValidatorRegistry
    function isActive(address validator) external view returns (bool) {
        return _validators[validator].status == ValidatorStatus.Active;
    }

    /// @inheritdoc IValidatorRegistry
    function wasActiveAt(address validator, uint64 epoch_) external view returns (bool) {
        Validator storage val = _validators[validator];
        return
            val.activeSinceEpoch != 0 &&
            val.activeSinceEpoch <= epoch_ &&
            (val.activeUntilEpoch == 0 || epoch_ < val.activeUntilEpoch);
    }

    /// @inheritdoc IValidatorRegistry
    function weightOf(address validator) external view returns (uint256) {
        Validator storage val = _validators[validator];
        if (val.status == ValidatorStatus.None) return 0;
        return _weight(val.stake, val.reputationBps);
    }

    /// @inheritdoc IValidatorRegistry
    function totalActiveWeight() external view returns (uint256) {
        return _totalActiveWeight;
    }

    /// @inheritdoc IValidatorRegistry
    function activeValidatorCount() external view returns (uint256) {
        return _active.length();
    }

    /// @inheritdoc IValidatorRegistry
    function activeValidators() external view returns (address[] memory) {
        return _active.values();
    }

    /// @inheritdoc IValidatorRegistry
    function epoch() external view returns (uint64) {
        return _epoch;
    }

    /// @inheritdoc IValidatorRegistry
    function stakeToken() external view returns (address) {
        return address(_stakeToken);
    }

    /// @inheritdoc IValidatorRegistry
    function treasury() external view returns (address) {
        return _treasury;
    }

    /// @inheritdoc IValidatorRegistry
    function minStake() external view returns (uint256) {
        return _minStake;
    }

    /// @inheritdoc IValidatorRegistry
    function maxValidators() external view returns (uint256) {
        return _maxValidators;
    }

    /// @inheritdoc IValidatorRegistry
    function maxEffectiveStake() external view returns (uint256) {
        return _maxEffectiveStake;
    }

    /// @inheritdoc IValidatorRegistry
    function proofOfWorkHash(address validator, uint256 powNonce) external view returns (bytes32) {
        return ProofOfWork.hash(block.chainid, address(this), validator, powNonce);
    }

    /// @inheritdoc IValidatorRegistry
    function powDifficultyBits() external view returns (uint8) {
        return _powDifficultyBits;
    }

    /// @inheritdoc IValidatorRegistry
    function registrationWindow() external view returns (uint256) {
        return _registrationWindow;
    }

    /// @inheritdoc IValidatorRegistry
    function maxRegistrationsPerWindow() external view returns (uint256) {
        return _maxRegistrationsPerWindow;
    }

    /// @inheritdoc IValidatorRegistry
    function registrationsInCurrentWindow() external view returns (uint256) {
        return _rateWindowStart == _currentWindowStart() ? _rateWindowCount : 0;
    }

    /// @inheritdoc IValidatorRegistry
    function unbondingPeriod() external view returns (uint256) {
        return _unbondingPeriod;
    }

    /// @inheritdoc IValidatorRegistry
    function allowlistMode() external view returns (bool) {
        return _allowlistMode;
    }

    /// @inheritdoc IValidatorRegistry
    function isAllowlisted(address validator) external view returns (bool) {
        return _allowlisted[validator];
    }

    // ---------------------------------------------------------------- internals

    function _register(uint256 amount, uint256 powNonce) private {
        if (amount < _minStake) revert RegistryInsufficientStake(msg.sender, amount, _minStake);
        Validator storage val = _validators[msg.sender];
        if (val.status != ValidatorStatus.None) revert RegistryAlreadyRegistered(msg.sender);
        if (_allowlistMode && !_allowlisted[msg.sender]) revert RegistryNotAllowlisted(msg.sender);
        bytes32 powHash = ProofOfWork.hash(block.chainid, address(this), msg.sender, powNonce);
        if (!ProofOfWork.meetsDifficulty(powHash, _powDifficultyBits)) {
            revert RegistryInvalidProofOfWork(msg.sender, powNonce, _powDifficultyBits);
        }
        if (_active.length() >= _maxValidators) revert RegistryFull(_maxValidators);
        uint256 windowStart = _currentWindowStart();
        if (_rateWindowStart != windowStart) {
            _rateWindowStart = windowStart;
            _rateWindowCount = 0;
        }
        if (_rateWindowCount >= _maxRegistrationsPerWindow) {
            revert RegistryRateLimited(windowStart, _maxRegistrationsPerWindow);
        }
        ++_rateWindowCount;

        // Reputation persists across re-registration of the same address (reputationBps is 0 only
        // for an address that never registered).
        uint16 reputation = val.reputationBps == 0 ? REPUTATION_INITIAL_BPS : val.reputationBps;
        _setState(msg.sender, amount, reputation, ValidatorStatus.Active);
        emit ValidatorRegistered(msg.sender, amount, _epoch);
        _pull(msg.sender, amount);
    }

    /// @dev Moves an active validator to Unbonding with a fresh unbonding deadline.
    function _exit(address validator) private {
        Validator storage val = _validators[validator];
        _setState(validator, val.stake, val.reputationBps, ValidatorStatus.Unbonding);
        val.unbondingEndsAt = uint64(block.timestamp + _unbondingPeriod);
    }

    function _slash(
        address validator,
        uint256 amount,
        bytes32 reason,
        address rewardRecipient,
        uint16 rewardBps
    ) private returns (uint256 slashed, uint256 reward) {
        Validator storage val = _validators[validator];
        uint256 stake = val.stake;
        slashed = amount < stake ? amount : stake;
        if (slashed == 0) return (0, 0);
        // Rewards round down: the remainder goes to the treasury.
        reward = (slashed * rewardBps) / MAX_BPS;
        ValidatorStatus status = val.status;
        uint256 newStake;
        // Cannot underflow: slashed <= stake.
        unchecked {
            newStake = stake - slashed;
        }
        _setState(validator, newStake, val.reputationBps, status);
        emit Slashed(validator, slashed, reason, rewardRecipient, reward);
        if (status == ValidatorStatus.Active && newStake < _minStake) {
            _exit(validator);
            emit ValidatorRemoved(validator, reason, _epoch);
        }
        if (reward != 0) _stakeToken.safeTransfer(rewardRecipient, reward);
        if (slashed != reward) _stakeToken.safeTransfer(_treasury, slashed - reward);
    }

    function _updateReputation(address validator, uint16 performanceBps) private {
        if (performanceBps > MAX_BPS) revert RegistryInvalidPerformance(performanceBps);
        Validator storage val = _validators[validator];
        if (val.status == ValidatorStatus.None) return;
        uint16 oldRep = val.reputationBps;
        uint256 next;
        if (performanceBps >= oldRep) {
            // Increases round down.
            next = oldRep + (uint256(REPUTATION_ALPHA_BPS) * (performanceBps - oldRep)) / MAX_BPS;
        } else {
            // Decreases round up.
            uint256 drop =
                (uint256(REPUTATION_ALPHA_BPS) * (oldRep - performanceBps) + MAX_BPS - 1) / MAX_BPS;
            next = drop >= oldRep ? 0 : oldRep - drop;
        }
        if (next < REPUTATION_MIN_BPS) next = REPUTATION_MIN_BPS;
        if (next > REPUTATION_MAX_BPS) next = REPUTATION_MAX_BPS;
        uint16 newRep = uint16(next); // <= REPUTATION_MAX_BPS, fits
        if (newRep == oldRep) return;
        _setState(validator, val.stake, newRep, val.status);
        emit ReputationUpdated(validator, oldRep, newRep);
    }

    /// @dev The one place that changes a validator's stake, reputation or status. Keeps
    /// `_totalActiveWeight` equal to the sum of active weights, the active set equal to the Active
    /// validators, and advances the membership epoch on every change of the active set.
    function _setState(
        address validator,
        uint256 newStake,
        uint16 newReputationBps,
        ValidatorStatus newStatus
    ) private {
        Validator storage val = _validators[validator];
        bool wasActive = val.status == ValidatorStatus.Active;
        bool isActive_ = newStatus == ValidatorStatus.Active;
        uint256 oldWeight = wasActive ? _weight(val.stake, val.reputationBps) : 0;
        uint256 newWeight = isActive_ ? _weight(newStake, newReputationBps) : 0;
        _totalActiveWeight = _totalActiveWeight - oldWeight + newWeight;

        val.stake = newStake;
        val.reputationBps = newReputationBps;
        val.status = newStatus;

        if (!wasActive && isActive_) {
            _active.add(validator);
            uint64 e = ++_epoch;
            val.activeSinceEpoch = e;
            val.activeUntilEpoch = 0;
        } else if (wasActive && !isActive_) {
            _active.remove(validator);
            val.activeUntilEpoch = ++_epoch;
        }
    }

    /// @dev Pulls `amount` from `from`, reverting unless exactly `amount` arrives.
    function _pull(address from, uint256 amount) private {
        uint256 before = _stakeToken.balanceOf(address(this));
        _stakeToken.safeTransferFrom(from, address(this), amount);
        uint256 received = _stakeToken.balanceOf(address(this)) - before;
        if (received != amount) revert RegistryTransferMismatch(amount, received);
    }

    function _weight(uint256 stake, uint16 reputationBps) private view returns (uint256) {
        uint256 effective = stake < _maxEffectiveStake ? stake : _maxEffectiveStake;
        return (effective * reputationBps) / MAX_BPS;
    }

    function _currentWindowStart() private view returns (uint256) {
        return block.timestamp - (block.timestamp % _registrationWindow);
    }
}
