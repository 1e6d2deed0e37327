import { qualityConsensusAbi } from "./abi/index.js";
import type { QcpClientBase } from "./client.js";
import { toQcpError } from "./errors.js";
import type { Phase } from "./types.js";

export type GetPhaseParameters = { readonly requestId: bigint };
export type GetPhaseReturnType = Phase;

/**
 * Reads a request's phase as the contract derives it from its deadlines and counters now
 * (`Phase.None` for an unknown id).
 *
 * @example
 * import { createQcpClient } from "./offchain/client/client.js";
 * import { getPhase } from "./offchain/client/getPhase.js";
 * import { Phase } from "./offchain/client/types.js";
 * const client = await createQcpClient({ rpcUrl: "http://127.0.0.1:8545", deployment: "deployment.json" });
 * if ((await getPhase(client, { requestId: 1n })) === Phase.Finalizable) console.log("ready to finalize");
 */
export async function getPhase(
  client: QcpClientBase,
  { requestId }: GetPhaseParameters,
): Promise<GetPhaseReturnType> {
  try {
    return (await client.publicClient.readContract({
      address: client.addresses.consensus,
      abi: qualityConsensusAbi,
      functionName: "phaseOf",
      args: [requestId],
    })) as Phase;
  } catch (error) {
    throw toQcpError(error, `reading the phase of request ${requestId}`);
  }
}
