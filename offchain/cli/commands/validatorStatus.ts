import type { Command } from "commander";
import { Contract, formatUnits } from "ethers";
import { connectValidator } from "../../validator/connect.js";

const STATUS = ["none", "active", "unbonding"] as const;

/** `qcp validator status`: the validator's registry record, weight and pending rewards. */
export function validatorStatusCommand(parent: Command): void {
  parent
    .command("status")
    .description("show this validator's status, stake, reputation, weight and pending rewards")
    .requiredOption("-c, --config <yaml>", "validator configuration file")
    .option("--json", "print JSON")
    .action(async (options: { config: string; json?: boolean }) => {
      const c = await connectValidator(options.config);
      try {
        const me = c.wallet.address;
        const v = await c.registry.getValidator(me);
        const token = new Contract(
          await c.registry.stakeToken(),
          ["function decimals() view returns (uint8)"],
          c.rpc.runner(c.rpc.head),
        );
        const decimals = Number(await token.decimals());
        const status = {
          validator: me,
          status: STATUS[Number(v.status)] ?? String(v.status),
          stake: formatUnits(v.stake, decimals),
          reputationBps: Number(v.reputationBps),
          weight: formatUnits(await c.registry.weightOf(me), decimals),
          pendingRewards: formatUnits(await c.consensus.pendingRewards(me), decimals),
          pendingSlashes: Number(v.pendingSlashes),
          unbondingEndsAt:
            v.unbondingEndsAt === 0n
              ? null
              : new Date(Number(v.unbondingEndsAt) * 1000).toISOString(),
          registryEpoch: Number(await c.registry.epoch()),
          activeValidators: Number(await c.registry.activeValidatorCount()),
          head: c.rpc.head,
        };
        if (options.json) process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
        else {
          for (const [key, value] of Object.entries(status)) {
            process.stdout.write(`${key.padEnd(18)} ${value ?? "-"}\n`);
          }
        }
      } finally {
        c.close();
      }
    });
}
