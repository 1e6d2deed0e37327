/**
 * The steps submitRequest and simulateSubmitRequest share, so that a dry run checks exactly what
 * a real submission would. Internal: not re-exported from the client's index.
 */
import {
  erc20Abi,
  type Account,
  type Address,
  type Chain,
  type Transport,
  type WalletClient,
} from "viem";
import { QcpError } from "../cli/errors.js";
import { qualityConsensusAbi } from "./abi/index.js";
import { requireWallet, type QcpClientBase } from "./client.js";
import {
  prepareRequest,
  type PreparedRequest,
  type SubmitRequestParameters,
} from "./submitRequest.js";

export interface Submission {
  readonly prepared: PreparedRequest;
  readonly fee: bigint;
  readonly wallet: WalletClient<Transport, Chain, Account>;
  readonly sender: Address;
}

/** Prepares the payload and checks the fee and the account, all before any chain access. */
export function startSubmission(
  client: QcpClientBase,
  parameters: SubmitRequestParameters,
): Submission {
  const prepared = prepareRequest(parameters);
  const { fee } = parameters;
  if (fee <= 0n) {
    throw new QcpError("the fee must be positive", { hints: ["pass a fee (--fee <tokens>)"] });
  }
  const wallet = requireWallet(client);
  return { prepared, fee, wallet, sender: wallet.account.address };
}

/** The sender's stake-token allowance to the consensus contract and its balance. */
export async function readFeeFunds(
  client: QcpClientBase,
  sender: Address,
): Promise<{ allowance: bigint; balance: bigint }> {
  const { publicClient, addresses } = client;
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
  return { allowance, balance };
}

/** Simulates `submitRequest` from the sender; the result carries the id and the request to send. */
export function simulateSubmission(client: QcpClientBase, submission: Submission) {
  const { prepared, fee, wallet } = submission;
  return client.publicClient.simulateContract({
    account: wallet.account,
    address: client.addresses.consensus,
    abi: qualityConsensusAbi,
    functionName: "submitRequest",
    args: [prepared.outputHash, prepared.domainBytes32, prepared.payloadHex, prepared.uri, fee],
  });
}
