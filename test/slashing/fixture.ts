import { network } from "hardhat";
import type { Signer } from "ethers";
import type { QcpTimelock, SlashingManager } from "../../typechain-types/index.js";
import { deployQualityConsensus } from "../../scripts/deploy.js";
import {
  canonicalJson,
  computeOutputHash,
  domainToBytes32,
} from "../../offchain/protocol/payload.js";
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
export const FEE = 100n * TOKEN + 1n;

/** Mirrors IValidatorRegistry.ValidatorStatus. */
export const Status = { None: 0n, Active: 1n, Unbonding: 2n } as const;
/** Mirrors ISlashingManager.ProposalState. */
export const State = {
  None: 0n,
  VetoWindow: 1n,
  Executable: 2n,
  Vetoed: 3n,
  Executed: 4n,
} as const;
/** Mirrors OpenZeppelin ECDSA.RecoverError. */
export const RecoverError = {
  InvalidSignature: 1n,
  InvalidSignatureLength: 2n,
  InvalidSignatureS: 3n,
} as const;

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

/** Registered by the fixture so that requests can be submitted (minValidators is 4). */
const FILLERS = 4;

async function deploy() {
  const [
    admin,
    treasury,
    governor,
    vetoer,
    parameterSetter,
    reporter,
    outsider,
    slasher,
    client,
    ...rest
  ] = await ethers.getSigners();
  const fillers = rest.slice(0, FILLERS);
  const validators = rest.slice(FILLERS);
  const base = await deployQualityConsensus(ethers, {
    admin,
    treasury: treasury.address,
    powDifficultyBits: 0,
    registrationRateLimit: { windowSeconds: 3600n, maxPerWindow: 100n },
  });
  const { token, registry, consensus } = base;
  const registryAddress = base.addresses.registry;
  const manager = (await ethers.deployContract("SlashingManager", [
    registryAddress,
    base.addresses.consensus,
    admin.address,
  ])) as unknown as SlashingManager;
  const managerAddress = await manager.getAddress();
  await registry.grantRole(Roles.SLASHER, managerAddress);
  await registry.grantRole(Roles.SLASHER, slasher.address);
  await manager.grantRole(Roles.GOVERNOR, governor.address);
  await manager.grantRole(Roles.VETO, vetoer.address);
  await manager.grantRole(Roles.PARAMETER, parameterSetter.address);
  for (const v of [...fillers, ...validators]) {
    await token.mint(v.address, FUNDED);
    await token.connect(v).approve(registryAddress, ethers.MaxUint256);
  }
  for (const v of fillers) await registry.connect(v).register(MIN_STAKE, 0n);
  await token.mint(client.address, FUNDED);
  await token.connect(client).approve(base.addresses.consensus, ethers.MaxUint256);
  const { chainId } = await ethers.provider.getNetwork();
  const domain = eip712Domain(chainId, base.addresses.consensus as `0x${string}`);
  return {
    token,
    registry,
    registryAddress,
    consensus,
    consensusAddress: base.addresses.consensus,
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
    client,
    fillers,
    validators,
  };
}

export type SlashingFixture = Awaited<ReturnType<typeof deploy>>;

export const loadSlashing = (): Promise<SlashingFixture> => networkHelpers.loadFixture(deploy);

const SAMPLE_PAYLOAD = { schema: "qcp/request@1", domain: "general", output: { text: "ok" } };

/** Submits a request to QualityConsensus; returns its id and reveal deadline. */
export async function createRequest(
  f: SlashingFixture,
): Promise<{ requestId: bigint; revealDeadline: bigint }> {
  const payload = ethers.toUtf8Bytes(canonicalJson(SAMPLE_PAYLOAD));
  await f.consensus
    .connect(f.client)
    .submitRequest(computeOutputHash(SAMPLE_PAYLOAD), domainToBytes32("general"), payload, "", FEE);
  const requestId = await f.consensus.requestCount();
  const { revealDeadline } = await f.consensus.getRequest(requestId);
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
