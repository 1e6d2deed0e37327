// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Quorum} from "../libraries/Quorum.sol";
import {WeightedMedian} from "../libraries/WeightedMedian.sol";

/// @title ConsensusAggregationHarness
/// @notice Test-only: runs the libraries QualityConsensus finalizes with (Quorum, WeightedMedian)
/// on one committee's ballots, so property tests can check thousands of random instances cheaply.
contract ConsensusAggregationHarness {
    /// @notice Quorum and the lower weighted medians of the revealed ballots (0 when none revealed).
    function aggregate(
        uint16[] memory quality,
        uint16[] memory risk,
        uint16[] memory domain,
        uint96[] memory weights,
        bool[] memory revealed,
        uint256 committeeWeight
    ) external pure returns (bool quorum, uint16 medianQuality, uint16 medianRisk, uint16 medianDomain) {
        uint256 n = weights.length;
        uint256 reveals;
        for (uint256 i; i < n; ++i) if (revealed[i]) ++reveals;
        uint256[] memory q = new uint256[](reveals);
        uint256[] memory r = new uint256[](reveals);
        uint256[] memory d = new uint256[](reveals);
        uint256[] memory w = new uint256[](reveals);
        uint256 revealedWeight;
        uint256 k;
        for (uint256 i; i < n; ++i) {
            if (!revealed[i]) continue;
            q[k] = quality[i];
            r[k] = risk[i];
            d[k] = domain[i];
            w[k] = weights[i];
            revealedWeight += weights[i];
            ++k;
        }
        quorum = Quorum.reached(reveals, n, revealedWeight, committeeWeight);
        if (reveals == 0) return (quorum, 0, 0, 0);
        medianQuality = uint16(WeightedMedian.lowerMedian(q, w));
        medianRisk = uint16(WeightedMedian.lowerMedian(r, w));
        medianDomain = uint16(WeightedMedian.lowerMedian(d, w));
    }
}
