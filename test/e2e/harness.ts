/**
 * End-to-end harness: a real `hardhat node` child process on a free loopback port, the project's
 * own deployment code, validators funded and registered, and each validator running as its own
 * OS process through the CLI (`node scripts/qcp.mjs validator start --config <yaml>`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import {
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Wallet, keccak256 as ethersKeccak, toUtf8Bytes, type EventLog } from "ethers";
import { network } from "hardhat";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { stringify as toYaml } from "yaml";
import { deployProtocol } from "../../scripts/deployGovernance.js";
import { saveDeployment, type Deployment } from "../../offchain/config/deployment.js";
import {
  canonicalJson,
  computeOutputHash,
  domainToBytes32,
} from "../../offchain/protocol/payload.js";
import { mineProofOfWork } from "../../offchain/protocol/proofOfWork.js";
import type { Address } from "viem";
import type {
  QualityConsensus,
  SlashingManager,
  TestStakeToken,
  ValidatorRegistry,
} from "../../typechain-types/index.js";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** ../shared/dev-set beside the repository (one level further up from a git worktree). */
export const DEV_SET =
  process.env.QCP_DEV_SET ??
  [
    resolve(REPO_ROOT, "../shared/dev-set/examples"),
    resolve(REPO_ROOT, "../../shared/dev-set/examples"),
  ].find((p) => existsSync(p)) ??
  resolve(REPO_ROOT, "../shared/dev-set/examples");
const HARDHAT_CLI = join(REPO_ROOT, "node_modules/hardhat/dist/src/cli.js");
const QCP = join(REPO_ROOT, "scripts/qcp.mjs");

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs: number,
  everyMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      lastError = error;
    }
    await sleep(everyMs);
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ""}`,
  );
}

/** A `hardhat node` child process with interval mining (1 block/s) so deadlines pass on their own. */
export class HardhatNode {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(): Promise<HardhatNode> {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [HARDHAT_CLI, "node", "--hostname", "127.0.0.1", "--port", String(port)],
      { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const url = `http://127.0.0.1:${port}`;
    const node = new HardhatNode(url, child);
    try {
      await waitFor("hardhat node", () => rpc(url, "eth_chainId"), 60_000, 300);
    } catch (error) {
      node.stop();
      throw new Error(`${String(error)}\n${stderr}`);
    }
    await rpc(url, "evm_setIntervalMining", [1000]);
    return node;
  }

  /**
   * Automine mines each transaction in its own block, and Hardhat gives every block a later
   * timestamp, so a burst of transactions runs chain time ahead of the wall clock. Setup uses
   * automine (fast); rounds use interval mining only, so chain time follows the clock.
   */
  async setAutomine(on: boolean): Promise<void> {
    await rpc(this.url, "evm_setAutomine", [on]);
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill("SIGKILL");
  }
}

export interface System {
  ethers: HardhatEthers;
  token: TestStakeToken;
  registry: ValidatorRegistry;
  consensus: QualityConsensus;
  slashingManager: SlashingManager;
  deployment: Deployment;
  deploymentFile: string;
  dir: string;
  close(): Promise<void>;
}

/** Deploys with scripts/deploy.ts through Hardhat's ethers connected to the node. */
export async function deploySystem(
  node: HardhatNode,
  options: { commitWindow: bigint; revealWindow: bigint },
): Promise<System> {
  const connection = await network.create({ network: "localhost", override: { url: node.url } });
  const { ethers } = connection;
  const d = await deployProtocol(ethers, {
    powDifficultyBits: 4,
    commitWindow: options.commitWindow,
    revealWindow: options.revealWindow,
    registrationRateLimit: { windowSeconds: 3600n, maxPerWindow: 100n },
  });
  const dir = mkdtempSync(join(tmpdir(), "qcp-e2e-"));
  const deployment: Deployment = d.deployment;
  const deploymentFile = join(dir, "deployment.json");
  saveDeployment(deploymentFile, deployment);
  return {
    ethers,
    token: d.token,
    registry: d.registry,
    consensus: d.consensus,
    slashingManager: d.slashingManager,
    deployment,
    deploymentFile,
    dir,
    close: async () => {
      await connection.close();
      if (process.env.QCP_E2E_KEEP === undefined) rmSync(dir, { recursive: true, force: true });
      else console.log(`e2e files kept in ${dir}`);
    },
  };
}

