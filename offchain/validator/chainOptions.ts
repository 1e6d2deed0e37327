import type { ValidatorConfig } from "../config/schema.js";
import type { RpcOptions } from "./rpc.js";
import type { TxOptions } from "./txManager.js";

/** RpcQuorum's options from a validator config (one mapping for the daemon and the CLI). */
export function rpcOptions(config: ValidatorConfig): RpcOptions {
  return {
    chainId: config.network.chain_id,
    quorum: config.network.rpc_quorum,
    maxHeadLag: config.network.max_head_lag_blocks,
    timeoutMs: config.timeouts.rpc_timeout_ms,
  };
}

/** TxManager's options from a validator config; `pollMs` is how often to poll for receipts. */
export function txOptions(config: ValidatorConfig, pollMs: number): TxOptions {
  return {
    chainId: config.network.chain_id,
    maxFeePerGasGwei: config.security.max_fee_per_gas_gwei,
    feeBumpPercent: config.security.fee_bump_percent,
    maxFeeBumps: config.security.max_fee_bumps,
    stuckMs: config.timeouts.tx_stuck_seconds * 1000,
    pollMs,
  };
}
