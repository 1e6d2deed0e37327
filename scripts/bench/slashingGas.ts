/**
 * Gas of SlashingManager.reportEquivocation: two conflicting signed votes by one validator on one
 * request, reported by a third party (slash, reporter reward, removal from the active set), on a
 * fresh in-process deployment of the whole protocol (scripts/deployGovernance.ts).
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { Wallet } from "ethers";
import { signVote } from "../../offchain/governance/evidence.js";
import { eip712Domain } from "../../offchain/protocol/eip712.js";
import type { Vote } from "../../offchain/protocol/vote.js";
import { deployProtocol } from "../deployGovernance.js";
import { registerValidators, submitSampleRequest } from "../setupProtocol.js";

const TOKEN = 10n ** 18n;
const STAKE = 2_000n * TOKEN;
const COMMITTEE = 4;

export interface EquivocationGas {
  /** gasUsed of one reportEquivocation transaction. */
  reportEquivocation: bigint;
}

/**
 * @example
 * import { network } from "hardhat";
 * import { measureEquivocationGas } from "./scripts/bench/slashingGas.js";
 * const { ethers } = await network.create();
 * console.log((await measureEquivocationGas(ethers)).reportEquivocation);
 */
export async function measureEquivocationGas(ethers: HardhatEthers): Promise<EquivocationGas> {
  const signers = await ethers.getSigners();
  const [admin, , reporter, client] = signers;
  const d = await deployProtocol(ethers, {
    admin,
    powDifficultyBits: 0,
    registrationRateLimit: { windowSeconds: 3_600n, maxPerWindow: 100n },
  });
  const validators = Array.from(
    { length: COMMITTEE },
    (_, i) => new Wallet(ethers.id(`qcp-bench-equivocation-${i}`), ethers.provider),
  );
  for (const v of validators) {
    await (await admin.sendTransaction({ to: v.address, value: 10n ** 19n })).wait();
  }
  await registerValidators(d, validators, { mint: STAKE, stake: STAKE });
  const requestId = await submitSampleRequest(d, client, { fee: 100n * TOKEN, text: "bench" });
  const { chainId } = await ethers.provider.getNetwork();
  const domain = eip712Domain(chainId, d.deployment.consensus as `0x${string}`);
  const vote = (quality: number): Vote => ({
    quality,
    risk: 1_000,
    domain: 9_000,
    findingsHash: ethers.id(`findings-${quality}`) as `0x${string}`,
  });
  const a = await signVote(validators[0], domain, requestId, vote(9_000));
  const b = await signVote(validators[0], domain, requestId, vote(1_000));
  const tx = await d.slashingManager
    .connect(reporter)
    .reportEquivocation(requestId, a.vote, a.signature, b.vote, b.signature);
  const receipt = await tx.wait();
  if (receipt === null || receipt.status !== 1) throw new Error("reportEquivocation failed");
  return { reportEquivocation: receipt.gasUsed };
}
