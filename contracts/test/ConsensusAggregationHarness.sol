// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Quorum} from "../libraries/Quorum.sol";
import {WeightedMedian} from "../libraries/WeightedMedian.sol";

/// @title ConsensusAggregationHarness
/// @notice Test-only: runs the libraries QualityConsensus finalizes with (Quorum, WeightedMedian)
/// on one committee's ballots, so property tests can check many random instances cheaply.
contract ConsensusAggregationHarness {
    struct Ballot {
        uint16 quality;
        uint16 risk;
        uint16 domain;
        uint96 weight;
        bool revealed;
    }

    struct Aggregate {
        bool quorum;
        uint16 quality;
        uint16 risk;
        uint16 domain;
    }

    /// @notice Quorum and the lower weighted medians of the revealed ballots (0 when none revealed).
    function aggregate(
        Ballot[] calldata ballots,
        uint256 committeeWeight
    ) external pure returns (Aggregate memory result) {
        uint256 n = ballots.length;
        uint256 reveals;
        uint256 revealedWeight;
        for (uint256 i; i < n; ++i) {
            if (!ballots[i].revealed) continue;
            ++reveals;
            revealedWeight += ballots[i].weight;
        }
        result.quorum = Quorum.reached(reveals, n, revealedWeight, committeeWeight);
        if (reveals == 0) return result;
        uint256[] memory weights = new uint256[](reveals);
        uint256[][3] memory scores = [
            new uint256[](reveals),
            new uint256[](reveals),
            new uint256[](reveals)
        ];
        uint256 k;
        for (uint256 i; i < n; ++i) {
            Ballot calldata b = ballots[i];
            if (!b.revealed) continue;
            scores[0][k] = b.quality;
            scores[1][k] = b.risk;
            scores[2][k] = b.domain;
            weights[k++] = b.weight;
        }
        result.quality = uint16(WeightedMedian.lowerMedian(scores[0], weights));
        result.risk = uint16(WeightedMedian.lowerMedian(scores[1], weights));
        result.domain = uint16(WeightedMedian.lowerMedian(scores[2], weights));
    }
}
