import { config as loadDotenv } from "dotenv";
import type { Wallet } from "ethers";
import { loadConfig, type LoadedConfig } from "../config/load.js";
import { loadWallet } from "../config/secrets.js";
import {
  IQualityConsensus__factory,
  IValidatorRegistry__factory,
  type IQualityConsensus,
  type IValidatorRegistry,
} from "../../typechain-types/index.js";
import { createLogger, type Logger } from "./logger.js";
import { RpcQuorum } from "./rpc.js";
import { TxManager } from "./txManager.js";

/** Secrets may come from a .env file in the working directory (never from the YAML). */
export function loadEnv(): void {
  loadDotenv({ quiet: true });
}

export interface Connection {
  loaded: LoadedConfig;
  wallet: Wallet;
  logger: Logger;
  rpc: RpcQuorum;
  tx: TxManager;
  /** Views pinned to the quorum head read at connection time. */
  consensus: IQualityConsensus;
  registry: IValidatorRegistry;
  close(): void;
}

/**
 * What the one-shot CLI commands (register, status, unbond, withdraw, claim) share with the
 * daemon: the config, the key, the quorum reads and the transaction manager. Logs go to stderr
 * so stdout stays the command's output.
 */
export async function connectValidator(configPath: string): Promise<Connection> {
  loadEnv();
  const loaded = loadConfig(configPath);
  const { config, deployment } = loaded;
  const wallet = await loadWallet(config.validator.keystore, process.env);
  const stderrLogger = createLogger(
    process.env.QCP_LOG_LEVEL ?? "warn",
    { validator: wallet.address },
    2,
  );
  const rpc = new RpcQuorum(
    config.network.rpc_urls,
    {
      chainId: config.network.chain_id,
      quorum: config.network.rpc_quorum,
      maxHeadLag: config.network.max_head_lag_blocks,
      timeoutMs: config.timeouts.rpc_timeout_ms,
    },
    stderrLogger,
  );
  await rpc.verifyChain();
  const head = await rpc.refreshHead();
  const tx = new TxManager(
    wallet,
    rpc,
    {
      chainId: config.network.chain_id,
      maxFeePerGasGwei: config.security.max_fee_per_gas_gwei,
      feeBumpPercent: config.security.fee_bump_percent,
      maxFeeBumps: config.security.max_fee_bumps,
      stuckMs: config.timeouts.tx_stuck_seconds * 1000,
      pollMs: 500,
    },
    stderrLogger,
  );
  const runner = rpc.runner(head);
  return {
    loaded,
    wallet,
    logger: stderrLogger,
    rpc,
    tx,
    consensus: IQualityConsensus__factory.connect(deployment.consensus, runner),
    registry: IValidatorRegistry__factory.connect(deployment.registry, runner),
    close: () => rpc.destroy(),
  };
}
