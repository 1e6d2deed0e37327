import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { QcpError } from "../errors.js";
import { loadDeployment } from "../../config/deployment.js";
import {
  closeGovernance,
  connectGovernance,
  requireGovernance,
  type GovernanceContext,
  type GovernanceDeployment,
} from "../../governance/context.js";

/** Options shared by every `qcp governance` command that talks to a chain. */
export interface ChainOptions {
  rpc?: string;
  deployment?: string;
  dryRun?: boolean;
}

/** Adds --deployment (and --rpc for commands that reach a node). */
export function withDeployment(command: Command): Command {
  return command.option(
    "--deployment <file>",
    "deployment JSON {chainId, token, registry, consensus, slashingManager, timelock, deployBlock} (env QCP_DEPLOYMENT)",
  );
}

export function withChain(command: Command): Command {
  return withDeployment(command).option(
    "--rpc <url>",
    "JSON-RPC endpoint (env QCP_RPC_URL, default http://127.0.0.1:8545)",
  );
}

/** Adds --dry-run: every write is simulated first and --dry-run stops there. */
export function withWrite(command: Command): Command {
  return withChain(command).option("--dry-run", "simulate the transaction, send nothing");
}

export function deploymentFile(options: ChainOptions): string {
  const file = options.deployment ?? process.env.QCP_DEPLOYMENT;
  if (!file) {
    throw new QcpError("no deployment file", {
      hints: ["pass --deployment <file> or set QCP_DEPLOYMENT"],
    });
  }
  return file;
}

export function readDeployment(options: ChainOptions): GovernanceDeployment {
  return requireGovernance(loadDeployment(deploymentFile(options)));
}

/** The key from QCP_PRIVATE_KEY (never printed); undefined when not set. */
export function privateKeyFromEnv(): string | undefined {
  const key = process.env.QCP_PRIVATE_KEY?.trim();
  if (!key) return undefined;
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(key)) {
    throw new QcpError("QCP_PRIVATE_KEY is not a 32-byte hex private key");
  }
  return key.startsWith("0x") ? key : `0x${key}`;
}

/** Runs `action` with a connected context and always releases the provider. */
export async function withContext<T>(
  options: ChainOptions,
  needsKey: boolean,
  action: (ctx: GovernanceContext) => Promise<T>,
): Promise<T> {
  const privateKey = privateKeyFromEnv();
  if (needsKey && !privateKey && !options.dryRun) {
    throw new QcpError("this command sends a transaction and needs a key", {
      hints: ["set QCP_PRIVATE_KEY, or pass --dry-run to only simulate"],
    });
  }
  const ctx = await connectGovernance({
    rpcUrl: options.rpc ?? process.env.QCP_RPC_URL ?? "http://127.0.0.1:8545",
    deployment: readDeployment(options),
    privateKey,
  });
  try {
    return await action(ctx);
  } finally {
    closeGovernance(ctx);
  }
}

/** JSON with bigints as decimal strings: what every command prints on stdout. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
}

export function print(value: unknown): void {
  process.stdout.write(`${toJson(value)}\n`);
}

/** Writes JSON to `file` when given, else prints it. */
export function output(value: unknown, file?: string): void {
  if (file) {
    writeFileSync(file, `${toJson(value)}\n`);
    process.stderr.write(`wrote ${file}\n`);
  } else {
    print(value);
  }
}

/** Re-throws plain errors (schema, parsing) as QcpError so the CLI prints them cleanly. */
export function asQcpError(error: unknown): never {
  if (error instanceof QcpError) throw error;
  throw new QcpError(error instanceof Error ? error.message : String(error), { cause: error });
}
