import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify as toYaml } from "yaml";
import type { Behaviour, ConfigInput } from "../config/schema.js";
import { killOnExit } from "./children.js";
import { freePort, waitFor } from "./hardhatNode.js";
import { QCP_ENTRY, REPO_ROOT } from "./paths.js";

export interface ValidatorProcessOptions {
  /** Directory for the YAML config, SQLite database and log file. */
  dir: string;
  /** Deployment file the daemon reads its addresses from. */
  deploymentFile: string;
  index: number;
  /** Hex key, given to the daemon through QCP_VALIDATOR_PRIVATE_KEY (never on the command line). */
  privateKey: string;
  rpcUrls: string[];
  rpcQuorum?: number;
  behaviour?: Behaviour | string;
  maxHeadLag?: number;
  /** Seconds between finalize attempts of consecutive validators (default 2). */
  finalizeStaggerSeconds?: number;
  /** Seconds between reward claims (default 5). */
  claimIntervalSeconds?: number;
}

/**
 * One validator daemon as its own OS process (`node scripts/qcp.mjs validator start --config
 * <yaml>`), with its YAML config and JSON log file. Used by the demo, the benchmark and the e2e
 * tests. The process is killed if this process exits first.
 */
export class ValidatorProcess {
  child: ChildProcess | undefined;
  readonly index: number;
  readonly configPath: string;
  readonly database: string;
  readonly logPath: string;
  metricsPort = 0;
  private exit: Promise<number | null> | undefined;

  constructor(readonly options: ValidatorProcessOptions) {
    this.index = options.index;
    this.configPath = join(options.dir, `validator-${options.index}.yaml`);
    this.database = join(options.dir, `validator-${options.index}.sqlite`);
    this.logPath = join(options.dir, `validator-${options.index}.log`);
  }

  /** The daemon configuration this process runs with (the seed's keys; see offchain/config). */
  configObject(): ConfigInput {
    const o = this.options;
    return {
      network: {
        chain_id: 31337,
        rpc_urls: o.rpcUrls,
        rpc_quorum: o.rpcQuorum ?? 1,
        max_head_lag_blocks: o.maxHeadLag ?? 3,
        confirmations: 1,
        poll_interval_ms: 500,
        deployment_file: o.deploymentFile,
      },
      validator: {
        database: this.database,
        metrics_host: "127.0.0.1",
        metrics_port: this.metricsPort,
        health_max_staleness_seconds: 10,
        log_level: "info",
      },
      consensus: {
        finalize_stagger_seconds: o.finalizeStaggerSeconds ?? 2,
        claim_interval_seconds: o.claimIntervalSeconds ?? 5,
      },
      timeouts: { tx_stuck_seconds: 10, rpc_timeout_ms: 3000 },
      optimization: { max_parallel_validators: 1 },
      security: { allowed_uri_schemes: ["file", "http", "https"] },
      simulation: { behaviour: (o.behaviour ?? "honest") as Behaviour },
    };
  }

  async writeConfig(): Promise<void> {
    this.metricsPort = await freePort();
    writeFileSync(this.configPath, toYaml(this.configObject()));
  }

  /** Starts the daemon; `extraArgs` e.g. `["--simulate"]` to apply `simulation.behaviour`. */
  async start(env: Record<string, string> = {}, extraArgs: string[] = []): Promise<void> {
    if (this.metricsPort === 0) await this.writeConfig();
    const log = createWriteStream(this.logPath, { flags: "a" });
    const child = spawn(
      process.execPath,
      [QCP_ENTRY, "validator", "start", "--config", this.configPath, ...extraArgs],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, QCP_VALIDATOR_PRIVATE_KEY: this.options.privateKey, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.child = child;
    killOnExit(child);
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

  /** SIGTERM (graceful: the daemon finishes its duty), then SIGKILL after `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    if (!this.running) return;
    this.kill("SIGTERM");
    const timer = setTimeout(() => this.kill("SIGKILL"), graceMs);
    await this.exited();
    clearTimeout(timer);
  }

  /** Waits until a log line satisfies `match`. */
  async waitForLog(
    what: string,
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs = 30_000,
  ): Promise<Record<string, unknown>> {
    return waitFor(
      `validator ${this.index}: ${what}`,
      async () => {
        if (this.child !== undefined && !this.running) {
          throw new Error(`the daemon exited; last log lines:\n${this.tail(10)}`);
        }
        return this.logs().find(match);
      },
      timeoutMs,
      200,
    );
  }

  async waitStarted(timeoutMs = 30_000): Promise<void> {
    await this.waitForLog("start", (l) => l.msg === "validator started", timeoutMs);
  }

  /** JSON log lines written so far. */
  logs(): Record<string, unknown>[] {
    return this.rawLog()
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

  tail(lines: number): string {
    return this.rawLog().trimEnd().split("\n").slice(-lines).join("\n");
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.metricsPort}`;
  }

  async http(path: string): Promise<{ status: number; body: string }> {
    const response = await fetch(`${this.baseUrl}${path}`, { signal: AbortSignal.timeout(5_000) });
    return { status: response.status, body: await response.text() };
  }
}

/** Kills every process and waits for them to exit. */
export async function stopAll(validators: readonly ValidatorProcess[]): Promise<void> {
  for (const v of validators) v.kill("SIGKILL");
  await Promise.all(validators.map((v) => (v.child ? v.exited() : Promise.resolve(null))));
}
