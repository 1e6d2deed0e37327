import { getAddress, isAddress, type Log } from "ethers";
import { QcpError } from "../cli/errors.js";
import type { GovernanceContext } from "./context.js";
import { requireSigner } from "./context.js";
import { simulateAndSend, type WriteOptions, type WriteResult } from "./send.js";
import {
  executeOperation,
  operationFor,
  scheduleOperation,
  type ScheduleReturnType,
  type TimelockCall,
} from "./timelock.js";

/** `ISlashingManager.ProposalState`, mirrored once. */
export enum ProposalState {
  None = 0,
  VetoWindow = 1,
  Executable = 2,
  Vetoed = 3,
  Executed = 4,
}

export const PROPOSAL_STATE_NAMES: Record<ProposalState, string> = {
  [ProposalState.None]: "none",
  [ProposalState.VetoWindow]: "veto-window",
  [ProposalState.Executable]: "executable",
  [ProposalState.Vetoed]: "vetoed",
  [ProposalState.Executed]: "executed",
};

export interface ProposeSlashParameters {
  readonly validator: string;
  readonly slashBps: number;
  /** keccak256 of the evidence document. */
  readonly evidenceHash: string;
  readonly evidenceURI: string;
}

export interface ProposeOptions extends WriteOptions {
  /** "direct" calls proposeSlash (signer holds GOVERNOR_ROLE); "timelock" schedules it; "auto" picks. */
  readonly via?: "auto" | "direct" | "timelock";
  readonly salt?: string;
}

export type ProposeSlashReturnType =
  | { readonly route: "direct"; readonly proposalId?: bigint; readonly executableAt?: bigint }
  | ({ readonly route: "timelock" } & ScheduleReturnType);

/** Checks the proposal off-chain against the contract's hard cap, with a clear message. */
export async function checkProposal(
  ctx: GovernanceContext,
  params: ProposeSlashParameters,
): Promise<void> {
  if (!isAddress(params.validator)) {
    throw new QcpError(`validator ${params.validator} is not an address`);
  }
  if (!/^0x[0-9a-fA-F]{64}$/.test(params.evidenceHash)) {
    throw new QcpError(`evidence hash ${params.evidenceHash} is not 32 bytes of hex`);
  }
  const cap = Number(await ctx.manager.MAX_SLASH_BPS());
  if (!Number.isInteger(params.slashBps) || params.slashBps < 1 || params.slashBps > cap) {
    throw new QcpError(`slash share ${params.slashBps} bps is outside 1..${cap}`, {
      hints: [
        `a governance slash takes between 0.01 % and ${cap / 100} % of the snapshotted stake`,
      ],
    });
  }
}

/** The proposeSlash call as the timelock would make it. */
export function proposeSlashCall(
  ctx: GovernanceContext,
  params: ProposeSlashParameters,
): TimelockCall {
  const validator = getAddress(params.validator);
  return {
    target: ctx.deployment.slashingManager,
    data: ctx.manager.interface.encodeFunctionData("proposeSlash", [
      validator,
      params.slashBps,
      params.evidenceHash,
      params.evidenceURI,
    ]),
    description: `proposeSlash(${validator}, ${params.slashBps}, ${params.evidenceHash}, ${params.evidenceURI})`,
  };
}

function proposalFromLogs(ctx: GovernanceContext, logs: readonly Log[]) {
  for (const log of logs) {
    if (log.address.toLowerCase() !== ctx.deployment.slashingManager.toLowerCase()) continue;
    const parsed = ctx.manager.interface.parseLog(log);
    if (parsed?.name === "SlashProposed") {
      return {
        proposalId: parsed.args.proposalId as bigint,
        executableAt: parsed.args.executableAt as bigint,
      };
    }
  }
  return undefined;
}

/**
 * Proposes a governance slash. With GOVERNOR_ROLE the signer calls `proposeSlash` directly;
 * otherwise (the production setup) the call is scheduled on the timelock, and
 * `executeScheduledProposal` with the same parameters makes it after the delay.
 */
