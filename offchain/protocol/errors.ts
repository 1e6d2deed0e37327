import { Interface, isHexString, type ErrorDescription, type InterfaceAbi } from "ethers";

/** A contract revert decoded to its custom error: `name` and positional `args`. */
export interface DecodedRevert {
  readonly name: string;
  readonly args: readonly unknown[];
  readonly signature: string;
  readonly data: string;
}

/**
 * Finds the revert data in whatever an ethers v6 call, estimateGas or send threw: providers nest
 * it differently (`data`, `info.error.data`, `error.data`, a JSON-RPC body in `cause`).
 */
export function findRevertData(error: unknown, depth = 0): string | undefined {
  if (depth > 6 || error === null || typeof error !== "object") return undefined;
  const record = error as Record<string, unknown>;
  const data = record.data;
  if (typeof data === "string" && isHexString(data) && data.length >= 10) return data;
  if (data && typeof data === "object") {
    const nested = findRevertData(data, depth + 1);
    if (nested) return nested;
  }
  for (const key of ["error", "info", "cause", "revert"]) {
    const nested = findRevertData(record[key], depth + 1);
    if (nested) return nested;
  }
  return undefined;
}

/**
 * Decodes a revert into a custom error of any of the given ABIs (the called contract and every
 * contract it calls, since reverts bubble up unchanged). Returns undefined for anything else.
 */
export function decodeRevert(
  error: unknown,
  abis: readonly (Interface | InterfaceAbi)[],
): DecodedRevert | undefined {
  const data = findRevertData(error);
  if (!data) return undefined;
  for (const abi of abis) {
    const iface = abi instanceof Interface ? abi : new Interface(abi);
    let parsed: ErrorDescription | null = null;
    try {
      parsed = iface.parseError(data);
    } catch {
      parsed = null;
    }
    if (parsed) {
      return { name: parsed.name, args: [...parsed.args], signature: parsed.signature, data };
    }
  }
  return undefined;
}
