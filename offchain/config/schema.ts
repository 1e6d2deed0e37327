import { z } from "zod";

/**
 * The validator's YAML configuration (`offchain/config/example.yaml` documents every key).
 * The seed's keys are kept where they apply to an on-chain network (`consensus.validators`,
 * `timeouts`, `quality`, `optimization`, `security`); `network` and `validator` are new.
 * Secrets never live here: keys come from a keystore file (password in env) or from env.
 */

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte hex address");
const port = z.number().int().min(0).max(65_535);
const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().min(0);
const fraction = z.number().min(0).max(1);

export const BEHAVIOURS = [
  "honest",
  "liar",
  "colluder",
  "withholder",
  "equivocator",
  "lazy",
] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

const addressesSchema = z.strictObject({
  consensus: address,
  registry: address,
  token: address.optional(),
  slashing_manager: address.optional(),
  deploy_block: nonNegativeInt.default(0),
});

const networkSchema = z
  .strictObject({
    chain_id: positiveInt,
    rpc_urls: z.array(z.url({ protocol: /^(https?|wss?)$/, error: "must be a URL" })).min(1),
    /** How many endpoints must return the same answer for a read to count. */
    rpc_quorum: positiveInt.default(1),
    /** An endpoint whose head is more than this many blocks behind the best head is excluded. */
    max_head_lag_blocks: nonNegativeInt.default(3),
    confirmations: nonNegativeInt.default(2),
    poll_interval_ms: z.number().int().min(100).default(2_000),
    log_chunk_blocks: positiveInt.default(2_000),
    /** How far back the cursor rewinds when the block it points at was reorged away. */
    reorg_rewind_blocks: positiveInt.default(64),
    deployment_file: z.string().min(1).optional(),
    addresses: addressesSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.rpc_quorum > value.rpc_urls.length) {
      ctx.addIssue({
        code: "custom",
        path: ["rpc_quorum"],
        message: `must be at most the number of rpc_urls (${value.rpc_urls.length})`,
      });
    }
    if ((value.deployment_file === undefined) === (value.addresses === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["deployment_file"],
        message: "give exactly one of network.deployment_file and network.addresses",
      });
    }
  });

const validatorSchema = z.strictObject({
  /** Encrypted JSON keystore; its password comes from QCP_KEYSTORE_PASSWORD(_FILE). */
  keystore: z.string().min(1).optional(),
  database: z.string().min(1),
  metrics_host: z.string().min(1).default("127.0.0.1"),
  metrics_port: port.default(9464),
  /** /healthz answers 503 when the last successful chain read is older than this. */
  health_max_staleness_seconds: positiveInt.default(60),
  log_level: z.enum(["fatal", "error", "warn", "info", "debug", "trace"]).default("info"),
});

const consensusSchema = z.strictObject({
  validators: z
    .strictObject({
      /** Below this many active validators the daemon warns (requests would revert). */
      minimum_count: positiveInt.default(4),
      maximum_count: positiveInt.default(100),
      /** Default stake (whole tokens) of `qcp validator register` when --stake is not given. */
      minimum_stake: z.number().positive().default(1000),
    })
    .prefault({}),
  /** Finalize is staggered: the k-th validator in keccak256(requestId, address) order waits k times this. */
  finalize_stagger_seconds: nonNegativeInt.default(4),
  claim_interval_seconds: positiveInt.default(300),
  /** Rewards below this many token wei are left to accumulate. */
  min_claim_wei: z
    .union([z.string().regex(/^\d+$/, "must be an integer string"), nonNegativeInt])
    .default("1")
    .transform((value) => BigInt(value)),
});

const timeoutsSchema = z.strictObject({
  rpc_timeout_ms: positiveInt.default(5_000),
  payload_fetch_timeout_ms: positiveInt.default(10_000),
  /** A sent transaction not mined after this long is re-sent with higher fees. */
  tx_stuck_seconds: positiveInt.default(30),
  /** The whole assessment of one payload (worker pool) must end within this. */
  assessment_timeout_ms: positiveInt.default(30_000),
  shutdown_grace_ms: positiveInt.default(20_000),
});

const qualitySchema = z.strictObject({
  /** Expected network parameters; a request snapshotting other values is logged as a warning. */
  minimum_score: fraction.default(0.7),
  agreement_threshold: fraction.default(0.8),
});

const optimizationSchema = z.strictObject({
  enable_caching: z.boolean().default(true),
  /** Seconds an assessment stays cached (seed: 300). */
  cache_ttl: positiveInt.default(300),
  cache_max_entries: positiveInt.default(1_000),
  parallel_validation: z.boolean().default(true),
  /** Worker threads in the assessment pool when parallel_validation is on. */
  max_parallel_validators: positiveInt.default(2),
});

const securitySchema = z.strictObject({
  max_payload_bytes: positiveInt.default(1_048_576),
  /** Payload URIs with these schemes are fetched; others are a finding. */
  allowed_uri_schemes: z.array(z.enum(["file", "http", "https"])).default(["https"]),
  /** Hard cap of maxFeePerGas, in gwei; fee bumping never goes above it. */
  max_fee_per_gas_gwei: z.number().positive().default(500),
  fee_bump_percent: z.number().int().min(10).max(200).default(20),
  max_fee_bumps: nonNegativeInt.default(5),
});

const simulationSchema = z.strictObject({
  /** Only used when the daemon runs with --simulate (or QCP_SIMULATE=1); see offchain/simulation. */
  behaviour: z.enum(BEHAVIOURS).default("honest"),
  /** The coordinated vote of the colluder behaviour (basis points). */
  colluder_vote: z
    .strictObject({
      quality: z.number().int().min(0).max(10_000).default(9_500),
      risk: z.number().int().min(0).max(10_000).default(500),
      domain: z.number().int().min(0).max(10_000).default(9_500),
    })
    .prefault({}),
});

export const configSchema = z.strictObject({
  network: networkSchema,
  validator: validatorSchema,
  consensus: consensusSchema.prefault({}),
  timeouts: timeoutsSchema.prefault({}),
  quality: qualitySchema.prefault({}),
  optimization: optimizationSchema.prefault({}),
  security: securitySchema.prefault({}),
  simulation: simulationSchema.prefault({}),
});

export type ConfigInput = z.input<typeof configSchema>;
export type ValidatorConfig = z.output<typeof configSchema>;
