import { qualityConsensusAbi } from "./abi/index.js";
import type { QcpClientBase } from "./client.js";
import { toQcpError } from "./errors.js";
import { Outcome, outcomeName, type QcpResult } from "./types.js";

export type GetResultParameters = { readonly requestId: bigint };
export type GetResultReturnType = QcpResult;

/**
 * Reads a request's result. While the request is in flight `finalized` is false and the outcome
 * is `None`; an unknown request id throws a ContractRevertError (`ConsensusUnknownRequest`).
 *
 * @example
 * import { createQcpClient } from "./offchain/client/client.js";
 * import { getResult } from "./offchain/client/getResult.js";
 * const client = await createQcpClient({ rpcUrl: "http://127.0.0.1:8545", deployment: "deployment.json" });
 * const result = await getResult(client, { requestId: 1n });
 * if (result.outcomeName === "Accepted" && !result.contested) console.log("safe to act on");
 */
export async function getResult(
  client: QcpClientBase,
  { requestId }: GetResultParameters,
): Promise<GetResultReturnType> {
  let raw;
  try {
    raw = await client.publicClient.readContract({
      address: client.addresses.consensus,
      abi: qualityConsensusAbi,
      functionName: "getResult",
      args: [requestId],
    });
  } catch (error) {
    throw toQcpError(error, `reading the result of request ${requestId}`);
  }
  const outcome = raw.outcome as Outcome;
  return {
    requestId,
    finalized: outcome !== Outcome.None,
    outcome,
    outcomeName: outcomeName(outcome),
    quality: raw.quality,
    risk: raw.risk,
    domain: raw.domain,
    agreementBps: raw.agreementBps,
    participationBps: raw.participationBps,
    contested: raw.contested,
    finalizedAt: BigInt(raw.finalizedAt),
  };
}
