import {
  FetchRequest,
  JsonRpcProvider,
  Network,
  type ContractRunner,
  type Provider,
  type TransactionRequest,
} from "ethers";
import { redactUrl } from "../config/load.js";
import { asRevert, FatalError, TransientError } from "./errors.js";
import type { Logger } from "./logger.js";
import type { Metrics } from "./metrics.js";

/**
 * Reads through several JSON-RPC endpoints with a quorum (eclipse defence).
 *
 * - The head is the highest block that at least `quorum` endpoints report, so one endpoint
 *   cannot invent blocks; an endpoint more than `maxHeadLag` blocks behind it is stale and left
 *   out of reads until it catches up.
 * - Every other read is pinned to an explicit block number and sent to every fresh endpoint;
 *   it counts only when `quorum` endpoints return the same answer and no other answer is as
 *   common. Anything else is a TransientError: the daemon waits rather than act on a lie.
 */

export interface RpcOptions {
  chainId: number;
  quorum: number;
  maxHeadLag: number;
  timeoutMs: number;
}

export interface BlockRef {
  number: number;
  hash: string;
  timestamp: number;
}

export interface RawLog {
  blockNumber: number;
  blockHash: string;
  transactionHash: string;
  index: number;
  address: string;
  topics: readonly string[];
  data: string;
}

export interface LogFilter {
  address: string;
  topics: (string | null)[];
  fromBlock: number;
  toBlock: number;
}

interface Endpoint {
  index: number;
  label: string;
  provider: JsonRpcProvider;
  head: number;
  stale: boolean;
  wrongChain: boolean;
}

type Outcome<T> = { ok: true; value: T; key: string } | { ok: false; error: unknown; key?: string };

