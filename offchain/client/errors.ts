import {
  BaseError,
  ContractFunctionRevertedError,
  HttpRequestError,
  decodeErrorResult,
  type Abi,
  type Hex,
} from "viem";
import { QcpError } from "../cli/errors.js";
import { qualityConsensusAbi, stakeTokenAbi, validatorRegistryAbi } from "./abi/index.js";
import { phaseName } from "./types.js";

/**
 * Every custom error a client call can revert with: reverts of the registry and the stake token
 * bubble up through QualityConsensus unchanged, so one call may fail with any of them.
 */
const ERROR_ABI = [...qualityConsensusAbi, ...validatorRegistryAbi, ...stakeTokenAbi].filter(
  (item) => item.type === "error",
) as Abi;

/** A revert decoded to its custom error; `errorName` and `args` are what the contract threw. */
export class ContractRevertError extends QcpError {
  readonly errorName: string;
  readonly args: readonly unknown[];

  constructor(
    message: string,
    options: { errorName: string; args: readonly unknown[]; hints?: string[]; cause?: unknown },
  ) {
    super(message, { hints: options.hints, cause: options.cause });
    this.name = "ContractRevertError";
    this.errorName = options.errorName;
    this.args = options.args;
  }
}

/** The canonical payload is larger than what travels inline and no `uri` was given. */
export class PayloadTooLargeError extends QcpError {
  readonly size: number;
  readonly maxBytes: number;

  constructor(size: number, maxBytes: number) {
    super(
      `the canonical payload is ${size} bytes, more than the ${maxBytes} bytes carried inline`,
      {
        hints: [
          "publish the canonical JSON (RFC 8785) somewhere validators can fetch it and pass its address as `uri` (--uri)",
          "validators check the fetched bytes against the outputHash, so the hosted copy must be byte-identical",
        ],
      },
    );
    this.name = "PayloadTooLargeError";
    this.size = size;
    this.maxBytes = maxBytes;
  }
}

/** waitForResult ran out of time; `phase` is the last phase seen. */
export class RequestTimeoutError extends QcpError {
  readonly requestId: bigint;
  readonly phase: number;

  constructor(requestId: bigint, phase: number, timeoutMs: number, hints: string[]) {
    super(
      `request ${requestId} is not finalized after ${timeoutMs / 1000} s (phase ${phaseName(phase)})`,
      { hints },
    );
    this.name = "RequestTimeoutError";
    this.requestId = requestId;
    this.phase = phase;
  }
}

/** Unix seconds as an ISO time, for messages. */
export function isoTime(seconds: bigint | number): string {
  return `${new Date(Number(seconds) * 1000).toISOString()}`;
}

/** Finds the revert data inside whatever viem threw, if any. */
function revertData(error: BaseError): Hex | undefined {
  const reverted = error.walk(
    (e) => e instanceof ContractFunctionRevertedError,
  ) as ContractFunctionRevertedError | null;
  if (reverted?.raw) return reverted.raw;
  const withData = error.walk((e) => {
    const data = (e as { data?: unknown }).data;
    return typeof data === "string" && /^0x[0-9a-fA-F]{8,}$/.test(data);
  }) as { data?: Hex } | null;
  return withData?.data;
}

/** Decodes revert data against every protocol ABI; undefined if it is not one of their errors. */
export function decodeRevertData(
  data: Hex,
): { errorName: string; args: readonly unknown[] } | undefined {
  try {
    const decoded = decodeErrorResult({ abi: ERROR_ABI, data });
    return { errorName: decoded.errorName, args: decoded.args ?? [] };
  } catch {
    return undefined;
  }
}

/** A sentence and what to do for one custom error. */
function explain(errorName: string, a: readonly unknown[]): { message: string; hints: string[] } {
  switch (errorName) {
    case "ConsensusUnknownRequest":
      return {
        message: `request ${a[0]} does not exist on this deployment`,
        hints: [
          "check the request id and that --deployment / --rpc point at the chain it was submitted to",
        ],
      };
    case "ConsensusWrongPhase": {
      const phase = phaseName(Number(a[1]));
      const hints: Record<string, string> = {
        Commit:
          "the committee is still committing; wait for the commit deadline or for every member to commit",
        Reveal:
          "the committee is still revealing; finalize once every vote is revealed or the reveal deadline passed",
        Finalizable: "the voting is over; the request only needs finalize(requestId)",
        Finalized: "the request is already final; read it with getResult / `qcp request status`",
      };
      return {
        message: `request ${a[0]} is in phase ${phase}`,
        hints: hints[phase] ? [hints[phase]] : [],
      };
    }
    case "ConsensusPayloadTooLarge":
      return {
        message: `the inline payload is ${a[0]} bytes; the contract carries at most ${a[1]}`,
        hints: ["pass a uri to the hosted canonical payload instead"],
      };
    case "ConsensusEmptyPayload":
      return { message: "neither an inline payload nor a uri was given", hints: [] };
    case "ConsensusZeroOutputHash":
      return {
        message: "the output hash is zero",
        hints: ["compute it with computeOutputHash(payload)"],
      };
    case "ConsensusZeroFee":
      return { message: "the fee must be positive", hints: ["pass a fee (--fee <tokens>)"] };
    case "ConsensusNotEnoughValidators":
      return {
        message: `only ${a[0]} validators are active; a request needs at least ${a[1]}`,
        hints: ["register more validators (`qcp validator register`) or try again later"],
      };
    case "ConsensusInvalidCommittee":
      return {
        message: `the active set changed since request ${a[0]} was submitted`,
        hints: [
          "call finalizeWithCommittee(requestId, committee) with the request's committee sorted by address",
        ],
      };
    case "EnforcedPause":
      return {
        message: "the contract is paused by governance",
        hints: ["try again once it is unpaused"],
      };
    case "ERC20InsufficientBalance":
      return {
        message: `${a[0]} holds ${a[1]} stake-token wei, the fee needs ${a[2]}`,
        hints: ["fund the account with the stake token, or lower --fee"],
      };
    case "ERC20InsufficientAllowance":
      return {
        message: `the consensus contract may spend ${a[1]} of the fee's ${a[2]} stake-token wei`,
        hints: [
          "approve the consensus contract for the fee (submitRequest does this when allowed to)",
        ],
      };
    default:
      return { message: `reverted with ${errorName}(${a.map(String).join(", ")})`, hints: [] };
  }
}

/**
 * Turns anything a viem call threw into a QcpError that says what happened and what to do:
 * a decoded custom error becomes a {@link ContractRevertError}; an unreachable node says so.
 * QcpErrors pass through unchanged.
 */
export function toQcpError(error: unknown, action: string): QcpError {
  if (error instanceof QcpError) return error;
  if (error instanceof BaseError) {
    const data = revertData(error);
    const decoded = data ? decodeRevertData(data) : undefined;
    if (decoded) {
      const { message, hints } = explain(decoded.errorName, decoded.args);
      return new ContractRevertError(`${action} failed: ${message}`, {
        errorName: decoded.errorName,
        args: decoded.args,
        hints,
        cause: error,
      });
    }
    const http = error.walk((e) => e instanceof HttpRequestError) as HttpRequestError | null;
    if (http) {
      return new QcpError(`${action} failed: cannot reach the JSON-RPC node at ${http.url}`, {
        hints: ["start a node (npx hardhat node) or pass --rpc <url> / set QCP_RPC_URL"],
        cause: error,
      });
    }
    return new QcpError(`${action} failed: ${error.shortMessage}`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new QcpError(`${action} failed: ${message}`, { cause: error });
}
