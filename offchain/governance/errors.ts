import { ZeroHash, decodeBytes32String, id } from "ethers";
import { QcpError } from "../cli/errors.js";
import { decodeRevert, type DecodedRevert } from "../protocol/errors.js";
import {
  IQualityConsensus__factory,
  IValidatorRegistry__factory,
  QcpTimelock__factory,
  SlashingManager__factory,
} from "../../typechain-types/index.js";

/** Every ABI a governance call can revert with (reverts of the registry and consensus bubble up). */
const GOVERNANCE_ABIS = [
  SlashingManager__factory.abi,
  IValidatorRegistry__factory.abi,
  IQualityConsensus__factory.abi,
  QcpTimelock__factory.abi,
];

const ROLE_NAMES: Record<string, string> = Object.fromEntries([
  [ZeroHash, "DEFAULT_ADMIN_ROLE"],
  ...[
    "GOVERNOR_ROLE",
    "VETO_ROLE",
    "PARAMETER_ROLE",
    "SLASHER_ROLE",
    "CONSENSUS_ROLE",
    "PAUSER_ROLE",
    "PROPOSER_ROLE",
    "EXECUTOR_ROLE",
    "CANCELLER_ROLE",
  ].map((name) => [id(name), name]),
]);

function when(seconds: unknown): string {
  const value = Number(seconds);
  return `${new Date(value * 1000).toISOString()} (unix ${value})`;
}

function text32(value: unknown): string {
  try {
    return decodeBytes32String(String(value));
  } catch {
    return String(value);
  }
}

/** Decodes a revert of any governance-related contract (undefined if it is not one). */
export function decodeGovernanceRevert(error: unknown): DecodedRevert | undefined {
  return decodeRevert(error, GOVERNANCE_ABIS);
}

/** A sentence and hints for one custom error; `action` names what was attempted. */
function explain(revert: DecodedRevert, action: string): { message: string; hints: string[] } {
  const a = revert.args;
  switch (revert.name) {
    case "SlashingInvalidSignature":
      return {
        message: `signature ${Number(a[0]) === 0 ? "A" : "B"} is invalid (ECDSA error ${a[1]})`,
        hints: [
          "signatures must be 65 bytes with v 27/28 and low s; rebuild the evidence with `qcp governance evidence build`",
        ],
      };
    case "SlashingSignerMismatch":
      return {
        message: `the two votes were signed by different addresses (${a[0]}, ${a[1]})`,
        hints: [],
      };
    case "SlashingIdenticalVotes":
      return {
        message: `the two votes are identical (digest ${a[0]}): not an equivocation`,
        hints: [],
      };
    case "SlashingNotValidator":
      return {
        message: `${a[0]} is not a registered validator`,
        hints: ["a validator that already withdrew its stake can no longer be slashed"],
      };
    case "SlashingUnknownRequest":
      return {
        message: `request ${a[0]} does not exist on this deployment`,
        hints: ["check --deployment and the requestId"],
      };
    case "SlashingEvidenceExpired":
      return {
        message: `the evidence window for request ${a[0]} closed at ${when(a[1])}`,
        hints: ["evidence is accepted until the request's reveal deadline plus evidenceWindow"],
      };
    case "SlashingEvidenceAlreadyUsed":
      return { message: `this offence (evidence ${a[0]}) was already slashed`, hints: [] };
    case "SlashingNothingToSlash":
      return { message: `${a[0]} has no stake left to slash`, hints: [] };
    case "SlashingZeroSlashBps":
      return { message: "the slash share must be at least 1 basis point", hints: [] };
    case "SlashingSlashAboveCap":
      return { message: `slash of ${a[0]} bps is above the cap of ${a[1]} bps`, hints: [] };
    case "SlashingProposalNotFound":
      return {
        message: `proposal ${a[0]} does not exist`,
        hints: ["list proposals with `qcp governance slash list`"],
      };
    case "SlashingVetoWindowClosed":
      return {
        message: `the veto window for proposal ${a[0]} closed at ${when(a[1])}`,
        hints: ["once the window is closed anyone may execute the slash"],
      };
    case "SlashingVetoWindowOpen":
      return {
        message: `proposal ${a[0]} is in its veto window until ${when(a[1])}`,
        hints: ["execute it at or after that time"],
      };
    case "SlashingProposalAlreadyExecuted":
      return { message: `proposal ${a[0]} was already executed`, hints: [] };
    case "SlashingProposalAlreadyVetoed":
      return { message: `proposal ${a[0]} was vetoed`, hints: [] };
    case "SlashingParameterOutOfBounds":
    case "RegistryParameterOutOfBounds":
    case "ConsensusParameterOutOfBounds":
      return {
        message: `${text32(a[0])} = ${a[1]} is outside its bounds [${a[2]}, ${a[3]}]`,
        hints: [],
      };
    case "AccessControlUnauthorizedAccount":
      return {
        message: `${a[0]} lacks role ${ROLE_NAMES[String(a[1])] ?? a[1]}`,
        hints: [
          "governor and parameter roles are held by the timelock: propose through it",
          "vetoes must be sent from the veto address",
        ],
      };
    case "TimelockUnexpectedOperationState":
      return {
        message: `timelock operation ${a[0]} is not in the expected state`,
        hints: [
          "scheduling twice needs a different --salt; executing needs the operation scheduled and its delay passed",
        ],
      };
    case "TimelockInsufficientDelay":
      return { message: `timelock delay ${a[0]} s is below the minimum ${a[1]} s`, hints: [] };
    case "TimelockUnauthorizedCaller":
      return { message: `${a[0]} may not execute timelock operations`, hints: [] };
    case "TimelockUnexecutedPredecessor":
      return { message: `predecessor operation ${a[0]} has not been executed`, hints: [] };
    default:
      return {
        message: `${action} reverted with ${revert.name}(${a.map(String).join(", ")})`,
        hints: [],
      };
  }
}

/** Turns whatever a governance call threw into a QcpError that says what went wrong and what to do. */
export function toGovernanceError(error: unknown, action: string): QcpError {
  if (error instanceof QcpError) return error;
  const revert = decodeGovernanceRevert(error);
  if (revert) {
    const { message, hints } = explain(revert, action);
    return new QcpError(`${action}: ${message}`, {
      hints: [...hints, `revert: ${revert.name}(${revert.args.map(String).join(", ")})`],
      cause: error,
    });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new QcpError(`${action} failed: ${reason.split("\n")[0]}`, { cause: error });
}
