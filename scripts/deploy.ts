import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type {
  QualityConsensus,
  TestStakeToken,
  ValidatorRegistry,
} from "../typechain-types/index.js";

/** Options of {@link deployQualityConsensus}; every field has a local-chain default. */
export interface DeployQualityConsensusOptions {
  /** Existing stake token; when absent a TestStakeToken (open mint, local only) is deployed. */
  stakeToken?: string;
  /** Receives the protocol fee and slashed stake. Default: the admin. */
  treasury?: string;
  /** Gets every admin, parameter and pauser role. Default: the first signer. */
  admin?: HardhatEthersSigner;
  /** Registration proof-of-work difficulty. Default 0 (tests, demo); DESIGN.md says 20 in production. */
  powDifficultyBits?: number;
  /** Seconds; default 120 (the contract's default). */
  commitWindow?: bigint;
  /** Seconds; default 120 (the contract's default). */
  revealWindow?: bigint;
  /** Registration rate limit; default the registry's (1 hour, 10). Tests with large committees raise it. */
  registrationRateLimit?: { windowSeconds: bigint; maxPerWindow: bigint };
}

export interface QualityConsensusDeployment {
  token: TestStakeToken;
  registry: ValidatorRegistry;
  consensus: QualityConsensus;
  admin: HardhatEthersSigner;
  treasury: string;
  addresses: { token: string; registry: string; consensus: string };
}

/**
 * Deploys the stake token (only when none is given), ValidatorRegistry and QualityConsensus, and
 * grants the consensus CONSENSUS_ROLE and SLASHER_ROLE on the registry: the plain-ethers twin of
 * the Ignition module scripts/ignition/modules/QualityConsensus.ts, for tests, benchmarks and the demo.
 *
 * @example
 * import { network } from "hardhat";
 * import { deployQualityConsensus } from "./scripts/deploy.js";
 * const { ethers } = await network.create();
 * const { registry, consensus } = await deployQualityConsensus(ethers, { commitWindow: 60n });
 */
export async function deployQualityConsensus(
  ethers: HardhatEthers,
  options: DeployQualityConsensusOptions = {},
): Promise<QualityConsensusDeployment> {
  const admin = options.admin ?? (await ethers.getSigners())[0];
  const treasury = options.treasury ?? admin.address;
  const tokenAddress =
    options.stakeToken ??
    (await (await ethers.deployContract("TestStakeToken", [], admin)).getAddress());
  const token = (await ethers.getContractAt(
    "TestStakeToken",
    tokenAddress,
    admin,
  )) as unknown as TestStakeToken;
  const registry = (await ethers.deployContract(
    "ValidatorRegistry",
    [tokenAddress, treasury, admin.address, options.powDifficultyBits ?? 0],
    admin,
  )) as unknown as ValidatorRegistry;
  const registryAddress = await registry.getAddress();
  const consensus = (await ethers.deployContract(
    "QualityConsensus",
    [registryAddress, admin.address],
    admin,
  )) as unknown as QualityConsensus;
  const consensusAddress = await consensus.getAddress();

  await (await registry.grantRole(await registry.CONSENSUS_ROLE(), consensusAddress)).wait();
  await (await registry.grantRole(await registry.SLASHER_ROLE(), consensusAddress)).wait();
  if (options.commitWindow !== undefined) {
    await (await consensus.setCommitWindow(options.commitWindow)).wait();
  }
  if (options.revealWindow !== undefined) {
    await (await consensus.setRevealWindow(options.revealWindow)).wait();
  }
  if (options.registrationRateLimit !== undefined) {
    const { windowSeconds, maxPerWindow } = options.registrationRateLimit;
    await (await registry.setRegistrationRateLimit(windowSeconds, maxPerWindow)).wait();
  }
  return {
    token,
    registry,
    consensus,
    admin,
    treasury,
    addresses: { token: tokenAddress, registry: registryAddress, consensus: consensusAddress },
  };
}
