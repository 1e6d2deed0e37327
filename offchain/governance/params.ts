import type { Interface } from "ethers";
import { QcpError } from "../cli/errors.js";
import type { GovernanceContext } from "./context.js";
import {
  executeOperation,
  operationFor,
  scheduleOperation,
  type ScheduleReturnType,
  type TimelockCall,
} from "./timelock.js";
import type { WriteOptions, WriteResult } from "./send.js";

const DAY = 86_400n;
const TOKEN = 10n ** 18n;

export type ParameterContract = "slashingManager" | "registry" | "consensus";
export type ParameterUnit = "bps" | "seconds" | "wei" | "count" | "bits";

type Bound = bigint | ((ctx: GovernanceContext) => Promise<bigint>);

/** One governance parameter: where it lives, how it is set and read, and its hard-coded bounds. */
export interface ParameterSpec {
  readonly name: string;
  readonly contract: ParameterContract;
  readonly setter: string;
  readonly unit: ParameterUnit;
  readonly min: Bound;
  readonly max: Bound;
  readonly read: (ctx: GovernanceContext) => Promise<bigint>;
  readonly note?: string;
}

const consensusParam =
  (
    key:
      | "minQuality"
      | "riskThreshold"
      | "domainThreshold"
      | "agreementThreshold"
      | "agreementTolerance"
      | "nonRevealSlashBps"
      | "protocolFeeBps",
  ) =>
  async (ctx: GovernanceContext) =>
    BigInt((await ctx.consensus.currentParams())[key]);

/**
 * Every parameter `qcp governance param` can change, with the bounds the contracts enforce (the
 * contracts stay the authority: a test pins this table against them). Checking here first turns a
 * revert after the timelock delay into a clear message before anything is scheduled.
 */
export const PARAMETERS: readonly ParameterSpec[] = [
  {
    name: "equivocationSlashBps",
    contract: "slashingManager",
    setter: "setEquivocationSlashBps",
    unit: "bps",
    min: 100n,
    max: 10_000n,
    read: async (c) => BigInt(await c.manager.equivocationSlashBps()),
  },
  {
    name: "reporterRewardBps",
    contract: "slashingManager",
    setter: "setReporterRewardBps",
    unit: "bps",
    min: 0n,
    max: 5_000n,
    read: async (c) => BigInt(await c.manager.reporterRewardBps()),
  },
  {
    name: "evidenceWindow",
    contract: "slashingManager",
    setter: "setEvidenceWindow",
    unit: "seconds",
    min: 3_600n,
    max: 3n * DAY,
    read: async (c) => BigInt(await c.manager.evidenceWindow()),
  },
  {
    name: "slashVetoWindow",
    contract: "slashingManager",
    setter: "setSlashVetoWindow",
    unit: "seconds",
    min: 3_600n,
    max: 2n * DAY,
    read: async (c) => BigInt(await c.manager.slashVetoWindow()),
  },
  {
    name: "minStake",
    contract: "registry",
    setter: "setMinStake",
    unit: "wei",
    min: TOKEN,
    max: async (c) => c.registry.maxEffectiveStake(),
    read: (c) => c.registry.minStake(),
  },
  {
    name: "maxEffectiveStake",
    contract: "registry",
    setter: "setMaxEffectiveStake",
    unit: "wei",
    min: async (c) => c.registry.minStake(),
    max: 1_000_000_000n * TOKEN,
    read: (c) => c.registry.maxEffectiveStake(),
  },
  {
    name: "powDifficultyBits",
    contract: "registry",
    setter: "setPowDifficultyBits",
    unit: "bits",
    min: 0n,
    max: 32n,
    read: async (c) => BigInt(await c.registry.powDifficultyBits()),
  },
  {
    name: "maxValidators",
    contract: "registry",
    setter: "setMaxValidators",
    unit: "count",
    min: async (c) => {
      const active = await c.registry.activeValidatorCount();
      return active > 4n ? active : 4n;
    },
    max: 100n,
    read: (c) => c.registry.maxValidators(),
  },
  {
    name: "unbondingPeriod",
    contract: "registry",
    setter: "setUnbondingPeriod",
    unit: "seconds",
    min: 6n * DAY,
    max: 60n * DAY,
    read: (c) => c.registry.unbondingPeriod(),
    note: "must exceed evidenceWindow + slashVetoWindow",
  },
  {
    name: "minValidators",
    contract: "consensus",
    setter: "setMinValidators",
    unit: "count",
    min: 4n,
    max: 100n,
    read: (c) => c.consensus.minValidators(),
  },
  {
    name: "commitWindow",
    contract: "consensus",
    setter: "setCommitWindow",
    unit: "seconds",
    min: 10n,
    max: DAY,
    read: (c) => c.consensus.commitWindow(),
  },
  {
    name: "revealWindow",
    contract: "consensus",
    setter: "setRevealWindow",
    unit: "seconds",
    min: 10n,
    max: DAY,
    read: (c) => c.consensus.revealWindow(),
  },
  {
    name: "minQuality",
    contract: "consensus",
    setter: "setMinQuality",
    unit: "bps",
    min: 1_000n,
    max: 10_000n,
    read: consensusParam("minQuality"),
  },
  {
    name: "riskThreshold",
    contract: "consensus",
    setter: "setRiskThreshold",
    unit: "bps",
    min: 1n,
    max: 10_000n,
    read: consensusParam("riskThreshold"),
  },
  {
    name: "domainThreshold",
    contract: "consensus",
    setter: "setDomainThreshold",
    unit: "bps",
    min: 1_000n,
    max: 10_000n,
    read: consensusParam("domainThreshold"),
  },
  {
    name: "agreementThreshold",
    contract: "consensus",
    setter: "setAgreementThreshold",
    unit: "bps",
    min: 5_000n,
    max: 10_000n,
    read: consensusParam("agreementThreshold"),
  },
  {
    name: "agreementTolerance",
    contract: "consensus",
    setter: "setAgreementTolerance",
    unit: "bps",
    min: 100n,
    max: 5_000n,
    read: consensusParam("agreementTolerance"),
  },
  {
    name: "nonRevealSlashBps",
    contract: "consensus",
    setter: "setNonRevealSlashBps",
    unit: "bps",
    min: 50n,
    max: 5_000n,
    read: consensusParam("nonRevealSlashBps"),
  },
  {
    name: "protocolFeeBps",
    contract: "consensus",
    setter: "setProtocolFeeBps",
    unit: "bps",
    min: 0n,
    max: 2_000n,
    read: consensusParam("protocolFeeBps"),
  },
];

