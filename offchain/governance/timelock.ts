import { ZeroHash, keccak256, toUtf8Bytes } from "ethers";
import { QcpError } from "../cli/errors.js";
import type { GovernanceContext } from "./context.js";
import { requireSigner } from "./context.js";
import { toGovernanceError } from "./errors.js";
import { simulateAndSend, type WriteOptions, type WriteResult } from "./send.js";

/** One call the timelock makes on the protocol's behalf, with a human description. */
export interface TimelockCall {
  readonly target: string;
  readonly data: string;
  /** Describes the call; its hash is the default salt, so the same command finds the same operation. */
  readonly description: string;
}

/** A call as the timelock identifies it (value 0, no predecessor). */
export interface TimelockOperation extends TimelockCall {
  readonly value: bigint;
  readonly predecessor: string;
  readonly salt: string;
}

/** OpenZeppelin `TimelockController.OperationState`, mirrored once. */
export enum OperationState {
  Unset = 0,
  Waiting = 1,
  Ready = 2,
  Done = 3,
}

/** The operation for `call`; `salt` defaults to keccak256 of the description. */
export function operationFor(call: TimelockCall, salt?: string): TimelockOperation {
  return {
    ...call,
    value: 0n,
    predecessor: ZeroHash,
    salt: salt ?? keccak256(toUtf8Bytes(call.description)),
  };
}

export async function operationId(ctx: GovernanceContext, op: TimelockOperation): Promise<string> {
  return ctx.timelock.hashOperation(op.target, op.value, op.data, op.predecessor, op.salt);
}

function iso(seconds: bigint): string {
  return `${new Date(Number(seconds) * 1000).toISOString()} (unix ${seconds})`;
}

export interface ScheduleReturnType {
  readonly operationId: string;
  readonly delaySeconds: bigint;
  /** Unix seconds from which the operation can be executed (estimated from the latest block in dry-run). */
  readonly readyAt: bigint;
}

/**
 * Schedules `op` on the timelock with its minimum delay. Simulates the wrapped call as the timelock
 * first, so a call that would revert when executed (bad bounds, missing role) is refused now.
 */
export async function scheduleOperation(
  ctx: GovernanceContext,
  op: TimelockOperation,
  options: WriteOptions = {},
): Promise<WriteResult<ScheduleReturnType>> {
  requireSigner(ctx);
  try {
    await ctx.provider.call({ from: ctx.deployment.timelock, to: op.target, data: op.data });
  } catch (error) {
    throw toGovernanceError(error, `simulating ${op.description} as the timelock`);
  }
  const delaySeconds = await ctx.timelock.getMinDelay();
  const id = await operationId(ctx, op);
  const args = [op.target, op.value, op.data, op.predecessor, op.salt, delaySeconds] as const;
  const result = await simulateAndSend(
    `schedule ${op.description}`,
    async () => {
      await ctx.timelock.schedule.staticCall(...args);
      const latest = await ctx.provider.getBlock("latest");
      return {
        operationId: id,
        delaySeconds,
        readyAt: BigInt(latest?.timestamp ?? 0) + delaySeconds,
      };
    },
    () => ctx.timelock.schedule(...args),
    options,
  );
  if (result.dryRun) return result;
  const readyAt = await ctx.timelock.getTimestamp(id);
  return { ...result, simulated: { ...result.simulated, readyAt } };
}

/**
 * Executes a scheduled operation once its delay has passed; explains precisely when it is not ready.
 */
export async function executeOperation(
  ctx: GovernanceContext,
  op: TimelockOperation,
  options: WriteOptions = {},
): Promise<WriteResult<{ operationId: string }>> {
  requireSigner(ctx);
  const id = await operationId(ctx, op);
  const state = Number(await ctx.timelock.getOperationState(id)) as OperationState;
  if (state === OperationState.Unset) {
    throw new QcpError(`timelock operation ${id} (${op.description}) is not scheduled`, {
      hints: ["schedule it first with the matching `propose` command (same arguments and --salt)"],
    });
  }
  if (state === OperationState.Done) {
    throw new QcpError(`timelock operation ${id} (${op.description}) was already executed`);
  }
  if (state === OperationState.Waiting) {
    const readyAt = await ctx.timelock.getTimestamp(id);
    throw new QcpError(
      `timelock operation ${id} (${op.description}) is not ready until ${iso(readyAt)}`,
      {
        hints: [
          "the timelock delay makes every governance action public before it runs; retry after that time",
        ],
      },
    );
  }
  const args = [op.target, op.value, op.data, op.predecessor, op.salt] as const;
  return simulateAndSend(
    `execute ${op.description}`,
    async () => {
      await ctx.timelock.execute.staticCall(...args);
      return { operationId: id };
    },
    () => ctx.timelock.execute(...args),
    options,
  );
}
