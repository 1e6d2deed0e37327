/**
 * Gas benchmark of QualityConsensus: register, commit, reveal and finalize for committees of
 * 4, 16, 64 and 100 validators, beside the floor of a vote (two transactions' 21k base + their
 * calldata + one new storage slot).
 *
 * Runs on its own: `npx hardhat run scripts/bench/gas.ts` or `npx tsx scripts/bench/gas.ts [--json]`.
 * `measureGas` is exported for `npm run bench`.
 */
import { network } from "hardhat";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import type { TransactionResponse, Wallet } from "ethers";
import { computeCommitment } from "../../offchain/protocol/commitment.js";
import type { Vote } from "../../offchain/protocol/vote.js";
import { deployQualityConsensus } from "../deploy.js";

export const COMMITTEE_SIZES = [4, 16, 64, 100] as const;

const TX_BASE_GAS = 21_000n;
const NEW_SLOT_GAS = 22_100n; // SSTORE zero -> non-zero (20_000) on a cold slot (2_100)

export interface CommitteeGas {
  committee: number;
  /** Mean gas of one commitVote / revealVote transaction. */
  commit: bigint;
  reveal: bigint;
  /** Mean calldata gas (EIP-2028: 16 per non-zero byte, 4 per zero byte) of a commit + reveal. */
  calldataPerVote: bigint;
  /** finalize with every member revealed and agreeing (steady state: second request). */
  finalize: bigint;
  /** finalize of the first request, where every reward slot is new. */
  finalizeFirst: bigint;
}

export interface GasReport {
  /** Mean gas of ValidatorRegistry.register (committee of 16). */
  register: bigint;
  /** 21k * 2 + calldata + one new slot. */
  floorPerVote: bigint;
  committees: CommitteeGas[];
}

/** Shape of `--json`: `{gas: {register, commit, reveal, floorPerVote, finalize: {"4", ...}}}` (numbers). */
export interface GasJson {
  gas: {
    register: number;
    commit: number;
    reveal: number;
    floorPerVote: number;
    finalize: Record<string, number>;
  };
}

const mean = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n) / BigInt(xs.length);

function calldataGas(data: string): bigint {
  let gas = 0n;
  for (let i = 2; i < data.length; i += 2) gas += data.slice(i, i + 2) === "00" ? 4n : 16n;
  return gas;
}

async function gasOf(tx: Promise<TransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("transaction not mined");
  return receipt.gasUsed;
}

/** Measures one committee of `n` validators on a fresh deployment. */
async function measureCommittee(
  ethers: HardhatEthers,
  networkHelpers: NetworkHelpers,
  n: number,
): Promise<CommitteeGas & { registerGas: bigint[] }> {
  const [admin, client] = await ethers.getSigners();
  const d = await deployQualityConsensus(ethers, {
    admin,
    powDifficultyBits: 0,
    registrationRateLimit: { windowSeconds: 3600n, maxPerWindow: 100n },
  });
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const validators: Wallet[] = [];
  const registerGas: bigint[] = [];
  for (let i = 0; i < n; i++) {
    const v = new ethers.Wallet(ethers.id(`qcp-bench-${n}-${i}`), ethers.provider);
    await networkHelpers.setBalance(v.address, 10n ** 20n);
    await d.token.mint(v.address, 10n ** 24n);
    await d.token.connect(v).approve(d.addresses.registry, ethers.MaxUint256);
    registerGas.push(
      await gasOf(d.registry.connect(v).register(10n ** 21n + BigInt(i) * 10n ** 18n, 0n)),
    );
    validators.push(v);
  }
  await d.token.mint(client.address, 10n ** 24n);
  await d.token.connect(client).approve(d.addresses.consensus, ethers.MaxUint256);

  const runRequest = async () => {
    await d.consensus
      .connect(client)
      .submitRequest(
        ethers.id("output"),
        ethers.encodeBytes32String("general"),
        "0x",
        "ipfs://payload",
        10n ** 20n,
      );
    const requestId = await d.consensus.requestCount();
    const votes: Vote[] = validators.map((_, i) => ({
      quality: 8_500 + (i % 5),
      risk: 1_000 + (i % 7),
      domain: 9_000 - (i % 3),
      findingsHash: ethers.id(`findings-${i}`) as `0x${string}`,
    }));
    const salts = validators.map(
      (v) => ethers.id(`salt-${v.address}-${requestId}`) as `0x${string}`,
    );
    const commitGas: bigint[] = [];
    const revealGas: bigint[] = [];
    const calldata: bigint[] = [];
    for (let i = 0; i < n; i++) {
      const commitment = computeCommitment(
        {
          chainId,
          consensus: d.addresses.consensus as `0x${string}`,
          requestId,
          validator: validators[i].address as `0x${string}`,
        },
        votes[i],
        salts[i],
      );
      const tx = d.consensus.connect(validators[i]).commitVote(requestId, commitment);
      calldata[i] = calldataGas((await tx).data);
      commitGas.push(await gasOf(tx));
    }
    for (let i = 0; i < n; i++) {
      const tx = d.consensus.connect(validators[i]).revealVote(requestId, votes[i], salts[i]);
      calldata[i] += calldataGas((await tx).data);
      revealGas.push(await gasOf(tx));
    }
    const finalizeGas = await gasOf(d.consensus.finalize(requestId));
    return {
      commit: mean(commitGas),
      reveal: mean(revealGas),
      calldataPerVote: mean(calldata),
      finalize: finalizeGas,
    };
  };

  const first = await runRequest();
  const steady = await runRequest();
  return { committee: n, ...steady, finalizeFirst: first.finalize, registerGas };
}