export function findParameter(name: string): ParameterSpec {
  const spec = PARAMETERS.find((p) => p.name === name);
  if (!spec) {
    throw new QcpError(`unknown parameter "${name}"`, {
      hints: [`known parameters: ${PARAMETERS.map((p) => p.name).join(", ")}`],
    });
  }
  return spec;
}

const resolve = (bound: Bound, ctx: GovernanceContext) =>
  typeof bound === "bigint" ? Promise.resolve(bound) : bound(ctx);

/** The current bounds of a parameter (some depend on other parameters or the active set). */
export async function parameterBounds(
  ctx: GovernanceContext,
  spec: ParameterSpec,
): Promise<{ min: bigint; max: bigint }> {
  return { min: await resolve(spec.min, ctx), max: await resolve(spec.max, ctx) };
}

const UNITS: Record<string, bigint> = { s: 1n, m: 60n, h: 3_600n, d: DAY };

/** Parses a value: an integer, with an s/m/h/d suffix for seconds parameters ("6h", "3d"). */
export function parseParameterValue(spec: ParameterSpec, text: string): bigint {
  const match = /^([0-9]+)([smhd]?)$/.exec(text.trim());
  if (!match || (match[2] && spec.unit !== "seconds")) {
    throw new QcpError(`"${text}" is not a valid value for ${spec.name} (${spec.unit})`, {
      hints: [
        spec.unit === "seconds"
          ? "use an integer number of seconds or a suffix: 90s, 30m, 6h, 2d"
          : "use a non-negative integer",
      ],
    });
  }
  return BigInt(match[1]) * (match[2] ? UNITS[match[2]] : 1n);
}

/** Refuses a value outside the bounds before anything is scheduled. */
export async function checkParameterValue(
  ctx: GovernanceContext,
  spec: ParameterSpec,
  value: bigint,
): Promise<void> {
  const { min, max } = await parameterBounds(ctx, spec);
  if (value < min || value > max) {
    throw new QcpError(
      `${spec.name} = ${value} is outside its bounds [${min}, ${max}] (${spec.unit})`,
      {
        hints: [
          "the contract would revert when the timelock executes the change; nothing was scheduled",
          ...(spec.note ? [spec.note] : []),
        ],
      },
    );
  }
}

/** The setter call as the timelock would make it. */
export function parameterCall(
  ctx: GovernanceContext,
  spec: ParameterSpec,
  value: bigint,
): TimelockCall {
  const contracts = {
    slashingManager: ctx.manager,
    registry: ctx.registry,
    consensus: ctx.consensus,
  };
  // Typed ABIs overload encodeFunctionData per function; the setter name is data here.
  const iface = contracts[spec.contract].interface as unknown as Interface;
  return {
    target: ctx.deployment[spec.contract],
    data: iface.encodeFunctionData(spec.setter, [value]),
    description: `${spec.contract}.${spec.setter}(${value})`,
  };
}

/** Schedules a bounded parameter change on the timelock (after an off-chain bounds check). */
export async function proposeParameterChange(
  ctx: GovernanceContext,
  name: string,
  value: bigint,
  options: WriteOptions & { readonly salt?: string } = {},
): Promise<
  WriteResult<ScheduleReturnType & { parameter: string; current: bigint; value: bigint }>
> {
  const spec = findParameter(name);
  await checkParameterValue(ctx, spec, value);
  const current = await spec.read(ctx);
  const result = await scheduleOperation(
    ctx,
    operationFor(parameterCall(ctx, spec, value), options.salt),
    options,
  );
  return { ...result, simulated: { ...result.simulated, parameter: name, current, value } };
}

/** Executes a scheduled parameter change once the timelock delay has passed. */
export async function executeParameterChange(
  ctx: GovernanceContext,
  name: string,
  value: bigint,
  options: WriteOptions & { readonly salt?: string } = {},
): Promise<WriteResult<{ operationId: string; parameter: string; value: bigint }>> {
  const spec = findParameter(name);
  const result = await executeOperation(
    ctx,
    operationFor(parameterCall(ctx, spec, value), options.salt),
    options,
  );
  return { ...result, simulated: { ...result.simulated, parameter: name, value } };
}

/** Every parameter with its current value and bounds. */
export async function listParameters(ctx: GovernanceContext) {
  const rows = [];
  for (const spec of PARAMETERS) {
    const { min, max } = await parameterBounds(ctx, spec);
    rows.push({
      name: spec.name,
      contract: spec.contract,
      unit: spec.unit,
      value: await spec.read(ctx),
      min,
      max,
    });
  }
  return rows;
}
