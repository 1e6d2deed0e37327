import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * Prometheus metrics of one daemon: one `qcp_` prefix, units in names, low-cardinality labels
 * (endpoints are labelled by their index in network.rpc_urls, never by URL: URLs carry API keys).
 */
export class Metrics {
  readonly registry = new Registry();
  readonly votes = new Counter({
    name: "qcp_votes_total",
    help: "Vote actions by outcome (sent, confirmed, skipped: already done or a lost race, failed)",
    labelNames: ["action", "result"] as const,
    registers: [this.registry],
  });
  readonly votesMissed = new Counter({
    name: "qcp_votes_missed_total",
    help: "Requests where this validator was in the committee and missed a phase",
    labelNames: ["phase"] as const,
    registers: [this.registry],
  });
  readonly finalizeCalls = new Counter({
    name: "qcp_finalize_calls_total",
    help: "finalize / finalizeWithCommittee transactions by outcome",
    labelNames: ["result"] as const,
    registers: [this.registry],
  });
  readonly claims = new Counter({
    name: "qcp_claims_total",
    help: "claimRewards transactions by outcome",
    labelNames: ["result"] as const,
    registers: [this.registry],
  });
  readonly assessmentDuration = new Histogram({
    name: "qcp_assessment_duration_seconds",
    help: "Time to fetch, verify and assess one payload",
    labelNames: ["cached"] as const,
    buckets: [0.005, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly rpcErrors = new Counter({
    name: "qcp_rpc_errors_total",
    help: "Failed JSON-RPC calls by endpoint index and method",
    labelNames: ["endpoint", "method"] as const,
    registers: [this.registry],
  });
  readonly rpcDisagreements = new Counter({
    name: "qcp_rpc_disagreements_total",
    help: "Reads where endpoints returned different answers (possible eclipse)",
    labelNames: ["method"] as const,
    registers: [this.registry],
  });
  readonly headLag = new Gauge({
    name: "qcp_head_lag_blocks",
    help: "How far each endpoint's head is behind the quorum head",
    labelNames: ["endpoint"] as const,
    registers: [this.registry],
  });
  readonly headBlock = new Gauge({
    name: "qcp_head_block",
    help: "Quorum head block number",
    registers: [this.registry],
  });
  readonly cursorBlock = new Gauge({
    name: "qcp_cursor_block",
    help: "Last block scanned for requests (head minus confirmations)",
    registers: [this.registry],
  });
  readonly lastSuccess = new Gauge({
    name: "qcp_last_success_timestamp_seconds",
    help: "Unix time of the last successful action (chain_read, commit, reveal, finalize, claim)",
    labelNames: ["action"] as const,
    registers: [this.registry],
  });
  readonly reorgs = new Counter({
    name: "qcp_reorgs_total",
    help: "Reorgs detected at the block cursor",
    registers: [this.registry],
  });
  readonly requestsSeen = new Counter({
    name: "qcp_requests_seen_total",
    help: "RequestSubmitted events read",
    registers: [this.registry],
  });
  readonly payloadErrors = new Counter({
    name: "qcp_payload_errors_total",
    help: "Payloads that could not be fetched or did not match their hash",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });
  readonly feeBumps = new Counter({
    name: "qcp_tx_fee_bumps_total",
    help: "Stuck transactions re-sent with higher fees",
    registers: [this.registry],
  });
  readonly tickErrors = new Counter({
    name: "qcp_tick_errors_total",
    help: "Errors in the duty loop by class",
    labelNames: ["kind"] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "qcp_process_" });
  }

  success(action: string): void {
    this.lastSuccess.set({ action }, Date.now() / 1000);
  }
}