/** Deterministic validator keys (test only). */
export function validatorWallet(i: number): Wallet {
  return new Wallet(ethersKeccak(toUtf8Bytes(`qcp-e2e-validator-${i}`)));
}

export const STAKE = 2_000n * 10n ** 18n;

/** Gives each wallet gas money and stake tokens. */
export async function fund(sys: System, wallets: readonly Wallet[]): Promise<void> {
  const [admin] = await sys.ethers.getSigners();
  for (const w of wallets) {
    await (await admin.sendTransaction({ to: w.address, value: 10n ** 19n })).wait();
    await (await sys.token.mint(w.address, STAKE)).wait();
  }
}

/** Registers directly with ethers (the CLI path is exercised separately). */
export async function registerDirect(sys: System, wallet: Wallet): Promise<void> {
  const { nonce } = await mineProofOfWork({
    chainId: 31337n,
    registry: sys.deployment.registry as Address,
    validator: wallet.address as Address,
    difficultyBits: Number(await sys.registry.powDifficultyBits()),
  });
  const signer = wallet.connect(sys.ethers.provider);
  const token = sys.token.connect(signer);
  const registry = sys.registry.connect(signer);
  await (await token.approve(await sys.registry.getAddress(), STAKE)).wait();
  await (await registry.register(STAKE, nonce)).wait();
}

export interface ValidatorOptions {
  rpcUrls: string[];
  rpcQuorum?: number;
  behaviour?: string;
  maxHeadLag?: number;
}

/** One validator daemon as a separate OS process, with its YAML config and JSON log file. */
export class ValidatorProcess {
  child: ChildProcess | undefined;
  readonly configPath: string;
  readonly database: string;
  readonly logPath: string;
  metricsPort = 0;
  private exit: Promise<number | null> | undefined;

  constructor(
    readonly sys: System,
    readonly index: number,
    readonly wallet: Wallet,
    readonly options: ValidatorOptions,
  ) {
    this.configPath = join(sys.dir, `validator-${index}.yaml`);
    this.database = join(sys.dir, `validator-${index}.sqlite`);
    this.logPath = join(sys.dir, `validator-${index}.log`);
  }

  async writeConfig(): Promise<void> {
    this.metricsPort = await freePort();
    const config = {
      network: {
        chain_id: 31337,
        rpc_urls: this.options.rpcUrls,
        rpc_quorum: this.options.rpcQuorum ?? 1,
        max_head_lag_blocks: this.options.maxHeadLag ?? 3,
        confirmations: 1,
        poll_interval_ms: 500,
        deployment_file: this.sys.deploymentFile,
      },
      validator: {
        database: this.database,
        metrics_host: "127.0.0.1",
        metrics_port: this.metricsPort,
        health_max_staleness_seconds: 10,
        log_level: "info",
      },
      consensus: { finalize_stagger_seconds: 2, claim_interval_seconds: 5 },
      timeouts: { tx_stuck_seconds: 10, rpc_timeout_ms: 3000 },
      optimization: { max_parallel_validators: 1 },
      security: { allowed_uri_schemes: ["file", "http", "https"] },
      simulation: { behaviour: this.options.behaviour ?? "honest" },
    };
    writeFileSync(this.configPath, toYaml(config));
  }

