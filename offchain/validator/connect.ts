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
import { rpcOptions, txOptions } from "./chainOptions.js";
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
  const rpc = new RpcQuorum(config.network.rpc_urls, rpcOptions(config), stderrLogger);
  await rpc.verifyChain();
  const head = await rpc.refreshHead();
  const tx = new TxManager(wallet, rpc, txOptions(config, 500), stderrLogger);
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
