// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {WeightedMedian} from "../../contracts/libraries/WeightedMedian.sol";
import {ConsensusTestBase} from "./utils/ConsensusVm.sol";

/// @dev Exposes the internal library so reverts can be asserted across a call boundary.
contract WeightedMedianHarness {
    function lowerMedian(
        uint256[] memory values,
        uint256[] memory weights
    ) external pure returns (uint256) {
        return WeightedMedian.lowerMedian(values, weights);
    }
}

contract WeightedMedianTest is ConsensusTestBase {
    WeightedMedianHarness internal harness = new WeightedMedianHarness();

    function _arr(uint256 a, uint256 b, uint256 c) internal pure returns (uint256[] memory r) {
        r = new uint256[](3);
        (r[0], r[1], r[2]) = (a, b, c);
    }

    function test_lowerMedian_equalWeights_returnsLowerMiddle() public pure {
        uint256[] memory values = new uint256[](4);
        uint256[] memory weights = new uint256[](4);
        (values[0], values[1], values[2], values[3]) = (40, 10, 30, 20);
        (weights[0], weights[1], weights[2], weights[3]) = (1, 1, 1, 1);
        // Sorted 10, 20, 30, 40: weight at or below 20 is exactly half.
        assertEq(WeightedMedian.lowerMedian(values, weights), 20, "median");
    }

    function test_lowerMedian_heavyValueWins() public pure {
        assertEq(
            WeightedMedian.lowerMedian(_arr(9_000, 100, 5_000), _arr(10, 3, 3)),
            9_000,
            "heavy value"
        );
    }

    function test_lowerMedian_singleValue() public pure {
        uint256[] memory values = new uint256[](1);
        uint256[] memory weights = new uint256[](1);
        values[0] = 7_777;
        weights[0] = 5;
        assertEq(WeightedMedian.lowerMedian(values, weights), 7_777, "single");
    }

    function test_lowerMedian_zeroWeights_returnsSmallest() public pure {
        assertEq(WeightedMedian.lowerMedian(_arr(30, 10, 20), _arr(0, 0, 0)), 10, "smallest");
    }

    function test_lowerMedian_ignoresZeroWeightExtremes() public pure {
        // The zero-weight 0 is skipped because weight at or below it is 0 < half of 2.
        assertEq(WeightedMedian.lowerMedian(_arr(0, 50, 60), _arr(0, 1, 1)), 50, "median");
    }

    function test_lowerMedian_reverts_whenEmpty() public {
        vm.expectRevert(abi.encodeWithSelector(WeightedMedian.WeightedMedianEmpty.selector));
        harness.lowerMedian(new uint256[](0), new uint256[](0));
    }

    function test_lowerMedian_reverts_whenLengthsDiffer() public {
        vm.expectRevert(
            abi.encodeWithSelector(WeightedMedian.WeightedMedianLengthMismatch.selector, 3, 2)
        );
        harness.lowerMedian(_arr(1, 2, 3), new uint256[](2));
    }

    function test_lowerMedian_reverts_whenWeightOverflows() public {
        uint256 tooHeavy = uint256(1) << 96;
        vm.expectRevert(
            abi.encodeWithSelector(WeightedMedian.WeightedMedianOverflow.selector, 2, tooHeavy)
        );
        harness.lowerMedian(_arr(1, 2, 3), _arr(1, tooHeavy, 1));
    }

    /// @dev Specification: the result is an input value, the weight at or below it is at least
    /// half, and the weight strictly below it is less than half (it is the lowest such value).
    function testFuzz_lowerMedian_isTheLowestValueHoldingHalfTheWeight(
        uint16[] memory rawValues,
        uint96[] memory rawWeights
    ) public pure {
        uint256 n = rawValues.length < rawWeights.length ? rawValues.length : rawWeights.length;
        if (n > 100) n = 100;
        if (n == 0) return;
        uint256[] memory values = new uint256[](n);
        uint256[] memory weights = new uint256[](n);
        uint256 total;
        for (uint256 i; i < n; ++i) {
            values[i] = rawValues[i] % 10_001;
            weights[i] = rawWeights[i];
            total += weights[i];
        }
        uint256 m = WeightedMedian.lowerMedian(values, weights);
        bool found;
        uint256 atOrBelow;
        uint256 below;
        for (uint256 i; i < n; ++i) {
            if (values[i] == m) found = true;
            if (values[i] <= m) atOrBelow += weights[i];
            if (values[i] < m) below += weights[i];
        }
        assertTrue(found, "median is an input value");
        assertTrue(atOrBelow * 2 >= total, "at least half at or below");
        if (total == 0) {
            for (uint256 i; i < n; ++i) assertTrue(values[i] >= m, "smallest when weightless");
        } else {
            assertTrue(below * 2 < total, "less than half strictly below");
        }
    }

    /// @dev Byzantine property: when the honest weight is more than half of the total, the median
    /// lies within [min, max] of the honest values, whatever the others vote.
    function testFuzz_lowerMedian_staysWithinHonestRange(
        uint256 seed,
        uint8 honestCount,
        uint8 liarCount
    ) public pure {
        uint256 h = (uint256(honestCount) % 60) + 1;
        uint256 n = h + (uint256(liarCount) % 40);
        uint256[] memory values = new uint256[](n);
        uint256[] memory weights = new uint256[](n);
        (uint256 honestWeight, uint256 honestMin, uint256 honestMax) = _fillHonest(
            seed,
            h,
            values,
            weights
        );
        _fillLiars(seed, h, honestWeight - 1, values, weights);
        uint256 m = WeightedMedian.lowerMedian(values, weights);
        assertTrue(m >= honestMin && m <= honestMax, "median within the honest range");
    }

    function _fillHonest(
        uint256 seed,
        uint256 h,
        uint256[] memory values,
        uint256[] memory weights
    ) internal pure returns (uint256 total, uint256 min, uint256 max) {
        min = type(uint256).max;
        for (uint256 i; i < h; ++i) {
            values[i] = _rand(seed, i) % 10_001;
            weights[i] = (_rand(seed, i + 1_000) % 1e24) + 1;
            total += weights[i];
            if (values[i] < min) min = values[i];
            if (values[i] > max) max = values[i];
        }
    }

    /// @dev Liars share `budget` (strictly less than the honest weight) on extreme or random values.
    function _fillLiars(
        uint256 seed,
        uint256 h,
        uint256 budget,
        uint256[] memory values,
        uint256[] memory weights
    ) internal pure {
        uint256 n = values.length;
        for (uint256 i = h; i < n; ++i) {
            uint256 r = _rand(seed, i + 2_000);
            values[i] = r % 3 == 0 ? 0 : (r % 3 == 1 ? 10_000 : r % 10_001);
            uint256 w = i == n - 1 ? budget : _rand(seed, i + 3_000) % (budget + 1);
            weights[i] = w;
            budget -= w;
        }
    }
}