/**
 * Measures every committee size on the given network (each on its own fresh deployment).
 *
 * @example
 * import { network } from "hardhat";
 * import { measureGas } from "./scripts/bench/gas.js";
 * const { ethers, networkHelpers } = await network.create();
 * const report = await measureGas(ethers, networkHelpers);
 */
export async function measureGas(
  ethers: HardhatEthers,
  networkHelpers: NetworkHelpers,
  sizes: readonly number[] = COMMITTEE_SIZES,
): Promise<GasReport> {
  const committees: CommitteeGas[] = [];
  let register: bigint[] = [];
  for (const n of sizes) {
    const { registerGas, ...c } = await measureCommittee(ethers, networkHelpers, n);
    committees.push(c);
    if (n === 16 || register.length === 0) register = registerGas;
  }
  const calldata = mean(committees.map((c) => c.calldataPerVote));
  return {
    register: mean(register),
    floorPerVote: 2n * TX_BASE_GAS + calldata + NEW_SLOT_GAS,
    committees,
  };
}

/** The `--json` object; commit and reveal from the largest committee. */
export function toJson(report: GasReport): GasJson {
  const largest = report.committees[report.committees.length - 1];
  return {
    gas: {
      register: Number(report.register),
      commit: Number(largest.commit),
      reveal: Number(largest.reveal),
      floorPerVote: Number(report.floorPerVote),
      finalize: Object.fromEntries(
        report.committees.map((c) => [String(c.committee), Number(c.finalize)]),
      ),
    },
  };
}

export function formatTable(report: GasReport): string {
  const rows = [
    [
      "committee",
      "commit",
      "reveal",
      "commit+reveal/vote",
      "floor/vote",
      "finalize",
      "finalize/revealer",
      "finalize (1st)",
    ],
    ...report.committees.map((c) => [
      String(c.committee),
      String(c.commit),
      String(c.reveal),
      String(c.commit + c.reveal),
      String(report.floorPerVote),
      String(c.finalize),
      String(c.finalize / BigInt(c.committee)),
      String(c.finalizeFirst),
    ]),
  ];
  const widths = rows[0].map((_, k) => Math.max(...rows.map((r) => r[k].length)));
  const line = (r: string[]) =>
    "| " + r.map((cell, k) => cell.padStart(widths[k])).join(" | ") + " |";
  return [
    `register: ${report.register} gas (mean)`,
    line(rows[0]),
    "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|",
    ...rows.slice(1).map(line),
    "floor/vote = 2 x 21000 base + calldata of commit and reveal + 22100 for one new storage slot",
    "finalize = steady state (second request); finalize (1st) = first request (every reward slot new)",
  ].join("\n");
}

async function main() {
  const { ethers, networkHelpers } = await network.create();
  const report = await measureGas(ethers, networkHelpers);
  if (process.argv.includes("--json")) console.log(JSON.stringify(toJson(report)));
  else console.log(formatTable(report));
}

// Run when executed directly (tsx or `hardhat run`), not when imported by `npm run bench`.
const entry = process.argv[1] ?? "";
if (
  entry.endsWith("gas.ts") ||
  entry.endsWith("gas.js") ||
  process.argv.some((a) => a.endsWith("scripts/bench/gas.ts"))
) {
  await main();
}
