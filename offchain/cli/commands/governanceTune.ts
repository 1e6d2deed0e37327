import { Command } from "commander";
import { createQcpClient } from "../../client/client.js";
import { computeHealth } from "../../health/compute.js";
import { fetchHealthEvents } from "../../health/fetch.js";
import { fetchDaemonMetrics } from "../../health/metrics.js";
import {
  decideTuning,
  formatTuning,
  readTuneState,
  scheduleTuning,
} from "../../governance/tune.js";
import {
  print,
  privateKeyFromEnv,
  readDeployment,
  withContext,
  withWrite,
  type ChainOptions,
} from "./governanceCommon.js";
import { parseInteger, parseList } from "../inputs.js";

interface TuneCliOptions extends ChainOptions {
  fromBlock?: string;
  metrics?: string;
  json?: boolean;
}

async function tune(options: TuneCliOptions): Promise<void> {
  const rpcUrl = options.rpc ?? process.env.QCP_RPC_URL ?? "http://127.0.0.1:8545";
  const deployment = readDeployment(options);
  const client = await createQcpClient({ rpcUrl, deployment });
  const fetched = await fetchHealthEvents(client, {
    fromBlock:
      options.fromBlock === undefined ? undefined : parseInteger(options.fromBlock, "--from-block"),
  });
  const urls = parseList(options.metrics);
  const daemons = await fetchDaemonMetrics(urls, Date.now() / 1000);
  const health = computeHealth(fetched.events, { now: fetched.now, daemons });
  await withContext(options, true, async (ctx) => {
    const state = await readTuneState(ctx);
    const decision = decideTuning(health, state);
    // A dry run without the proposer's key prints the diff only: the timelock would refuse the
    // simulated schedule from any other account.
    const simulate = !options.dryRun || privateKeyFromEnv() !== undefined;
    const scheduled = simulate
      ? await scheduleTuning(ctx, decision, { dryRun: options.dryRun })
      : [];
    if (options.json) {
      print({
        dryRun: options.dryRun === true,
        fromBlock: fetched.fromBlock,
        toBlock: fetched.toBlock,
        proposals: decision.proposals,
        notes: decision.notes,
        simulated: simulate,
        scheduled,
      });
      return;
    }
    process.stdout.write(
      `Tuning from blocks ${fetched.fromBlock}..${fetched.toBlock} (${health.requests.finalized} finalized requests)\n`,
    );
    process.stdout.write(`${formatTuning(decision, state)}\n`);
    if (!simulate && decision.proposals.length > 0) {
      process.stdout.write(
        "\ndry run without QCP_PRIVATE_KEY: not simulated on the timelock (set the proposer's key to simulate)\n",
      );
    }
    if (scheduled.length === 0) return;
    process.stdout.write(
      options.dryRun
        ? "\ndry run: every change simulated on the timelock, nothing scheduled\n"
        : "\nscheduled on the timelock:\n",
    );
    for (const s of scheduled) {
      process.stdout.write(
        `  ${s.parameter} = ${s.value}: operation ${s.operationId}, executable from unix ${s.readyAt}` +
          `${s.txHash ? ` (tx ${s.txHash})` : ""}; then: qcp governance param execute ${s.parameter} ${s.value}\n`,
      );
    }
  });
}

/** `qcp governance tune`: bounded parameter changes from the health figures, as timelock proposals. */
export function governanceTuneCommand(): Command {
  return withWrite(
    new Command("tune")
      .description(
        "propose bounded parameter changes (commit/reveal windows, minValidators, agreement tolerance/threshold) " +
          "from the health figures, scheduled on the timelock; --dry-run prints the diff and the reasons",
      )
      .option(
        "--from-block <n>",
        "first block of the health figures (default: the deployment's deployBlock)",
      )
      .option("--metrics <urls>", "comma-separated daemon /metrics URLs to include")
      .option("--json", "print one JSON object"),
  ).action(tune);
}
