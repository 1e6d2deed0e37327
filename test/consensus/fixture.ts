import { network } from "hardhat";
import type { Wallet } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { computeCommitment } from "../../offchain/protocol/commitment.js";
import {
  canonicalJson,
  computeOutputHash,
  domainToBytes32,
} from "../../offchain/protocol/payload.js";
import type { Vote } from "../../offchain/protocol/vote.js";
import { deployQualityConsensus } from "../../scripts/deploy.js";
import type { ModelBallot } from "./model.js";

/** One simulated network shared by every consensus test file; tests restore fixture snapshots. */
export const { ethers, networkHelpers } = await network.create();

export const TOKEN = 10n ** 18n;
export const MIN_STAKE = 1_000n * TOKEN;
export const FUNDED = 10_000_000n * TOKEN;
export const WINDOW = 120n; // the contract's default commit and reveal windows, seconds
export const FEE = 1_000n * TOKEN + 7n; // odd on purpose: rounding is visible

export const SAMPLE_PAYLOAD = {
  schema: "qcp/request@1",
  domain: "healthcare",
  output: { text: "Take 200 mg ibuprofen every 6 hours; consult a doctor.", confidence: 0.93 },
  model: { id: "demo-model", version: "1" },
} as const;
export const PAYLOAD_BYTES = ethers.toUtf8Bytes(canonicalJson(SAMPLE_PAYLOAD));
export const OUTPUT_HASH = computeOutputHash(SAMPLE_PAYLOAD);
export const DOMAIN = domainToBytes32("healthcare");

/** Stake of validator i: varied so that weights differ (1000..2500 tokens). */
export const stakeOf = (i: number): bigint => MIN_STAKE + BigInt(i % 4) * 500n * TOKEN;

/** Deterministic validator wallets: the committee order (sorted addresses) is stable across runs. */
function validatorWallet(i: number): Wallet {
  return new ethers.Wallet(ethers.id(`qcp-consensus-test-validator-${i}`), ethers.provider);
}

async function deploy(n: number) {
  const [admin, client, treasury, outsider] = await ethers.getSigners();
  const d = await deployQualityConsensus(ethers, {
    admin,
    treasury: treasury.address,
    powDifficultyBits: 0,
    registrationRateLimit: { windowSeconds: 3600n, maxPerWindow: 100n },
  });
  const consensusAddress = d.addresses.consensus;
  const validators: Wallet[] = [];
  for (let i = 0; i < n; i++) {
    const v = validatorWallet(i);
    await networkHelpers.setBalance(v.address, 10n ** 20n);
    await d.token.mint(v.address, FUNDED);
    await d.token.connect(v).approve(d.addresses.registry, ethers.MaxUint256);
    await d.registry.connect(v).register(stakeOf(i), 0n);
    validators.push(v);
  }
  await d.token.mint(client.address, FUNDED);
  await d.token.connect(client).approve(consensusAddress, ethers.MaxUint256);
  const chainId = (await ethers.provider.getNetwork()).chainId;
  return { ...d, admin, client, treasury, outsider, validators, consensusAddress, chainId };
}

export type ConsensusFixture = Awaited<ReturnType<typeof deploy>>;

const fixtures = new Map<number, () => Promise<ConsensusFixture>>();

/** A deployment with `n` registered validators (snapshot restored on every call). */
export function loadCommittee(n: number): Promise<ConsensusFixture> {
  let fixture = fixtures.get(n);
  if (fixture === undefined) {
    // loadFixture keys snapshots by function identity: one named function per committee size.
    fixture = Object.defineProperty(() => deploy(n), "name", { value: `committee${n}` });
    fixtures.set(n, fixture);
  }
  return networkHelpers.loadFixture(fixture);
}

export const findings = (tag: string): `0x${string}` =>
  ethers.id(`findings:${tag}`) as `0x${string}`;

export function makeVote(quality: number, risk: number, domain: number, tag = "default"): Vote {
  return { quality, risk, domain, findingsHash: findings(tag) };
}

/** Test salt; the reference daemon derives it from an EIP-712 signature (offchain/protocol/salt.ts). */
export const saltFor = (validator: string, requestId: bigint): `0x${string}` =>
  ethers.id(`salt:${validator.toLowerCase()}:${requestId}`) as `0x${string}`;

export function commitmentFor(
  fx: ConsensusFixture,
  requestId: bigint,
  validator: string,
  vote: Vote,
  salt = saltFor(validator, requestId),
): `0x${string}` {
  return computeCommitment(
    {
      chainId: fx.chainId,
      consensus: fx.consensusAddress as `0x${string}`,
      requestId,
      validator: validator as `0x${string}`,
    },
    vote,
    salt,
  );
}

export async function submit(
  fx: ConsensusFixture,
  fee: bigint = FEE,
  from: HardhatEthersSigner = fx.client,
): Promise<bigint> {
  await fx.consensus.connect(from).submitRequest(OUTPUT_HASH, DOMAIN, PAYLOAD_BYTES, "", fee);
  return fx.consensus.requestCount();
}

export async function commit(fx: ConsensusFixture, requestId: bigint, v: Wallet, vote: Vote) {
  return fx.consensus
    .connect(v)
    .commitVote(requestId, commitmentFor(fx, requestId, v.address, vote));
}

export async function reveal(fx: ConsensusFixture, requestId: bigint, v: Wallet, vote: Vote) {
  return fx.consensus.connect(v).revealVote(requestId, vote, saltFor(v.address, requestId));
}

/** The committee as finalizeWithCommittee wants it: ascending addresses. */
export function sortedAddresses(addresses: string[]): string[] {
  return [...addresses].sort((a, b) =>
    BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0,
  );
}

/** Reads every committee member's ballot into the model's form. */
export async function modelBallots(
  fx: ConsensusFixture,
  requestId: bigint,
  committee: string[],
): Promise<ModelBallot[]> {
  const out: ModelBallot[] = [];
  for (const validator of committee) {
    const b = await fx.consensus.getBallot(requestId, validator);
    out.push({
      validator,
      committed: b.committed,
      revealed: b.revealed,
      weight: b.weight,
      quality: Number(b.quality),
      risk: Number(b.risk),
      domain: Number(b.domain),
    });
  }
  return out;
}

export async function advancePast(timestamp: bigint): Promise<void> {
  await networkHelpers.time.increaseTo(timestamp + 1n);
}
