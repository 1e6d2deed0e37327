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
      try {
        await daemon.start();
      } catch (error) {
        await daemon.stop();
        throw error;
      }
      let signalled = false;
      const signal = new Promise<NodeJS.Signals>((resolve) => {
        const onSignal = (name: NodeJS.Signals) => {
          if (signalled) return;
          signalled = true;
          resolve(name);
        };
        process.on("SIGINT", onSignal);
        process.on("SIGTERM", onSignal);
      });
      // Either a signal or a fatal error (the loop ends by itself, exit code 2) stops the daemon.
      const reason = await Promise.race([signal, daemon.done.then(() => "fatal" as const)]);
      daemon.ctx.logger.info({ reason }, "shutting down: finishing the current duty");
      const force = setTimeout(() => {
        daemon.ctx.logger.error("shutdown grace period over; exiting");
        process.exit(1);
      }, loaded.config.timeouts.shutdown_grace_ms);
      force.unref();
      try {
        await daemon.stop();
      } catch (error) {
        daemon.ctx.logger.error({ err: String(error) }, "error during shutdown");
        process.exitCode = 1;
      }
    });
}
