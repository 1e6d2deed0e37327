import { hexToString, type Address, type Hex } from "viem";
import { qualityConsensusAbi, validatorRegistryAbi } from "../client/abi/index.js";
import type { QcpClientBase } from "../client/client.js";
import { toQcpError } from "../client/errors.js";
import { committeeAt, inChunks, mapLimit, registrationLogs } from "../client/getCommittee.js";
import { outcomeName } from "../client/types.js";
import { bytes32ToDomain } from "../protocol/payload.js";
import type { HealthEvents, SubmittedRequest } from "./types.js";

export interface FetchHealthEventsParameters {
  /** Default: the deployment's deployBlock. */
  readonly fromBlock?: bigint;
  /** Default: the latest block. */
  readonly toBlock?: bigint;
  /** Blocks per eth_getLogs call (public nodes cap the range). Default 10_000. */
  readonly chunkSize?: bigint;
}

export interface FetchHealthEventsReturnType {
  readonly events: HealthEvents;
  readonly fromBlock: bigint;
  readonly toBlock: bigint;
  /** Timestamp of `toBlock`: the report's "now", in chain time. */
  readonly now: number;
}

/** bytes32 reason as text when it is printable ASCII (the contracts use bytes32("...")), else hex. */
export function reasonText(reason: Hex): string {
  try {
    const text = hexToString(reason, { size: 32 }).replace(/\0+$/, "");
    if (text.length > 0 && /^[\x20-\x7e]+$/.test(text)) return text;
  } catch {
    // not text
  }
  return reason;
}

const CONCURRENCY = 16;

/**
 * Reads every event the health report needs from the consensus and registry contracts, with block
 * times, and each request's committee (validators active at its epoch, via `wasActiveAt`).
 *
 * @example
 * import { createQcpClient } from "./offchain/client/client.js";
 * import { fetchHealthEvents } from "./offchain/health/fetch.js";
 * import { computeHealth } from "./offchain/health/compute.js";
 * const client = await createQcpClient({ rpcUrl: "http://127.0.0.1:8545", deployment: "deployment.json" });
 * const { events, now } = await fetchHealthEvents(client, {});
 * console.log(computeHealth(events, { now }).recommendations);
 */
export async function fetchHealthEvents(
  client: QcpClientBase,
  parameters: FetchHealthEventsParameters = {},
): Promise<FetchHealthEventsReturnType> {
  try {
    return await fetchAll(client, parameters);
  } catch (error) {
    throw toQcpError(error, "reading the health events");
  }
}

async function fetchAll(
  client: QcpClientBase,
  parameters: FetchHealthEventsParameters,
): Promise<FetchHealthEventsReturnType> {
  const { publicClient, addresses, deployment } = client;
  const head = await publicClient.getBlock({ blockTag: "latest" });
  const toBlock = parameters.toBlock ?? head.number;
  const deployBlock = BigInt(deployment.deployBlock);
  const fromBlock = parameters.fromBlock ?? deployBlock;
  const chunk = parameters.chunkSize ?? 10_000n;
  const now =
    toBlock === head.number
      ? Number(head.timestamp)
      : Number((await publicClient.getBlock({ blockNumber: toBlock })).timestamp);

  const consensusEvents = <
    N extends "RequestSubmitted" | "VoteCommitted" | "VoteRevealed" | "RequestFinalized",
  >(
    eventName: N,
  ) =>
    inChunks(fromBlock, toBlock, chunk, (from, to) =>
      publicClient.getContractEvents({
        address: addresses.consensus,
        abi: qualityConsensusAbi,
        eventName,
        fromBlock: from,
        toBlock: to,
        strict: true,
      }),
    );
  const [submitted, committed, revealed, finalized, slashed, registered] = await Promise.all([
    consensusEvents("RequestSubmitted"),
    consensusEvents("VoteCommitted"),
    consensusEvents("VoteRevealed"),
    consensusEvents("RequestFinalized"),
    inChunks(fromBlock, toBlock, chunk, (from, to) =>
      publicClient.getContractEvents({
        address: addresses.registry,
        abi: validatorRegistryAbi,
        eventName: "Slashed",
        fromBlock: from,
        toBlock: to,
        strict: true,
      }),
    ),
    // Committees may include validators registered before the scanned range.
    registrationLogs(client, deployBlock < fromBlock ? deployBlock : fromBlock, toBlock, chunk),
  ]);

  const times = new Map<bigint, number>();
  const blockNumbers = new Set<bigint>(
    [...submitted, ...committed, ...revealed, ...finalized, ...slashed].map((e) => e.blockNumber),
  );
  await mapLimit([...blockNumbers], CONCURRENCY, async (blockNumber) => {
    const block = await publicClient.getBlock({ blockNumber });
    times.set(blockNumber, Number(block.timestamp));
  });
  const timeOf = (blockNumber: bigint) => times.get(blockNumber)!;

  const validators = [...new Set(registered.map((e) => e.args.validator))];
  const epochs = [...new Set(submitted.map((e) => e.args.epoch))];
  const committees = new Map<bigint, Address[]>();
  for (const epoch of epochs) committees.set(epoch, await committeeAt(client, validators, epoch));

  const requests: SubmittedRequest[] = submitted.map((e) => {
    const committee = committees.get(e.args.epoch);
    return {
      requestId: e.args.requestId,
      submittedAt: timeOf(e.blockNumber),
      commitDeadline: Number(e.args.commitDeadline),
      revealDeadline: Number(e.args.revealDeadline),
      committeeSize: e.args.committeeSize,
      domain: bytes32ToDomain(e.args.domain),
      // A committee that does not add up (validators registered before deployBlock) is left out.
      committee: committee && committee.length === e.args.committeeSize ? committee : undefined,
    };
  });
  const events: HealthEvents = {
    requests,
    commits: committed.map((e) => ({
      requestId: e.args.requestId,
      validator: e.args.validator,
      timestamp: timeOf(e.blockNumber),
    })),
    reveals: revealed.map((e) => ({
      requestId: e.args.requestId,
      validator: e.args.validator,
      timestamp: timeOf(e.blockNumber),
    })),
    finalizations: finalized.map((e) => ({
      requestId: e.args.requestId,
      timestamp: timeOf(e.blockNumber),
      outcome: outcomeName(e.args.outcome),
      quality: e.args.quality,
      risk: e.args.risk,
      domain: e.args.domain,
      agreementBps: e.args.agreementBps,
      participationBps: e.args.participationBps,
      contested: e.args.contested,
    })),
    slashes: slashed.map((e) => ({
      validator: e.args.validator,
      amount: e.args.amount,
      reason: reasonText(e.args.reason),
      rewardRecipient: e.args.rewardRecipient,
      reward: e.args.reward,
      blockNumber: e.blockNumber,
      timestamp: timeOf(e.blockNumber),
    })),
  };
  return { events, fromBlock, toBlock, now };
}
