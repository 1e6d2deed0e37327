import { network } from "hardhat";
import type { TestStakeToken, ValidatorRegistry } from "../../typechain-types/index.js";

/** One simulated network shared by every registry test file; each test restores a fixture snapshot. */
export const { ethers, networkHelpers } = await network.create();

export const TOKEN = 10n ** 18n;
export const MIN_STAKE = 1_000n * TOKEN;
export const MAX_EFFECTIVE_STAKE = 100_000n * TOKEN;
export const FUNDED = 1_000_000n * TOKEN;
export const DAY = 24n * 60n * 60n;

/** Mirrors IValidatorRegistry.ValidatorStatus. */
export const Status = { None: 0n, Active: 1n, Unbonding: 2n } as const;

export const bytes32 = (text: string): string => ethers.encodeBytes32String(text);
export const REASON = bytes32("test-reason");

async function deploy(powDifficultyBits: number) {
  const [admin, treasury, slasher, consensus, allowlister, rewardee, outsider, ...validators] =
    await ethers.getSigners();
  const token = (await ethers.deployContract("TestStakeToken")) as unknown as TestStakeToken;
  const registry = (await ethers.deployContract("ValidatorRegistry", [
    await token.getAddress(),
    treasury.address,
    admin.address,
    powDifficultyBits,
  ])) as unknown as ValidatorRegistry;
  const registryAddress = await registry.getAddress();
  await registry.grantRole(await registry.SLASHER_ROLE(), slasher.address);
  await registry.grantRole(await registry.CONSENSUS_ROLE(), consensus.address);
  await registry.grantRole(await registry.ALLOWLIST_ROLE(), allowlister.address);
  for (const v of validators) {
    await token.mint(v.address, FUNDED);
    await token.connect(v).approve(registryAddress, ethers.MaxUint256);
  }
  return {
    token,
    registry,
    registryAddress,
    admin,
    treasury,
    slasher,
    consensus,
    allowlister,
    rewardee,
    outsider,
    validators,
  };
}

/** Registry with proof-of-work difficulty 0: any nonce registers. */
export async function registryFixture() {
  return deploy(0);
}

export type RegistryFixture = Awaited<ReturnType<typeof registryFixture>>;

/** Loads the difficulty-0 fixture (snapshot restored per test). */
export const loadRegistry = (): Promise<RegistryFixture> =>
  networkHelpers.loadFixture(registryFixture);

/** Role ids, as the contract computes them. */
export const Roles = {
  DEFAULT_ADMIN: ethers.ZeroHash,
  PARAMETER: ethers.id("PARAMETER_ROLE"),
  SLASHER: ethers.id("SLASHER_ROLE"),
  CONSENSUS: ethers.id("CONSENSUS_ROLE"),
  PAUSER: ethers.id("PAUSER_ROLE"),
  ALLOWLIST: ethers.id("ALLOWLIST_ROLE"),
} as const;

/** weightOf as the contract computes it: min(stake, cap) * reputation / 10_000, rounded down. */
export function expectedWeight(stake: bigint, reputationBps: bigint, cap = MAX_EFFECTIVE_STAKE) {
  return ((stake < cap ? stake : cap) * reputationBps) / 10_000n;
}

/** The contract's EMA step (alpha 0.1; increases round down, decreases round up; clamp [1000, 10000]). */
export function nextReputation(rep: bigint, performanceBps: bigint): bigint {
  let next =
    performanceBps >= rep
      ? rep + (1_000n * (performanceBps - rep)) / 10_000n
      : rep - (1_000n * (rep - performanceBps) + 9_999n) / 10_000n;
  if (next < 1_000n) next = 1_000n;
  if (next > 10_000n) next = 10_000n;
  return next;
}
