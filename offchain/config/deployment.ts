import { readFileSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { QcpError } from "../cli/errors.js";
import { formatIssues } from "./issues.js";

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte address");

/**
 * Where a deployment's contracts live: written by the deploy scripts, read by daemons, the client
 * SDK, the CLI and governance tools. `slashingManager` and `timelock` are optional because a
 * deployment without slashing (consensus only) is valid; the governance tools require them.
 */
export const deploymentSchema = z.strictObject({
  chainId: z.number().int().positive(),
  token: address,
  registry: address,
  consensus: address,
  slashingManager: address.optional(),
  timelock: address.optional(),
  /** First block worth scanning for events (the registry's deployment block). */
  deployBlock: z.number().int().min(0),
});

/** The same schema under the name the governance tools first used. */
export const DeploymentSchema = deploymentSchema;

export type Deployment = z.infer<typeof deploymentSchema>;

/** Validates a parsed deployment object, naming every bad key at once; returns it frozen. */
export function parseDeployment(value: unknown, source = "deployment"): Deployment {
  const parsed = deploymentSchema.safeParse(value);
  if (!parsed.success) {
    throw new QcpError(`invalid ${source}`, { hints: formatIssues(parsed.error.issues) });
  }
  return Object.freeze(parsed.data);
}

/** Reads and validates a deployment file; errors name the file and the bad key. */
export function loadDeployment(path: string): Deployment {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new QcpError(`cannot read deployment file ${path}`, {
      cause: error,
      hints: ["write it with the deploy script, or give network.addresses in the config"],
    });
  }
  return parseDeployment(raw, `deployment file ${path}`);
}

export function saveDeployment(path: string, deployment: Deployment): void {
  writeFileSync(path, `${JSON.stringify(deploymentSchema.parse(deployment), null, 2)}\n`);
}
