// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Quorum
/// @notice The finalization quorum of a committee of n validators tolerating f = floor((n - 1) / 3)
/// Byzantine members: at least 2f + 1 reveals AND revealed weight >= 2/3 of the committee weight.
/// @dev Both conditions are needed: the count alone lets a few heavy validators be outvoted by many
/// light ones' absence, the weight alone lets a couple of whales decide for a silent committee.
library Quorum {
    /// @notice f = floor((n - 1) / 3); 0 for an empty committee.
    function faultTolerance(uint256 committeeSize) internal pure returns (uint256) {
        return committeeSize == 0 ? 0 : (committeeSize - 1) / 3;
    }

    /// @notice Whether `reveals` revealed ballots holding `revealedWeight` form a quorum of a
    /// committee of `committeeSize` members holding `committeeWeight`.
    function reached(
        uint256 reveals,
        uint256 committeeSize,
        uint256 revealedWeight,
        uint256 committeeWeight
    ) internal pure returns (bool) {
        return
            reveals >= 2 * faultTolerance(committeeSize) + 1 &&
            revealedWeight * 3 >= committeeWeight * 2;
    }
}
