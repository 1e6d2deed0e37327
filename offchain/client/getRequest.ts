import { bytes32ToDomain } from "../protocol/payload.js";
import { qualityConsensusAbi } from "./abi/index.js";
import type { QcpClientBase } from "./client.js";
import { toQcpError } from "./errors.js";
import { outcomeName, type Outcome, type QcpRequest } from "./types.js";

export type GetRequestParameters = { readonly requestId: bigint };
export type GetRequestReturnType = QcpRequest;

/**
 * Reads a request: its submitter, deadlines, committee, counters, fee and the parameters it
 * snapshotted at submission. An unknown id throws a ContractRevertError (`ConsensusUnknownRequest`).
 *
 * @example
 * import { createQcpClient } from "./offchain/client/client.js";
 * import { getRequest } from "./offchain/client/getRequest.js";
 * const client = await createQcpClient({ rpcUrl: "http://127.0.0.1:8545", deployment: "deployment.json" });
 * const request = await getRequest(client, { requestId: 1n });
 * console.log(`${request.revealCount}/${request.committeeSize} revealed`);
 */
export async function getRequest(
  client: QcpClientBase,
  { requestId }: GetRequestParameters,
): Promise<GetRequestReturnType> {
  let raw;
  try {
    raw = await client.publicClient.readContract({
      address: client.addresses.consensus,
      abi: qualityConsensusAbi,
      functionName: "getRequest",
      args: [requestId],
    });
  } catch (error) {
    throw toQcpError(error, `reading request ${requestId}`);
  }
  return {
    requestId,
    submitter: raw.submitter,
    epoch: BigInt(raw.epoch),
    commitDeadline: BigInt(raw.commitDeadline),
    revealDeadline: BigInt(raw.revealDeadline),
    committeeSize: raw.committeeSize,
    commitCount: raw.commitCount,
    revealCount: raw.revealCount,
    outputHash: raw.outputHash,
    domain: bytes32ToDomain(raw.domain),
    fee: raw.fee,
    committeeWeight: raw.committeeWeight,
    params: { ...raw.params },
    outcome: raw.outcome as Outcome,
    outcomeName: outcomeName(raw.outcome),
  };
}
