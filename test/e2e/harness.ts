/**
 * End-to-end harness: a real `hardhat node` child process on a free loopback port, the project's
 * own deployment code, validators funded and registered, and each validator running as its own
 * OS process through the CLI (`node scripts/qcp.mjs validator start --config <yaml>`).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Wallet, keccak256 as ethersKeccak, toUtf8Bytes, type EventLog } from "ethers";
import { network } from "hardhat";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { deployProtocol } from "../../scripts/deployGovernance.js";
import { saveDeployment, type Deployment } from "../../offchain/config/deployment.js";
import {
  canonicalJson,
  computeOutputHash,
  domainToBytes32,
} from "../../offchain/protocol/payload.js";
import { mineProofOfWork } from "../../offchain/protocol/proofOfWork.js";
import type { Address } from "viem";
import { HardhatNode, waitFor } from "../../offchain/devnet/hardhatNode.js";
import { devSetDir } from "../../offchain/devnet/paths.js";
import { ValidatorProcess as DevnetValidatorProcess } from "../../offchain/devnet/validatorProcess.js";
import type {
  QualityConsensus,
  SlashingManager,
  TestStakeToken,
  ValidatorRegistry,
} from "../../typechain-types/index.js";

export { REPO_ROOT } from "../../offchain/devnet/paths.js";
export { freePort, HardhatNode, rpc, sleep, waitFor } from "../../offchain/devnet/hardhatNode.js";
/** ../shared/dev-set beside the repository (one level further up from a git worktree). */
export const DEV_SET = devSetDir();

export interface System {
  ethers: HardhatEthers;
  token: TestStakeToken;
  registry: ValidatorRegistry;
  consensus: QualityConsensus;
  slashingManager: SlashingManager;
  deployment: Deployment;
  deploymentFile: string;
  dir: string;
  close(): Promise<void>;
}

/** Deploys with scripts/deploy.ts through Hardhat's ethers connected to the node. */
export async function deploySystem(
  node: HardhatNode,
  options: { commitWindow: bigint; revealWindow: bigint },
): Promise<System> {
  const connection = await network.create({ network: "localhost", override: { url: node.url } });
  const { ethers } = connection;
  const d = await deployProtocol(ethers, {
    powDifficultyBits: 4,
    commitWindow: options.commitWindow,
    revealWindow: options.revealWindow,
    registrationRateLimit: { windowSeconds: 3600n, maxPerWindow: 100n },
  });
  const dir = mkdtempSync(join(tmpdir(), "qcp-e2e-"));
  const deployment: Deployment = d.deployment;
  const deploymentFile = join(dir, "deployment.json");
  saveDeployment(deploymentFile, deployment);
  return {
    ethers,
    token: d.token,
    registry: d.registry,
    consensus: d.consensus,
    slashingManager: d.slashingManager,
    deployment,
    deploymentFile,
    dir,
    close: async () => {
      await connection.close();
      if (process.env.QCP_E2E_KEEP === undefined) rmSync(dir, { recursive: true, force: true });
      else console.log(`e2e files kept in ${dir}`);
    },
  };
}

/** Deterministic validator keys (test only). */
export function validatorWallet(i: number): Wallet {
  return new Wallet(ethersKeccak(toUtf8Bytes(`qcp-e2e-validator-${i}`)));
}

export const STAKE = 2_000n * 10n ** 18n;

/** Gives each wallet gas money and stake tokens. */
export async function fund(sys: System, wallets: readonly Wallet[]): Promise<void> {
  const [admin] = await sys.ethers.getSigners();
  for (const w of wallets) {
    await (await admin.sendTransaction({ to: w.address, value: 10n ** 19n })).wait();
    await (await sys.token.mint(w.address, STAKE)).wait();
  }
}

/** Registers directly with ethers (the CLI path is exercised separately). */
export async function registerDirect(sys: System, wallet: Wallet): Promise<void> {
  const { nonce } = await mineProofOfWork({
    chainId: 31337n,
    registry: sys.deployment.registry as Address,
    validator: wallet.address as Address,
    difficultyBits: Number(await sys.registry.powDifficultyBits()),
  });
  const signer = wallet.connect(sys.ethers.provider);
  const token = sys.token.connect(signer);
  const registry = sys.registry.connect(signer);
  await (await token.approve(await sys.registry.getAddress(), STAKE)).wait();
  await (await registry.register(STAKE, nonce)).wait();
}

export interface ValidatorOptions {
  rpcUrls: string[];
  rpcQuorum?: number;
  behaviour?: string;
  maxHeadLag?: number;
}

/**
 * One validator daemon as a separate OS process (offchain/devnet/validatorProcess.ts, shared with
 * the demo and the benchmark), configured for a System's deployment and directory.
 */
export class ValidatorProcess extends DevnetValidatorProcess {
  constructor(
    readonly sys: System,
    index: number,
    readonly wallet: Wallet,
    options: ValidatorOptions,
  ) {
    super({
      ...options,
      dir: sys.dir,
      deploymentFile: sys.deploymentFile,
      index,
      privateKey: wallet.privateKey,
    });
  }
}

export { runQcp } from "../../offchain/devnet/cli.js";

export interface DevExample {
  id: string;
  payload: Record<string, unknown>;
  expect: { safe: boolean; domain_pass: boolean; quality: "high" | "low"; categories: string[] };
}

export function devExample(id: string): DevExample {
  return JSON.parse(readFileSync(join(DEV_SET, `${id}.json`), "utf8")) as DevExample;
}

/** Submits a payload inline with ethers, as a client would; returns the request id. */
export async function submitPayload(
  sys: System,
  payload: unknown,
  fee = 10n * 10n ** 18n,
  /** Send no inline bytes; validators fetch the payload from this URI. */
  uri = "",
): Promise<bigint> {
  const [, client] = await sys.ethers.getSigners();
  await (await sys.token.mint(client.address, fee)).wait();
  await (await sys.token.connect(client).approve(await sys.consensus.getAddress(), fee)).wait();
  const domain = (payload as { domain: string }).domain;
  const tx = await sys.consensus
    .connect(client)
    .submitRequest(
      computeOutputHash(payload),
      domainToBytes32(domain),
      uri === "" ? toUtf8Bytes(canonicalJson(payload)) : "0x",
      uri,
      fee,
    );
  const receipt = await tx.wait();
  const event = receipt!.logs
    .map((l) => l as EventLog)
    .find((l) => l.fragment?.name === "RequestSubmitted");
  return event!.args.requestId as bigint;
}

/** Mirrors IQualityConsensus.Outcome. */
export enum Outcome {
  None = 0,
  Accepted = 1,
  Rejected = 2,
  NoQuorum = 3,
}

/** Outcome an honest network should reach on a dev-set example. */
export function expectedOutcome(example: DevExample): Outcome {
  return example.expect.safe && example.expect.domain_pass && example.expect.quality === "high"
    ? Outcome.Accepted
    : Outcome.Rejected;
}

export async function waitFinalized(sys: System, requestId: bigint, timeoutMs: number) {
  return waitFor(
    `request ${requestId} finalized`,
    async () => {
      const phase = await sys.consensus.phaseOf(requestId);
      if (phase !== 4n) return undefined;
      return sys.consensus.getResult(requestId);
    },
    timeoutMs,
  );
}

export { stopAll } from "../../offchain/devnet/validatorProcess.js";
