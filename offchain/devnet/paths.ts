import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is offchain/devnet/paths.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The `qcp` entry point, run with the current Node binary. */
export const QCP_ENTRY = join(REPO_ROOT, "scripts/qcp.mjs");

/** Hardhat's CLI script, so `hardhat node` runs without npx and without a shell. */
export const HARDHAT_CLI = join(REPO_ROOT, "node_modules/hardhat/dist/src/cli.js");

/**
 * The labelled dev set: `QCP_DEV_SET`, else `../shared/dev-set/examples` beside the repository
 * (one level further up when the repository is a git worktree).
 */
export function devSetDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.QCP_DEV_SET) return resolve(env.QCP_DEV_SET);
  const candidates = [
    resolve(REPO_ROOT, "../shared/dev-set/examples"),
    resolve(REPO_ROOT, "../../shared/dev-set/examples"),
  ];
  return candidates.find((p) => existsSync(p)) ?? candidates[0];
}
