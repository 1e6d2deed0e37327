// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title QcpTimelock
/// @notice OpenZeppelin's TimelockController, unchanged. It holds the governor and parameter roles of
/// the protocol contracts, so every governance action is public for `minDelay` before it runs.
/// @dev Declared here so that the project compiles it and emits an artifact (Ignition and TypeChain
/// need one); it adds no behaviour.
contract QcpTimelock is TimelockController {
    /// @param minDelay seconds between scheduling and executing an operation.
    /// @param proposers addresses given PROPOSER_ROLE and CANCELLER_ROLE.
    /// @param executors addresses given EXECUTOR_ROLE (address(0) lets anyone execute).
    /// @param admin optional admin for the initial setup (address(0) for none; then only the timelock
    /// itself administers its roles).
    constructor(
        uint256 minDelay,
        address[] memory proposers,
        address[] memory executors,
        address admin
    ) TimelockController(minDelay, proposers, executors, admin) {}
}
