import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { killOnExit } from "./children.js";
import { HARDHAT_CLI, REPO_ROOT } from "./paths.js";

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A free TCP port on the loopback interface (the OS picks it; it is released before return). */
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

/** One JSON-RPC call with fetch; an RPC error becomes an Error naming the method. */
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

/** Moves chain time forward and mines a block, so deadline-derived phases advance at once. */
export async function advanceTime(url: string, seconds: number): Promise<void> {
  await rpc(url, "evm_increaseTime", [seconds]);
  await rpc(url, "evm_mine");
}

/** Polls `fn` until it returns a value other than undefined/false; throws after `timeoutMs`. */
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

export interface StartHardhatNodeOptions {
  /** Default: a free port. */
  port?: number;
  /**
   * Interval mining period; default 1000 ms (chain time then follows the wall clock). 0 leaves
   * interval mining off (Hardhat's default: automine only), for tests that move time themselves.
   */
  intervalMs?: number;
  /** Give up when the node does not answer within this; default 60 s. */
  startTimeoutMs?: number;
}

/**
 * A `hardhat node` child process on loopback with interval mining (unless `intervalMs: 0`), so that commit and reveal
 * deadlines pass on their own, as on a real chain. `stop()` kills it; it is also killed when this
 * process exits, so an error or Ctrl-C never leaves a node behind.
 */
export class HardhatNode {
  private constructor(
    readonly url: string,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    killOnExit(child);
  }

  static async start(options: StartHardhatNodeOptions = {}): Promise<HardhatNode> {
    const port = options.port ?? (await freePort());
    const child = spawn(
      process.execPath,
      [HARDHAT_CLI, "node", "--hostname", "127.0.0.1", "--port", String(port)],
      { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const url = `http://127.0.0.1:${port}`;
    const node = new HardhatNode(url, port, child);
    try {
      await waitFor(
        "hardhat node",
        async () => {
          if (child.exitCode !== null) throw new Error(`hardhat node exited (${child.exitCode})`);
          return rpc(url, "eth_chainId");
        },
        options.startTimeoutMs ?? 60_000,
        300,
      );
      const intervalMs = options.intervalMs ?? 1000;
      if (intervalMs > 0) await rpc(url, "evm_setIntervalMining", [intervalMs]);
    } catch (error) {
      node.stop();
      throw new Error(`${String(error)}\n${stderr}`);
    }
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

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  stop(): void {
    if (this.running) this.child.kill("SIGKILL");
  }
}