  async start(env: Record<string, string> = {}, extraArgs: string[] = []): Promise<void> {
    if (this.metricsPort === 0) await this.writeConfig();
    const log = createWriteStream(this.logPath, { flags: "a" });
    const child = spawn(
      process.execPath,
      [QCP, "validator", "start", "--config", this.configPath, ...extraArgs],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, QCP_VALIDATOR_PRIVATE_KEY: this.wallet.privateKey, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.child = child;
    this.exit = new Promise((r) => child.once("exit", (code) => r(code)));
  }

  /** Resolves with the exit code (null when killed by a signal). */
  async exited(): Promise<number | null> {
    return this.exit ?? null;
  }

  get running(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }

  kill(signal: NodeJS.Signals = "SIGKILL"): void {
    if (this.running) this.child!.kill(signal);
  }

  /** Waits until a log line satisfies `match`. */
  async waitForLog(
    what: string,
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs = 30_000,
  ): Promise<Record<string, unknown>> {
    return waitFor(
      `validator ${this.index}: ${what}`,
      async () => this.logs().find(match),
      timeoutMs,
      200,
    );
  }

  async waitStarted(): Promise<void> {
    await this.waitForLog("start", (l) => l.msg === "validator started");
  }

  /** JSON log lines written so far. */
  logs(): Record<string, unknown>[] {
    let text = "";
    try {
      text = readFileSync(this.logPath, "utf8");
    } catch {
      return [];
    }
    return text
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => {
        try {
          return JSON.parse(l) as Record<string, unknown>;
        } catch {
          return {};
        }
      });
  }

  rawLog(): string {
    try {
      return readFileSync(this.logPath, "utf8");
    } catch {
      return "";
    }
  }

  async http(path: string): Promise<{ status: number; body: string }> {
    const response = await fetch(`http://127.0.0.1:${this.metricsPort}${path}`);
    return { status: response.status, body: await response.text() };
  }
}

export interface DevExample {
  id: string;
  payload: Record<string, unknown>;
  expect: { safe: boolean; domain_pass: boolean; quality: "high" | "low"; categories: string[] };
}

export function devExample(id: string): DevExample {
  return JSON.parse(readFileSync(join(DEV_SET, `${id}.json`), "utf8")) as DevExample;
}

/** Submits a payload inline with ethers, as a client would; returns the request id. */
export async function submitPayload(
  sys: System,
  payload: unknown,
  fee = 10n * 10n ** 18n,
): Promise<bigint> {
  const [, client] = await sys.ethers.getSigners();
  await (await sys.token.mint(client.address, fee)).wait();
  await (await sys.token.connect(client).approve(await sys.consensus.getAddress(), fee)).wait();
  const domain = (payload as { domain: string }).domain;
  const tx = await sys.consensus
    .connect(client)
    .submitRequest(
      computeOutputHash(payload),
      domainToBytes32(domain),
      toUtf8Bytes(canonicalJson(payload)),
      "",
      fee,
    );
  const receipt = await tx.wait();
  const event = receipt!.logs
    .map((l) => l as EventLog)
    .find((l) => l.fragment?.name === "RequestSubmitted");
  return event!.args.requestId as bigint;
}

/** Mirrors IQualityConsensus.Outcome. */
export enum Outcome {
  None = 0,
  Accepted = 1,
  Rejected = 2,
  NoQuorum = 3,
}

/** Outcome an honest network should reach on a dev-set example. */
export function expectedOutcome(example: DevExample): Outcome {
  return example.expect.safe && example.expect.domain_pass && example.expect.quality === "high"
    ? Outcome.Accepted
    : Outcome.Rejected;
}

export async function waitFinalized(sys: System, requestId: bigint, timeoutMs: number) {
  return waitFor(
    `request ${requestId} finalized`,
    async () => {
      const phase = await sys.consensus.phaseOf(requestId);
      if (phase !== 4n) return undefined;
      return sys.consensus.getResult(requestId);
    },
    timeoutMs,
  );
}

export async function stopAll(validators: readonly ValidatorProcess[]): Promise<void> {
  for (const v of validators) v.kill("SIGKILL");
  await Promise.all(validators.map((v) => (v.child ? v.exited() : Promise.resolve(null))));
}
