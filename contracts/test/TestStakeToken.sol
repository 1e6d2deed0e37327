// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title TestStakeToken
/// @notice ERC-20 with ERC-2612 permit and an open `mint`, for local tests, the demo and a local
/// node only. NEVER deploy it to a public network: anyone can mint any amount.
contract TestStakeToken is ERC20, ERC20Permit {
    constructor() ERC20("QC Test Stake", "tQCS") ERC20Permit("QC Test Stake") {}

    /// @notice Mints `amount` to `to`. Unrestricted on purpose (test token).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
