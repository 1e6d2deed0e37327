import { readFileSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { QcpError } from "../cli/errors.js";
import { formatIssues } from "./issues.js";

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte address");

/** Where a deployment's contracts live: written by the deploy scripts, read by daemons and tools. */
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

export type Deployment = z.infer<typeof deploymentSchema>;

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
  const parsed = deploymentSchema.safeParse(raw);
  if (!parsed.success) {
    throw new QcpError(`invalid deployment file ${path}`, {
      hints: formatIssues(parsed.error.issues),
    });
  }
  return Object.freeze(parsed.data);
}

export function saveDeployment(path: string, deployment: Deployment): void {
  writeFileSync(path, `${JSON.stringify(deploymentSchema.parse(deployment), null, 2)}\n`);
}
