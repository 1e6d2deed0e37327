import { Interface, isError } from "ethers";
import {
  IQualityConsensus__factory,
  IValidatorRegistry__factory,
} from "../../typechain-types/index.js";

/**
 * The one place that decides what an error means for the daemon:
 * - `race`: the action is already done or its phase is over because someone else acted first
 *   (logged as info, never retried);
 * - `skip`: this request cannot be acted on by this validator (not in the committee, mismatch);
 * - `transient`: RPC down or lagging, quorum not reached, nonce or fee trouble (retried next tick);
 * - `fatal`: the daemon cannot work (wrong chain, database of another deployment): stop.
 */
export type ErrorKind = "race" | "skip" | "transient" | "fatal";

export interface Classified {
  kind: ErrorKind;
  /** Custom error name when the error is a decoded revert, e.g. `ConsensusWrongPhase`. */
  name?: string;
  args?: readonly unknown[];
  message: string;
}

const ERC20_ERRORS = [
  "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)",
  "error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)",
];

/** Every custom error the daemon may meet, to decode reverts by name. */
const ERRORS = new Interface([
  ...IQualityConsensus__factory.abi.filter((f) => f.type === "error"),
  ...IValidatorRegistry__factory.abi.filter((f) => f.type === "error"),
  ...ERC20_ERRORS,
]);

const RACE_ERRORS = new Set([
  "ConsensusWrongPhase",
  "ConsensusAlreadyCommitted",
  "ConsensusAlreadyRevealed",
  "ConsensusNothingToClaim",
]);

const SKIP_ERRORS = new Set([
  "ConsensusNotCommitteeMember",
  "ConsensusNotCommitted",
  "ConsensusCommitmentMismatch",
  "ConsensusUnknownRequest",
  "ConsensusInvalidCommittee",
]);

/** Thrown for conditions the daemon itself detects and cannot work around. */
export class FatalError extends Error {
  override name = "FatalError";
}

/** Thrown for a transient condition (quorum not reached, every endpoint stale). */
export class TransientError extends Error {
  override name = "TransientError";
}

/** A simulated or mined transaction that reverted, with its decoded custom error. */
export class RevertError extends Error {
  override name = "RevertError";
  constructor(
    readonly errorName: string | undefined,
    readonly errorArgs: readonly unknown[],
    readonly data: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** Finds revert data anywhere in an ethers / JSON-RPC error chain. */
export function revertData(error: unknown, depth = 0): string | undefined {
  if (depth > 6 || error === null || typeof error !== "object") return undefined;
  const e = error as Record<string, unknown>;
  if (typeof e.data === "string" && /^0x[0-9a-fA-F]{8}/.test(e.data)) return e.data;
  for (const key of ["error", "info", "cause", "data"]) {
    const found = revertData(e[key], depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** `ConsensusWrongPhase(7, 2)` style description of revert data, or undefined. */
export function decodeRevert(
  data: string | undefined,
): { name: string; args: readonly unknown[] } | undefined {
  if (data === undefined) return undefined;
  try {
    const parsed = ERRORS.parseError(data);
    if (parsed === null) return undefined;
    return { name: parsed.name, args: [...parsed.args] };
  } catch {
    return undefined;
  }
}

export function describeRevert(name: string, args: readonly unknown[]): string {
  return `${name}(${args.map((a) => String(a)).join(", ")})`;
}

/** Wraps any error from a call / estimate / receipt into a RevertError when it is a revert. */
export function asRevert(error: unknown): RevertError | undefined {
  if (error instanceof RevertError) return error;
  const data = revertData(error);
  const isRevert = isError(error, "CALL_EXCEPTION") || data !== undefined;
  if (!isRevert) return undefined;
  const decoded = decodeRevert(data);
  const message = decoded
    ? describeRevert(decoded.name, decoded.args)
    : `reverted without a known reason${data ? ` (data ${data.slice(0, 74)})` : ""}`;
  return new RevertError(decoded?.name, decoded?.args ?? [], data, message);
}

export function classify(error: unknown): Classified {
  if (error instanceof FatalError) return { kind: "fatal", message: error.message };
  if (error instanceof TransientError) return { kind: "transient", message: error.message };
  const revert = asRevert(error);
  if (revert !== undefined) {
    const name = revert.errorName;
    if (name !== undefined && RACE_ERRORS.has(name)) {
      return { kind: "race", name, args: revert.errorArgs, message: revert.message };
    }
    if (name !== undefined && SKIP_ERRORS.has(name)) {
      return { kind: "skip", name, args: revert.errorArgs, message: revert.message };
    }
    // Unknown reverts (e.g. out of gas, a paused contract) may clear up: retry, but say so.
    return { kind: "transient", name, args: revert.errorArgs, message: revert.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: "transient", message: message.split("\n")[0].slice(0, 300) };
}
