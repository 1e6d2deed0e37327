import type { Address } from "viem";
import { validatorRegistryAbi } from "./abi/index.js";
import type { QcpClientBase } from "./client.js";
import { toQcpError } from "./errors.js";

export interface GetCommitteeParameters {
  /** Registry membership epoch (a request's `epoch`). */
  readonly epoch: bigint;
  /** Every validator registered up to this block is considered. Default: latest. */
  readonly toBlock?: bigint;
  /** Blocks per eth_getLogs call. Default 10_000. */
  readonly chunkSize?: bigint;
}

/** Committee members sorted by ascending address, as `finalizeWithCommittee` wants them. */
export type GetCommitteeReturnType = Address[];

const CONCURRENCY = 16;

/** Runs `fn` over `items` with at most `limit` calls in flight (public nodes rate-limit bursts). */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Runs `fetchRange` over [from, to] in ranges of `size` blocks, one after another, in order. */
export async function inChunks<T>(
  from: bigint,
  to: bigint,
  size: bigint,
  fetchRange: (from: bigint, to: bigint) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  for (let start = from; start <= to; start += size) {
    const end = start + size - 1n < to ? start + size - 1n : to;
    out.push(...(await fetchRange(start, end)));
  }
  return out;
}

/** The registry's `ValidatorRegistered` events in [from, to], read `chunkSize` blocks at a time. */
export function registrationLogs(
  client: Pick<QcpClientBase, "publicClient" | "addresses">,
  from: bigint,
  to: bigint,
  chunkSize: bigint,
) {
  return inChunks(from, to, chunkSize, (fromBlock, toBlock) =>
    client.publicClient.getContractEvents({
      address: client.addresses.registry,
      abi: validatorRegistryAbi,
      eventName: "ValidatorRegistered",
      fromBlock,
      toBlock,
      strict: true,
    }),
  );
}

/** Every address that ever registered since the deployment block (candidates for any committee). */
export async function registeredValidators(
  client: QcpClientBase,
  { toBlock, chunkSize = 10_000n }: { toBlock?: bigint; chunkSize?: bigint } = {},
): Promise<Address[]> {
  const { publicClient, deployment } = client;
  const last = toBlock ?? (await publicClient.getBlockNumber());
  const seen = new Set<Address>();
  const logs = await registrationLogs(client, BigInt(deployment.deployBlock), last, chunkSize);
  for (const log of logs) seen.add(log.args.validator);
  return [...seen];
}

/** Members of `candidates` active at `epoch` (`wasActiveAt`), sorted by ascending address. */
export async function committeeAt(
  client: QcpClientBase,
  candidates: readonly Address[],
  epoch: bigint,
): Promise<Address[]> {
  const active = await mapLimit(candidates, CONCURRENCY, (validator) =>
    client.publicClient.readContract({
      address: client.addresses.registry,
      abi: validatorRegistryAbi,
      functionName: "wasActiveAt",
      args: [validator, epoch],
    }),
  );
  return candidates
    .filter((_, i) => active[i])
    .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
}

/**
 * The committee of a membership epoch, rebuilt from the registry's `ValidatorRegistered` events
 * (from the deployment block) and `wasActiveAt`: the list `finalizeWithCommittee` needs once the
 * active set has changed since a request was submitted.
 *
 * @example
 * import { createQcpClient } from "./offchain/client/client.js";
 * import { getCommittee } from "./offchain/client/getCommittee.js";
 * import { getRequest } from "./offchain/client/getRequest.js";
 * const client = await createQcpClient({ rpcUrl: "http://127.0.0.1:8545", deployment: "deployment.json" });
 * const { epoch } = await getRequest(client, { requestId: 1n });
 * const committee = await getCommittee(client, { epoch });
 */
export async function getCommittee(
  client: QcpClientBase,
  parameters: GetCommitteeParameters,
): Promise<GetCommitteeReturnType> {
  try {
    const candidates = await registeredValidators(client, parameters);
    return await committeeAt(client, candidates, parameters.epoch);
  } catch (error) {
    throw toQcpError(error, `reading the committee of epoch ${parameters.epoch}`);
  }
}
