import { isError, keccak256, parseUnits, type Wallet } from "ethers";
import { asRevert, RevertError, TransientError } from "./errors.js";
import type { Logger } from "./logger.js";
import type { Metrics } from "./metrics.js";
import type { RpcQuorum } from "./rpc.js";

export interface TxOptions {
  chainId: number;
  maxFeePerGasGwei: number;
  feeBumpPercent: number;
  maxFeeBumps: number;
  stuckMs: number;
  pollMs: number;
}

export interface TxRequest {
  /** Short name for logs: `commit`, `reveal`, `finalize`, `claim`. */
  label: string;
  to: string;
  data: string;
  requestId?: bigint;
  /** Called once the first signed version is broadcast (e.g. to record the hash durably). */
  onSent?: (hash: string) => void | Promise<void>;
}

export interface TxResult {
  hash: string;
  blockNumber: number;
  gasUsed: bigint;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isNonceError(error: unknown): boolean {
  if (isError(error, "NONCE_EXPIRED") || isError(error, "REPLACEMENT_UNDERPRICED")) return true;
  const text = String((error as { message?: string })?.message ?? error).toLowerCase();
  return text.includes("nonce too low") || text.includes("nonce has already been used");
}

/**
 * The daemon's only way to send transactions: one at a time, with a local nonce.
 * Each send simulates first (a revert is decoded by name and nothing is sent), signs locally,
 * broadcasts to every fresh endpoint, and re-sends with higher fees (same nonce, capped) while
 * the transaction stays unmined.
 */
export class TxManager {
  private nonce: number | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly maxFeeCap: bigint;

  constructor(
    private readonly wallet: Wallet,
    private readonly rpc: RpcQuorum,
    private readonly options: TxOptions,
    private readonly logger: Logger,
    private readonly metrics?: Metrics,
  ) {
    this.maxFeeCap = parseUnits(String(options.maxFeePerGasGwei), "gwei");
  }

  get address(): string {
    return this.wallet.address;
  }

  /** Reads the pending nonce from the chain (at start and after any nonce trouble). */
  async syncNonce(): Promise<number> {
    this.nonce = await this.rpc.getTransactionCount(this.wallet.address, "pending");
    return this.nonce;
  }

  /** Simulates the call at the current head; throws a RevertError with the decoded custom error. */
  async simulate(to: string, data: string): Promise<void> {
    const head = await this.rpc.refreshHead();
    try {
      await this.rpc.call({ from: this.wallet.address, to, data }, head);
    } catch (error) {
      throw asRevert(error) ?? error;
    }
  }

  /** Queues `request` behind any transaction in flight, so nonces never interleave. */
  send(request: TxRequest): Promise<TxResult> {
    const run = this.queue.then(() => this.sendNow(request));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Resolves when every queued transaction has finished (graceful shutdown). */
  async drain(): Promise<void> {
    await this.queue;
  }

  private async fees(): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
    const data = await this.rpc.primary().getFeeData();
    let maxPriorityFeePerGas = data.maxPriorityFeePerGas ?? parseUnits("1", "gwei");
    let maxFeePerGas = data.maxFeePerGas ?? (data.gasPrice ?? parseUnits("2", "gwei")) * 2n;
    if (maxFeePerGas > this.maxFeeCap) maxFeePerGas = this.maxFeeCap;
    if (maxPriorityFeePerGas > maxFeePerGas) maxPriorityFeePerGas = maxFeePerGas;
    return { maxFeePerGas, maxPriorityFeePerGas };
  }

