import { erc20Abi, type Address } from "viem";
import { QcpError } from "../cli/errors.js";
import { qualityConsensusAbi } from "./abi/index.js";
import { requireWallet, type QcpClientBase } from "./client.js";
import { toQcpError } from "./errors.js";
import {
  prepareRequest,
  type PreparedRequest,
  type SubmitRequestParameters,
} from "./submitRequest.js";

export type SimulateSubmitRequestParameters = SubmitRequestParameters;

export interface SimulateSubmitRequestReturnType {
  readonly prepared: PreparedRequest;
  readonly sender: Address;
  readonly fee: bigint;
  readonly balance: bigint;
  readonly allowance: bigint;
  /** submitRequest would send an approval of `fee` first. */
  readonly needsApproval: boolean;
  /**
   * The id the request would get, from a simulation of `submitRequest` (undefined when an
   * approval is needed first: the call cannot be simulated without it).
   */
  readonly requestId?: bigint;
}

/**
 * Everything submitRequest would do, without sending a transaction: the canonical payload and
 * its hash, the fee checks and, when the allowance already covers the fee, a simulation of the
 * call itself (so a revert such as `ConsensusNotEnoughValidators` shows up here with its hint).
 *
 * @example
 * import { parseEther } from "viem";
 * import { createQcpClient } from "./offchain/client/client.js";
 * import { simulateSubmitRequest } from "./offchain/client/simulateSubmitRequest.js";
 * const client = await createQcpClient({
 *   rpcUrl: "http://127.0.0.1:8545",
 *   deployment: "deployment.json",
 *   account: process.env.QCP_PRIVATE_KEY as `0x${string}`,
 * });
 * const plan = await simulateSubmitRequest(client, { payload, fee: parseEther("10") });
 * console.log(plan.prepared.outputHash, plan.needsApproval);
 */
export async function simulateSubmitRequest(
  client: QcpClientBase,
  parameters: SimulateSubmitRequestParameters,
): Promise<SimulateSubmitRequestReturnType> {
  const prepared = prepareRequest(parameters);
  const { fee } = parameters;
  if (fee <= 0n) {
    throw new QcpError("the fee must be positive", { hints: ["pass a fee (--fee <tokens>)"] });
  }
  const wallet = requireWallet(client);
  const { publicClient, addresses } = client;
  const sender = wallet.account.address;
  try {
    const [allowance, balance] = await Promise.all([
      publicClient.readContract({
        address: addresses.token,
        abi: erc20Abi,
        functionName: "allowance",
        args: [sender, addresses.consensus],
      }),
      publicClient.readContract({
        address: addresses.token,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [sender],
      }),
    ]);
    const needsApproval = allowance < fee;
    let requestId: bigint | undefined;
    if (!needsApproval && balance >= fee) {
      const { result } = await publicClient.simulateContract({
        account: wallet.account,
        address: addresses.consensus,
        abi: qualityConsensusAbi,
        functionName: "submitRequest",
        args: [prepared.outputHash, prepared.domainBytes32, prepared.payloadHex, prepared.uri, fee],
      });
      requestId = result;
    }
    return { prepared, sender, fee, balance, allowance, needsApproval, requestId };
  } catch (error) {
    throw toQcpError(error, "simulating submitRequest");
  }
}
