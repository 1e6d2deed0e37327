import type { Hex } from "viem";
import { eip712Domain, hashVote, VOTE_TYPES, voteMessage } from "../../protocol/eip712.js";
import type { Vote } from "../../protocol/vote.js";
import { consensusInterface, type ChainView, type DutyContext } from "../context.js";
import type { StoredRequest } from "../store.js";
import { prepareVote, validatorSalt } from "./commit.js";

const VOTE_COMMITTED = consensusInterface.getEvent("VoteCommitted")!.topicHash;

/** Requests whose withheld reveal was already logged (simulation only; logged once each). */
const withheldLogged = new Set<string>();

/** The commitment this validator stored on chain, from its VoteCommitted event. */
async function onChainCommitment(
  ctx: DutyContext,
  view: ChainView,
  request: StoredRequest,
): Promise<Hex | undefined> {
  const logs = await ctx.rpc.getLogs({
    address: ctx.deployment.consensus,
    topics: [
      VOTE_COMMITTED,
      `0x${request.requestId.toString(16).padStart(64, "0")}`,
      `0x${ctx.address.slice(2).toLowerCase().padStart(64, "0")}`,
    ],
    fromBlock: request.blockNumber,
    toBlock: view.block.number,
  });
  const last = logs.at(-1);
  if (last === undefined) return undefined;
  return consensusInterface.parseLog({ topics: [...last.topics], data: last.data })!.args
    .commitment as Hex;
}

/** Signs and stores an EIP-712 attestation of `vote`, served at GET /attestations/:requestId. */
export async function attest(ctx: DutyContext, requestId: bigint, vote: Vote): Promise<void> {
  const domain = eip712Domain(ctx.chainId, ctx.deployment.consensus as Hex);
  const signature = (await ctx.wallet.signTypedData(
    domain,
    { Vote: [...VOTE_TYPES.Vote] },
    voteMessage(requestId, vote),
  )) as Hex;
  ctx.store.addAttestation({
    requestId,
    validator: ctx.address,
    vote,
    digest: hashVote(domain, requestId, vote),
    signature,
  });
}

/**
 * Reveal duty, run as soon as the phase is Reveal. Asks the chain first (committed? already
 * revealed?). The vote comes from the store, or, when the database was lost, is recomputed
 * (deterministic checks, salt derived from the key); either way the commitment is compared with
 * the one on chain before anything is sent, so a wrong vote is never revealed.
 */
export async function reveal(
  ctx: DutyContext,
  view: ChainView,
  request: StoredRequest,
): Promise<void> {
  const id = request.requestId;
  const log = ctx.logger.child({ requestId: id.toString() });
  const ballot = await view.consensus.getBallot(id, ctx.address);
  if (!ballot.committed) return;
  if (ballot.revealed) {
    if (ctx.store.getVote(id)?.status !== "revealed") ctx.store.setVoteStatus(id, "revealed");
    return;
  }
  if (!ctx.policy.shouldReveal(id)) {
    if (!withheldLogged.has(id.toString())) {
      withheldLogged.add(id.toString());
      log.info({ policy: ctx.policy.name }, "withholding the reveal (simulation policy)");
    }
    return;
  }
  const onChain = await onChainCommitment(ctx, view, request);
  const salt = await validatorSalt(ctx, id);
  let vote: Vote | undefined;
  const stored = ctx.store.getVote(id);
  if (stored !== undefined) {
    vote = stored.vote;
    if (onChain !== undefined && stored.commitment.toLowerCase() !== onChain.toLowerCase()) {
      log.error(
        { stored: stored.commitment, onChain },
        "stored vote does not open the on-chain commitment; recomputing",
      );
      vote = undefined;
    }
  }
  if (vote === undefined) {
    // Lost or wrong record: recompute. The payload may have been judged available or not.
    for (const forceUnavailable of [false, true]) {
      const prepared = await prepareVote(ctx, request, {
        allowUnavailable: true,
        forceUnavailable,
      });
      if (prepared.kind !== "vote") continue;
      if (onChain === undefined || prepared.commitment.toLowerCase() === onChain.toLowerCase()) {
        vote = prepared.vote;
        ctx.store.recordVote(id, vote, prepared.commitment, prepared.checkerVersion);
        ctx.store.setVoteStatus(id, "committed");
        log.warn("vote recomputed from the payload and the key (no local record)");
        break;
      }
    }
  }
  if (vote === undefined) {
    ctx.metrics.votes.inc({ action: "reveal", result: "failed" });
    log.error(
      { onChain },
      "cannot reproduce the committed vote (checker version changed?); not revealing garbage",
    );
    ctx.store.markRequest(id, "done", "cannot reproduce committed vote");
    return;
  }

  await attest(ctx, id, vote);
  for (const extra of ctx.policy.extraAttestations(vote, id)) await attest(ctx, id, extra);

  log.info({ vote }, "revealing");
  const data = consensusInterface.encodeFunctionData("revealVote", [id, vote, salt]);
  const result = await ctx.tx.send({
    label: "reveal",
    to: ctx.deployment.consensus,
    data,
    requestId: id,
    onSent: (hash) => {
      ctx.store.setVoteStatus(id, "reveal-sent", { revealTx: hash });
      ctx.metrics.votes.inc({ action: "reveal", result: "sent" });
    },
  });
  ctx.store.setVoteStatus(id, "revealed", { revealTx: result.hash });
  ctx.metrics.votes.inc({ action: "reveal", result: "confirmed" });
  ctx.metrics.success("reveal");
}
