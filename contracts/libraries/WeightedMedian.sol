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
        // Pack (value, weight) into one word with the value on top, so sorting the words sorts
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
        _sort(entries, 0, n - 1);
        uint256 cumulative;
        for (uint256 i; i < n; ++i) {
            // Cannot overflow: each weight < 2^96 and far fewer than 2^160 entries fit in memory.
            unchecked {
                cumulative += entries[i] & _WEIGHT_MASK;
            }
            if (cumulative * 2 >= total) return entries[i] >> _WEIGHT_BITS;
        }
        // Unreachable: at i = n - 1 cumulative == total and 2 * total >= total.
        return entries[n - 1] >> _WEIGHT_BITS;
    }

    /// @dev In-place quicksort of a[lo..hi] (Hoare partition, middle pivot: sorted or reversed
    /// input stays O(n log n)); recurses into the smaller half so the depth stays O(log n).
    function _sort(uint256[] memory a, uint256 lo, uint256 hi) private pure {
        // Unchecked and raw memory access: Hoare's scans never leave [lo, hi] (the pivot, or a value
        // swapped past it, stops each scan), lo <= j < hi at every partition, and hi < a.length.
        unchecked {
            while (lo < hi) {
                uint256 pivot = _at(a, lo + (hi - lo) / 2);
                uint256 i = lo;
                uint256 j = hi;
                while (true) {
                    while (_at(a, i) < pivot) ++i;
                    while (_at(a, j) > pivot) --j;
                    if (i >= j) break;
                    _swap(a, i, j);
                    ++i;
                    --j;
                }
                if (j - lo < hi - j) {
                    _sort(a, lo, j);
                    lo = j + 1;
                } else {
                    _sort(a, j + 1, hi);
                    hi = j;
                }
            }
        }
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
