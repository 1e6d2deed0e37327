import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { QcpError } from "../cli/errors.js";
import { loadDeployment, type Deployment } from "../config/deployment.js";
import { toQcpError } from "./errors.js";

/** What every client action needs: a reader, an optional signer and the deployment's addresses. */
export interface QcpClientBase {
  readonly publicClient: PublicClient<Transport, Chain>;
  /** Absent for read-only clients; submitRequest requires it. */
  readonly walletClient?: WalletClient<Transport, Chain, Account>;
  readonly deployment: Deployment;
  readonly addresses: {
    readonly token: Address;
    readonly registry: Address;
    readonly consensus: Address;
  };
  /** Default polling interval of waitForResult, milliseconds. */
  readonly pollingIntervalMs: number;
}

export interface CreateQcpClientParameters {
  /** JSON-RPC URL, e.g. http://127.0.0.1:8545. Ignored when `transport` is given. */
  readonly rpcUrl?: string;
  /** Any viem transport (fallback, websocket, custom). */
  readonly transport?: Transport;
  /** A deployment object or the path of a deployment JSON file. */
  readonly deployment: Deployment | string;
  /** A viem account or a hex private key; without it the client is read-only. */
  readonly account?: Account | Hex;
  /** Default 1000 ms. */
  readonly pollingIntervalMs?: number;
  /** Check that the node serves the deployment's chain and that the consensus contract exists. Default true. */
  readonly verify?: boolean;
}

export type CreateQcpClientReturnType = QcpClientBase;

/** A chain object for any deployment: the client needs only its id and RPC URL. */
function chainOf(chainId: number, rpcUrl: string): Chain {
  return defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

/**
 * Connects to a Quality Consensus deployment over JSON-RPC. By default it checks that the node's
 * chain id matches the deployment and that the consensus contract has code, so a stale deployment
 * file (a restarted local node) fails here with a clear message rather than later with a decode error.
 *
 * @example
 * import { createQcpClient } from "./offchain/client/client.js";
 * const client = await createQcpClient({
 *   rpcUrl: "http://127.0.0.1:8545",
 *   deployment: "deployment.json",
 *   account: process.env.QCP_PRIVATE_KEY as `0x${string}`,
 * });
 */
export async function createQcpClient(
  parameters: CreateQcpClientParameters,
): Promise<CreateQcpClientReturnType> {
  const deployment =
    typeof parameters.deployment === "string"
      ? loadDeployment(parameters.deployment)
      : parameters.deployment;
  const rpcUrl = parameters.rpcUrl ?? "http://127.0.0.1:8545";
  const transport = parameters.transport ?? http(rpcUrl, { retryCount: 2 });
  const chain = chainOf(deployment.chainId, rpcUrl);
  const pollingIntervalMs = parameters.pollingIntervalMs ?? 1000;
  const publicClient = createPublicClient({ chain, transport, pollingInterval: pollingIntervalMs });
  const account =
    typeof parameters.account === "string"
      ? privateKeyToAccount(parameters.account)
      : parameters.account;
  const walletClient = account
    ? createWalletClient({ chain, transport, account, pollingInterval: pollingIntervalMs })
    : undefined;
  const addresses = {
    token: deployment.token as Address,
    registry: deployment.registry as Address,
    consensus: deployment.consensus as Address,
  };
  if (parameters.verify ?? true) {
    let chainId: number;
    let code: Hex | undefined;
    try {
      chainId = await publicClient.getChainId();
      code = await publicClient.getCode({ address: addresses.consensus });
    } catch (error) {
      throw toQcpError(error, "connecting");
    }
    if (chainId !== deployment.chainId) {
      throw new QcpError(
        `the node at ${rpcUrl} serves chain ${chainId}, the deployment is on chain ${deployment.chainId}`,
        { hints: ["pass the deployment file of this chain with --deployment, or the right --rpc"] },
      );
    }
    if (code === undefined || code === "0x") {
      throw new QcpError(`no contract at the consensus address ${addresses.consensus}`, {
        hints: [
          "the deployment file does not belong to this node (a restarted local node forgets its contracts); deploy again",
        ],
      });
    }
  }
  return { publicClient, walletClient, deployment, addresses, pollingIntervalMs };
}

/** The wallet client, or an error saying how to give the client a key. */
export function requireWallet(client: QcpClientBase): WalletClient<Transport, Chain, Account> {
  if (!client.walletClient) {
    throw new QcpError("this action sends a transaction and needs an account", {
      hints: ["create the client with `account` (the CLI reads the key from QCP_PRIVATE_KEY)"],
    });
  }
  return client.walletClient;
}
