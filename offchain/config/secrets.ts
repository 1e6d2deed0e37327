import { readFileSync } from "node:fs";
import { Wallet } from "ethers";
import { QcpError } from "../cli/errors.js";

/** Environment variables that carry secrets; nothing else does (never the YAML). */
export const ENV_PRIVATE_KEY = "QCP_VALIDATOR_PRIVATE_KEY";
export const ENV_KEYSTORE_PASSWORD = "QCP_KEYSTORE_PASSWORD";
export const ENV_KEYSTORE_PASSWORD_FILE = "QCP_KEYSTORE_PASSWORD_FILE";

type Env = Readonly<Record<string, string | undefined>>;

/** The keystore password from QCP_KEYSTORE_PASSWORD or the file named by QCP_KEYSTORE_PASSWORD_FILE. */
export function keystorePassword(env: Env): string {
  let password = env[ENV_KEYSTORE_PASSWORD];
  const file = env[ENV_KEYSTORE_PASSWORD_FILE];
  if (password === undefined && file !== undefined) {
    try {
      // A trailing newline from `echo pw > file` is not part of the password.
      password = readFileSync(file, "utf8").replace(/\r?\n$/, "");
    } catch (error) {
      throw new QcpError(`cannot read ${ENV_KEYSTORE_PASSWORD_FILE} (${file})`, { cause: error });
    }
  }
  if (password === undefined) {
    throw new QcpError("the keystore password is not set", {
      hints: [`set ${ENV_KEYSTORE_PASSWORD} or ${ENV_KEYSTORE_PASSWORD_FILE} (env or .env)`],
    });
  }
  if (password === "") {
    throw new QcpError("refusing an empty keystore password", {
      hints: ["encrypt the keystore with a real password (qcp validator keystore)"],
    });
  }
  return password;
}

/**
 * The validator's key: the encrypted keystore when `keystore` is set, else the raw key in
 * QCP_VALIDATOR_PRIVATE_KEY (local use). Error messages never contain the key.
 */
export async function loadWallet(keystore: string | undefined, env: Env): Promise<Wallet> {
  if (keystore !== undefined) {
    let json: string;
    try {
      json = readFileSync(keystore, "utf8");
    } catch (error) {
      throw new QcpError(`cannot read keystore ${keystore}`, { cause: error });
    }
    const password = keystorePassword(env);
    try {
      const wallet = await Wallet.fromEncryptedJson(json, password);
      return new Wallet(wallet.privateKey);
    } catch {
      throw new QcpError(`cannot decrypt keystore ${keystore}: wrong password or corrupt file`, {
        hints: [`check ${ENV_KEYSTORE_PASSWORD} / ${ENV_KEYSTORE_PASSWORD_FILE}`],
      });
    }
  }
  const raw = env[ENV_PRIVATE_KEY];
  if (raw === undefined || raw === "") {
    throw new QcpError("no validator key", {
      hints: [
        "set validator.keystore in the config (password in QCP_KEYSTORE_PASSWORD or QCP_KEYSTORE_PASSWORD_FILE)",
        `or, for local use, ${ENV_PRIVATE_KEY} in the environment or .env`,
      ],
    });
  }
  const key = raw.startsWith("0x") ? raw : `0x${raw}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) {
    throw new QcpError(`${ENV_PRIVATE_KEY} is not a 32-byte hex private key`);
  }
  return new Wallet(key);
}