export async function proposeSlash(
  ctx: GovernanceContext,
  params: ProposeSlashParameters,
  options: ProposeOptions = {},
): Promise<WriteResult<ProposeSlashReturnType>> {
  const signer = requireSigner(ctx);
  await checkProposal(ctx, params);
  let via = options.via ?? "auto";
  if (via === "auto") {
    const role = await ctx.manager.GOVERNOR_ROLE();
    via = (await ctx.manager.hasRole(role, await signer.getAddress())) ? "direct" : "timelock";
  }
  if (via === "timelock") {
    const result = await scheduleOperation(
      ctx,
      operationFor(proposeSlashCall(ctx, params), options.salt),
      options,
    );
    return { ...result, simulated: { route: "timelock", ...result.simulated } };
  }
  const args = [
    getAddress(params.validator),
    params.slashBps,
    params.evidenceHash,
    params.evidenceURI,
  ] as const;
  const result = await simulateAndSend(
    `propose slash of ${params.validator}`,
    async () => ({
      route: "direct" as const,
      proposalId: await ctx.manager.proposeSlash.staticCall(...args),
    }),
    () => ctx.manager.proposeSlash(...args),
    options,
  );
  const created = result.receipt ? proposalFromLogs(ctx, result.receipt.logs) : undefined;
  return { ...result, simulated: { ...result.simulated, ...created } };
}

/** Executes the timelock operation scheduled by `proposeSlash`, which creates the proposal. */
export async function executeScheduledProposal(
  ctx: GovernanceContext,
  params: ProposeSlashParameters,
  options: WriteOptions & { readonly salt?: string } = {},
): Promise<WriteResult<{ operationId: string; proposalId?: bigint; executableAt?: bigint }>> {
  await checkProposal(ctx, params);
  const result = await executeOperation(
    ctx,
    operationFor(proposeSlashCall(ctx, params), options.salt),
    options,
  );
  const created = result.receipt ? proposalFromLogs(ctx, result.receipt.logs) : undefined;
  return { ...result, simulated: { ...result.simulated, ...created } };
}

/** Vetoes proposal `proposalId` (signer must hold VETO_ROLE; only during the veto window). */
export async function vetoSlash(
  ctx: GovernanceContext,
  proposalId: bigint,
  options: WriteOptions = {},
): Promise<WriteResult<{ proposalId: bigint }>> {
  requireSigner(ctx);
  return simulateAndSend(
    `veto proposal ${proposalId}`,
    async () => {
      await ctx.manager.vetoSlash.staticCall(proposalId);
      return { proposalId };
    },
    () => ctx.manager.vetoSlash(proposalId),
    options,
  );
}

/** Executes proposal `proposalId` once its veto window has passed (anyone may). */
export async function executeSlash(
  ctx: GovernanceContext,
  proposalId: bigint,
  options: WriteOptions = {},
): Promise<WriteResult<{ proposalId: bigint; slashed: bigint }>> {
  requireSigner(ctx);
  return simulateAndSend(
    `execute proposal ${proposalId}`,
    async () => ({ proposalId, slashed: await ctx.manager.executeSlash.staticCall(proposalId) }),
    () => ctx.manager.executeSlash(proposalId),
    options,
  );
}

/** One governance slash proposal as `list` shows it. */
export interface SlashProposalInfo {
  readonly proposalId: bigint;
  readonly validator: string;
  readonly slashBps: number;
  readonly state: string;
  readonly stakeSnapshot: bigint;
  readonly slashed: bigint;
  readonly evidenceHash: string;
  readonly evidenceURI: string;
  readonly proposedAt: bigint;
  readonly executableAt: bigint;
  readonly proposedInTx: string;
}

/**
 * Lists every proposal from the `SlashProposed` events (from the deployment block by default), with
 * its current state read from the contract.
 */
export async function listSlashes(
  ctx: GovernanceContext,
  options: { fromBlock?: number } = {},
): Promise<SlashProposalInfo[]> {
  const events = await ctx.manager.queryFilter(
    ctx.manager.filters.SlashProposed(),
    options.fromBlock ?? ctx.deployment.deployBlock,
    "latest",
  );
  const rows: SlashProposalInfo[] = [];
  for (const event of events) {
    const proposalId = event.args.proposalId;
    const [proposal, state] = await Promise.all([
      ctx.manager.getProposal(proposalId),
      ctx.manager.proposalState(proposalId),
    ]);
    rows.push({
      proposalId,
      validator: proposal.validator,
      slashBps: Number(proposal.slashBps),
      state: PROPOSAL_STATE_NAMES[Number(state) as ProposalState],
      stakeSnapshot: proposal.stakeSnapshot,
      slashed: proposal.slashed,
      evidenceHash: proposal.evidenceHash,
      evidenceURI: event.args.evidenceURI,
      proposedAt: proposal.proposedAt,
      executableAt: proposal.executableAt,
      proposedInTx: event.transactionHash,
    });
  }
  return rows;
}
