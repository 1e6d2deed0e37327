import type { Command } from "commander";
import { Contract, formatUnits, parseUnits } from "ethers";
import type { Address } from "viem";
import { QcpError } from "../errors.js";
import { mineProofOfWork } from "../../protocol/proofOfWork.js";
import { connectValidator } from "../../validator/connect.js";
import { registryInterface } from "../../validator/context.js";

const ERC20_ABI = [
  "function approve(address spender, uint256 amount) returns (bool)",
  "function allowance(address owner, address spender) view returns (uint256)",
  "function balanceOf(address owner) view returns (uint256)",
  "function decimals() view returns (uint8)",
];

interface RegisterOptions {
  config: string;
  stake?: string;
  dryRun?: boolean;
}

/**
 * `qcp validator register`: mines the registry's proof of work (progress on stderr), approves the
 * stake and registers. Simulated before sending; --dry-run stops after the simulation.
 */
export function validatorRegisterCommand(parent: Command): void {
  parent
    .command("register")
    .description("mine the proof of work, approve the stake and register as a validator")
    .requiredOption("-c, --config <yaml>", "validator configuration file")
    .option(
      "--stake <tokens>",
      "stake in whole tokens (default consensus.validators.minimum_stake)",
    )
    .option("--dry-run", "mine and simulate, send nothing")
    .action(async (options: RegisterOptions) => {
      const c = await connectValidator(options.config);
      try {
        const me = c.wallet.address;
        const { chain_id } = c.loaded.config.network;
        const registryAddress = c.loaded.deployment.registry;
        if (await c.registry.isActive(me)) {
          throw new QcpError(`${me} is already an active validator`, {
            hints: ["see `qcp validator status`"],
          });
        }
        const tokenAddress = await c.registry.stakeToken();
        const token = new Contract(tokenAddress, ERC20_ABI, c.rpc.runner(c.rpc.head));
        const decimals = Number(await token.decimals());
        const stakeText =
          options.stake ?? String(c.loaded.config.consensus.validators.minimum_stake);
        let amount: bigint;
        try {
          amount = parseUnits(stakeText, decimals);
        } catch {
          throw new QcpError(`--stake: not a token amount: ${stakeText}`);
        }
        const minStake = await c.registry.minStake();
        if (amount < minStake) {
          throw new QcpError(
            `--stake ${stakeText} is below the registry's minimum ${formatUnits(minStake, decimals)}`,
          );
        }
        const balance = (await token.balanceOf(me)) as bigint;
        if (balance < amount) {
          throw new QcpError(
            `${me} holds ${formatUnits(balance, decimals)} tokens, needs ${stakeText}`,
            { hints: [`fund it with the stake token ${tokenAddress}`] },
          );
        }
        const bits = Number(await c.registry.powDifficultyBits());
        process.stderr.write(`mining proof of work: ${bits} leading zero bits\n`);
        const started = Date.now();
        const pow = await mineProofOfWork({
          chainId: BigInt(chain_id),
          registry: registryAddress as Address,
          validator: me as Address,
          difficultyBits: bits,
          onProgress: (p) =>
            process.stderr.write(
              `\r  ${p.attempts.toLocaleString("en-US")} attempts, ${Math.round(p.hashesPerSecond).toLocaleString("en-US")} hashes/s`,
            ),
        });
        process.stderr.write(
          `\r  found nonce ${pow.nonce} after ${pow.attempts} attempts in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
        );
        const allowance = (await token.allowance(me, registryAddress)) as bigint;
        const registerData = registryInterface.encodeFunctionData("register", [amount, pow.nonce]);
        if (options.dryRun) {
          if (allowance >= amount) await c.tx.simulate(registryAddress, registerData);
          process.stdout.write(
            `dry run: would approve ${stakeText} and register with nonce ${pow.nonce}\n`,
          );
          return;
        }
        if (allowance < amount) {
          const approveData = token.interface.encodeFunctionData("approve", [
            registryAddress,
            amount,
          ]);
          const r = await c.tx.send({ label: "approve", to: tokenAddress, data: approveData });
          process.stderr.write(`approved ${stakeText} tokens (tx ${r.hash})\n`);
          await c.rpc.refreshHead();
        }
        const result = await c.tx.send({
          label: "register",
          to: registryAddress,
          data: registerData,
        });
        process.stdout.write(`registered ${me} with stake ${stakeText} (tx ${result.hash})\n`);
      } finally {
        c.close();
      }
    });
}
