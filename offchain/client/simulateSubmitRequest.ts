import type { Address } from "viem";
import type { QcpClientBase } from "./client.js";
import { toQcpError } from "./errors.js";
import { readFeeFunds, simulateSubmission, startSubmission } from "./submission.js";
import type { PreparedRequest, SubmitRequestParameters } from "./submitRequest.js";

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
  const submission = startSubmission(client, parameters);
  const { prepared, fee, sender } = submission;
  try {
    const { allowance, balance } = await readFeeFunds(client, sender);
    const needsApproval = allowance < fee;
    let requestId: bigint | undefined;
    if (!needsApproval && balance >= fee) {
      ({ result: requestId } = await simulateSubmission(client, submission));
    }
    return { prepared, sender, fee, balance, allowance, needsApproval, requestId };
  } catch (error) {
    throw toQcpError(error, "simulating submitRequest");
  }
}
