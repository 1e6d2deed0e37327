import type { Address, Hash } from "viem";
import { qualityConsensusAbi, validatorRegistryAbi } from "./abi/index.js";
import { requireWallet, type QcpClientBase } from "./client.js";
import { toQcpError } from "./errors.js";
import { getCommittee } from "./getCommittee.js";
import { getRequest } from "./getRequest.js";
import { getResult } from "./getResult.js";
import type { QcpResult } from "./types.js";

export interface FinalizeRequestParameters {
  readonly requestId: bigint;
}

export interface FinalizeRequestReturnType {
  readonly transactionHash: Hash;
  /** Set when the active set changed since submission and the committee had to be passed. */
  readonly committee?: readonly Address[];
  readonly result: QcpResult;
}

/**
 * Finalizes a request whose voting is over (anyone may): `finalize` while the registry's
 * epoch is still the request's, otherwise `finalizeWithCommittee` with the committee rebuilt
 * from the registry. Simulated first; a request still voting fails with a ContractRevertError
 * (`ConsensusWrongPhase`) whose hint says what it is waiting for.
 *
 * @example
 * import { createQcpClient } from "./offchain/client/client.js";
 * import { finalizeRequest } from "./offchain/client/finalizeRequest.js";
 * const client = await createQcpClient({
 *   rpcUrl: "http://127.0.0.1:8545",
 *   deployment: "deployment.json",
 *   account: process.env.QCP_PRIVATE_KEY as `0x${string}`,
 * });
 * const { result } = await finalizeRequest(client, { requestId: 1n });
 */
export async function finalizeRequest(
  client: QcpClientBase,
  { requestId }: FinalizeRequestParameters,
): Promise<FinalizeRequestReturnType> {
  const wallet = requireWallet(client);
  const { publicClient, addresses } = client;
  const request = await getRequest(client, { requestId });
  try {
    const epoch = await publicClient.readContract({
      address: addresses.registry,
      abi: validatorRegistryAbi,
      functionName: "epoch",
    });
    let committee: Address[] | undefined;
    let transactionHash: Hash;
    if (BigInt(epoch) === request.epoch) {
      const { request: call } = await publicClient.simulateContract({
        account: wallet.account,
        address: addresses.consensus,
        abi: qualityConsensusAbi,
        functionName: "finalize",
        args: [requestId],
      });
      transactionHash = await wallet.writeContract(call);
    } else {
      committee = await getCommittee(client, { epoch: request.epoch });
      const { request: call } = await publicClient.simulateContract({
        account: wallet.account,
        address: addresses.consensus,
        abi: qualityConsensusAbi,
        functionName: "finalizeWithCommittee",
        args: [requestId, committee],
      });
      transactionHash = await wallet.writeContract(call);
    }
    const receipt = await publicClient.waitForTransactionReceipt({ hash: transactionHash });
    if (receipt.status !== "success") {
      throw new Error(`finalize transaction ${transactionHash} reverted`);
    }
    return { transactionHash, committee, result: await getResult(client, { requestId }) };
  } catch (error) {
    throw toQcpError(error, `finalizing request ${requestId}`);
  }
}
