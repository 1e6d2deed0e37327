import { Command } from "commander";
import { computeHealth } from "../../health/compute.js";
import { fetchHealthEvents } from "../../health/fetch.js";
import { formatHealth, jsonReplacer } from "../../health/format.js";
import { fetchDaemonMetrics } from "../../health/metrics.js";
import {
  connectFromOptions,
  formatTokens,
  parseFraction,
  tokenDecimals,
  withConnectionOptions,
  type ConnectionOptions,
} from "../clientOptions.js";
import { parseInteger, parseList } from "../inputs.js";

interface HealthOptions extends ConnectionOptions {
  readonly fromBlock?: string;
  readonly toBlock?: string;
  readonly metrics?: string;
  readonly minParticipation?: string;
  readonly maxContestedRate?: string;
  readonly json?: boolean;
}

async function health(options: HealthOptions): Promise<void> {
  const client = await connectFromOptions(options, { write: false });
  const fetched = await fetchHealthEvents(client, {
    fromBlock:
      options.fromBlock === undefined ? undefined : parseInteger(options.fromBlock, "--from-block"),
    toBlock:
      options.toBlock === undefined ? undefined : parseInteger(options.toBlock, "--to-block"),
  });
  const urls = parseList(options.metrics);
  // Daemon timestamps are wall-clock; chain time ("now" of the events) may run ahead on test chains.
  const daemons = await fetchDaemonMetrics(urls, Date.now() / 1000);
  const report = computeHealth(fetched.events, {
    now: fetched.now,
    daemons,
    thresholds: {
      ...(options.minParticipation !== undefined && {
        minParticipation: parseFraction(options.minParticipation, "--min-participation"),
      }),
      ...(options.maxContestedRate !== undefined && {
        maxContestedRate: parseFraction(options.maxContestedRate, "--max-contested-rate"),
      }),
    },
  });
  const range = { fromBlock: fetched.fromBlock, toBlock: fetched.toBlock };
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...range, ...report }, jsonReplacer, 2)}\n`);
    return;
  }
  const decimals = await tokenDecimals(client);
  process.stdout.write(`${formatHealth(report, range, (wei) => formatTokens(wei, decimals))}\n`);
}

/** `qcp health`: the seed's consensus health report from chain events and daemon metrics. */
export function healthCommand(): Command {
  return withConnectionOptions(
    new Command("health")
      .description(
        "consensus health from chain events (latency, success and contested rates, agreement, participation, slashes) with recommendations",
      )
      .option("--from-block <n>", "first block to scan (default: the deployment's deployBlock)")
      .option("--to-block <n>", "last block to scan (default: latest)")
      .option("--metrics <urls>", "comma-separated daemon /metrics URLs to include")
      .option(
        "--min-participation <fraction>",
        "flag validators revealing less often (default 0.8)",
      )
      .option("--max-contested-rate <fraction>", "flag a contested rate above this (default 0.1)")
      .option("--json", "print one JSON object"),
  ).action(health);
}
