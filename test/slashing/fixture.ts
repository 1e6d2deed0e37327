import { network } from "hardhat";
import type { Signer } from "ethers";
import type {
  MockVoteConsensus,
  QcpTimelock,
  SlashingManager,
  TestStakeToken,
  ValidatorRegistry,
} from "../../typechain-types/index.js";
import { signVote, type SignedVote } from "../../offchain/governance/evidence.js";
import { eip712Domain, type Eip712Domain } from "../../offchain/protocol/eip712.js";
import type { Vote } from "../../offchain/protocol/vote.js";

/** One simulated network shared by the slashing test files; each test restores a fixture snapshot. */
export const { ethers, networkHelpers } = await network.create();

export const TOKEN = 10n ** 18n;
export const MIN_STAKE = 1_000n * TOKEN;
export const FUNDED = 1_000_000n * TOKEN;
export const HOUR = 3_600n;
export const DAY = 24n * HOUR;
export const MAX_BPS = 10_000n;
export const TIMELOCK_DELAY = 60n;

/** Mirrors IValidatorRegistry.ValidatorStatus. */
export const Status = { None: 0n, Active: 1n, Unbonding: 2n } as const;
/** Mirrors ISlashingManager.ProposalState. */
export const State = { None: 0n, VetoWindow: 1n, Executable: 2n, Vetoed: 3n, Executed: 4n } as const;
/** Mirrors OpenZeppelin ECDSA.RecoverError. */
export const RecoverError = { InvalidSignature: 1n, InvalidSignatureLength: 2n, InvalidSignatureS: 3n } as const;

export const REASON_EQUIVOCATION = ethers.encodeBytes32String("equivocation");
export const REASON_GOVERNANCE = ethers.encodeBytes32String("governance");

export const Roles = {
  DEFAULT_ADMIN: ethers.ZeroHash,
  GOVERNOR: ethers.id("GOVERNOR_ROLE"),
  VETO: ethers.id("VETO_ROLE"),
  PARAMETER: ethers.id("PARAMETER_ROLE"),
  SLASHER: ethers.id("SLASHER_ROLE"),
} as const;

export const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

export function vote(quality: number, risk = 1_000, domain = 9_000, findings = "none"): Vote {
  return { quality, risk, domain, findingsHash: ethers.id(findings) as `0x${string}` };
}

async function deploy() {
  const [admin, treasury, governor, vetoer, parameterSetter, reporter, outsider, slasher, ...validators] =
    await ethers.getSigners();
  const token = (await ethers.deployContract("TestStakeToken")) as unknown as TestStakeToken;
  const registry = (await ethers.deployContract("ValidatorRegistry", [
    await token.getAddress(),
    treasury.address,
    admin.address,
    0,
  ])) as unknown as ValidatorRegistry;
  const consensus = (await ethers.deployContract("MockVoteConsensus")) as unknown as MockVoteConsensus;
  const manager = (await ethers.deployContract("SlashingManager", [
    await registry.getAddress(),
    await consensus.getAddress(),
    admin.address,
  ])) as unknown as SlashingManager;
  const managerAddress = await manager.getAddress();
  await registry.grantRole(Roles.SLASHER, managerAddress);
  await registry.grantRole(Roles.SLASHER, slasher.address);
  await manager.grantRole(Roles.GOVERNOR, governor.address);
  await manager.grantRole(Roles.VETO, vetoer.address);
  await manager.grantRole(Roles.PARAMETER, parameterSetter.address);
  const registryAddress = await registry.getAddress();
  for (const v of validators.slice(0, 6)) {
    await token.mint(v.address, FUNDED);
    await token.connect(v).approve(registryAddress, ethers.MaxUint256);
  }
  const { chainId } = await ethers.provider.getNetwork();
  const domain = eip712Domain(chainId, (await consensus.getAddress()) as `0x${string}`);
  return {
    token,
    registry,
    registryAddress,
    consensus,
    manager,
    managerAddress,
    domain,
    admin,
    treasury,
    governor,
    vetoer,
    parameterSetter,
    reporter,
    outsider,
    slasher,
    validators,
  };
}

export type SlashingFixture = Awaited<ReturnType<typeof deploy>>;

export const loadSlashing = (): Promise<SlashingFixture> => networkHelpers.loadFixture(deploy);

/** Makes request `requestId` exist with its reveal deadline `revealInSeconds` from now. */
export async function createRequest(
  f: SlashingFixture,
  requestId = 1n,
  revealInSeconds = 240n,
): Promise<{ requestId: bigint; revealDeadline: bigint }> {
  const revealDeadline = BigInt(await networkHelpers.time.latest()) + revealInSeconds;
  await f.consensus.setRequest(requestId, revealDeadline);
  return { requestId, revealDeadline };
}

export async function sign(
  f: SlashingFixture,
  signer: Signer,
  requestId: bigint,
  v: Vote,
): Promise<SignedVote> {
  return signVote(signer, f.domain as Eip712Domain, requestId, v);
}

/** Two conflicting signed votes by `signer` on `requestId`. */
export async function equivocation(f: SlashingFixture, signer: Signer, requestId: bigint) {
  const a = await sign(f, signer, requestId, vote(8_000));
  const b = await sign(f, signer, requestId, vote(2_000));
  return { a, b };
}

export async function timelockFixture(f: SlashingFixture) {
  const [proposer] = [f.governor];
  const timelock = (await ethers.deployContract("QcpTimelock", [
    TIMELOCK_DELAY,
    [proposer.address],
    [ethers.ZeroAddress],
    ethers.ZeroAddress,
  ])) as unknown as QcpTimelock;
  await f.manager.grantRole(Roles.PARAMETER, await timelock.getAddress());
  await f.manager.grantRole(Roles.GOVERNOR, await timelock.getAddress());
  return { timelock, proposer };
}
