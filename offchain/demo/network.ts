import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonRpcProvider, MaxUint256, Wallet, keccak256, toUtf8Bytes } from "ethers";
import type { Address, Hex } from "viem";
import { connectQcp, type QcpClient } from "../client/index.js";
import type { Behaviour } from "../config/schema.js";
import { saveDeployment, type Deployment } from "../config/deployment.js";
import { HardhatNode } from "../devnet/hardhatNode.js";
import { ValidatorProcess } from "../devnet/validatorProcess.js";
import { contextFor, type GovernanceContext } from "../governance/context.js";
import { mineProofOfWork, type ProofOfWorkProgress } from "../protocol/proofOfWork.js";
import type {
  QualityConsensus,
  TestStakeToken,
  ValidatorRegistry,
} from "../../typechain-types/index.js";

const TOKEN = 10n ** 18n;
/** Each validator stakes this (minStake is 1000 tokens). */
export const VALIDATOR_STAKE = 2_000n * TOKEN;
/** Stake tokens minted to the client for request fees. */
const CLIENT_FUNDS = 1_000_000n * TOKEN;
const GAS_MONEY = 10n ** 19n;

/** Deterministic local-only keys: the demo is reproducible, and none of them ever holds real value. */
export function demoWallet(label: string): Wallet {
  return new Wallet(keccak256(toUtf8Bytes(`qcp-demo-${label}`)));
}

export interface NetworkOptions {
  validators: number;
  /** Behaviours of the Byzantine validators, given to the last ones in order. */
  byzantine: readonly Behaviour[];
  powDifficultyBits: number;
  commitWindowSeconds: number;
  revealWindowSeconds: number;
  /** Seconds between finalize attempts of consecutive validators. */
  finalizeStaggerSeconds?: number;
  /** Keep the working directory (configs, logs, databases) after close. */
  keep?: boolean;
  /** Human progress lines. */
  log: (line: string) => void;
  /** Called while mining each validator's proof of work. */
  onProofOfWork?: (index: number, progress: ProofOfWorkProgress | "done") => void;
}

export interface NetworkValidator {
  readonly index: number;
  readonly address: Address;
  /** "honest" or the simulated Byzantine behaviour. */
  readonly role: Behaviour;
  readonly process: ValidatorProcess;
}

export interface LocalNetwork {
  readonly node: HardhatNode;
  readonly dir: string;
  readonly deployment: Deployment & { slashingManager: string; timelock: string };
  readonly deploymentFile: string;
  readonly token: TestStakeToken;
  readonly registry: ValidatorRegistry;
  readonly consensus: QualityConsensus;
  readonly validators: readonly NetworkValidator[];
  /** viem client SDK with the client's key (submits the requests). */
  readonly client: QcpClient;
  /** Governance context with the reporter's key (reports equivocations). */
  readonly governance: GovernanceContext;
  readonly reporter: Address;
  /** Stops the daemons (gracefully), the node, and removes the directory unless `keep`. */
  close(): Promise<void>;
  /** Stops only the daemons (gracefully); the node keeps running for reads. */
  stopValidators(): Promise<void>;
}

/**
 * Starts a local chain and a full validator network on it: a `hardhat node` child process,
 * the protocol deployed with the project's deployment code (token, registry, consensus, timelock,
 * SlashingManager), `validators` validators funded, registered with proof of work, and each run as
 * its own daemon process (the last `byzantine.length` with a simulated behaviour). On any error
 * everything started so far is stopped.
 */
