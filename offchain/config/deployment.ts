import { readFileSync } from "node:fs";
import { getAddress, isAddress } from "ethers";
import { z } from "zod";

/** Addresses of one deployment of the protocol, as written by the deploy scripts and read by every tool. */
export interface Deployment {
  readonly chainId: number;
  readonly token: string;
  readonly registry: string;
  readonly consensus: string;
  readonly slashingManager: string;
  readonly timelock: string;
}

const address = z
  .string()
  .refine((value) => isAddress(value), { message: "must be a 20-byte hex address" })
  .transform((value) => getAddress(value));

/** The deployment file: `{chainId, token, registry, consensus, slashingManager, timelock}`; extra keys are kept out. */
export const DeploymentSchema = z.object({
  chainId: z.number().int().positive(),
  token: address,
  registry: address,
  consensus: address,
  slashingManager: address,
  timelock: address,
});

/** Validates a parsed deployment object, naming every bad key at once; returns it frozen with checksummed addresses. */
export function parseDeployment(value: unknown, source = "deployment"): Deployment {
  const result = DeploymentSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
    throw new Error(`invalid ${source}: ${problems.join("; ")}`);
  }
  return Object.freeze(result.data);
}

/** Reads and validates a deployment JSON file. */
export function loadDeployment(file: string): Deployment {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`cannot read deployment file ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`deployment file ${file} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseDeployment(json, `deployment file ${file}`);
}
