import type { Command } from "commander";
import { QcpError } from "../errors.js";
import { connectValidator } from "../../validator/connect.js";
import { consensusInterface, registryInterface } from "../../validator/context.js";
import { classify } from "../../validator/errors.js";

interface ActionSpec {
  name: string;
  description: string;
  target: "registry" | "consensus";
  data: string;
  /** What to tell the operator when the simulation reverts with this custom error. */
  hints: Record<string, string>;
}

const ACTIONS: ActionSpec[] = [
  {
    name: "unbond",
    description: "leave the active set now; the stake unlocks after the unbonding period",
    target: "registry",
    data: registryInterface.encodeFunctionData("requestUnbond"),
    hints: { RegistryNotActive: "this address is not an active validator (already unbonding?)" },
  },
  {
    name: "withdraw",
    description: "withdraw the whole stake once unbonding is over",
    target: "registry",
    data: registryInterface.encodeFunctionData("withdraw"),
    hints: {
      RegistryNotUnbonding: "run `qcp validator unbond` first",
      RegistryStillUnbonding: "the unbonding period is not over; see `qcp validator status`",
      RegistryFrozen: "a governance slash is pending against this validator",
    },
  },
  {
    name: "claim",
    description: "claim the rewards credited to this validator",
    target: "consensus",
    data: consensusInterface.encodeFunctionData("claimRewards"),
    hints: { ConsensusNothingToClaim: "no rewards are pending" },
  },
];

/** `qcp validator unbond | withdraw | claim`: one transaction each, simulated first. */
export function validatorActionCommands(parent: Command): void {
  for (const spec of ACTIONS) {
    parent
      .command(spec.name)
      .description(spec.description)
      .requiredOption("-c, --config <yaml>", "validator configuration file")
      .option("--dry-run", "simulate only")
      .action(async (options: { config: string; dryRun?: boolean }) => {
        const c = await connectValidator(options.config);
        const to =
          spec.target === "registry" ? c.loaded.deployment.registry : c.loaded.deployment.consensus;
        try {
          await c.tx.simulate(to, spec.data);
          if (options.dryRun) {
            process.stdout.write(`dry run: ${spec.name} would succeed\n`);
            return;
          }
          const result = await c.tx.send({ label: spec.name, to, data: spec.data });
          process.stdout.write(
            `${spec.name}: done (tx ${result.hash}, block ${result.blockNumber})\n`,
          );
        } catch (error) {
          const k = classify(error);
          if (k.name !== undefined) {
            throw new QcpError(`${spec.name} would revert: ${k.message}`, {
              hints: spec.hints[k.name] ? [spec.hints[k.name]] : [],
            });
          }
          throw error;
        } finally {
          c.close();
        }
      });
  }
}
