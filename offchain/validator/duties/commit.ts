import type { Hex } from "viem";
import { computeCommitment } from "../../protocol/commitment.js";
import { deriveSalt, type TypedDataSigner } from "../../protocol/salt.js";
import type { Vote } from "../../protocol/vote.js";
import { consensusInterface, type ChainView, type DutyContext } from "../context.js";
import type { StoredRequest } from "../store.js";
import { assessmentVote, unavailableAssessment } from "./assess.js";

/** The salt of `requestId` from this validator's key (DESIGN.md 3.2). */
export function validatorSalt(ctx: DutyContext, requestId: bigint): Promise<Hex> {
  // ethers' signTypedData takes mutable type arrays; the protocol's types are readonly consts.
  const signer: TypedDataSigner = {
    signTypedData: (domain, types, value) =>
      ctx.wallet.signTypedData(domain, { Salt: [...types.Salt] }, value),
  };
  return deriveSalt(signer, ctx.eip712, requestId);
}

/** Seconds before the commit deadline at which an unreachable payload is voted "unavailable". */
export const UNAVAILABLE_MARGIN_SECONDS = 8;

export type PreparedVote =
  | { kind: "vote"; vote: Vote; salt: Hex; commitment: Hex; checkerVersion: string }
  | { kind: "silent" }
  | { kind: "wait"; reason: string };

/**
 * The vote this validator casts on `request`: assessment (deterministic) → policy → salt derived
 * from the key → commitment. Calling it again, even after the database is lost, gives the same
 * commitment; `allowUnavailable` says whether a payload that cannot be fetched yet may be voted
 * on as "unavailable" now.
 */
export async function prepareVote(
  ctx: DutyContext,
  request: StoredRequest,
  options: { allowUnavailable: boolean; forceUnavailable?: boolean },
): Promise<PreparedVote> {
  let assessment;
  if (options.forceUnavailable) {
    assessment = unavailableAssessment(request.outputHash, "unavailable");
  } else {
    const outcome = await ctx.assessor.assess(request);
    if (outcome.ok) assessment = outcome.assessment;
    else if (!outcome.transient || options.allowUnavailable) {
      ctx.logger.warn(
        { requestId: request.requestId.toString(), reason: outcome.reason },
        "payload unavailable: voting reject",
      );
      assessment = unavailableAssessment(request.outputHash, "unavailable");
    } else return { kind: "wait", reason: outcome.reason };
  }
  const vote = ctx.policy.vote(assessmentVote(assessment), request.requestId);
  if (vote === null) return { kind: "silent" };
  const salt = await validatorSalt(ctx, request.requestId);
  const commitment = computeCommitment(
    {
      chainId: ctx.chainId,
      consensus: ctx.deployment.consensus as Hex,
      requestId: request.requestId,
      validator: ctx.address as Hex,
    },
    vote,
    salt,
  );
  return { kind: "vote", vote, salt, commitment, checkerVersion: assessment.checkerVersion };
}

/**
 * Commit duty. Asks the chain first (already committed? then only the record is updated), records
 * the vote durably, and only then sends `commitVote`.
 */
export async function commit(
  ctx: DutyContext,
  view: ChainView,
  request: StoredRequest,
): Promise<void> {
  const id = request.requestId;
  const log = ctx.logger.child({ requestId: id.toString() });
  const ballot = await view.consensus.getBallot(id, ctx.address);
  const stored = ctx.store.getVote(id);
  if (ballot.committed) {
    if (stored !== undefined && (stored.status === "recorded" || stored.status === "commit-sent")) {
      ctx.store.setVoteStatus(id, "committed");
    }
    return;
  }
  if (stored?.status === "commit-sent" && stored.commitTx !== null) {
    // A commit sent before a restart may still be in the mempool: do not send a second one.
    const pending = await ctx.rpc.primary().getTransaction(stored.commitTx);
    if (pending !== null && pending.blockNumber === null) {
      log.info({ hash: stored.commitTx }, "commit from before the restart still pending");
      return;
    }
  }

  let vote: Vote;
  let commitment: Hex;
  if (stored !== undefined) {
    // Never re-judge a vote already recorded: its commitment may be in flight.
    vote = stored.vote;
    commitment = stored.commitment;
  } else {
    const nearDeadline =
      view.block.timestamp >= request.commitDeadline - UNAVAILABLE_MARGIN_SECONDS;
    const prepared = await prepareVote(ctx, request, { allowUnavailable: nearDeadline });
    if (prepared.kind === "wait") {
      log.warn({ reason: prepared.reason }, "payload not available yet; retrying");
      return;
    }
    if (prepared.kind === "silent") {
      ctx.store.markRequest(id, "done", `policy ${ctx.policy.name}: no vote`);
      log.info({ policy: ctx.policy.name }, "not voting (simulation policy)");
      return;
    }
    vote = prepared.vote;
    commitment = prepared.commitment;
    // Durable before the transaction exists (WAL + synchronous FULL).
    ctx.store.recordVote(id, vote, commitment, prepared.checkerVersion);
  }

  log.info({ vote, commitment }, "committing");
  const data = consensusInterface.encodeFunctionData("commitVote", [id, commitment]);
  await ctx.tx.send({
    label: "commit",
    to: ctx.deployment.consensus,
    data,
    requestId: id,
    onSent: (hash) => {
      ctx.store.setVoteStatus(id, "commit-sent", { commitTx: hash });
      ctx.metrics.votes.inc({ action: "commit", result: "sent" });
      ctx.hooks.afterCommitSent?.(id);
    },
  });
  ctx.store.setVoteStatus(id, "committed");
  ctx.metrics.votes.inc({ action: "commit", result: "confirmed" });
  ctx.metrics.success("commit");
  ctx.hooks.afterCommitMined?.(id);
}