function stableKey(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TransientError(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class RpcQuorum {
  private readonly endpoints: Endpoint[];
  private quorumHead = 0;

  constructor(
    urls: readonly string[],
    private readonly options: RpcOptions,
    private readonly logger: Logger,
    private readonly metrics?: Metrics,
  ) {
    const network = Network.from(options.chainId);
    this.endpoints = urls.map((url, index) => {
      const request = new FetchRequest(url);
      request.timeout = options.timeoutMs;
      const provider = new JsonRpcProvider(request, network, {
        staticNetwork: network,
        batchMaxCount: 1,
        polling: false,
      });
      return {
        index,
        label: String(index),
        provider,
        head: 0,
        stale: false,
        wrongChain: false,
      };
    });
  }

  get head(): number {
    return this.quorumHead;
  }

  /** Describes the endpoints without their URLs' secrets, for logs and /healthz. */
  status(): { endpoint: number; url: string; head: number; stale: boolean }[] {
    return this.endpoints.map((e) => ({
      endpoint: e.index,
      url: redactUrl(e.provider._getConnection().url),
      head: e.head,
      stale: e.stale || e.wrongChain,
    }));
  }

  /** Checks every endpoint's chain id once; an endpoint of another chain is never used. */
  async verifyChain(): Promise<void> {
    const results = await Promise.allSettled(
      this.endpoints.map((e) =>
        withTimeout(e.provider.send("eth_chainId", []), this.options.timeoutMs, "eth_chainId"),
      ),
    );
    let good = 0;
    results.forEach((r, i) => {
      const e = this.endpoints[i];
      if (r.status === "rejected") {
        this.logger.warn({ endpoint: e.index, err: String(r.reason) }, "endpoint unreachable");
        return;
      }
      const chainId = Number(BigInt(r.value as string));
      if (chainId !== this.options.chainId) {
        e.wrongChain = true;
        this.logger.error(
          { endpoint: e.index, chainId, expected: this.options.chainId },
          "endpoint serves another chain; it will not be used",
        );
      } else good += 1;
    });
    if (this.endpoints.every((e) => e.wrongChain)) {
      throw new FatalError(`no RPC endpoint serves chain ${this.options.chainId}`);
    }
    if (good < this.options.quorum) {
      throw new TransientError(
        `only ${good} endpoint(s) reachable on chain ${this.options.chainId}, quorum is ${this.options.quorum}`,
      );
    }
  }

  /** Refreshes every endpoint's head, the quorum head and staleness. */
  async refreshHead(): Promise<number> {
    const usable = this.endpoints.filter((e) => !e.wrongChain);
    const results = await Promise.allSettled(
      usable.map((e) =>
        // Raw call: ethers caches getBlockNumber() briefly, and a stale cache hides lag.
        withTimeout(
          e.provider.send("eth_blockNumber", []).then((hex: string) => Number(BigInt(hex))),
          this.options.timeoutMs,
          "eth_blockNumber",
        ),
      ),
    );
    const heads: number[] = [];
    results.forEach((r, i) => {
      const e = usable[i];
      if (r.status === "fulfilled") {
        e.head = r.value;
        heads.push(r.value);
      } else {
        this.metrics?.rpcErrors.inc({ endpoint: e.label, method: "eth_blockNumber" });
        e.head = -1;
      }
    });
    heads.sort((a, b) => b - a);
    if (heads.length < this.options.quorum) {
      throw new TransientError(
        `only ${heads.length} endpoint(s) answered eth_blockNumber, quorum is ${this.options.quorum}`,
      );
    }
    const head = heads[this.options.quorum - 1];
    // The head never moves backwards by more than a reorg could explain.
    this.quorumHead = head;
    for (const e of usable) {
      const lag = e.head < 0 ? Number.POSITIVE_INFINITY : head - e.head;
      const stale = lag > this.options.maxHeadLag;
      if (stale !== e.stale) {
        if (stale)
          this.logger.warn({ endpoint: e.index, lag, head }, "endpoint is stale; excluded");
        else this.logger.info({ endpoint: e.index, head }, "endpoint caught up; included again");
      }
      e.stale = stale;
      this.metrics?.headLag.set(
        { endpoint: e.label },
        Number.isFinite(lag) ? Math.max(lag, 0) : -1,
      );
    }
    this.metrics?.headBlock.set(head);
    return head;
  }

  private fresh(): Endpoint[] {
    return this.endpoints.filter((e) => !e.stale && !e.wrongChain);
  }

  /** The first fresh endpoint in config order: used for fee data, gas estimates, nonces. */
  primary(): JsonRpcProvider {
    const e = this.fresh()[0];
    if (e === undefined) throw new TransientError("no fresh RPC endpoint");
    return e.provider;
  }

  /**
   * Sends one read to every fresh endpoint and returns the answer `quorum` of them agree on.
   * Reverts are answers too (endpoints agreeing on a revert make it the result).
   */
  async read<T>(method: string, fn: (p: JsonRpcProvider) => Promise<T>): Promise<T> {
    const endpoints = this.fresh();
    const outcomes: Outcome<T>[] = await Promise.all(
      endpoints.map(async (e): Promise<Outcome<T>> => {
        try {
          const value = await withTimeout(fn(e.provider), this.options.timeoutMs, method);
          return { ok: true, value, key: stableKey(value) };
        } catch (error) {
          const revert = asRevert(error);
          if (revert !== undefined && revert.data !== undefined) {
            return { ok: false, error, key: `revert:${revert.data}` };
          }
          this.metrics?.rpcErrors.inc({ endpoint: e.label, method });
          this.logger.debug({ endpoint: e.index, method, err: String(error) }, "rpc error");
          return { ok: false, error };
        }
      }),
    );
    const groups = new Map<string, Outcome<T>[]>();
    for (const o of outcomes) {
      if (o.key === undefined) continue;
      const list = groups.get(o.key) ?? [];
      list.push(o);
      groups.set(o.key, list);
    }
    const ranked = [...groups.values()].sort((a, b) => b.length - a.length);
    if (ranked.length > 1) {
      this.metrics?.rpcDisagreements.inc({ method });
      this.logger.warn(
        { method, answers: ranked.map((g) => g.length) },
        "RPC endpoints disagree; taking the quorum answer if there is one",
      );
    }
    const best = ranked[0];
    if (best === undefined || best.length < this.options.quorum) {
      const firstError = outcomes.find((o) => !o.ok) as { error: unknown } | undefined;
      throw new TransientError(
        `${method}: no quorum (${best?.length ?? 0} agreeing of ${endpoints.length} fresh endpoints, need ${this.options.quorum})${
          firstError ? `: ${String(firstError.error).split("\n")[0].slice(0, 200)}` : ""
        }`,
      );
    }
    if (ranked.length > 1 && ranked[1].length === best.length) {
      throw new TransientError(`${method}: endpoints disagree with no majority`);
    }
    const winner = best[0];
    if (winner.ok) return winner.value;
    throw winner.error;
  }

  async getBlock(blockNumber: number): Promise<BlockRef> {
    // Raw call: ethers reuses a block fetched in the last 250 ms, which can hide a reorg.
    return this.read("eth_getBlockByNumber", async (p) => {
      const block = (await p.send("eth_getBlockByNumber", [
        `0x${blockNumber.toString(16)}`,
        false,
      ])) as {
        number: string;
        hash: string | null;
        timestamp: string;
      } | null;
      if (block === null || block.hash === null) throw new Error(`block ${blockNumber} not found`);
      return {
        number: Number(BigInt(block.number)),
        hash: block.hash,
        timestamp: Number(BigInt(block.timestamp)),
      };
    });
  }

  async getLogs(filter: LogFilter): Promise<RawLog[]> {
    return this.read("eth_getLogs", async (p) => {
      const logs = await p.getLogs({
        address: filter.address,
        topics: filter.topics,
        fromBlock: filter.fromBlock,
        toBlock: filter.toBlock,
      });
      return logs.map((l) => ({
        blockNumber: l.blockNumber,
        blockHash: l.blockHash,
        transactionHash: l.transactionHash,
        index: l.index,
        address: l.address,
        topics: [...l.topics],
        data: l.data,
      }));
    });
  }

  async call(tx: TransactionRequest, blockNumber: number): Promise<string> {
    return this.read("eth_call", (p) => p.call({ ...tx, blockTag: blockNumber }));
  }

  /** A contract runner whose view calls go through the quorum, pinned to `blockNumber`. */
  runner(blockNumber: number): ContractRunner {
    return {
      provider: this.primaryOrNull(),
      call: (tx: TransactionRequest) => this.call(tx, blockNumber),
    };
  }

  private primaryOrNull(): Provider | null {
    return this.fresh()[0]?.provider ?? null;
  }

  async getTransactionCount(address: string, blockTag: "latest" | "pending"): Promise<number> {
    // Taken as the highest any fresh endpoint reports: a lower count only makes a tx fail fast.
    const results = await Promise.allSettled(
      this.fresh().map((e) =>
        withTimeout(
          e.provider.getTransactionCount(address, blockTag),
          this.options.timeoutMs,
          "nonce",
        ),
      ),
    );
    const counts = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    if (counts.length === 0)
      throw new TransientError("no endpoint answered eth_getTransactionCount");
    return Math.max(...counts);
  }

  async getReceipt(
    hash: string,
  ): Promise<{ blockNumber: number; status: number; gasUsed: bigint } | null> {
    return this.read("eth_getTransactionReceipt", async (p) => {
      const r = await p.getTransactionReceipt(hash);
      if (r === null) return null;
      return { blockNumber: r.blockNumber, status: r.status ?? 0, gasUsed: r.gasUsed };
    });
  }

  /** Broadcasts a signed transaction to every fresh endpoint; succeeds if any accepts it. */
  async broadcast(signed: string): Promise<void> {
    const endpoints = this.fresh();
    if (endpoints.length === 0) throw new TransientError("no fresh RPC endpoint to broadcast to");
    const results = await Promise.allSettled(
      endpoints.map((e) =>
        withTimeout(
          e.provider.send("eth_sendRawTransaction", [signed]),
          this.options.timeoutMs,
          "eth_sendRawTransaction",
        ),
      ),
    );
    if (results.some((r) => r.status === "fulfilled")) return;
    const reasons = results.map((r) => (r.status === "rejected" ? r.reason : undefined));
    throw reasons[0];
  }

  destroy(): void {
    for (const e of this.endpoints) e.provider.destroy();
  }
}
