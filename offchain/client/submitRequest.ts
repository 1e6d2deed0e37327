import { erc20Abi, parseEventLogs, stringToBytes, toHex, type Hash, type Hex } from "viem";
import { QcpError } from "../cli/errors.js";
import { formatIssues } from "../config/issues.js";
import {
  MAX_INLINE_PAYLOAD_BYTES,
  canonicalJson,
  computeOutputHash,
  domainToBytes32,
  requestPayloadSchema,
} from "../protocol/payload.js";
import { qualityConsensusAbi } from "./abi/index.js";
import type { QcpClientBase } from "./client.js";
import { PayloadTooLargeError, toQcpError } from "./errors.js";
import { readFeeFunds, simulateSubmission, startSubmission } from "./submission.js";

export interface SubmitRequestParameters {
  /** The request payload (DESIGN.md section 5); it is canonicalized (RFC 8785) before hashing. */
  readonly payload: unknown;
  /** Stake-token wei escrowed as the request's fee (positive). */
  readonly fee: bigint;
  /** Domain name stored with the request; defaults to `payload.domain` and must agree with it. */
  readonly domain?: string;
  /**
   * Where validators fetch the payload. Required when the canonical payload is larger than
   * MAX_INLINE_PAYLOAD_BYTES (then nothing is sent inline); with a small payload it is sent as well.
   */
  readonly uri?: string;
  /** Check the payload against the qcp/request@1 schema first (default true). */
  readonly validate?: boolean;
}

export interface SubmitRequestReturnType {
  readonly requestId: bigint;
  readonly outputHash: Hex;
  readonly transactionHash: Hash;
  /** Set when the allowance was short and an approval was sent first. */
  readonly approvalTransactionHash?: Hash;
  readonly blockNumber: bigint;
  /** Canonical payload size in bytes and whether it travelled inline in the event. */
  readonly payloadBytes: number;
  readonly inline: boolean;
  readonly committeeSize: number;
  readonly commitDeadline: bigint;
  readonly revealDeadline: bigint;
}

/** What submitRequest will send, computed without touching the chain. */
export interface PreparedRequest {
  readonly outputHash: Hex;
  readonly domain: string;
  readonly domainBytes32: Hex;
  /** Inline bytes (`0x` when only the uri is sent). */
  readonly payloadHex: Hex;
  readonly payloadBytes: number;
  readonly inline: boolean;
  readonly uri: string;
}

/**
 * Validates, canonicalizes and hashes a payload and decides inline vs uri; throws a
 * PayloadTooLargeError for a payload over 24 KiB without a uri. Pure: no chain access.
 */
export function prepareRequest(parameters: Omit<SubmitRequestParameters, "fee">): PreparedRequest {
  const { payload } = parameters;
  if (parameters.validate ?? true) {
    const parsed = requestPayloadSchema.safeParse(payload);
    if (!parsed.success) {
      throw new QcpError("the payload does not match the qcp/request@1 schema", {
        hints: formatIssues(parsed.error.issues),
      });
    }
  }
  const payloadDomain = (payload as { domain?: unknown } | null)?.domain;
  const domain = parameters.domain ?? (typeof payloadDomain === "string" ? payloadDomain : "");
  if (domain === "") {
    throw new QcpError("no domain: the payload has none and none was given", {
      hints: ["pass a domain (--domain healthcare|finance|legal|general)"],
    });
  }
  if (typeof payloadDomain === "string" && payloadDomain !== domain) {
    throw new QcpError(
      `domain "${domain}" does not match the payload's domain "${payloadDomain}"`,
      {
        hints: ["validators judge the payload in its own domain; drop --domain or fix the payload"],
      },
    );
  }
  const canonical = stringToBytes(canonicalJson(payload));
  const uri = parameters.uri ?? "";
  const inline = canonical.length <= MAX_INLINE_PAYLOAD_BYTES;
  if (!inline && uri === "") {
    throw new PayloadTooLargeError(canonical.length, MAX_INLINE_PAYLOAD_BYTES);
  }
  return {
    outputHash: computeOutputHash(payload),
    domain,
    domainBytes32: domainToBytes32(domain),
    payloadHex: inline ? toHex(canonical) : "0x",
    payloadBytes: canonical.length,
    inline,
    uri,
  };
}

/**
 * Submits an AI output for judgement: canonicalizes and hashes the payload with the protocol's
 * one encoding (offchain/protocol/payload.ts), approves the fee when the allowance is short,
 * simulates, sends `submitRequest` and returns the request id read from the `RequestSubmitted` event.
 * Reverts come back as ContractRevertError with hints (e.g. `ConsensusNotEnoughValidators`).
 *
 * @example
 * import { parseEther } from "viem";
 * import { createQcpClient } from "./offchain/client/client.js";
 * import { submitRequest } from "./offchain/client/submitRequest.js";
 * const client = await createQcpClient({
 *   rpcUrl: "http://127.0.0.1:8545",
 *   deployment: "deployment.json",
 *   account: process.env.QCP_PRIVATE_KEY as `0x${string}`,
 * });
 * const { requestId } = await submitRequest(client, { payload, fee: parseEther("10") });
 */
export async function submitRequest(
  client: QcpClientBase,
  parameters: SubmitRequestParameters,
): Promise<SubmitRequestReturnType> {
  const submission = startSubmission(client, parameters);
  const { prepared, fee, wallet, sender: owner } = submission;
  const { publicClient, addresses } = client;

  let approvalTransactionHash: Hash | undefined;
  try {
    const { allowance, balance } = await readFeeFunds(client, owner);
    if (balance < fee) {
      throw new QcpError(`${owner} holds ${balance} stake-token wei; the fee is ${fee}`, {
        hints: ["fund the account with the stake token, or lower the fee"],
      });
    }
    if (allowance < fee) {
      // Exactly the fee: a client never leaves a standing allowance it did not ask for.
      approvalTransactionHash = await wallet.writeContract({
        address: addresses.token,
        abi: erc20Abi,
        functionName: "approve",
        args: [addresses.consensus, fee],
      });
      const approval = await publicClient.waitForTransactionReceipt({
        hash: approvalTransactionHash,
      });
      if (approval.status !== "success") {
        throw new QcpError(`the fee approval ${approvalTransactionHash} reverted`);
      }
    }
  } catch (error) {
    throw toQcpError(error, "approving the fee");
  }

  try {
    const { request } = await simulateSubmission(client, submission);
    const transactionHash = await wallet.writeContract(request);
    const receipt = await publicClient.waitForTransactionReceipt({ hash: transactionHash });
    if (receipt.status !== "success") {
      throw new QcpError(`submitRequest transaction ${transactionHash} reverted`);
    }
    const [event] = parseEventLogs({
      abi: qualityConsensusAbi,
      eventName: "RequestSubmitted",
      logs: receipt.logs.filter(
        (log) => log.address.toLowerCase() === addresses.consensus.toLowerCase(),
      ),
    });
    if (!event) {
      throw new QcpError(`transaction ${transactionHash} emitted no RequestSubmitted event`);
    }
    return {
      requestId: event.args.requestId,
      outputHash: prepared.outputHash,
      transactionHash,
      approvalTransactionHash,
      blockNumber: receipt.blockNumber,
      payloadBytes: prepared.payloadBytes,
      inline: prepared.inline,
      committeeSize: event.args.committeeSize,
      commitDeadline: BigInt(event.args.commitDeadline),
      revealDeadline: BigInt(event.args.revealDeadline),
    };
  } catch (error) {
    throw toQcpError(error, "submitRequest");
  }
}
