/**
 * A real `hardhat node` child process on a free loopback port, for tests that talk JSON-RPC the
 * way clients and the CLI do in production.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const HARDHAT_CLI = path.join(REPO_ROOT, "node_modules/hardhat/dist/src/cli.js");
export const QCP_CLI = path.join(REPO_ROOT, "scripts/qcp.mjs");

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
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

/** Moves chain time forward and mines a block, so deadline-derived phases advance. */
export async function advanceTime(url: string, seconds: number): Promise<void> {
  await rpc(url, "evm_increaseTime", [seconds]);
  await rpc(url, "evm_mine");
}

export class HardhatNode {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly output: string[],
  ) {}

  static async start(timeoutMs = 90_000): Promise<HardhatNode> {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [HARDHAT_CLI, "node", "--hostname", "127.0.0.1", "--port", String(port)],
      { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    const output: string[] = [];
    child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    const node = new HardhatNode(`http://127.0.0.1:${port}`, child, output);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`hardhat node exited (${child.exitCode}): ${output.join("").slice(-2000)}`);
      }
      try {
        await rpc(node.url, "eth_chainId");
        return node;
      } catch {
        if (Date.now() > deadline) {
          await node.stop();
          throw new Error(`hardhat node did not answer within ${timeoutMs} ms`);
        }
        await sleep(300);
      }
    }
  }

  /** Stops the node and waits for the process to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node scripts/qcp.mjs ...args` as a child process. `onStderr` sees stderr as it arrives
 * (to act while the CLI waits).
 */
export function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  onStderr?: (text: string) => void,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [QCP_CLI, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr?.(stderr);
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}
