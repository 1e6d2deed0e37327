import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { Deployment } from "../offchain/config/deployment.js";
import type { QcpTimelock, SlashingManager } from "../typechain-types/index.js";
import {
  deployQualityConsensus,
  type DeployQualityConsensusOptions,
  type QualityConsensusDeployment,
} from "./deploy.js";

const role = (ethers: HardhatEthers, name: string) => ethers.id(name);

export interface DeployGovernanceOptions {
  /** Timelock delay in seconds. Default 60 (local); production: days. */
  minDelay?: bigint;
  /** May schedule and cancel timelock operations. Default: the admin. */
  proposer?: string;
  /** May execute ready operations; the zero address (default) lets anyone. */
  executor?: string;
  /** Holds VETO_ROLE. Default: the second signer. */
  vetoer?: string;
}

export interface GovernanceDeployment {
  timelock: QcpTimelock;
  slashingManager: SlashingManager;
  addresses: { timelock: string; slashingManager: string };
}

/**
 * Deploys the timelock and the SlashingManager next to an existing QualityConsensus deployment and
 * wires the roles exactly as the Ignition module scripts/ignition/modules/Governance.ts does (its
 * plain-ethers twin, for tests, the demo and a local node). `base.admin` must administer the
 * registry and the consensus.
 */
export async function deployGovernance(
  ethers: HardhatEthers,
  base: QualityConsensusDeployment,
  options: DeployGovernanceOptions = {},
): Promise<GovernanceDeployment> {
  const admin: HardhatEthersSigner = base.admin;
  const signers = await ethers.getSigners();
  const vetoer = options.vetoer ?? signers[1].address;
  const timelock = (await ethers.deployContract(
    "QcpTimelock",
    [
      options.minDelay ?? 60n,
      [options.proposer ?? admin.address],
      [options.executor ?? ethers.ZeroAddress],
      ethers.ZeroAddress,
    ],
    admin,
  )) as unknown as QcpTimelock;
  const timelockAddress = await timelock.getAddress();
  const slashingManager = (await ethers.deployContract(
    "SlashingManager",
    [base.addresses.registry, base.addresses.consensus, admin.address],
    admin,
  )) as unknown as SlashingManager;
  const managerAddress = await slashingManager.getAddress();

  const grants: [
    { grantRole(role: string, account: string): Promise<{ wait(): Promise<unknown> }> },
    string,
    string,
  ][] = [
    [base.registry, role(ethers, "SLASHER_ROLE"), managerAddress],
    [slashingManager, role(ethers, "GOVERNOR_ROLE"), timelockAddress],
    [slashingManager, role(ethers, "PARAMETER_ROLE"), timelockAddress],
    [slashingManager, role(ethers, "VETO_ROLE"), vetoer],
    [base.registry, role(ethers, "PARAMETER_ROLE"), timelockAddress],
    [base.consensus, role(ethers, "PARAMETER_ROLE"), timelockAddress],
    [slashingManager, ethers.ZeroHash, timelockAddress],
    [base.registry, ethers.ZeroHash, timelockAddress],
    [base.consensus, ethers.ZeroHash, timelockAddress],
  ];
  for (const [contract, roleId, account] of grants) {
    await (await contract.grantRole(roleId, account)).wait();
  }
  return {
    timelock,
    slashingManager,
    addresses: { timelock: timelockAddress, slashingManager: managerAddress },
  };
}

export interface DeployProtocolOptions
  extends DeployQualityConsensusOptions, DeployGovernanceOptions {}

/**
 * Deploys the whole protocol (token, registry, consensus, timelock, SlashingManager) and returns the
 * contracts plus the deployment file content `{chainId, token, registry, consensus, slashingManager, timelock, deployBlock}`
 * (offchain/config/deployment.ts; write it with `saveDeployment`).
 *
 * @example
 * import { network } from "hardhat";
 * import { deployProtocol } from "./scripts/deployGovernance.js";
 * const { ethers } = await network.connect();
 * const { deployment } = await deployProtocol(ethers, { minDelay: 60n });
 */
export async function deployProtocol(ethers: HardhatEthers, options: DeployProtocolOptions = {}) {
  // Nothing of this deployment exists before the next block: a safe first block to scan for events.
  const deployBlock = (await ethers.provider.getBlockNumber()) + 1;
  const base = await deployQualityConsensus(ethers, options);
  const governance = await deployGovernance(ethers, base, options);
  const { chainId } = await ethers.provider.getNetwork();
  const deployment: Deployment & { slashingManager: string; timelock: string } = {
    chainId: Number(chainId),
    ...base.addresses,
    ...governance.addresses,
    deployBlock,
  };
  return { ...base, ...governance, deployment };
}
