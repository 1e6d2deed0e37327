import type { Command } from "commander";
import { erc20Abi, formatUnits, parseUnits, type Hex } from "viem";
import { createQcpClient, type QcpClientBase } from "../client/client.js";
import { QcpError } from "./errors.js";

/** Options shared by every command that talks to a deployment. */
export interface ConnectionOptions {
  readonly rpc?: string;
  readonly deployment?: string;
}

export const DEFAULT_RPC_URL = "http://127.0.0.1:8545";
export const DEFAULT_DEPLOYMENT_FILE = "deployment.json";

/** Adds --rpc and --deployment (with their environment fallbacks) to a command. */
export function withConnectionOptions(command: Command): Command {
  return command
    .option("--rpc <url>", `JSON-RPC URL (env QCP_RPC_URL, default ${DEFAULT_RPC_URL})`)
    .option(
      "--deployment <file>",
      `deployment addresses JSON (env QCP_DEPLOYMENT, default ./${DEFAULT_DEPLOYMENT_FILE})`,
    );
}

/** The private key from QCP_PRIVATE_KEY, checked for shape; the key itself never appears in errors. */
export function privateKeyFromEnv(env: NodeJS.ProcessEnv = process.env): Hex {
  const raw = env.QCP_PRIVATE_KEY?.trim();
  if (!raw) {
    throw new QcpError("this command sends a transaction and needs a key", {
      hints: [
        "set QCP_PRIVATE_KEY to the hex private key of the sending account (never pass it as an argument)",
      ],
    });
  }
  const key = raw.startsWith("0x") ? raw : `0x${raw}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) {
    throw new QcpError("QCP_PRIVATE_KEY is not a 32-byte hex private key", {
      hints: ["expected 64 hex digits, with or without 0x"],
    });
  }
  return key as Hex;
}

/** Connects with the command's options; `write` adds the account from QCP_PRIVATE_KEY. */
export async function connectFromOptions(
  options: ConnectionOptions,
  { write }: { write: boolean },
): Promise<QcpClientBase> {
  return createQcpClient({
    rpcUrl: options.rpc ?? process.env.QCP_RPC_URL ?? DEFAULT_RPC_URL,
    deployment: options.deployment ?? process.env.QCP_DEPLOYMENT ?? DEFAULT_DEPLOYMENT_FILE,
    account: write ? privateKeyFromEnv() : undefined,
  });
}

/** The stake token's decimals, for converting --fee and printing amounts. */
export async function tokenDecimals(client: QcpClientBase): Promise<number> {
  return client.publicClient.readContract({
    address: client.addresses.token,
    abi: erc20Abi,
    functionName: "decimals",
  });
}

/** Whole tokens ("10", "0.5") to wei, with an error naming the option. */
export function parseTokens(value: string, decimals: number, option: string): bigint {
  if (!/^\d+(\.\d+)?$/.test(value.trim())) {
    throw new QcpError(`${option} must be a positive number of tokens, got "${value}"`);
  }
  return parseUnits(value.trim(), decimals);
}

export function formatTokens(wei: bigint, decimals: number): string {
  return `${formatUnits(wei, decimals)} tokens`;
}

/** A fraction option in [0, 1]. */
export function parseFraction(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) {
    throw new QcpError(`${name} must be a number between 0 and 1, got "${value}"`);
  }
  return n;
}
