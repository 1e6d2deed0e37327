import { ZeroAddress } from "ethers";
import type { Hex } from "viem";
import { classify } from "../errors.js";
import { consensusInterface, type ChainView, type DutyContext } from "../context.js";
import type { StoredRequest } from "../store.js";

const REQUEST_SUBMITTED = consensusInterface.getEvent("RequestSubmitted")!.topicHash;

type NewRequest = Omit<StoredRequest, "status" | "note">;

/**
 * Follows RequestSubmitted from the persisted cursor up to head − confirmations, in chunks, so a
 * restart after any downtime backfills everything it missed. The cursor stores the hash of its
 * block: when that block is no longer canonical (a reorg) the cursor rewinds and the requests
 * above it are read again (the store replaces a request whose block changed).
 */
export async function watch(ctx: DutyContext, view: ChainView): Promise<void> {
  const { config, deployment, store, rpc, metrics } = ctx;
  const safe = view.block.number - config.network.confirmations;
  let cursor = store.getCursor();

  if (cursor !== undefined && cursor.blockNumber <= view.block.number) {
    const canonical = await rpc.getBlock(cursor.blockNumber);
    if (canonical.hash !== cursor.blockHash) {
      const rewindTo = Math.max(
        deployment.deployBlock - 1,
        cursor.blockNumber - config.network.reorg_rewind_blocks,
      );
      metrics.reorgs.inc();
      ctx.logger.warn(
        {
          cursor: cursor.blockNumber,
          stored: cursor.blockHash,
          canonical: canonical.hash,
          rewindTo,
        },
        "reorg at the cursor: rewinding and re-reading requests",
      );
      await reconcileOrphans(ctx, view, rewindTo);
      cursor =
        rewindTo < deployment.deployBlock
          ? undefined
          : { blockNumber: rewindTo, blockHash: (await rpc.getBlock(rewindTo)).hash };
    }
  }

  let from = cursor === undefined ? deployment.deployBlock : cursor.blockNumber + 1;
  while (from <= safe) {
    const to = Math.min(safe, from + config.network.log_chunk_blocks - 1);
    const logs = await rpc.getLogs({
      address: deployment.consensus,
      topics: [REQUEST_SUBMITTED],
      fromBlock: from,
      toBlock: to,
    });
    const requests: NewRequest[] = logs.map((log) => {
      const parsed = consensusInterface.parseLog({ topics: [...log.topics], data: log.data })!;
      const a = parsed.args;
      return {
        requestId: a.requestId as bigint,
        blockNumber: log.blockNumber,
        blockHash: log.blockHash,
        outputHash: a.outputHash as Hex,
        domain: a.domain as Hex,
        payload: a.payload as Hex,
        uri: a.uri as string,
        epoch: a.epoch as bigint,
        committeeSize: Number(a.committeeSize),
        commitDeadline: Number(a.commitDeadline),
        revealDeadline: Number(a.revealDeadline),
      };
    });
    const end = await rpc.getBlock(to);
    for (const r of requests) {
      const change = store.getRequest(r.requestId);
      if (change === undefined) {
        metrics.requestsSeen.inc();
        ctx.logger.info(
          {
            requestId: r.requestId.toString(),
            block: r.blockNumber,
            commitDeadline: r.commitDeadline,
          },
          "request seen",
        );
      } else if (change.blockHash !== r.blockHash) {
        ctx.logger.warn({ requestId: r.requestId.toString() }, "request re-read after a reorg");
      }
    }
    store.advance({ blockNumber: end.number, blockHash: end.hash }, requests);
    metrics.cursorBlock.set(end.number);
    from = to + 1;
  }
}

/**
 * After a reorg, a request seen above the rewind point may be gone or different. Those still
 * known to the contract are kept (the rescan refreshes them); unknown ones are closed.
 */
async function reconcileOrphans(
  ctx: DutyContext,
  view: ChainView,
  rewindTo: number,
): Promise<void> {
  for (const request of ctx.store.requestsAbove(rewindTo)) {
    let onChain: { submitter: string; outputHash: string } | undefined;
    try {
      onChain = await view.consensus.getRequest(request.requestId);
    } catch (error) {
      if (classify(error).name !== "ConsensusUnknownRequest") throw error;
    }
    if (onChain === undefined || onChain.submitter === ZeroAddress) {
      ctx.store.markRequest(request.requestId, "done", "orphaned by a reorg");
      ctx.logger.warn({ requestId: request.requestId.toString() }, "request orphaned by a reorg");
    } else if (onChain.outputHash.toLowerCase() !== request.outputHash.toLowerCase()) {
      ctx.logger.warn(
        { requestId: request.requestId.toString() },
        "request content changed in a reorg; it will be re-read",
      );
    }
  }
}
