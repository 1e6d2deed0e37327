import type { Command } from "commander";
import { loadConfig } from "../../config/load.js";
import { loadWallet } from "../../config/secrets.js";
import { policyFor } from "../../simulation/behaviours.js";
import { crashHooksFromEnv } from "../../simulation/crash.js";
import { loadEnv } from "../../validator/connect.js";
import { ValidatorDaemon } from "../../validator/daemon.js";
import { honestPolicy } from "../../validator/policy.js";

interface StartOptions {
  config: string;
  simulate?: boolean;
}

/** `qcp validator start --config <yaml>`: runs the daemon until SIGINT / SIGTERM. */
export function validatorStartCommand(parent: Command): void {
  parent
    .command("start")
    .description("run the validator daemon (commit, reveal, finalize, claim) until SIGINT/SIGTERM")
    .requiredOption("-c, --config <yaml>", "validator configuration file")
    .option(
      "--simulate",
      "test/demo only: apply simulation.behaviour from the config (also QCP_SIMULATE=1)",
    )
    .action(async (options: StartOptions) => {
      loadEnv();
      const loaded = loadConfig(options.config);
      const wallet = await loadWallet(loaded.config.validator.keystore, process.env);
      const simulate = options.simulate === true || process.env.QCP_SIMULATE === "1";
      const { behaviour, colluder_vote } = loaded.config.simulation;
      const policy = simulate ? policyFor(behaviour, colluder_vote) : honestPolicy;
      const daemon = new ValidatorDaemon({
        loaded,
        wallet,
        policy,
        hooks: crashHooksFromEnv(process.env),
      });
      if (!simulate && behaviour !== "honest") {
        daemon.ctx.logger.warn(
          { behaviour },
          "simulation.behaviour is ignored without --simulate: running honest",
        );
      }
      await daemon.start();
      await new Promise<void>((resolve) => {
        let stopping = false;
        const onSignal = (signal: NodeJS.Signals) => {
          if (stopping) return;
          stopping = true;
          daemon.ctx.logger.info({ signal }, "shutting down: finishing the current duty");
          const force = setTimeout(() => {
            daemon.ctx.logger.error("shutdown grace period over; exiting");
            process.exit(1);
          }, loaded.config.timeouts.shutdown_grace_ms);
          force.unref();
          daemon.stop().then(resolve, (error: unknown) => {
            daemon.ctx.logger.error({ err: String(error) }, "error during shutdown");
            process.exitCode = 1;
            resolve();
          });
        };
        process.on("SIGINT", onSignal);
        process.on("SIGTERM", onSignal);
      });
    });
}
