import { existsSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { Wallet } from "ethers";
import { QcpError } from "../errors.js";
import { ENV_PRIVATE_KEY, keystorePassword } from "../../config/secrets.js";
import { loadEnv } from "../../validator/connect.js";

/**
 * `qcp validator keystore --out <file>`: encrypts QCP_VALIDATOR_PRIVATE_KEY (or a new random key)
 * into a JSON keystore with the password from QCP_KEYSTORE_PASSWORD(_FILE). Prints the address only.
 */
export function validatorKeystoreCommand(parent: Command): void {
  parent
    .command("keystore")
    .description("write an encrypted JSON keystore (key from QCP_VALIDATOR_PRIVATE_KEY or new)")
    .requiredOption("-o, --out <file>", "keystore file to create")
    .option("--new", "generate a new random key instead of reading QCP_VALIDATOR_PRIVATE_KEY")
    .action(async (options: { out: string; new?: boolean }) => {
      loadEnv();
      if (existsSync(options.out))
        throw new QcpError(`${options.out} exists; refusing to overwrite`);
      const password = keystorePassword(process.env);
      let wallet: Wallet;
      if (options.new) wallet = new Wallet(Wallet.createRandom().privateKey);
      else {
        const raw = process.env[ENV_PRIVATE_KEY];
        if (raw === undefined || raw === "") {
          throw new QcpError(`${ENV_PRIVATE_KEY} is not set`, { hints: ["or pass --new"] });
        }
        wallet = new Wallet(raw.startsWith("0x") ? raw : `0x${raw}`);
      }
      writeFileSync(options.out, await wallet.encrypt(password), { mode: 0o600 });
      process.stdout.write(`${wallet.address}\n`);
    });
}
