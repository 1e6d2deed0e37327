import type { ContractTransactionReceipt, ContractTransactionResponse } from "ethers";
import { toGovernanceError } from "./errors.js";

/** Options every governance write takes. */
export interface WriteOptions {
  /** Simulate only; send nothing. */
  readonly dryRun?: boolean;
}

/** The outcome of a write: what the simulation returned and, unless dry-run, the mined transaction. */
export interface WriteResult<T> {
  readonly dryRun: boolean;
  readonly simulated: T;
  readonly txHash?: string;
  readonly blockNumber?: number;
  readonly receipt?: ContractTransactionReceipt;
}

/**
 * Simulates a write (eth_call), then sends it unless `dryRun`, and waits for it to be mined. A revert
 * in either step becomes a QcpError naming the custom error and what to do.
 */
export async function simulateAndSend<T>(
  action: string,
  simulate: () => Promise<T>,
  send: () => Promise<ContractTransactionResponse>,
  options: WriteOptions = {},
): Promise<WriteResult<T>> {
  let simulated: T;
  try {
    simulated = await simulate();
  } catch (error) {
    throw toGovernanceError(error, action);
  }
  if (options.dryRun) return { dryRun: true, simulated };
  try {
    const tx = await send();
    const receipt = await tx.wait();
    if (!receipt || receipt.status !== 1) throw new Error(`transaction ${tx.hash} failed`);
    return { dryRun: false, simulated, txHash: tx.hash, blockNumber: receipt.blockNumber, receipt };
  } catch (error) {
    throw toGovernanceError(error, action);
  }
}
