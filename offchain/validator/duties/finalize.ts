import { solidityPackedKeccak256 } from "ethers";
import {
  consensusInterface,
  registryInterface,
  type ChainView,
  type DutyContext,
} from "../context.js";
import type { StoredRequest } from "../store.js";

const VALIDATOR_REGISTERED = registryInterface.getEvent("ValidatorRegistered")!.topicHash;

/**
 * Everyone who ever registered, read incrementally from ValidatorRegistered events; the committee
 * of an epoch is the subset the registry says was active at it (wasActiveAt), sorted ascending
 * as `finalizeWithCommittee` requires.
 */
export class CommitteeCache {
  private readonly registered = new Set<string>();
  private scannedTo: number;
  private readonly committees = new Map<string, string[]>();

  constructor(deployBlock: number) {
    this.scannedTo = deployBlock - 1;
  }

  async committee(ctx: DutyContext, view: ChainView, epoch: bigint): Promise<string[]> {
    const cached = this.committees.get(epoch.toString());
    if (cached !== undefined) return cached;
    while (this.scannedTo < view.block.number) {
      const to = Math.min(view.block.number, this.scannedTo + ctx.config.network.log_chunk_blocks);
      const logs = await ctx.rpc.getLogs({
        address: ctx.deployment.registry,
        topics: [VALIDATOR_REGISTERED],
        fromBlock: this.scannedTo + 1,
        toBlock: to,
      });
      for (const log of logs) {
        const parsed = registryInterface.parseLog({ topics: [...log.topics], data: log.data })!;
        this.registered.add((parsed.args.validator as string).toLowerCase());
      }
      this.scannedTo = to;
    }
    const members: string[] = [];
    for (const address of this.registered) {
      if (await view.registry.wasActiveAt(address, epoch)) members.push(address);
    }
    members.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
    // An epoch's membership never changes once the registry has moved past it.
    if ((await view.registry.epoch()) > epoch) this.committees.set(epoch.toString(), members);
    return members;
  }
}

/**
 * Position of `address` in the finalize order of `requestId`: committee members sorted by
 * keccak256(requestId, address). Plain (address XOR requestId) would be ordered by the addresses'
 * high bits for every small request id, so the same validator would always go first; hashing
 * gives each request its own pseudo-random first finalizer that every validator computes alike.
 */
export function finalizeRank(
  committee: readonly string[],
  address: string,
  requestId: bigint,
): number {
  const key = (a: string) =>
    BigInt(solidityPackedKeccak256(["uint256", "address"], [requestId, a.toLowerCase()]));
  const order = [...committee].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const rank = order.findIndex((a) => a.toLowerCase() === address.toLowerCase());
  return rank < 0 ? order.length : rank;
}

/**
 * Finalize duty, staggered: the rank-k validator waits k × finalize_stagger_seconds after it first
 * saw the request finalizable, and checks the phase again, so validators do not race each other.
 * Uses finalize(id) while the registry epoch is the request's, else finalizeWithCommittee.
 */
export class FinalizeDuty {
  private readonly firstSeen = new Map<string, number>();
  constructor(private readonly committees: CommitteeCache) {}

  async run(ctx: DutyContext, view: ChainView, request: StoredRequest): Promise<void> {
    const id = request.requestId;
    const key = id.toString();
    const now = Date.now();
    const seen = this.firstSeen.get(key) ?? now;
    this.firstSeen.set(key, seen);
    const committee = await this.committees.committee(ctx, view, request.epoch);
    const rank = finalizeRank(committee, ctx.address, id);
    const waitMs = rank * ctx.config.consensus.finalize_stagger_seconds * 1000;
    if (now - seen < waitMs) return;

    const epoch = await view.registry.epoch();
    const data =
      epoch === request.epoch
        ? consensusInterface.encodeFunctionData("finalize", [id])
        : consensusInterface.encodeFunctionData("finalizeWithCommittee", [id, committee]);
    ctx.logger.info({ requestId: key, rank, withCommittee: epoch !== request.epoch }, "finalizing");
    await ctx.tx.send({ label: "finalize", to: ctx.deployment.consensus, data, requestId: id });
    ctx.metrics.finalizeCalls.inc({ result: "confirmed" });
    ctx.metrics.success("finalize");
  }

  forget(requestId: bigint): void {
    this.firstSeen.delete(requestId.toString());
  }
}