export async function startLocalNetwork(options: NetworkOptions): Promise<LocalNetwork> {
  const { log } = options;
  if (options.byzantine.length > options.validators) {
    throw new Error(
      `${options.byzantine.length} Byzantine behaviours for ${options.validators} validators`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), "qcp-demo-"));
  const started: {
    node?: HardhatNode;
    processes: ValidatorProcess[];
    closeHardhat?: () => Promise<void>;
  } = {
    processes: [],
  };
  const stopValidators = async () => {
    await Promise.all(started.processes.map((p) => p.stop()));
  };
  const close = async () => {
    await stopValidators();
    await started.closeHardhat?.().catch(() => undefined);
    started.node?.stop();
    if (options.keep) log(`working files kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
  try {
    log("starting a local chain (hardhat node, 1 block per second)");
    const node = await HardhatNode.start();
    started.node = node;
    log(`  chain at ${node.url}`);

    // Hardhat's ethers over the node: the project's deployment code takes it.
    const { network } = await import("hardhat");
    const connection = await network.create({ network: "localhost", override: { url: node.url } });
    started.closeHardhat = () => connection.close();
    const { ethers } = connection;
    const [admin] = await ethers.getSigners();
    const { deployProtocol } = await import("../../scripts/deployGovernance.js");

    log("deploying token, registry, consensus, timelock and SlashingManager");
    const d = await deployProtocol(ethers, {
      powDifficultyBits: options.powDifficultyBits,
      commitWindow: BigInt(options.commitWindowSeconds),
      revealWindow: BigInt(options.revealWindowSeconds),
      registrationRateLimit: { windowSeconds: 3_600n, maxPerWindow: 100n },
      minDelay: 60n,
    });
    const { deployment } = d;
    const deploymentFile = join(dir, "deployment.json");
    saveDeployment(deploymentFile, deployment);
    log(`  consensus ${deployment.consensus}, registry ${deployment.registry}`);

    const clientWallet = demoWallet("client");
    const reporterWallet = demoWallet("reporter");
    const wallets = Array.from({ length: options.validators }, (_, i) =>
      demoWallet(`validator-${i}`),
    );
    for (const w of [clientWallet, reporterWallet, ...wallets]) {
      await (await admin.sendTransaction({ to: w.address, value: GAS_MONEY })).wait();
    }
    for (const w of wallets) await (await d.token.mint(w.address, VALIDATOR_STAKE)).wait();
    await (await d.token.mint(clientWallet.address, CLIENT_FUNDS)).wait();
    // One standing allowance for the demo client, so each request is a single transaction.
    await (
      await d.token
        .connect(clientWallet.connect(ethers.provider))
        .approve(deployment.consensus, MaxUint256)
    ).wait();

    const bits = Number(await d.registry.powDifficultyBits());
    const chainId = BigInt(deployment.chainId);
    log(
      `registering ${options.validators} validators (proof of work: ${bits} leading zero bits each)`,
    );
    for (const [i, w] of wallets.entries()) {
      const { nonce } = await mineProofOfWork({
        chainId,
        registry: deployment.registry as Address,
        validator: w.address as Address,
        difficultyBits: bits,
        progressEvery: 8_192,
        onProgress: (p) => options.onProofOfWork?.(i, p),
      });
      options.onProofOfWork?.(i, "done");
      const signer = w.connect(ethers.provider);
      await (await d.token.connect(signer).approve(deployment.registry, VALIDATOR_STAKE)).wait();
      await (await d.registry.connect(signer).register(VALIDATOR_STAKE, nonce)).wait();
    }

    const firstByzantine = options.validators - options.byzantine.length;
    const validators: NetworkValidator[] = wallets.map((w, i) => {
      const role: Behaviour =
        i >= firstByzantine ? options.byzantine[i - firstByzantine] : "honest";
      return {
        index: i,
        address: w.address as Address,
        role,
        process: new ValidatorProcess({
          dir,
          deploymentFile,
          index: i,
          privateKey: w.privateKey,
          rpcUrls: [node.url],
          behaviour: role,
          finalizeStaggerSeconds: options.finalizeStaggerSeconds,
        }),
      };
    });
    log(`starting ${validators.length} validator daemons (one process each)`);
    for (const v of validators) {
      started.processes.push(v.process);
      await v.process.start({}, v.role === "honest" ? [] : ["--simulate"]);
    }
    await Promise.all(validators.map((v) => v.process.waitStarted(120_000)));
    // From here on blocks come only from the 1 s interval, so chain time follows the clock.
    await node.setAutomine(false);

    const client = await connectQcp({
      rpcUrl: node.url,
      deployment,
      account: clientWallet.privateKey as Hex,
      pollingIntervalMs: 500,
    });
    const provider = new JsonRpcProvider(node.url, undefined, {
      staticNetwork: true,
      pollingInterval: 500,
    });
    const governance = contextFor(provider, deployment, reporterWallet.connect(provider));
    const closeAll = close;
    return {
      node,
      dir,
      deployment,
      deploymentFile,
      token: d.token,
      registry: d.registry,
      consensus: d.consensus,
      validators,
      client,
      governance,
      reporter: reporterWallet.address as Address,
      stopValidators,
      close: async () => {
        provider.destroy();
        await closeAll();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