  private async sendNow(request: TxRequest): Promise<TxResult> {
    const log = this.logger.child({
      tx: request.label,
      ...(request.requestId !== undefined ? { requestId: request.requestId.toString() } : {}),
    });
    await this.simulate(request.to, request.data);
    if (this.nonce === undefined) await this.syncNonce();
    const primary = this.rpc.primary();
    let gasLimit: bigint;
    try {
      const estimate = await primary.estimateGas({
        from: this.wallet.address,
        to: request.to,
        data: request.data,
      });
      gasLimit = (estimate * 12n) / 10n + 10_000n;
    } catch (error) {
      throw asRevert(error) ?? new TransientError(`gas estimate failed: ${String(error)}`);
    }
    let { maxFeePerGas, maxPriorityFeePerGas } = await this.fees();
    const nonce = this.nonce!;
    const hashes: string[] = [];
    let bumps = 0;

    const signAndBroadcast = async (): Promise<string> => {
      const signed = await this.wallet.signTransaction({
        type: 2,
        chainId: this.options.chainId,
        nonce,
        to: request.to,
        data: request.data,
        gasLimit,
        maxFeePerGas,
        maxPriorityFeePerGas,
        value: 0n,
      });
      const hash = keccak256(signed);
      hashes.push(hash);
      await this.rpc.broadcast(signed);
      return hash;
    };

    try {
      const first = await signAndBroadcast();
      log.info({ hash: first, nonce }, "transaction sent");
      await request.onSent?.(first);
    } catch (error) {
      if (isNonceError(error)) {
        await this.syncNonce();
        throw new TransientError(`nonce ${nonce} already used; resynced to ${this.nonce}`);
      }
      throw asRevert(error) ?? error;
    }
    this.nonce = nonce + 1;

    let sentAt = Date.now();
    const giveUpAt = sentAt + this.options.stuckMs * (this.options.maxFeeBumps + 3);
    for (;;) {
      await sleep(this.options.pollMs);
      if (Date.now() > giveUpAt) {
        await this.syncNonce();
        throw new TransientError(
          `${request.label} transaction ${hashes.at(-1)} not mined after ${bumps} fee bump(s); nonce resynced`,
        );
      }
      for (const hash of hashes) {
        let receipt;
        try {
          receipt = await this.rpc.getReceipt(hash);
        } catch (error) {
          log.debug({ err: String(error) }, "receipt read failed; retrying");
          continue;
        }
        if (receipt === null) continue;
        if (receipt.status !== 1) {
          // Re-run the call at the parent block to learn the custom error.
          let reason: RevertError = new RevertError(undefined, [], undefined, "reverted on chain");
          try {
            await this.rpc.call(
              { from: this.wallet.address, to: request.to, data: request.data },
              receipt.blockNumber - 1,
            );
          } catch (error) {
            reason = asRevert(error) ?? reason;
          }
          log.warn(
            { hash, block: receipt.blockNumber, reason: reason.message },
            "transaction reverted",
          );
          throw reason;
        }
        log.info({ hash, block: receipt.blockNumber }, "transaction mined");
        return { hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed };
      }
      if (Date.now() - sentAt < this.options.stuckMs) continue;
      // At the cap, keep waiting for what is in flight: a replacement would exceed it.
      if (bumps >= this.options.maxFeeBumps || maxFeePerGas >= this.maxFeeCap) continue;
      const factor = BigInt(100 + this.options.feeBumpPercent);
      maxFeePerGas = (maxFeePerGas * factor) / 100n;
      maxPriorityFeePerGas = (maxPriorityFeePerGas * factor) / 100n;
      if (maxFeePerGas > this.maxFeeCap) maxFeePerGas = this.maxFeeCap;
      if (maxPriorityFeePerGas > maxFeePerGas) maxPriorityFeePerGas = maxFeePerGas;
      bumps += 1;
      this.metrics?.feeBumps.inc();
      try {
        const hash = await signAndBroadcast();
        log.warn(
          { hash, nonce, bumps, maxFeePerGas: maxFeePerGas.toString() },
          "stuck transaction re-sent with higher fees",
        );
      } catch (error) {
        // "nonce too low" here means one of the earlier versions was mined: the loop finds it.
        log.debug({ err: String(error) }, "replacement not accepted");
      }
      sentAt = Date.now();
    }
  }
}
