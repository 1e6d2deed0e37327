import { JsonRpcProvider, Wallet, type Provider, type Signer } from "ethers";
import { QcpError } from "../cli/errors.js";
import { loadDeployment, type Deployment } from "../config/deployment.js";
import { eip712Domain, type Eip712Domain } from "../protocol/eip712.js";
import {
  IQualityConsensus__factory,
  IValidatorRegistry__factory,
  QcpTimelock__factory,
  SlashingManager__factory,
  type IQualityConsensus,
  type IValidatorRegistry,
  type QcpTimelock,
  type SlashingManager,
} from "../../typechain-types/index.js";

/** A deployment that includes the governance contracts (they are optional in the deployment file). */
export type GovernanceDeployment = Deployment & {
  readonly slashingManager: string;
  readonly timelock: string;
};

/** Narrows a deployment to one with governance, or says clearly what is missing. */
export function requireGovernance(deployment: Deployment): GovernanceDeployment {
  const missing = (["slashingManager", "timelock"] as const).filter((key) => !deployment[key]);
  if (missing.length > 0) {
    throw new QcpError(`the deployment file has no ${missing.join(" and ")} address`, {
      hints: [
        "deploy governance with scripts/deployGovernance.ts (deployProtocol) or the Governance Ignition module",
      ],
    });
  }
  return deployment as GovernanceDeployment;
}

/** Everything a governance action needs: the chain, the deployment's contracts and, for writes, a signer. */
export interface GovernanceContext {
  readonly provider: Provider;
  readonly deployment: GovernanceDeployment;
  readonly domain: Eip712Domain;
  /** Absent for read-only use; writes require it. */
  readonly signer?: Signer;
  readonly manager: SlashingManager;
  readonly registry: IValidatorRegistry;
  readonly consensus: IQualityConsensus;
  readonly timelock: QcpTimelock;
}

export interface ConnectParameters {
  readonly rpcUrl: string;
  readonly deployment: Deployment | string;
  /** Hex private key; when absent the context is read-only. */
  readonly privateKey?: string;
}

/** The vote-signing domain of a deployment (no chain access needed). */
export function deploymentDomain(deployment: Deployment): Eip712Domain {
  return eip712Domain(BigInt(deployment.chainId), deployment.consensus as `0x${string}`);
}

/**
 * Connects to a deployment over JSON-RPC and checks that the node serves the deployment's chain.
 *
 * @example
 * import { connectGovernance } from "./offchain/governance/context.js";
 * const ctx = await connectGovernance({ rpcUrl: "http://127.0.0.1:8545", deployment: "deployment.json" });
 */
export async function connectGovernance(params: ConnectParameters): Promise<GovernanceContext> {
  const deployment = requireGovernance(
    typeof params.deployment === "string" ? loadDeployment(params.deployment) : params.deployment,
  );
  const provider = new JsonRpcProvider(params.rpcUrl, undefined, { staticNetwork: true });
  let chainId: bigint;
  try {
    chainId = (await provider.getNetwork()).chainId;
  } catch (error) {
    provider.destroy();
    throw new QcpError(`cannot reach the JSON-RPC node at ${params.rpcUrl}`, {
      hints: ["start a node (npx hardhat node) or pass --rpc <url> / set QCP_RPC_URL"],
      cause: error,
    });
  }
  if (chainId !== BigInt(deployment.chainId)) {
    provider.destroy();
    throw new QcpError(
      `the node at ${params.rpcUrl} serves chain ${chainId}, the deployment is on chain ${deployment.chainId}`,
      { hints: ["pass the deployment file of this chain with --deployment"] },
    );
  }
  return contextFor(
    provider,
    deployment,
    params.privateKey ? new Wallet(params.privateKey, provider) : undefined,
  );
}

/** Builds a context from an existing provider and optional signer (tests, the daemon). */
export function contextFor(
  provider: Provider,
  anyDeployment: Deployment,
  signer?: Signer,
): GovernanceContext {
  const deployment = requireGovernance(anyDeployment);
  const runner = signer ?? provider;
  return {
    provider,
    deployment,
    domain: deploymentDomain(deployment),
    signer,
    manager: SlashingManager__factory.connect(deployment.slashingManager, runner),
    registry: IValidatorRegistry__factory.connect(deployment.registry, runner),
    consensus: IQualityConsensus__factory.connect(deployment.consensus, runner),
    timelock: QcpTimelock__factory.connect(deployment.timelock, runner),
  };
}

/** The signer, or a clear error saying how to provide one. */
export function requireSigner(ctx: GovernanceContext): Signer {
  if (!ctx.signer) {
    throw new QcpError("this command sends a transaction and needs a key", {
      hints: ["set QCP_PRIVATE_KEY to the hex private key of the sending account"],
    });
  }
  return ctx.signer;
}

/** Releases the provider's polling and sockets so a CLI process can exit. */
export function closeGovernance(ctx: GovernanceContext): void {
  const provider = ctx.provider as Partial<JsonRpcProvider>;
  if (typeof provider.destroy === "function") provider.destroy();
}
