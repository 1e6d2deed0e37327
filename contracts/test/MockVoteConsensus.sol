// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IQualityConsensus} from "../interfaces/IQualityConsensus.sol";

/// @title MockVoteConsensus
/// @notice Test double of the parts of QualityConsensus the SlashingManager reads: the EIP-712 vote
/// digest, request existence and reveal deadlines. Tests only.
contract MockVoteConsensus is EIP712 {
    bytes32 private constant VOTE_TYPEHASH =
        keccak256(
            "Vote(uint256 requestId,uint16 quality,uint16 risk,uint16 domain,bytes32 findingsHash)"
        );

    mapping(uint256 requestId => uint64) private _revealDeadlines;

    constructor() EIP712("QualityConsensus", "1") {}

    /// @notice Makes `requestId` exist with the given reveal deadline.
    function setRequest(uint256 requestId, uint64 revealDeadline) external {
        _revealDeadlines[requestId] = revealDeadline;
    }

    /// @notice Same digest as IQualityConsensus.hashVote.
    function hashVote(
        uint256 requestId,
        IQualityConsensus.Vote calldata vote
    ) external view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(
                        VOTE_TYPEHASH,
                        requestId,
                        vote.quality,
                        vote.risk,
                        vote.domain,
                        vote.findingsHash
                    )
                )
            );
    }

    /// @notice None for unknown requests, Finalizable otherwise.
    function phaseOf(uint256 requestId) external view returns (IQualityConsensus.Phase) {
        return
            _revealDeadlines[requestId] == 0
                ? IQualityConsensus.Phase.None
                : IQualityConsensus.Phase.Finalizable;
    }

    /// @notice A request with only `revealDeadline` set.
    function getRequest(
        uint256 requestId
    ) external view returns (IQualityConsensus.Request memory request) {
        request.revealDeadline = _revealDeadlines[requestId];
    }
}
