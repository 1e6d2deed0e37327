import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { QcpError } from "../cli/errors.js";
import { loadDeployment, type Deployment } from "./deployment.js";
import { formatIssues } from "./issues.js";
import { configSchema, type ValidatorConfig } from "./schema.js";

/** The configuration after validation, with relative paths resolved and the deployment read. */
export interface LoadedConfig {
  readonly source: string;
  readonly config: ValidatorConfig;
  readonly deployment: Deployment;
}

/** Paths in the YAML are relative to the YAML file, not to the working directory. */
function resolvePath(base: string, path: string): string {
  return isAbsolute(path) ? path : resolve(base, path);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Parses and validates a config text. Every bad or missing key is reported at once, each line
 * naming its key (`network.rpc_urls[1]: must be a URL`).
 */
export function parseConfig(text: string, source = "<config>"): ValidatorConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    const where =
      error instanceof YAMLParseError && error.linePos
        ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}`
        : "";
    throw new QcpError(`${source}: not valid YAML${where}`, { cause: error });
  }
  const parsed = configSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new QcpError(`${source}: invalid configuration`, {
      hints: formatIssues(parsed.error.issues),
    });
  }
  return parsed.data;
}

/** Reads the YAML config once into a frozen typed object. */
export function loadConfig(path: string): LoadedConfig {
  const source = resolve(path);
  let text: string;
  try {
    text = readFileSync(source, "utf8");
  } catch (error) {
    throw new QcpError(`cannot read config file ${source}`, {
      cause: error,
      hints: ["pass --config <file.yaml>; offchain/config/example.yaml documents every key"],
    });
  }
  const config = parseConfig(text, source);
  const base = dirname(source);
  config.validator.database = resolvePath(base, config.validator.database);
  if (config.validator.keystore !== undefined) {
    config.validator.keystore = resolvePath(base, config.validator.keystore);
  }
  let deployment: Deployment;
  if (config.network.deployment_file !== undefined) {
    config.network.deployment_file = resolvePath(base, config.network.deployment_file);
    deployment = loadDeployment(config.network.deployment_file);
  } else {
    const a = config.network.addresses!;
    deployment = {
      chainId: config.network.chain_id,
      token: a.token ?? "0x0000000000000000000000000000000000000000",
      registry: a.registry,
      consensus: a.consensus,
      slashingManager: a.slashing_manager,
      deployBlock: a.deploy_block,
    };
  }
  if (deployment.chainId !== config.network.chain_id) {
    throw new QcpError(
      `network.chain_id: ${config.network.chain_id} does not match the deployment's chainId ${deployment.chainId}`,
    );
  }
  return deepFreeze({ source, config, deployment });
}

/** An RPC URL without what may be a credential (userinfo, path, query): `https://host/***`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const hidden = parsed.username !== "" || parsed.pathname.length > 1 || parsed.search !== "";
    return `${parsed.protocol}//${parsed.host}${hidden ? "/***" : ""}`;
  } catch {
    return "***";
  }
}

/** The effective configuration as logged at start: RPC URLs redacted; keys never appear in it. */
export function redactedConfig(loaded: LoadedConfig): Record<string, unknown> {
  const { config } = loaded;
  return {
    source: loaded.source,
    ...config,
    network: { ...config.network, rpc_urls: config.network.rpc_urls.map(redactUrl) },
    consensus: { ...config.consensus, min_claim_wei: config.consensus.min_claim_wei.toString() },
    deployment: loaded.deployment,
  };
}
