import {
  createQcpClient as createBase,
  type CreateQcpClientParameters,
  type QcpClientBase,
} from "./client.js";
import { finalizeRequest } from "./finalizeRequest.js";
import { getPhase } from "./getPhase.js";
import { getRequest } from "./getRequest.js";
import { getResult } from "./getResult.js";
import { submitRequest, type SubmitRequestParameters } from "./submitRequest.js";
import { waitForResult, type WaitForResultParameters } from "./waitForResult.js";

export * from "./abi/index.js";
export * from "./client.js";
export * from "./errors.js";
export * from "./finalizeRequest.js";
export * from "./getCommittee.js";
export * from "./getPhase.js";
export * from "./getRequest.js";
export * from "./getResult.js";
export * from "./simulateSubmitRequest.js";
export * from "./submitRequest.js";
export * from "./types.js";
export * from "./waitForResult.js";

/** A client with every action bound to it (viem's decorated-client style). */
export interface QcpClient extends QcpClientBase {
  submitRequest(
    payload: unknown,
    options: Omit<SubmitRequestParameters, "payload">,
  ): ReturnType<typeof submitRequest>;
  waitForResult(
    requestId: bigint,
    options?: Omit<WaitForResultParameters, "requestId">,
  ): ReturnType<typeof waitForResult>;
  getResult(requestId: bigint): ReturnType<typeof getResult>;
  getRequest(requestId: bigint): ReturnType<typeof getRequest>;
  getPhase(requestId: bigint): ReturnType<typeof getPhase>;
  finalizeRequest(requestId: bigint): ReturnType<typeof finalizeRequest>;
}

/**
 * Connects to a deployment and returns a client with the actions as methods.
 *
 * @example
 * import { parseEther } from "viem";
 * import { connectQcp } from "./offchain/client/index.js";
 * const qcp = await connectQcp({
 *   rpcUrl: "http://127.0.0.1:8545",
 *   deployment: "deployment.json",
 *   account: process.env.QCP_PRIVATE_KEY as `0x${string}`,
 * });
 * const { requestId } = await qcp.submitRequest(payload, { fee: parseEther("10") });
 * const result = await qcp.waitForResult(requestId, { onPhase: (c) => console.log(c.phaseName) });
 */
export async function connectQcp(parameters: CreateQcpClientParameters): Promise<QcpClient> {
  const base = await createBase(parameters);
  return decorate(base);
}

/** Binds the actions to an existing base client. */
export function decorate(base: QcpClientBase): QcpClient {
  return {
    ...base,
    submitRequest: (payload, options) => submitRequest(base, { ...options, payload }),
    waitForResult: (requestId, options = {}) => waitForResult(base, { ...options, requestId }),
    getResult: (requestId) => getResult(base, { requestId }),
    getRequest: (requestId) => getRequest(base, { requestId }),
    getPhase: (requestId) => getPhase(base, { requestId }),
    finalizeRequest: (requestId) => finalizeRequest(base, { requestId }),
  };
}
