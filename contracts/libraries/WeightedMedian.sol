// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title WeightedMedian
/// @notice Lower weighted median of (value, weight) pairs: the smallest value `m` among the inputs
/// such that the weight of the values at or below `m` is at least half of the total weight.
/// @dev With honest weight strictly above half of the total, the result lies within [min, max] of
/// the honest values whatever the rest vote: below the honest minimum there is less than half the
/// weight, and the honest weight alone reaches half before passing the honest maximum.
/// Memory only; callers bound the input size (the consensus committee is at most 100).
library WeightedMedian {
    /// @notice Thrown when the median of no values is asked for.
    error WeightedMedianEmpty();
    /// @notice Thrown when `values` and `weights` differ in length.
    error WeightedMedianLengthMismatch(uint256 values, uint256 weights);
    /// @notice Thrown when a value does not fit in 160 bits or a weight in 96 bits.
    error WeightedMedianOverflow(uint256 value, uint256 weight);

    uint256 private constant _WEIGHT_BITS = 96;
    uint256 private constant _WEIGHT_MASK = (1 << _WEIGHT_BITS) - 1;

    /// @notice The lower weighted median of `values` weighted by `weights`. When every weight is
    /// zero it is the smallest value (the weight at or below it, 0, is half of 0).
    function lowerMedian(
        uint256[] memory values,
        uint256[] memory weights
    ) internal pure returns (uint256) {
        uint256 n = values.length;
        if (n == 0) revert WeightedMedianEmpty();
        if (weights.length != n) revert WeightedMedianLengthMismatch(n, weights.length);
        // Pack (value, weight) into one word with the value on top, so ordering the words orders
        // the pairs by value and each pair moves as one.
        uint256[] memory entries = new uint256[](n);
        uint256 total;
        for (uint256 i; i < n; ++i) {
            uint256 value = values[i];
            uint256 weight = weights[i];
            if (value >> 160 != 0 || weight > _WEIGHT_MASK) {
                revert WeightedMedianOverflow(value, weight);
            }
            entries[i] = (value << _WEIGHT_BITS) | weight;
            total += weight;
        }
        return _select(entries, total) >> _WEIGHT_BITS;
    }

    /// @dev Weighted quickselect: the entry at the first sorted position where the cumulative
    /// weight reaches half of `total`, in O(n) expected steps (no full sort). Each round partitions
    /// a[lo..hi] (Hoare, middle pivot) so that every entry of a[lo..j] is <= every entry of
    /// a[j+1..hi]; the sought position is in the left part iff the weight up to its end reaches
    /// half, else the search continues right with that weight carried in `below`.
    function _select(uint256[] memory a, uint256 total) private pure returns (uint256) {
        // Unchecked and raw memory access: Hoare's scans never leave [lo, hi] (the pivot, or a
        // value swapped past it, stops each scan), lo <= j < hi after each partition, and
        // hi < a.length; weights are < 2^96 so no sum overflows.
        unchecked {
            uint256 lo;
            uint256 hi = a.length - 1;
            uint256 below;
            while (lo < hi) {
                uint256 j = _partition(a, lo, hi);
                uint256 left = below;
                for (uint256 k = lo; k <= j; ++k) left += _at(a, k) & _WEIGHT_MASK;
                if (left * 2 >= total) {
                    hi = j;
                } else {
                    below = left;
                    lo = j + 1;
                }
            }
            return _at(a, lo);
        }
    }

    /// @dev Hoare partition of a[lo..hi] (lo < hi) around its middle entry; returns j with
    /// lo <= j < hi, a[lo..j] <= a[j+1..hi].
    function _partition(uint256[] memory a, uint256 lo, uint256 hi) private pure returns (uint256) {
        unchecked {
            uint256 pivot = _at(a, lo + (hi - lo) / 2);
            uint256 i = lo;
            uint256 j = hi;
            while (true) {
                while (_at(a, i) < pivot) ++i;
                while (_at(a, j) > pivot) --j;
                if (i >= j) return j;
                _swap(a, i, j);
                ++i;
                --j;
            }
        }
        // Unreachable: the loop only exits by returning.
        return lo;
    }

    function _at(uint256[] memory a, uint256 i) private pure returns (uint256 value) {
        assembly ("memory-safe") {
            value := mload(add(add(a, 0x20), shl(5, i)))
        }
    }

    function _swap(uint256[] memory a, uint256 i, uint256 j) private pure {
        assembly ("memory-safe") {
            let pi := add(add(a, 0x20), shl(5, i))
            let pj := add(add(a, 0x20), shl(5, j))
            let vi := mload(pi)
            mstore(pi, mload(pj))
            mstore(pj, vi)
        }
    }
}
