import type { Wallet } from "ethers";
import type { Deployment } from "../config/deployment.js";
import type { ValidatorConfig } from "../config/schema.js";
import type { Eip712Domain } from "../protocol/eip712.js";
import {
  IQualityConsensus__factory,
  IValidatorRegistry__factory,
  type IQualityConsensus,
  type IValidatorRegistry,
} from "../../typechain-types/index.js";
import type { AssessDuty } from "./duties/assess.js";
import type { Logger } from "./logger.js";
import type { Metrics } from "./metrics.js";
import type { DaemonHooks, VotePolicy } from "./policy.js";
import type { BlockRef, RpcQuorum } from "./rpc.js";
import type { VoteStore } from "./store.js";
import type { TxManager } from "./txManager.js";

/** Mirrors IQualityConsensus.Phase exactly once. */
export enum Phase {
  None = 0,
  Commit = 1,
  Reveal = 2,
  Finalizable = 3,
  Finalized = 4,
}

export const consensusInterface = IQualityConsensus__factory.createInterface();
export const registryInterface = IValidatorRegistry__factory.createInterface();

/** Everything a duty needs; built once by the daemon. */
export interface DutyContext {
  readonly config: ValidatorConfig;
  readonly deployment: Deployment;
  readonly wallet: Wallet;
  readonly address: string;
  readonly chainId: bigint;
  readonly eip712: Eip712Domain;
  readonly rpc: RpcQuorum;
  readonly tx: TxManager;
  readonly store: VoteStore;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly assessor: AssessDuty;
  readonly policy: VotePolicy;
  readonly hooks: DaemonHooks;
}

/** One tick's view of the chain: every read in a tick is pinned to the same quorum head. */
export interface ChainView {
  readonly block: BlockRef;
  readonly consensus: IQualityConsensus;
  readonly registry: IValidatorRegistry;
}

export function viewAt(ctx: DutyContext, block: BlockRef): ChainView {
  const runner = ctx.rpc.runner(block.number);
  return {
    block,
    consensus: IQualityConsensus__factory.connect(ctx.deployment.consensus, runner),
    registry: IValidatorRegistry__factory.connect(ctx.deployment.registry, runner),
  };
}
